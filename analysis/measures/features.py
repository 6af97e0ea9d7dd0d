"""Document-feature matrix: tokens → word counts per document (quanteda's ``dfm``).

Features are word tokens (with a Han character, letter or digit) minus the
stopwords. The vocabulary is sorted, so the matrix is the same on every run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from ..lexicon import Lexicon
from ..tokens.counts import TokenCounts


@dataclass(frozen=True)
class FeatureMatrix:
    """Sparse document × word counts with their labels."""

    counts: sparse.csr_matrix
    doc_ids: tuple[str, ...]
    vocabulary: tuple[str, ...]


def document_features(counts: TokenCounts, lexicon: Lexicon) -> FeatureMatrix:
    """Count every word (see :meth:`~analysis.tokens.TokenCounts.word_counts`) per document."""
    per_document = [counts.word_counts(doc_id, lexicon.stopwords) for doc_id in counts.doc_ids]
    vocabulary = tuple(sorted({word for counts in per_document for word in counts}))
    column = {word: index for index, word in enumerate(vocabulary)}
    indptr = np.cumsum([0] + [len(counts) for counts in per_document])
    indices = np.fromiter((column[w] for counts in per_document for w in counts), dtype=np.int64, count=indptr[-1])
    data = np.fromiter((n for counts in per_document for n in counts.values()), dtype=np.int64, count=indptr[-1])
    matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(per_document), len(vocabulary)))
    matrix.sort_indices()
    return FeatureMatrix(matrix, counts.doc_ids, vocabulary)


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
