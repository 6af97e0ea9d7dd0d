"""Document-feature matrix: tokens → word counts per document (quanteda's ``dfm``).

Features are word tokens (with a Han character, letter or digit) minus the
stopwords. The vocabulary is sorted, so the matrix is the same on every run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd
from scipy import sparse

from ..lexicon import Lexicon
from ..tokens.counts import TokenCounts, is_word


@dataclass(frozen=True)
class FeatureMatrix:
    """Sparse document × word counts with their labels."""

    counts: sparse.csr_matrix
    doc_ids: tuple[str, ...]
    vocabulary: tuple[str, ...]

    def rows(self, doc_ids: Sequence[str]) -> FeatureMatrix:
        """The matrix of some of its documents, in the order given (the vocabulary unchanged)."""
        position = {doc_id: row for row, doc_id in enumerate(self.doc_ids)}
        return FeatureMatrix(self.counts[[position[doc_id] for doc_id in doc_ids]], tuple(doc_ids), self.vocabulary)


def document_features(counts: TokenCounts, lexicon: Lexicon) -> FeatureMatrix:
    """Count every word (see :meth:`~analysis.tokens.TokenCounts.word_counts`) per document.

    Built column-wise: every distinct token is tested once, not once per document.
    """
    tokens = list(chain.from_iterable(counts.documents))
    numbers = np.fromiter(chain.from_iterable(document.values() for document in counts.documents), dtype=np.int64,
                          count=len(tokens))
    rows = np.repeat(np.arange(len(counts.documents)), [len(document) for document in counts.documents])
    codes, distinct = pd.factorize(pd.Index(tokens, dtype=object))
    words = np.array([is_word(token, lexicon.stopwords) for token in distinct], dtype=bool)
    vocabulary = sorted(distinct[words])
    column = np.full(len(distinct), -1, dtype=np.int64)
    column[words] = pd.Index(vocabulary).get_indexer(distinct[words])
    kept = column[codes] >= 0
    matrix = sparse.csr_matrix((numbers[kept], (rows[kept], column[codes][kept])),
                               shape=(len(counts.documents), len(vocabulary)))
    matrix.sort_indices()
    return FeatureMatrix(matrix, counts.doc_ids, tuple(vocabulary))


def stack_features(parts: list[FeatureMatrix], dtype: type = np.int64) -> FeatureMatrix:
    """The feature matrix of a corpus from those of its parts (consecutive runs of its documents, in order): what
    :func:`document_features` gives over the whole, each part's columns moved to the joint vocabulary, its counts
    held as ``dtype``.

    Parts counted in worker processes leave the main process only their vocabularies to merge, not every token.
    The list is emptied as its parts are copied into the joint arrays, so the counts are held about once, not
    the two or three times a sparse stack would hold them.
    """
    if not parts:
        return FeatureMatrix(sparse.csr_matrix((0, 0), dtype=dtype), (), ())
    vocabulary = sorted(set().union(*(part.vocabulary for part in parts)))
    sought = np.array(vocabulary, dtype=str)  # a binary search in C, not a dict lookup per word in Python
    rows, stored = sum(part.counts.shape[0] for part in parts), sum(part.counts.nnz for part in parts)
    data, columns = np.empty(stored, dtype), np.empty(stored, np.int32)
    starts, doc_ids = np.zeros(rows + 1, np.int64), []
    at = row = 0
    while parts:
        part = parts.pop(0)
        counts, end = part.counts, at + part.counts.nnz
        data[at:end] = counts.data
        # each part's vocabulary is sorted, so its columns keep their order in the joint one: rows stay sorted
        columns[at:end] = np.searchsorted(sought, np.array(part.vocabulary, dtype=str))[counts.indices]
        starts[row + 1:row + 1 + counts.shape[0]] = counts.indptr[1:] + at
        doc_ids += part.doc_ids
        at, row = end, row + counts.shape[0]
    matrix = sparse.csr_matrix((data, columns, starts), shape=(rows, len(vocabulary)))
    return FeatureMatrix(matrix, tuple(doc_ids), tuple(vocabulary))


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
