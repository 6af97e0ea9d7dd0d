"""Adding documents to a seeds folder: read each file, infer its catalog row, copy it in, append the rows.

Everything is checked before anything is written. Files are copied first (each
atomically), then the rows are appended to the catalog in one step (the rows
already there keep their bytes), so a run killed half-way leaves at most copied
files without rows; running ``add`` again on the same files finishes the job.
A page with too little Chinese text to be a document (an index page, an English
page) is refused, and a document the journal baseline already prints is named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from .catalog import CATALOG_NAME, append_rows, read_catalog
from .engine.publish import write_file
from .errors import CorpusError
from .paths import journal_dir
from .text.chars import han_count
from .text.cleaning import CleanedPage, clean_raw
from .text.inference import infer_row
from .text.reading import read_document

MIN_HAN_CHARS = 100  # fewer Han characters in the body than two sentences: not a document of this report


@dataclass(frozen=True)
class Added:
    """One document added: its new catalog row, the title found, the script it was in, a warning if any, and notes
    (the journal article that prints it, the values the catalog has no column for)."""

    row: dict[str, str]
    title: str
    script: str
    warning: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def add_documents(seeds: Path, paths: list[Path], journal: Path | None = None) -> list[Added]:
    """Infer a catalog row for each file, copy the files into ``seeds`` and append their rows to the catalog;
    each document is looked for in the journal corpus at ``journal`` (default: :func:`analysis.paths.journal_dir`)."""
    seeds.mkdir(parents=True, exist_ok=True)
    existing = read_catalog(seeds).rows if (seeds / CATALOG_NAME).exists() else ()
    taken = {row["doc_id"] for row in existing}
    listed = {row["file"] for row in existing}
    names: dict[str, Path] = {}
    plans: list[tuple[Path, Path, Added, CleanedPage]] = []
    for path in map(Path, paths):
        if not path.is_file():
            raise CorpusError(path, "file not found", "check the path")
        if path.name in names:
            raise CorpusError(path, f"has the same file name as {names[path.name]}",
                              "rename one of them before adding both")
        names[path.name] = path
        target = seeds / path.name
        if path.name in listed:
            raise CorpusError(path, "already in catalog.csv", "edit its row instead of adding it again")
        if target.exists() and not _same_file(path, target):
            raise CorpusError(target, "a different file with this name is already in the seeds folder",
                              "rename the new file before adding it")
        page = clean_raw(read_document(path))
        if (chars := han_count(page.body)) < MIN_HAN_CHARS:
            raise CorpusError(path, f"holds no Chinese document text ({chars} Han characters in its body, "
                              f"fewer than {MIN_HAN_CHARS})", "add the page of the document itself")
        added = _infer(path, page, taken)
        taken.add(added.row["doc_id"])
        plans.append((path, target, added, page))
    copies = journal_copies({added.row["doc_id"]: page.body for _, _, added, page in plans}, journal)
    for path, target, _, _ in plans:
        if not target.exists():
            _copy(path, target)
    header = append_rows(seeds, [added.row for _, _, added, _ in plans])
    return [_with_notes(added, header, copies.get(added.row["doc_id"])) for _, _, added, _ in plans]


def journal_copies(bodies: dict[str, str], journal: Path | None = None) -> dict[str, str]:
    """Per body (by id) that the journal corpus prints, a line naming the article (rapidfuzz ratio of the clean
    bodies ≥ 90, as ``context/counterparts.csv`` finds it). The journal is read one file at a time; without one,
    nothing is found."""
    from .journal.context import COUNTERPART_SCORE, likely_copies, shared_anchors
    from .journal.corpus import journal_files, load_article

    try:
        files = journal_files(journal or journal_dir())
    except CorpusError:
        return {}
    raw = ((path.stem, path.read_text(encoding="utf-8", errors="replace")) for path in files)
    found = {}
    for doc_id, candidates in likely_copies(shared_anchors(bodies, raw)).items():
        for index in candidates:
            article = load_article(files[index])
            score = fuzz.ratio(bodies[doc_id], article.body, processor=None)
            if score >= COUNTERPART_SCORE:
                found[doc_id] = (f"the journal baseline already prints it: {files[index]} "
                                 f"({article.catalog['title']}, {article.catalog['issue']}; ratio {score:.0f}); "
                                 "the baselines leave that article out when they compare it")
                break
    return found


def _with_notes(added: Added, header: tuple[str, ...], copy: str | None) -> Added:
    left_out = [f"{column} {value}" for column, value in added.row.items() if value and column not in header]
    notes = ([copy] if copy else []) + ([f"catalog.csv has no column for {', '.join(left_out)}: add the column to "
                                         "keep it"] if left_out else [])
    return Added(added.row, added.title, added.script, added.warning, tuple(notes))


def _infer(path: Path, page: CleanedPage, taken: set[str]) -> Added:
    """The proposed row of one file, with a doc_id not yet taken."""
    inferred = infer_row(page)
    warning = ""
    if not inferred["region"]:
        inferred["region"] = "Unknown"
        warning = f"{path}: no region found in the byline, title or text — set it in catalog.csv"
    base = (inferred["region"] or path.stem).lower().replace(" ", "-")
    doc_id = _unique_id("".join(c for c in base if c.isalnum() or c in "-_") or "doc", taken)
    row = {"doc_id": doc_id, "file": path.name, **{k: v for k, v in inferred.items() if k not in ("title", "script")}}
    return Added(row, inferred["title"], inferred["script"], warning)


def _unique_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _same_file(first: Path, second: Path) -> bool:
    """The same file, or one with the same bytes (left by an interrupted ``add``)."""
    return first.resolve() == second.resolve() or first.read_bytes() == second.read_bytes()


def _copy(source: Path, target: Path) -> None:
    write_file(target, source.read_bytes())
