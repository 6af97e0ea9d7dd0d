"""The page cleaner checked on text known to be clean: the journal's articles, treated as scraped pages.

A journal article arrives as its body alone, so every Han character the page
cleaner drops from it (as chrome, metadata or a footer) is a loss. The share
kept per article measures how much real text the cleaner would lose.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from ..corpus import Document
from ..text.chars import han_count
from ..text.cleaning import PreparedText, page_body_lines, prepare_text

CHECK_COLUMNS = ["doc_id", "han_chars", "kept_han_chars", "kept_share"]


def cleaning_check(documents: Iterable[Document]) -> pd.DataFrame:
    """Per article: its Han characters, those the page cleaner keeps when the article is read as a scraped
    page, and the share kept."""
    documents = list(documents)
    return check_table([document.doc_id for document in documents], [document.han_chars for document in documents],
                       [kept_han_chars(prepare_text(document.raw.text)) for document in documents])


def kept_han_chars(prepared: PreparedText) -> int:
    """The Han characters of a prepared text that the page cleaner keeps when it reads the text as a page."""
    return sum(map(han_count, page_body_lines(prepared)))


def check_table(doc_ids: Sequence[str], han_chars: Sequence[int], kept_han: Sequence[int]) -> pd.DataFrame:
    """The check's table from each document's Han characters and those kept (see :func:`kept_han_chars`)."""
    records = []
    for doc_id, total, kept in zip(doc_ids, han_chars, kept_han, strict=True):
        records.append({"doc_id": doc_id, "han_chars": total, "kept_han_chars": kept,
                        "kept_share": round(kept / total, 4) if total else 1.0})
    return pd.DataFrame.from_records(records, columns=CHECK_COLUMNS)
