"""Themes: how much of each document speaks to each theme, and how themes flow through it.

A theme hit is a token that is one of the theme's keywords. Rates are per
10,000 Han characters, so documents of different lengths compare.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import pandas as pd

from ..corpus import Corpus
from ..lexicon import Lexicon
from ..tokens.counts import TokenCounts

PER = 10_000


def theme_hits(token_counts: Mapping[str, int], lexicon: Lexicon) -> Counter[str]:
    """Theme id → number of its keywords among the counted tokens."""
    hits: Counter[str] = Counter()
    themes = lexicon.keyword_theme
    if len(token_counts) > len(themes):  # a whole text: look up the few hundred keywords, not its every token
        for keyword, theme in themes.items():
            if (n := token_counts.get(keyword)):
                hits[theme] += n
    else:
        for token, n in token_counts.items():
            if token in themes:
                hits[themes[token]] += n
    return hits


def theme_counts(corpus: Corpus, counts: TokenCounts, lexicon: Lexicon) -> pd.DataFrame:
    """Per document and theme: hits, rate per 10,000 Han characters, and share of the document's hits."""
    records = []
    for document in corpus:
        hits_per_theme = theme_hits(counts[document.doc_id], lexicon)
        total = sum(hits_per_theme.values())
        han = document.han_chars
        for theme in lexicon.themes:
            hits = hits_per_theme.get(theme.id, 0)
            records.append({"doc_id": document.doc_id, "region": document.region, "theme": theme.id,
                            "label": theme.label, "label_zh": theme.label_zh, "hits": hits,
                            "rate_per_10k": round(hits / han * PER, 3) if han else 0.0,
                            "share": round(hits / total, 4) if total else 0.0})
    return pd.DataFrame.from_records(records)


def paragraph_themes(corpus: Corpus, counts: TokenCounts, lexicon: Lexicon) -> pd.DataFrame:
    """For each paragraph: its position, length, and dominant theme (ties go to the earlier theme).

    Paragraphs without any theme keyword get ``dominant_theme = "none"``.
    """
    order = {theme.id: index for index, theme in enumerate(lexicon.themes)}
    labels = {theme.id: theme.label for theme in lexicon.themes}
    records = []
    for document in corpus:
        start = 0
        total = max(1, len(document.body))
        for number, (paragraph, terms) in enumerate(
                zip(document.body.split("\n"), counts.paragraphs(document.doc_id), strict=True), start=1):
            hits = theme_hits(terms, lexicon)
            dominant = min(hits, key=lambda theme: (-hits[theme], order[theme])) if hits else "none"
            records.append({"doc_id": document.doc_id, "paragraph": number, "char_start": start,
                            "chars": len(paragraph), "position": round(start / total, 4),
                            "dominant_theme": dominant, "dominant_label": labels.get(dominant, "none"),
                            "dominant_hits": hits.get(dominant, 0), "theme_hits": sum(hits.values())})
            start += len(paragraph) + 1
    return pd.DataFrame.from_records(records)
