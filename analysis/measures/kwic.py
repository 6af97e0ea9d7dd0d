"""Keyword in context: a concordance of any term, with the position of each hit in its document."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from ..corpus import Corpus

COLUMNS = ["doc_id", "start", "position", "left", "match", "right"]


def kwic(corpus: Corpus, terms: str | Iterable[str], window: int = 20) -> pd.DataFrame:
    """Every occurrence of the term(s) with ``window`` characters of context on each side.

    ``terms`` is one string or several (e.g. a slogan's surface forms); the
    longest matches first. ``position`` is the relative offset in the body (0–1)
    of each hit. Paragraph breaks in the context show as ``¶``.
    """
    forms = [terms] if isinstance(terms, str) else list(terms)
    forms = sorted({f for f in forms if f}, key=len, reverse=True)
    if not forms:
        return pd.DataFrame(columns=COLUMNS)
    pattern = re.compile("|".join(map(re.escape, forms)))
    rows = []
    for document in corpus:
        body = document.body
        length = max(1, len(body))
        for match in pattern.finditer(body):
            rows.append({
                "doc_id": document.doc_id, "start": match.start(), "position": round(match.start() / length, 4),
                "left": body[max(0, match.start() - window) : match.start()].replace("\n", "¶"),
                "match": match.group(0),
                "right": body[match.end() : match.end() + window].replace("\n", "¶"),
            })
    return pd.DataFrame.from_records(rows, columns=COLUMNS)
