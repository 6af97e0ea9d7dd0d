"""Themes: how much of each document speaks to each theme, and how themes flow through it.

A theme hit is one use of one of the theme's keywords in the clean text,
matched leftmost-longest with every other lexicon term and compound, as the
segmenter matches the terms it keeps whole: a keyword inside a longer term
(自我革命 in a slogan's name) is not counted there. Counting in the text, not
in the tokens, means that a keyword added to a theme changes the theme tables
and nothing else (a keyword the segmenter keeps whole counts the same either
way). Rates are per 10,000 Han characters, so documents of different lengths
compare.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from scipy import sparse

from ..corpus import Corpus
from ..lexicon import Lexicon
from ..tokens.spans import kept_spans

PER = 10_000


def keyword_hits(text: str, lexicon: Lexicon) -> Counter[str]:
    """Each theme keyword's uses in ``text``, matched leftmost-longest among every lexicon term and compound."""
    keywords = lexicon.keyword_theme
    return Counter(word for _, _, word in kept_spans(text, lexicon.matched_terms, lexicon.compound_pattern)
                   if word in keywords)


def theme_hits(keyword_counts: Mapping[str, int], lexicon: Lexicon) -> Counter[str]:
    """Theme id → uses of its keywords, from each keyword's uses (:func:`keyword_hits`)."""
    hits: Counter[str] = Counter()
    themes = lexicon.keyword_theme
    for keyword, n in keyword_counts.items():
        if keyword in themes:
            hits[themes[keyword]] += n
    return hits


def keyword_matrix(texts: Iterable[str], lexicon: Lexicon) -> sparse.csr_matrix:
    """Texts × theme keywords (in ``lexicon.keyword_theme``'s order): each keyword's uses in each text."""
    column = {keyword: index for index, keyword in enumerate(lexicon.keyword_theme)}
    rows, columns, values = [], [], []
    count = 0
    for count, text in enumerate(texts, start=1):
        for keyword, n in keyword_hits(text, lexicon).items():
            rows.append(count - 1)
            columns.append(column[keyword])
            values.append(n)
    return sparse.csr_matrix((np.array(values, dtype=np.int32), (rows, columns)), shape=(count, len(column)),
                             dtype=np.int32)


def theme_matrix(keywords: sparse.csr_matrix, lexicon: Lexicon) -> np.ndarray:
    """Texts × themes (in ``lexicon.themes``' order), from :func:`keyword_matrix`: each theme's keyword uses."""
    themes = {theme.id: index for index, theme in enumerate(lexicon.themes)}
    owner = [themes[theme] for theme in lexicon.keyword_theme.values()]
    indicator = sparse.csr_matrix((np.ones(len(owner), dtype=np.int32), (range(len(owner)), owner)),
                                  shape=(len(owner), len(themes)))
    return (keywords @ indicator).toarray().astype(np.int32)


def theme_counts(corpus: Corpus, keywords: pd.DataFrame, lexicon: Lexicon) -> pd.DataFrame:
    """Per document and theme: hits, rate per 10,000 Han characters, and share of the document's hits, from each
    document's keyword uses (:func:`keyword_table`: the bodies are matched once)."""
    records = []
    for document in corpus:
        hits_per_theme = theme_hits(keywords.loc[document.doc_id].to_dict(), lexicon)
        total = sum(hits_per_theme.values())
        han = document.han_chars
        for theme in lexicon.themes:
            hits = int(hits_per_theme.get(theme.id, 0))
            records.append({"doc_id": document.doc_id, "region": document.region, "theme": theme.id,
                            "label": theme.label, "label_zh": theme.label_zh, "hits": hits,
                            "rate_per_10k": round(hits / han * PER, 3) if han else 0.0,
                            "share": round(hits / total, 4) if total else 0.0})
    return pd.DataFrame.from_records(records)


def keyword_table(corpus: Corpus, lexicon: Lexicon) -> pd.DataFrame:
    """Documents (indexed by doc_id) × theme keywords: each keyword's uses in each document."""
    keywords = keyword_matrix((document.body for document in corpus), lexicon)
    return pd.DataFrame(keywords.toarray(), index=pd.Index([d.doc_id for d in corpus], name="doc_id"),
                        columns=pd.Index(list(lexicon.keyword_theme), name="keyword"))


def paragraph_themes(corpus: Corpus, lexicon: Lexicon) -> pd.DataFrame:
    """For each paragraph: its position, length, and dominant theme (ties go to the earlier theme).

    Paragraphs without any theme keyword get ``dominant_theme = "none"``.
    """
    order = {theme.id: index for index, theme in enumerate(lexicon.themes)}
    labels = {theme.id: theme.label for theme in lexicon.themes}
    records = []
    for document in corpus:
        start = 0
        total = max(1, len(document.body))
        for number, paragraph in enumerate(document.body.split("\n"), start=1):
            hits = theme_hits(keyword_hits(paragraph, lexicon), lexicon)
            dominant = min(hits, key=lambda theme: (-hits[theme], order[theme])) if hits else "none"
            records.append({"doc_id": document.doc_id, "paragraph": number, "char_start": start,
                            "chars": len(paragraph), "position": round(start / total, 4),
                            "dominant_theme": dominant, "dominant_label": labels.get(dominant, "none"),
                            "dominant_hits": hits.get(dominant, 0), "theme_hits": sum(hits.values())})
            start += len(paragraph) + 1
    return pd.DataFrame.from_records(records)
