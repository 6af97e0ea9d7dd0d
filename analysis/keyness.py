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

import numpy as np
import pandas as pd
from scipy.stats import chi2

from .features import FeatureMatrix

COLUMNS = ["doc_id", "term", "target", "reference", "expected", "g2", "p", "log_ratio", "rank"]


def keyness(features: FeatureMatrix, min_count: int = 3, top: int | None = None) -> pd.DataFrame:
    """Per document against the others: observed, expected, signed G², p and log ratio.

    Words with fewer than ``min_count`` occurrences in the target are skipped.
    Rows are sorted by document, then by G² (descending); ``top`` keeps the
    first ``top`` rows of each document.
    """
    counts = features.counts.tocsr()
    column_totals = np.asarray(counts.sum(axis=0)).ravel().astype(float)
    row_totals = np.asarray(counts.sum(axis=1)).ravel().astype(float)
    grand = row_totals.sum()
    frames = []
    for index, doc_id in enumerate(features.doc_ids):
        data = counts.data[counts.indptr[index] : counts.indptr[index + 1]]
        keep = data >= min_count
        a = data[keep].astype(float)
        words = counts.indices[counts.indptr[index] : counts.indptr[index + 1]][keep]
        if not len(a) or grand - row_totals[index] <= 0:
            continue
        b = column_totals[words] - a
        c, d = row_totals[index], grand - row_totals[index]
        expected_a = c * (a + b) / (c + d)
        expected_b = d * (a + b) / (c + d)
        with np.errstate(divide="ignore", invalid="ignore"):
            g2 = 2 * (a * np.log(a / expected_a) + np.where(b > 0, b * np.log(b / expected_b), 0.0))
        g2 = np.where(a < expected_a, -g2, g2)
        log_ratio = np.log2((a / c) / (np.where(b > 0, b, 0.5) / d))
        frame = pd.DataFrame({
            "doc_id": doc_id, "term": [features.vocabulary[j] for j in words], "target": a.astype(int),
            "reference": b.astype(int), "expected": expected_a.round(3), "g2": g2.round(3),
            "p": chi2.sf(np.abs(g2), 1).round(6), "log_ratio": log_ratio.round(3),
        })
        frame = frame.sort_values(["g2", "term"], ascending=[False, True], ignore_index=True)
        frame["rank"] = np.arange(1, len(frame) + 1)
        frames.append(frame if top is None else frame.head(top))
    return pd.concat(frames, ignore_index=True)[COLUMNS] if frames else pd.DataFrame(columns=COLUMNS)
