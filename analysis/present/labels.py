"""How documents are named in figures, tables and prose."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..catalog import GENRES
from ..corpus import Corpus

if TYPE_CHECKING:
    from ..pipeline import Analysis


def document_labels(corpus: Corpus) -> dict[str, str]:
    """Short English names from the catalog: the region, with the genre unless it is the usual article.

    ``Chongqing``, ``National (overview)``, ``City (speech)``; two documents
    that would share a name get their doc_id appended.
    """
    names = {}
    for document in corpus:
        genre = document.catalog.get("genre", "")
        # the catalog's first genre, article, is the usual one and goes unsaid
        names[document.doc_id] = document.region if genre in ("", GENRES[0]) else f"{document.region} ({genre})"
    repeated = {name for name in names.values() if list(names.values()).count(name) > 1}
    return {doc_id: f"{name} [{doc_id}]" if name in repeated else name for doc_id, name in names.items()}


def join_words(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    words = [w for w in words if w]
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def labels(analysis: Analysis) -> dict[str, str]:
    """The document labels of an analysis's corpus (see :func:`document_labels`)."""
    return document_labels(analysis.corpus)


MAX_SHOWN = 12  # documents a per-document figure or table can show and stay readable on a page


def shown(analysis: Analysis, limit: int = MAX_SHOWN) -> list[str]:
    """The documents per-document figures and tables show: all of them, or the ``limit`` longest (corpus order)."""
    documents = list(analysis.corpus)
    if len(documents) <= limit:
        return [d.doc_id for d in documents]
    longest = {d.doc_id for d in sorted(documents, key=lambda d: (-d.han_chars, d.doc_id))[:limit]}
    return [d.doc_id for d in documents if d.doc_id in longest]


def only_shown(frame: pd.DataFrame, analysis: Analysis, column: str = "doc_id") -> pd.DataFrame:
    """The rows of a per-document table whose document is shown (see :func:`shown`)."""
    return frame[frame[column].isin(shown(analysis))]


def shown_note(analysis: Analysis) -> str:
    """One sentence saying which documents the figures and tables show."""
    total, count = len(analysis.corpus), len(shown(analysis))
    if count == total:
        return f"Figures and tables show all {total} documents."
    return (f"Figures and tables show the {count} longest of the {total:,} documents; every document is in the "
            "downloadable tables.")


def shown_labels(analysis: Analysis) -> dict[str, str]:
    """The labels of the shown documents only, in corpus order: what per-document figures draw."""
    names = labels(analysis)
    return {doc_id: names[doc_id] for doc_id in shown(analysis)}
