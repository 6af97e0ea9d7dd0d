"""Topics found in the data, held against the hand-made theme lexicon.

A non-negative matrix factorisation of the articles' TF-IDF word weights
(scikit-learn's NMF, NNDSVD start: no random draw, so every run gives the same
topics) finds as many topics as the lexicon has themes. Each topic is then
matched to the theme whose keywords carry most of its weight: a theme that some
topic matches is supported by the data; a topic that matches no theme is
something the lexicon misses.

The model's size is bounded whatever the corpus: it is fitted on at most
``MAX_DOCUMENTS`` articles (a sample fixed by a hash of each doc_id, so the
same corpus always gives the same sample) and on at most ``MAX_VOCABULARY``
words (those in most articles). The journal is under both bounds, so its
topics are fitted on all of it; a corpus many times its size costs the model
no more time or memory than one at the bounds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..lexicon import Lexicon
from ..sampling import sample_rows
from .features import FeatureMatrix

MIN_DOCUMENTS = 5
MAX_SHARE = 0.5  # words in more than half the articles are the genre's, not a topic's
TOP_WORDS = 30
MATCH = 0.15  # share of a topic's top-word weight its best theme must hold to count as a match
MAX_DOCUMENTS = 10_000
MAX_VOCABULARY = 12_000


def common_words(in_documents: np.ndarray, words: np.ndarray, keep: np.ndarray, size: int) -> np.ndarray:
    """``keep`` narrowed to the ``size`` words in most documents (ties: the words in order)."""
    candidates = np.flatnonzero(keep)
    if len(candidates) <= size:
        return keep
    chosen = candidates[np.lexsort((words[candidates], -in_documents[candidates]))[:size]]
    narrowed = np.zeros_like(keep)
    narrowed[chosen] = True
    return narrowed


def topic_sample(features: FeatureMatrix, max_documents: int = MAX_DOCUMENTS) -> FeatureMatrix:
    """The articles the topic model is fitted on (all of them under ``max_documents``): what to send to the process
    that fits it, rather than the whole matrix."""
    return features.rows([features.doc_ids[row] for row in sample_rows(features.doc_ids, max_documents)])


def topic_model(features: FeatureMatrix, lexicon: Lexicon, top: int = TOP_WORDS, max_documents: int = MAX_DOCUMENTS,
                max_vocabulary: int = MAX_VOCABULARY) -> pd.DataFrame:
    """One row per topic and top word: topic number, rank, word, weight, the word's theme, the topic's share (of
    the articles the model is fitted on: at most ``max_documents``, on at most ``max_vocabulary`` words)."""
    # here, not at the top: scikit-learn takes 0.7–2 s to import, paid only where topics are computed
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfTransformer

    columns = ["topic", "rank", "term", "weight", "theme", "topic_share"]
    counts = features.counts[sample_rows(features.doc_ids, max_documents)].tocsc()
    in_documents = np.diff(counts.indptr)
    words = np.asarray(features.vocabulary, dtype=object)
    keep = (in_documents >= MIN_DOCUMENTS) & (in_documents <= MAX_SHARE * counts.shape[0])
    keep = common_words(in_documents, words, keep, max_vocabulary)
    if min(counts.shape[0], int(keep.sum())) < 2 * len(lexicon.themes):  # too small a corpus to find topics in
        return pd.DataFrame(columns=columns)
    vocabulary = words[keep]
    weights = TfidfTransformer().fit_transform(counts[:, keep].tocsr())
    model = NMF(n_components=len(lexicon.themes), init="nndsvd", max_iter=400, random_state=0)
    documents = model.fit_transform(weights)
    shares = documents.sum(axis=0) / max(documents.sum(), 1e-12)
    records = []
    for topic, row in enumerate(model.components_, start=1):
        order = np.lexsort((vocabulary, -row))[:top]
        for rank, column in enumerate(order, start=1):
            word = vocabulary[column]
            records.append({"topic": topic, "rank": rank, "term": word, "weight": round(float(row[column]), 5),
                            "theme": lexicon.keyword_theme.get(word, ""), "topic_share": round(float(shares[topic - 1]), 4)})
    return pd.DataFrame.from_records(records, columns=columns)


def topic_themes(topics: pd.DataFrame, lexicon: Lexicon, match: float = MATCH) -> pd.DataFrame:
    """Per topic: its top words, the theme whose keywords weigh most among them, that share, and the verdict."""
    labels = {theme.id: theme.label for theme in lexicon.themes}
    records = []
    for topic, rows in topics.groupby("topic", sort=True):
        by_theme = rows[rows["theme"] != ""].groupby("theme")["weight"].sum()
        total = float(rows["weight"].sum()) or 1.0
        best = min(by_theme.index, key=lambda t: (-by_theme[t], t)) if len(by_theme) else ""
        share = float(by_theme.get(best, 0.0)) / total
        records.append({"topic": topic, "topic_share": float(rows["topic_share"].iloc[0]),
                        "top_words": "、".join(rows.sort_values("rank")["term"].head(10)),
                        "theme": best if share >= match else "", "theme_label": labels.get(best, "") if share >= match else "",
                        "theme_weight_share": round(share, 3)})
    return pd.DataFrame.from_records(records, columns=["topic", "topic_share", "top_words", "theme", "theme_label",
                                                       "theme_weight_share"])


def theme_support(topics_by_theme: pd.DataFrame, lexicon: Lexicon) -> pd.DataFrame:
    """Per lexicon theme: the topics that match it (none: the data does not single it out)."""
    records = []
    for theme in lexicon.themes:
        matched = topics_by_theme[topics_by_theme["theme"] == theme.id]
        records.append({"theme": theme.id, "label": theme.label, "topics": ", ".join(map(str, matched["topic"])),
                        "supported": not matched.empty})
    return pd.DataFrame.from_records(records)
