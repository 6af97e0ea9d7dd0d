"""How documents are named in figures, tables and prose."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
