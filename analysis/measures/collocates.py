"""Collocates: the words found near a slogan more often than chance, and the slogans that share paragraphs.

A collocate of a term is a word within ``window`` words of one of the term's
forms (punctuation and stopwords skipped, in the same paragraph). Each word's
uses near the term are held against its uses elsewhere in a 2×2 table, as
keyness holds a document against the rest (:func:`~.keyness.keyness_of`): G²
ranks the collocates, and MI (the binary log of observed over expected uses
near the term) says how exclusive they are. A word needs ``min_count`` uses
near the term, so that MI, which favours rare words, is not led by hapaxes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, combinations

import numpy as np
import pandas as pd
from scipy.special import chdtrc

from ..tokens.counts import is_word
from .keyness import keyness_of

COLLOCATE_COLUMNS = ["term", "collocate", "near", "total", "expected", "g2", "p", "mi", "log_ratio"]
PAIR_COLUMNS = ["slogan_a", "slogan_b", "together", "paragraphs_a", "paragraphs_b", "expected", "g2", "p"]


@dataclass(frozen=True)
class CollocateIndex:
    """Segmented paragraphs reduced to their words (punctuation and stopwords dropped), every word's count,
    and the paragraphs each word occurs in: built once, then any term's collocates read only its paragraphs."""

    paragraphs: tuple[tuple[str, ...], ...]
    counts: Counter[str]
    where: dict[str, tuple[int, ...]]


def collocate_index(paragraphs: Iterable[list[str]], stopwords: frozenset[str] = frozenset(),
                    keep: frozenset[str] = frozenset()) -> CollocateIndex:
    """Index segmented paragraphs for :func:`collocates`; ``keep`` are tokens to keep even if they are not words
    (a slogan's forms with digits or letters)."""
    kept = tuple(tuple(t for t in paragraph if t in keep or is_word(t, stopwords)) for paragraph in paragraphs)
    where: dict[str, list[int]] = {}
    for number, words in enumerate(kept):
        for word in set(words):
            where.setdefault(word, []).append(number)
    return CollocateIndex(kept, Counter(chain.from_iterable(kept)), {w: tuple(n) for w, n in where.items()})


def collocates(index: CollocateIndex, forms: Sequence[str], term: str | None = None, window: int = 5,
               min_count: int = 5) -> pd.DataFrame:
    """The collocates of a term (any of its ``forms``), strongest (G²) first."""
    targets = set(forms)
    near: Counter[str] = Counter()
    for number in sorted({n for form in targets for n in index.where.get(form, ())}):
        words = index.paragraphs[number]
        hits = [i for i, word in enumerate(words) if word in targets]
        close = {i for hit in hits for i in range(max(0, hit - window), min(len(words), hit + window + 1))}
        near.update(words[i] for i in close if words[i] not in targets)
    vocabulary = sorted(w for w in near if near[w] >= min_count)
    if not vocabulary:
        return pd.DataFrame(columns=COLLOCATE_COLUMNS)
    everything = sum(index.counts.values()) - sum(index.counts[t] for t in targets)
    counts = np.array([[near[w] for w in vocabulary], [index.counts[w] - near[w] for w in vocabulary]])
    totals = np.array([sum(near.values()), everything - sum(near.values())])
    table = keyness_of(counts, ["near", "rest"], vocabulary, totals=totals, min_count=min_count)
    table = table[(table["doc_id"] == "near") & (table["g2"] > 0)]
    return pd.DataFrame({
        "term": term or forms[0], "collocate": table["term"].to_numpy(), "near": table["target"].to_numpy(),
        "total": (table["target"] + table["reference"]).to_numpy(), "expected": table["expected"].to_numpy(),
        "g2": table["g2"].to_numpy(), "p": table["p"].to_numpy(),
        "mi": np.log2(table["target"].to_numpy() / table["expected"].to_numpy()).round(3),
        "log_ratio": table["log_ratio"].to_numpy(),
    }, columns=COLLOCATE_COLUMNS).reset_index(drop=True)


def slogan_pairs(paragraph_terms: Iterable[Counter[str]], slogans: Sequence[str], min_together: int = 5) -> pd.DataFrame:
    """Pairs of slogans that share paragraphs more often than chance: paragraphs with both, with each, the
    expected number and G² (over all paragraphs), strongest first."""
    wanted = set(slogans)
    alone: Counter[str] = Counter()
    together: Counter[tuple[str, str]] = Counter()
    paragraphs = 0
    for terms in paragraph_terms:
        paragraphs += 1
        present = sorted(wanted.intersection(terms))
        alone.update(present)
        together.update(combinations(present, 2))
    records = []
    for (a, b), both in together.items():
        if both < min_together:
            continue
        observed = np.array([both, alone[a] - both, alone[b] - both, paragraphs - alone[a] - alone[b] + both], float)
        expected = np.array([alone[a] * alone[b], alone[a] * (paragraphs - alone[b]),
                             (paragraphs - alone[a]) * alone[b], (paragraphs - alone[a]) * (paragraphs - alone[b])],
                            float) / paragraphs
        with np.errstate(divide="ignore", invalid="ignore"):
            g2 = 2 * float(np.sum(np.where(observed > 0, observed * np.log(observed / expected), 0.0)))
        if both > expected[0]:
            records.append({"slogan_a": a, "slogan_b": b, "together": both, "paragraphs_a": alone[a],
                            "paragraphs_b": alone[b], "expected": round(float(expected[0]), 3), "g2": round(g2, 3),
                            "p": round(float(chdtrc(1, g2)), 6)})
    frame = pd.DataFrame.from_records(records, columns=PAIR_COLUMNS)
    return frame.sort_values(["g2", "slogan_a", "slogan_b"], ascending=[False, True, True]).reset_index(drop=True)
