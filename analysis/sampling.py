"""Samples that bound a computation whatever the corpus size, fixed by the documents alone.

A document's place in a sample is decided by a hash of its doc_id, never by a
random draw or by the order of the files, so the same corpus gives the same
sample on every machine and every run, and a corpus under the bound is taken
whole.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np


def hash_order(doc_ids: Sequence[str]) -> list[int]:
    """The positions of ``doc_ids`` in the order of their hashes (ties, which do not happen, by doc_id)."""
    digests = [hashlib.blake2b(doc_id.encode(), digest_size=8).digest() for doc_id in doc_ids]
    return sorted(range(len(doc_ids)), key=lambda row: (digests[row], doc_ids[row]))


def sample_rows(doc_ids: Sequence[str], size: int) -> np.ndarray:
    """The positions (sorted) of at most ``size`` documents: all of them, or those whose doc_id hashes lowest."""
    if len(doc_ids) <= size:
        return np.arange(len(doc_ids))
    return np.sort(np.array(hash_order(doc_ids)[:size]))


def sample_within(doc_ids: Sequence[str], sizes: Sequence[int], budget: int) -> np.ndarray:
    """The positions (sorted) of the documents, in hash order, whose sizes sum to at most ``budget``: all of them
    when the corpus is under it."""
    if sum(sizes) <= budget:
        return np.arange(len(doc_ids))
    chosen, total = [], 0
    for row in hash_order(doc_ids):
        if total + sizes[row] > budget:
            break
        chosen.append(row)
        total += sizes[row]
    return np.sort(np.array(chosen, dtype=np.int64))
