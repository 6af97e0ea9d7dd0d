"""Similarity: TF-IDF cosine between documents, and an order that clusters similar ones.

TF-IDF on words (stopwords removed, scikit-learn's smoothed idf, l2 norm) makes
cosine similarity depend on shared distinctive vocabulary rather than on the
genre's common words. The clustering order (average-linkage on 1 − cosine,
optimal leaf ordering) puts similar documents next to each other in heatmaps.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .features import FeatureMatrix


def cosine_similarity_matrix(features: FeatureMatrix) -> pd.DataFrame:
    """Document × document TF-IDF cosine similarity (1.0 on the diagonal)."""
    # here, not at the top: scikit-learn takes 0.7–2 s to import, paid only when the similarity table is computed
    from sklearn.feature_extraction.text import TfidfTransformer

    tfidf = TfidfTransformer().fit_transform(features.counts)
    similarity = (tfidf @ tfidf.T).toarray()
    np.fill_diagonal(similarity, 1.0)
    ids = list(features.doc_ids)
    return pd.DataFrame(similarity.round(4), index=ids, columns=ids)


def cluster_order(similarity: pd.DataFrame) -> list[str]:
    """Document ids in average-linkage leaf order (optimal ordering); the given order below 3 documents."""
    if len(similarity) < 3:
        return list(similarity.index)
    # here, not at the top: 0.8 s of scipy import, paid only when the similarity table is computed
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    distance = np.clip(1.0 - similarity.to_numpy(), 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average", optimal_ordering=True)
    return [similarity.index[i] for i in leaves_list(tree)]


def similarity_table(features: FeatureMatrix) -> pd.DataFrame:
    """The similarity matrix in clustering order, with the order as a column (``similarity.csv``)."""
    matrix = cosine_similarity_matrix(features)
    order = cluster_order(matrix)
    table = matrix.loc[order, order]
    table.insert(0, "order", range(1, len(order) + 1))
    table.index.name = "doc_id"
    return table.reset_index()
