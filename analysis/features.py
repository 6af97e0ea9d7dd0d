"""Document-feature matrix: tokens → word counts per document (quanteda's ``dfm``).

Features are word tokens (with a Han character, letter or digit) minus the
stopwords. The vocabulary is sorted, so the matrix is the same on every run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from .lexicon import Lexicon
from .tokens import Tokens


@dataclass(frozen=True)
class FeatureMatrix:
    """Sparse document × word counts with their labels."""

    counts: sparse.csr_matrix
    doc_ids: tuple[str, ...]
    vocabulary: tuple[str, ...]

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.counts.toarray(), index=list(self.doc_ids), columns=list(self.vocabulary))


def document_features(tokens: Tokens, lexicon: Lexicon) -> FeatureMatrix:
    """Count every non-stopword token per document."""
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(analyzer=lambda doc_id: tokens.words(doc_id, lexicon.stopwords))
    counts = vectorizer.fit_transform(list(tokens.doc_ids)).tocsr().astype(np.int64)
    vocabulary = tuple(vectorizer.get_feature_names_out())
    return FeatureMatrix(counts, tokens.doc_ids, vocabulary)


def top_terms(features: FeatureMatrix, n: int = 20, min_chars: int = 2) -> pd.DataFrame:
    """The ``n`` most frequent words of each document (ties by word), with their rank."""
    rows = []
    for index, doc_id in enumerate(features.doc_ids):
        begin, end = features.counts.indptr[index], features.counts.indptr[index + 1]
        pairs = [(features.vocabulary[j], int(c))
                 for j, c in zip(features.counts.indices[begin:end], features.counts.data[begin:end], strict=True)
                 if len(features.vocabulary[j]) >= min_chars]
        pairs.sort(key=lambda p: (-p[1], p[0]))
        rows.extend({"doc_id": doc_id, "rank": rank, "term": term, "count": count}
                    for rank, (term, count) in enumerate(pairs[:n], start=1))
    return pd.DataFrame.from_records(rows, columns=["doc_id", "rank", "term", "count"])
