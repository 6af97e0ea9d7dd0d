"""The catalog: ``seeds/catalog.csv``, the one place where an author describes a document.

Reading it validates it against the files in the seeds folder. Every problem is
a :class:`~analysis.errors.CorpusError` naming the file and the fix.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .engine.publish import write_file
from .errors import CorpusError
from .paths import DOCUMENT_SUFFIXES, seeds_dir
from .text.chars import strip_invisible

CATALOG_NAME = "catalog.csv"
REQUIRED_COLUMNS = ("doc_id", "file", "region", "level", "genre")
KNOWN_COLUMNS = ("region_zh", "author", "author_role", "outlet", "published")  # the documents table's first columns
NEW_CATALOG_COLUMNS = (*REQUIRED_COLUMNS, "region_zh", "city", *KNOWN_COLUMNS[1:], "issue")  # what ``add`` fills
LEVELS = ("national", "province", "city", "unknown")
GENRES = ("article", "speech", "overview")
DOC_ID_MAX = 64
DOC_ID = re.compile(rf"^[a-z0-9][a-z0-9_-]{{0,{DOC_ID_MAX - 1}}}$")


@dataclass(frozen=True)
class Catalog:
    """The catalog of one seeds folder as read: its header and rows (strings, surrounding spaces removed)."""

    seeds: Path
    header: tuple[str, ...]
    rows: tuple[dict[str, str], ...]

    @property
    def path(self) -> Path:
        return self.seeds / CATALOG_NAME

    @property
    def files(self) -> list[Path]:
        """The document file of each row, in catalog order."""
        return [self.seeds / row["file"] for row in self.rows]


def document_files(seeds: Path) -> list[Path]:
    """Document files in a seeds folder (``.txt``, ``.md``, ``.html``), sorted by name."""
    return sorted(p for p in seeds.iterdir()
                  if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES and not p.name.startswith("."))


def read_catalog(seeds: Path | None = None) -> Catalog:
    """Read a seeds folder's catalog (default: :func:`analysis.paths.seeds_dir`) without validating it."""
    seeds = Path(seeds) if seeds else seeds_dir()
    path = seeds / CATALOG_NAME
    if not seeds.is_dir():
        raise CorpusError(seeds, "seeds folder not found", "pass --seeds DIR or set ANALYSIS_SEEDS to a folder of documents")
    if not path.is_file():
        raise CorpusError(path, "catalog not found",
                          f"run `python -m analysis add {seeds}/*.txt` to create it, then review the rows")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CorpusError(path, "the catalog is not UTF-8", "re-save catalog.csv as UTF-8") from None
    text = strip_invisible(text)[0]
    try:
        records = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise CorpusError(path, f"cannot be parsed as CSV ({error})",
                          f"keep every field under {csv.field_size_limit():,} characters and quotes balanced") from None
    header = [h.strip() for h in records[0]] if records else []
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise CorpusError(path, f"the header names column(s) {', '.join(repeated)} more than once",
                          "keep one column of each name")
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if len(record) > len(header):
            raise CorpusError(path, f"row {number} has {len(record)} fields but the header has {len(header)}",
                              "quote fields that contain commas, or remove the extra fields")
        if any(field.strip() for field in record):
            rows.append({column: (record[i].strip() if i < len(record) else "") for i, column in enumerate(header)})
    return Catalog(seeds, tuple(header), tuple(rows))


def catalog_problems(catalog: Catalog) -> list[CorpusError]:
    """Every problem with the catalog and the files it lists; empty when all is well."""
    seeds, header, rows, path = catalog.seeds, catalog.header, catalog.rows, catalog.path
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if not missing and not rows:
        return [CorpusError(path, "lists no documents",
                            f"run `python -m analysis add {seeds}/<file>` for each document, then review the rows")]
    if missing:
        return [CorpusError(path, f"missing required column(s) {', '.join(missing)}",
                            f"add them to the header: {','.join(REQUIRED_COLUMNS)}")]
    problems: list[CorpusError] = []
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        doc_id, file = row["doc_id"], row["file"]
        if not doc_id:
            problems.append(CorpusError(path, f"row {number} has no doc_id", "give it a short id such as 'hunan'"))
        elif not DOC_ID.match(doc_id):
            shown = doc_id if len(doc_id) <= 40 else doc_id[:37] + "..."
            problems.append(CorpusError(path, f"row {number}: doc_id '{shown}' is not a short lowercase slug",
                                        f"use at most {DOC_ID_MAX} lowercase letters, digits, '-' or '_'"))
        elif doc_id in seen_ids:
            problems.append(CorpusError(path, f"duplicate doc_id '{doc_id}' in rows {seen_ids[doc_id]} and {number}",
                                        "give each document its own doc_id"))
        else:
            seen_ids[doc_id] = number
        if not file:
            problems.append(CorpusError(path, f"row {number} has no file", "name the document's file in the 'file' column"))
        elif file in seen_files:
            problems.append(CorpusError(path, f"file '{file}' is listed in rows {seen_files[file]} and {number}",
                                        "keep one row per file"))
        else:
            seen_files[file] = number
            if not _inside(seeds, file):
                problems.append(CorpusError(path, f"row {number}: file '{file}' lies outside the seeds folder",
                                            "copy the document into the seeds folder and name it without a path"))
            elif not (seeds / file).is_file():
                problems.append(CorpusError(seeds / file, f"listed in catalog.csv row {number} but missing",
                                            "add the file to the seeds folder or delete its catalog row"))
        for column, allowed in (("level", LEVELS), ("genre", GENRES)):
            if row[column] not in allowed:
                problems.append(CorpusError(path, f"row {number}: {column} '{row[column]}' is not one of {'/'.join(allowed)}",
                                            f"set {column} to one of {', '.join(allowed)}"))
        if not row["region"]:
            problems.append(CorpusError(path, f"row {number} has no region", "name the region in English, e.g. Hunan"))
    listed = set(seen_files)
    for document in document_files(seeds):
        if document.name not in listed:
            problems.append(CorpusError(document, "no catalog row",
                                        f"run `python -m analysis add {document}` and review the new row in catalog.csv"))
    return problems


def _inside(seeds: Path, file: str) -> bool:
    """Whether a catalog file name stays in the seeds folder (no absolute path, no ``..``, no symlink out)."""
    return (seeds / file).resolve().is_relative_to(seeds.resolve()) and not Path(file).is_absolute()


def load_catalog(seeds: Path | None = None) -> Catalog:
    """The validated catalog of a seeds folder; raises the first problem found."""
    catalog = read_catalog(seeds)
    problems = catalog_problems(catalog)
    if problems:
        raise problems[0]
    return catalog


def append_rows(seeds: Path, new_rows: list[dict[str, str]]) -> tuple[str, ...]:
    """Append rows to the catalog, or create it with every known column; return its header.

    The rows already there are not rewritten: their bytes, the header among them, stay as they were (a value of a
    new row for a column the header lacks is left out: the caller says so). The file is replaced in one step.
    """
    path = seeds / CATALOG_NAME
    if path.exists():
        header, data = read_catalog(seeds).header, path.read_bytes()
        newline = "\r\n" if b"\r\n" in data else "\n"
        if data and not data.endswith(b"\n"):
            data += newline.encode()
    else:
        header, data, newline = NEW_CATALOG_COLUMNS, b"", "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator=newline, extrasaction="ignore")
    if not data:
        writer.writeheader()
    for row in new_rows:
        writer.writerow({column: row.get(column, "") for column in header})
    write_file(path, data + buffer.getvalue().encode("utf-8"))
    return header
