"""The corpus: catalog rows joined with cleaned bodies, and the tables that describe it.

``load_corpus`` is the first verb of the pipeline (corpus → tokens → features):
it reads the catalog, decodes and cleans every file, and resolves metadata,
the catalog winning over what the text says.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from .catalog import KNOWN_COLUMNS, REQUIRED_COLUMNS, Catalog, load_catalog
from .engine.processes import worker_pool
from .errors import CorpusError
from .text.chars import han_count
from .text.chrome import REASONS
from .text.cleaning import CleanedPage, clean_raw
from .text.normalize import suspect_spans
from .text.reading import RawText, read_document

PARALLEL_MIN_DOCUMENTS = 100
RESOLVED_FIELDS = ("title", "author", "author_role", "outlet", "published", "issue")


@dataclass(frozen=True)
class Document:
    """One catalogued document: its catalog row, its decoded page and its cleaned body."""

    doc_id: str
    path: Path
    catalog: dict[str, str]
    raw: RawText
    page: CleanedPage

    @property
    def body(self) -> str:
        return self.page.body

    @property
    def paragraphs(self) -> list[str]:
        return self.page.paragraphs

    @cached_property
    def han_chars(self) -> int:
        """Han characters of the clean body, the unit of every rate (counted once)."""
        return han_count(self.page.body)

    @property
    def region(self) -> str:
        return self.catalog["region"]

    def get(self, field: str) -> str:
        """A metadata value: the catalog's when it has one, else what the text says."""
        return self.catalog.get(field) or self.page.found.get(field, "")

    @property
    def title(self) -> str:
        return self.get("title")

    def conflicts(self) -> list[tuple[str, str, str]]:
        """``(field, catalog value, text value)`` where the catalog and the text disagree."""
        out = []
        for field in (*RESOLVED_FIELDS, "region_zh"):
            given, found = self.catalog.get(field, ""), self.page.found.get(field, "")
            if given and found and not _agree(field, given, found):
                out.append((field, given, found))
        posted = self.page.found.get("posted", "")
        published = self.get("published")
        if posted and published and not _agree("published", published, posted):
            out.append(("published", published, f"{posted} (page's posting date)"))
        return out


def _agree(field: str, given: str, found: str) -> bool:
    a, b = (v.strip(" 《》").replace(" ", "") for v in (given, found))
    if field == "published":
        return a.startswith(b) or b.startswith(a)
    return a == b


@dataclass(frozen=True)
class Corpus:
    """The documents of one seeds folder, in catalog order."""

    seeds: Path
    documents: tuple[Document, ...]

    def __iter__(self):
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def __getitem__(self, doc_id: str) -> Document:
        return self._by_id[doc_id]

    @cached_property
    def _by_id(self) -> dict[str, Document]:
        return {document.doc_id: document for document in reversed(self.documents)}  # the first of a doc_id wins

    @property
    def doc_ids(self) -> list[str]:
        return [d.doc_id for d in self.documents]


def load_document(path: Path, catalog: dict[str, str]) -> Document:
    """Decode and clean one file; an empty body is an error naming the file."""
    raw = read_document(path)
    page = clean_raw(raw)
    if han_count(page.body) == 0:
        raise CorpusError(path, "no article text found after removing the page chrome",
                          "check that the file holds the article, not only a page's navigation")
    return Document(catalog["doc_id"], path, catalog, raw, page)


def load_corpus(source: Path | str | Catalog | None = None) -> Corpus:
    """Read, validate and clean every catalogued document of a seeds folder (or of an already read catalog).

    A folder defaults to ``$ANALYSIS_SEEDS`` or the project's ``seeds/``.
    Raises :class:`~analysis.errors.CorpusError` on the first bad input.
    """
    catalog = source if isinstance(source, Catalog) else load_catalog(Path(source) if source else None)
    seeds, rows, paths = catalog.seeds, catalog.rows, catalog.files
    if len(rows) >= PARALLEL_MIN_DOCUMENTS and (os.cpu_count() or 1) > 1:
        with worker_pool() as pool:
            documents = tuple(pool.map(load_document, paths, rows, chunksize=32))
    else:
        documents = tuple(load_document(path, row) for path, row in zip(paths, rows, strict=True))
    return Corpus(seeds, documents)


def documents_table(corpus: Corpus) -> pd.DataFrame:
    """One row per document: catalog columns, resolved metadata, script and size counts."""
    records = []
    for document in corpus:
        page = document.page
        record = {column: document.catalog.get(column, "") for column in (*REQUIRED_COLUMNS, *KNOWN_COLUMNS)}
        extra = {k: v for k, v in document.catalog.items() if k not in record}
        record.update({field: document.get(field) for field in RESOLVED_FIELDS})
        record.update(extra)
        record.update({
            "script": page.script,
            "encoding": document.raw.encoding,
            "source_format": document.raw.source_format,
            "raw_bytes": document.raw.raw_bytes,
            "raw_chars": len(document.raw.text),
            "clean_chars": len(page.body),
            "han_chars": document.han_chars,
            "paragraphs": len(page.paragraphs),
            "removed_lines": sum(1 for r in page.removed if r.reason != "metadata"),
            "removed_chars": sum(len(r.text) for r in page.removed if r.reason != "metadata"),
            "metadata_lines": sum(1 for r in page.removed if r.reason == "metadata"),
            "invisible_removed": document.raw.invisible_removed,
            "pinyin_removed": page.pinyin_removed,
            "chars_converted": page.chars_converted,
            "punctuation_normalized": page.punctuation_normalized,
            "suspect_spans": " | ".join(suspect_spans(page.body)),
        })
        records.append(record)
    return pd.DataFrame.from_records(records)


def cleaning_report(corpus: Corpus) -> pd.DataFrame:
    """Per document and reason: how many lines and characters were taken out of the page."""
    records = []
    for document in corpus:
        for reason, label in REASONS.items():
            lines = [r for r in document.page.removed if r.reason == reason]
            if lines:
                records.append({"doc_id": document.doc_id, "reason": reason, "label": label,
                                "lines": len(lines), "chars": sum(len(r.text) for r in lines)})
    return pd.DataFrame.from_records(records, columns=["doc_id", "reason", "label", "lines", "chars"])


def removed_lines(corpus: Corpus) -> pd.DataFrame:
    """Every line taken out of every page, with its line number, reason and metadata field."""
    records = [{"doc_id": d.doc_id, "line_no": r.line_no, "reason": r.reason, "field": r.field, "text": r.text}
               for d in corpus for r in d.page.removed]
    return pd.DataFrame.from_records(records, columns=["doc_id", "line_no", "reason", "field", "text"])


def metadata_conflicts(corpus: Corpus) -> pd.DataFrame:
    """Where the catalog and the document's own text disagree; the catalog value is used."""
    records = [{"doc_id": d.doc_id, "field": f, "catalog": given, "text": found}
               for d in corpus for f, given, found in d.conflicts()]
    return pd.DataFrame.from_records(records, columns=["doc_id", "field", "catalog", "text"])
