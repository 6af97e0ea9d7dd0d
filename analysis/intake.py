"""Adding documents to a seeds folder: read each file, infer its catalog row, copy it in, append the rows.

Everything is checked before anything is written. Files are copied first (each
atomically), then the catalog is rewritten in one step, so a run killed
half-way leaves at most copied files without rows; running ``add`` again on
the same files finishes the job.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .catalog import CATALOG_NAME, append_rows, read_catalog
from .engine.publish import write_file
from .errors import CorpusError
from .text.cleaning import clean_raw
from .text.inference import infer_row
from .text.reading import read_document


@dataclass(frozen=True)
class Added:
    """One document added: its new catalog row, the title found, the script it was in, and a warning if any."""

    row: dict[str, str]
    title: str
    script: str
    warning: str = ""


def add_documents(seeds: Path, paths: list[Path]) -> list[Added]:
    """Infer a catalog row for each file, copy the files into ``seeds`` and append their rows to the catalog."""
    seeds.mkdir(parents=True, exist_ok=True)
    existing = read_catalog(seeds).rows if (seeds / CATALOG_NAME).exists() else ()
    taken = {row["doc_id"] for row in existing}
    listed = {row["file"] for row in existing}
    names: dict[str, Path] = {}
    plans: list[tuple[Path, Path, Added]] = []
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
        added = _infer(path, taken)
        taken.add(added.row["doc_id"])
        plans.append((path, target, added))
    for path, target, _ in plans:
        if not target.exists():
            _copy(path, target)
    append_rows(seeds, [added.row for _, _, added in plans])
    return [added for _, _, added in plans]


def _infer(path: Path, taken: set[str]) -> Added:
    """The proposed row of one file, with a doc_id not yet taken."""
    page = clean_raw(read_document(path))
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
