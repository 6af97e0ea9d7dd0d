"""Keyness: the words that set one document apart from all the others.

As in AntConc and quanteda's ``textstat_keyness``: for each word of a target
document, a 2×2 contingency table against the rest of the corpus gives the
log-likelihood G² (signed: negative when the word is under-used), its p-value,
and Hardie's log ratio as the effect size (binary log of the ratio of relative
frequencies, with 0.5 added to a zero reference count).

    G² = 2 Σ O ln(O / E),   E_target = C (a + b) / (C + D),   E_ref = D (a + b) / (C + D)

where a and b are the word's counts in target and reference, C and D their token totals.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.special import chdtrc  # chi-squared survival function, as scipy.stats.chi2.sf computes it

from .features import FeatureMatrix

COLUMNS = ["doc_id", "term", "target", "reference", "expected", "g2", "p", "log_ratio", "rank"]


def keyness(features: FeatureMatrix, min_count: int = 3, top: int | None = None) -> pd.DataFrame:
    """Per document against the others: observed, expected, signed G², p and log ratio.

    Words with fewer than ``min_count`` occurrences in the target are skipped.
    Rows are sorted by document, then by G² (descending); ``top`` keeps the
    first ``top`` rows of each document.
    """
    return keyness_of(features.counts, features.doc_ids, features.vocabulary, min_count=min_count, top=top)


def keyness_of(counts: sparse.spmatrix | np.ndarray, targets: Sequence[str], items: Sequence[str],
               totals: np.ndarray | None = None, min_count: int = 3, top: int | None = None) -> pd.DataFrame:
    """Keyness of each item (a word, a theme, a slogan) of each target row (a document, a province, a period)
    against all the other rows, from a targets × items count matrix.

    ``totals`` are the rows' sizes (tokens or characters) when they are not the
    row sums, as for theme or slogan counts, which are a small part of a text.
    """
    counts = sparse.csr_matrix(counts)
    row_totals = (np.asarray(counts.sum(axis=1)).ravel() if totals is None else np.asarray(totals)).astype(float)
    column_totals = np.asarray(counts.sum(axis=0)).ravel().astype(float)
    counts = counts.tocoo()
    grand = row_totals.sum()
    keep = (counts.data >= min_count) & (grand - row_totals[counts.row] > 0)
    rows, words, a = counts.row[keep], counts.col[keep], counts.data[keep].astype(float)
    if not len(a):
        return pd.DataFrame(columns=COLUMNS)
    b = column_totals[words] - a
    c, d = row_totals[rows], grand - row_totals[rows]
    expected_a = c * (a + b) / (c + d)
    expected_b = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * (a * np.log(a / expected_a) + np.where(b > 0, b * np.log(b / expected_b), 0.0))
        log_ratio = np.log2((a / c) / (np.where(b > 0, b, 0.5) / d))
    g2 = np.where(a < expected_a, -g2, g2).round(3)
    vocabulary = np.asarray(items, dtype=object)
    order = np.lexsort((vocabulary[words], -g2, rows))
    frame = pd.DataFrame({
        "doc_id": np.asarray(targets, dtype=object)[rows[order]], "term": vocabulary[words[order]],
        "target": a[order].astype(int), "reference": b[order].astype(int), "expected": expected_a[order].round(3),
        "g2": g2[order], "p": chdtrc(1, np.abs(g2[order])).round(6), "log_ratio": log_ratio[order].round(3),
    })
    frame["rank"] = frame.groupby("doc_id", sort=False).cumcount() + 1
    if top is not None:
        frame = frame[frame["rank"] <= top].reset_index(drop=True)
    return frame[COLUMNS]
