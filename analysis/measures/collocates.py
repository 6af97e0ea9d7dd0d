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
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from itertools import chain, combinations
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import chdtrc

from ..errors import CorpusError
from ..lexicon import read_yaml
from ..paths import lexicon_file
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


def paragraph_words(paragraph: Iterable[str], stopwords: frozenset[str] = frozenset(),
                    keep: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """A segmented paragraph's words: punctuation and stopwords dropped, ``keep`` kept even if not words (a
    slogan's forms with digits or letters)."""
    return tuple(t for t in paragraph if t in keep or is_word(t, stopwords))


def collocate_index(paragraphs: Iterable[list[str]], stopwords: frozenset[str] = frozenset(),
                    keep: frozenset[str] = frozenset()) -> CollocateIndex:
    """Index segmented paragraphs for :func:`collocates` (see :func:`paragraph_words`)."""
    kept = tuple(paragraph_words(paragraph, stopwords, keep) for paragraph in paragraphs)
    where: dict[str, list[int]] = {}
    for number, words in enumerate(kept):
        for word in set(words):
            where.setdefault(word, []).append(number)
    return CollocateIndex(kept, Counter(chain.from_iterable(kept)), {w: tuple(n) for w, n in where.items()})


def near_counts(paragraphs: Iterable[Sequence[str]], targets: Set[str], window: int = 5) -> Counter[str]:
    """How often each word occurs within ``window`` words of a target, in paragraphs of words; a word near two
    targets of one passage counts once."""
    near: Counter[str] = Counter()
    for words in paragraphs:
        hits = [i for i, word in enumerate(words) if word in targets]
        close = {i for hit in hits for i in range(max(0, hit - window), min(len(words), hit + window + 1))}
        near.update(words[i] for i in close if words[i] not in targets)
    return near


def neighbours(paragraphs: Sequence[list[str]], forms: Mapping[str, frozenset[str]], stopwords: frozenset[str],
               window: int = 5) -> dict[str, Counter[str]]:
    """Per term of ``forms`` (term → its forms) that occurs in the paragraphs, the words near it: what
    :func:`near_counts` counts over the paragraphs' words (:func:`paragraph_words`), one document's share of every
    term's collocates, counted where its tokens are at hand.

    Only the tokens around each use are looked at: from a use, outwards until ``window`` words are passed on each
    side, so a paragraph is not reduced to its words first (most of its tokens are nowhere near a slogan).
    """
    owners: dict[str, list[str]] = {}
    for term, targets in forms.items():
        for form in targets:
            owners.setdefault(form, []).append(term)
    keep = frozenset(owners)
    shaped: dict[str, bool] = {}

    def is_kept(token: str) -> bool:
        if (kept := shaped.get(token)) is None:
            kept = shaped[token] = token in keep or is_word(token, stopwords)
        return kept

    close: dict[str, set[tuple[int, int]]] = {}
    for number, paragraph in enumerate(paragraphs):
        if keep.isdisjoint(paragraph):
            continue
        for hit in [at for at, token in enumerate(paragraph) if token in keep]:
            positions = [hit]
            for step in (-1, 1):
                found, at = 0, hit + step
                while found < window and 0 <= at < len(paragraph):
                    if is_kept(paragraph[at]):
                        positions.append(at)
                        found += 1
                    at += step
            for term in owners[paragraph[hit]]:
                close.setdefault(term, set()).update((number, at) for at in positions)
    near: dict[str, Counter[str]] = {}
    for term in sorted(close):
        targets, counted = forms[term], Counter()
        for number, at in close[term]:
            if (word := paragraphs[number][at]) not in targets:
                counted[word] += 1
        near[term] = counted
    return near


def collocates(index: CollocateIndex, forms: Sequence[str], term: str | None = None, window: int = 5,
               min_count: int = 5) -> pd.DataFrame:
    """The collocates of a term (any of its ``forms``), strongest (G²) first."""
    targets = set(forms)
    numbers = sorted({n for form in targets for n in index.where.get(form, ())})
    near = near_counts((index.paragraphs[n] for n in numbers), targets, window)
    return collocate_table(near, index.counts, forms, term, min_count)


def collocate_table(near: Counter[str], counts: Mapping[str, int], forms: Sequence[str], term: str | None = None,
                    min_count: int = 5) -> pd.DataFrame:
    """The collocates of a term from the words near it (``near``) and every word's count in the corpus
    (``counts``, of the words :func:`paragraph_words` keeps): G², MI and log ratio, strongest first."""
    targets = set(forms)
    vocabulary = sorted(w for w in near if near[w] >= min_count)
    if not vocabulary:
        return pd.DataFrame(columns=COLLOCATE_COLUMNS)
    everything = sum(counts.values()) - sum(counts.get(t, 0) for t in targets)
    counted = np.array([[near[w] for w in vocabulary], [counts[w] - near[w] for w in vocabulary]])
    totals = np.array([sum(near.values()), everything - sum(near.values())])
    table = keyness_of(counted, ["near", "rest"], vocabulary, totals=totals, min_count=min_count)
    table = table[(table["doc_id"] == "near") & (table["g2"] > 0)]
    return pd.DataFrame({
        "term": term or forms[0], "collocate": table["term"].to_numpy(), "near": table["target"].to_numpy(),
        "total": (table["target"] + table["reference"]).to_numpy(), "expected": table["expected"].to_numpy(),
        "g2": table["g2"].to_numpy(), "p": table["p"].to_numpy(),
        "mi": np.log2(table["target"].to_numpy() / table["expected"].to_numpy()).round(3),
        "log_ratio": table["log_ratio"].to_numpy(),
    }, columns=COLLOCATE_COLUMNS).reset_index(drop=True)


@dataclass(frozen=True)
class Cooccurrence:
    """What :func:`slogan_pairs` tests: how many paragraphs there are, how many hold each slogan and how many
    each pair. Counts add up, so parts of a corpus can be counted apart (in worker processes) and summed."""

    paragraphs: int = 0
    alone: Counter[str] = field(default_factory=Counter)
    together: Counter[tuple[str, str]] = field(default_factory=Counter)

    def __add__(self, other: Cooccurrence) -> Cooccurrence:
        return Cooccurrence(self.paragraphs + other.paragraphs, self.alone + other.alone, self.together + other.together)


def cooccurrence(paragraphs: Iterable[Iterable[str]], slogans: Set[str]) -> Cooccurrence:
    """Count the paragraphs (each an iterable of its tokens or terms) that hold each slogan, and each pair."""
    alone: Counter[str] = Counter()
    together: Counter[tuple[str, str]] = Counter()
    count = 0
    for paragraph in paragraphs:
        count += 1
        if present := sorted(slogans.intersection(paragraph)):
            alone.update(present)
            together.update(combinations(present, 2))
    return Cooccurrence(count, alone, together)


def slogan_pairs(counts: Cooccurrence, min_together: int = 5) -> pd.DataFrame:
    """Pairs of slogans that share paragraphs more often than chance: paragraphs with both, with each, the
    expected number and G² (over all paragraphs), strongest first."""
    paragraphs, alone, together = counts.paragraphs, counts.alone, counts.together
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


FIXED_PAIRS_FILE = "fixed_pairs.yaml"
FIXED_SHARE = 0.5  # a pair one of whose slogans shares more than this share of its paragraphs with the other is fixed


def load_fixed_pairs(path: Path | None = None) -> frozenset[frozenset[str]]:
    """The slogan pairs an author lists as one formula or a fixed pair (``fixed_pairs.yaml``)."""
    path = Path(path or lexicon_file(FIXED_PAIRS_FILE))
    pairs = read_yaml(path).get("fixed_pairs") or []
    if not all(isinstance(pair, list) and len(pair) == 2 for pair in pairs):
        raise CorpusError(path, "each fixed pair must be two slogans", "write it as [全面从严治党, 自我革命]")
    return frozenset(frozenset(map(str, pair)) for pair in pairs)


def telling_pairs(pairs: pd.DataFrame, fixed: frozenset[frozenset[str]] = frozenset()) -> pd.DataFrame:
    """The pairs (:func:`slogan_pairs`) that share paragraphs more than chance and are not a fixed pair: neither
    listed in ``fixed`` nor so bound that one slogan shares more than half its paragraphs with the other."""
    bound = pairs["together"] > FIXED_SHARE * pairs[["paragraphs_a", "paragraphs_b"]].min(axis=1)
    listed = [frozenset((a, b)) in fixed for a, b in zip(pairs["slogan_a"], pairs["slogan_b"], strict=True)]
    chance = pairs["together"] > pairs["expected"]
    return pairs[chance & (pairs["p"] < 0.05) & ~bound & ~pd.Series(listed, index=pairs.index)]
