"""Formulations the journal itself uses, found in its text rather than looked up in the registry.

The slogan registry was built from the five seeds, so what the journal took up
later (正确政绩观, 新质生产力, 十五五) would go unseen. Candidates are quoted
terms and cohesive runs of Han characters, the standard new-word method: an
n-gram whose parts occur together far more often than chance (cohesion, the
lowest pointwise mutual information over its splits) and whose neighbours on
both sides vary (entropy; a fragment of a longer phrase has one usual
neighbour). Each candidate is counted per article, its bursts are found issue
by issue (:mod:`.bursts`), and candidates are ranked by their strongest burst:
what rose, when, and on how many articles. The ranking reads the journal
alone; whether the registry already holds a term is a column, never an input.

Every n-gram of up to twelve characters is counted at once with numpy: the
text is one array of character codes, and each level's n-grams are the
previous level's frequent ones extended by one character (a frequent n-gram
has frequent prefixes), so the work shrinks with each level.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CorpusError
from ..lexicon import Lexicon, read_yaml
from ..measures.slogans import unquoted
from ..paths import lexicon_dir
from .bursts import burst_table, main_bursts

DISCOVERY_FILE = "discovery.yaml"
PARENTHESES = re.compile(r"（[^（）\n]{0,80}）")  # author lines and asides: not the text's own words
QUOTED = re.compile(r"[“「‘]([\u4e00-\u9fff]{2,20})[”」’]")
EMERGING_COLUMNS = ["rank", "term", "chars", "source", "uses", "articles", "issues", "first_issue",
                    "first_local_issue", "burst_start", "burst_end", "burst_weight", "rise", "cohesion",
                    "left_entropy", "right_entropy", "in_registry", "registry_term", "review", "review_note"]


@dataclass(frozen=True)
class DiscoverySettings:
    """The thresholds and word lists of ``discovery.yaml`` (see its comments)."""

    min_uses: int
    min_articles: int
    min_chars: int
    max_chars: int
    min_cohesion: float
    min_entropy: float
    min_quoted: int
    max_quoted_chars: int
    rows: int
    sample_chars: int
    start_characters: frozenset[str]
    end_characters: frozenset[str]
    leading_words: tuple[str, ...]
    boilerplate: tuple[str, ...]


def load_discovery(path: Path | None = None) -> DiscoverySettings:
    """The discovery settings of the lexicon folder; a missing or malformed file is one error naming it."""
    path = Path(path or lexicon_dir() / DISCOVERY_FILE)
    data = read_yaml(path)
    numbers = {"min_uses": int, "min_articles": int, "min_chars": int, "max_chars": int, "min_cohesion": float,
               "min_entropy": float, "min_quoted": int, "max_quoted_chars": int, "rows": int,
               "sample_chars": int}
    values = {}
    for name, kind in numbers.items():
        value = data.get(name)
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0 or kind(value) != value:
            raise CorpusError(path, f"{name} must be a {'whole ' if kind is int else ''}number of 0 or more",
                              f"write it as {name}: {3 if kind is int else 3.5}")
        values[name] = kind(value)
    if not 2 <= values["min_chars"] <= values["max_chars"] <= 12 or values["max_quoted_chars"] > 20:
        raise CorpusError(path, "the lengths must satisfy 2 ≤ min_chars ≤ max_chars ≤ 12 and max_quoted_chars ≤ 20",
                          "shorten or lengthen them")
    patterns = tuple(str(p) for p in data.get("boilerplate") or [])
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise CorpusError(path, f"boilerplate pattern {pattern!r} is not a valid regular expression ({error})",
                              "fix the pattern (Python re syntax)") from None
    return DiscoverySettings(**values, start_characters=frozenset(str(data.get("start_characters") or "")),
                             end_characters=frozenset(str(data.get("end_characters") or "")),
                             leading_words=tuple(str(w) for w in data.get("leading_words") or []),
                             boilerplate=patterns)


@dataclass(frozen=True)
class NGramIndex:
    """Every frequent n-gram of a text, level by level: for length ``n``, the start of each occurrence (sorted),
    its n-gram's code (numbered in order of first occurrence) and each code's count."""

    text: str
    codes: np.ndarray  # each character's code: 1 … V for Han characters, 0 for anything else
    article: np.ndarray  # the article each character belongs to
    char_codes: dict[str, int]
    positions: dict[int, np.ndarray]
    ngrams: dict[int, np.ndarray]
    counts: dict[int, np.ndarray]
    keys: dict[int, pd.Index]  # per level, each n-gram's key: (its prefix's code) × alphabet + its last character

    @property
    def alphabet(self) -> int:
        return len(self.char_codes) + 1

    @property
    def han_chars(self) -> int:
        return len(self.positions[1])

    def codes_of(self, terms: Sequence[str]) -> np.ndarray:
        """The code of each term at the level of its length, or -1 where it is not a frequent n-gram of the text
        (one lookup per level for all the terms)."""
        codes = np.zeros(len(terms), dtype=np.int64)
        lengths = np.array([len(term) for term in terms], dtype=np.int64)
        for n in range(1, int(lengths.max(initial=0)) + 1):
            going = np.flatnonzero((lengths >= n) & (codes >= 0))
            if n not in self.keys:
                codes[going] = -1
                continue
            chars = np.array([self.char_codes.get(terms[i][n - 1], -1) for i in going], dtype=np.int64)
            found = self.keys[n].get_indexer(codes[going] * self.alphabet + chars)
            codes[going] = np.where(chars < 0, -1, found)
        return codes

    def term(self, n: int, code: int) -> str:
        start = int(self.positions[n][np.argmax(self.ngrams[n] == code)])
        return self.text[start:start + n]


def ngram_index(texts: Sequence[str], min_count: int, max_n: int) -> NGramIndex:
    """Count every n-gram of Han characters (none spans another character or two texts) of up to ``max_n``
    characters whose prefixes occur at least ``min_count`` times."""
    text = "\n".join(texts)
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    han = (points >= 0x4E00) & (points <= 0x9FFF)
    found, uniques = pd.factorize(points[han])
    codes = np.zeros(len(points) + max_n, dtype=np.int32)  # zeros after the end: no n-gram runs past it
    codes[:len(points)][han] = found + 1
    alphabet = len(uniques) + 1
    article = np.repeat(np.arange(len(texts), dtype=np.int32), [len(t) + 1 for t in texts])[:len(points)]
    positions = {1: np.flatnonzero(han).astype(np.int32)}
    ngrams = {1: found.astype(np.int32)}
    counts = {1: np.bincount(found, minlength=alphabet - 1)}
    keys = {1: pd.Index(np.arange(1, alphabet, dtype=np.int64))}
    for n in range(2, max_n + 1):
        frequent = counts[n - 1][ngrams[n - 1]] >= min_count
        start, prefix = positions[n - 1][frequent], ngrams[n - 1][frequent]
        last = codes[start + (n - 1)]
        inside = last > 0
        start, prefix, last = start[inside], prefix[inside], last[inside]
        ngram, unique = pd.factorize(prefix.astype(np.int64) * alphabet + last)
        positions[n], ngrams[n], counts[n], keys[n] = start, ngram.astype(np.int32), np.bincount(ngram), pd.Index(unique)
    return NGramIndex(text, codes[:len(points)], article, {chr(int(p)): i + 1 for i, p in enumerate(uniques)},
                      positions, ngrams, counts, keys)


def _first_occurrences(index: NGramIndex, n: int) -> np.ndarray:
    """Where each n-gram of level ``n`` first occurs (codes are numbered in order of first occurrence)."""
    ngrams = index.ngrams[n]
    running = np.maximum.accumulate(ngrams)
    new = np.ones(len(ngrams), dtype=bool)
    new[1:] = running[1:] > running[:-1]
    return index.positions[n][new]


def _neighbour_entropy(index: NGramIndex, n: int, side: int, chosen: np.ndarray) -> np.ndarray:
    """Per chosen n-gram of level ``n``: the entropy (nats) of the character before it (``side`` -1) or after it
    (+1); a text's edge or a non-Han character counts as a different neighbour each time."""
    counts = index.counts[n]
    column = np.full(len(counts), -1, dtype=np.int64)
    column[chosen] = np.arange(len(chosen))
    mine = column[index.ngrams[n]]
    wanted = mine >= 0
    positions, ngrams = index.positions[n][wanted], mine[wanted]
    at = positions - 1 if side < 0 else positions + n
    inside = (at >= 0) & (at < len(index.codes))
    neighbour = np.zeros(len(at), dtype=np.int64)
    neighbour[inside] = index.codes[at[inside]]
    han = neighbour > 0
    pairs, first = pd.factorize(ngrams[han] * index.alphabet + neighbour[han])
    together = np.bincount(pairs).astype(float)
    owner = (first // index.alphabet).astype(np.int64)
    total = counts[chosen].astype(float)
    share = together / total[owner]
    entropy = np.bincount(owner, weights=-share * np.log(share), minlength=len(chosen))
    alone = np.bincount(ngrams[~han], minlength=len(chosen)).astype(float)  # each a neighbour of its own
    return entropy + alone / total * np.log(total)


def _cohesion(index: NGramIndex, n: int, chosen: np.ndarray) -> np.ndarray:
    """Per chosen n-gram of level ``n``: the lowest pointwise mutual information (natural log) of its splits into
    two parts, log(N·c(w) / (c(a)·c(b))) with N the text's Han characters."""
    starts = _first_occurrences(index, n)[chosen]  # any occurrence has the same parts
    lowest = np.full(len(chosen), np.inf)
    whole = index.counts[n][chosen].astype(float)
    for split in range(1, n):
        left = index.counts[split][index.ngrams[split][np.searchsorted(index.positions[split], starts)]]
        right = index.counts[n - split][index.ngrams[n - split][np.searchsorted(index.positions[n - split],
                                                                                 starts + split)]]
        lowest = np.minimum(lowest, np.log(index.han_chars * whole / (left.astype(float) * right)))
    return lowest


def cohesive_ngrams(index: NGramIndex, settings: DiscoverySettings) -> pd.DataFrame:
    """The n-grams of ``min_chars`` to ``max_chars`` characters used ``min_uses`` times that neither start with a
    start character nor end with an end character, whose cohesion and neighbour entropies on both sides pass the
    settings' thresholds: term, chars, uses, cohesion, entropies. The cheap tests run first, on the fewest
    n-grams."""
    frames = []
    first, last = (np.zeros(index.alphabet + 1, dtype=bool) for _ in range(2))
    first[[index.char_codes[c] for c in settings.start_characters if c in index.char_codes]] = True
    last[[index.char_codes[c] for c in settings.end_characters if c in index.char_codes]] = True
    for n in range(settings.min_chars, settings.max_chars + 1):
        counts, firsts = index.counts[n], _first_occurrences(index, n)
        chosen = np.flatnonzero((counts >= settings.min_uses) & ~first[index.codes[firsts]]
                                & ~last[index.codes[firsts + n - 1]])
        cohesion = _cohesion(index, n, chosen)
        chosen, cohesion = chosen[cohesion >= settings.min_cohesion], cohesion[cohesion >= settings.min_cohesion]
        left, right = _neighbour_entropy(index, n, -1, chosen), _neighbour_entropy(index, n, +1, chosen)
        free = (left >= settings.min_entropy) & (right >= settings.min_entropy)
        starts = firsts[chosen[free]]
        frames.append(pd.DataFrame({"term": [index.text[s:s + n] for s in starts], "chars": n,
                                    "uses": counts[chosen[free]], "cohesion": cohesion[free].round(3),
                                    "left_entropy": left[free].round(3), "right_entropy": right[free].round(3)}))
    return pd.concat(frames, ignore_index=True)


def quoted_terms(texts: Sequence[str], settings: DiscoverySettings) -> Counter[str]:
    """Han terms of 2 to ``max_quoted_chars`` characters quoted at least ``min_quoted`` times, with how often."""
    quoted = Counter(phrase for text in texts for phrase in QUOTED.findall(text)
                     if len(phrase) <= settings.max_quoted_chars)
    return Counter({phrase: count for phrase, count in quoted.items() if count >= settings.min_quoted})


def term_hits(index: NGramIndex, terms: Sequence[str], articles: int) -> np.ndarray:
    """Articles × terms: each term's occurrences in each article (every occurrence, as ``str.count`` over Han text
    gives them unless a term overlaps itself), from the n-gram index."""
    hits = np.zeros((articles, len(terms)), dtype=np.int32)
    codes = index.codes_of(terms)
    lengths = np.array([len(term) for term in terms], dtype=np.int64)
    for n in sorted(set(lengths[codes >= 0].tolist())):
        columns = np.flatnonzero((lengths == n) & (codes >= 0))
        lookup = np.full(len(index.counts[n]), -1, dtype=np.int64)
        lookup[codes[columns]] = columns
        column = lookup[index.ngrams[n]]
        found = column >= 0
        np.add.at(hits, (index.article[index.positions[n][found]], column[found]), 1)
    return hits


def _led(term: str, known: set[str], leading: frozenset[str]) -> bool:
    """Whether ``term`` is leading words (actions: 坚定, 拥护 …) before another candidate, or nothing but them."""
    rest, longest = term, max(map(len, leading), default=0)
    while True:
        cut = next((k for k in range(min(longest, len(rest)), 0, -1) if rest[:k] in leading), 0)
        if not cut:
            return False
        rest = rest[cut:]
        if not rest or rest in known:
            return True


def _template_lines(texts: Sequence[str], longest: int) -> Counter[str]:
    """Short lines (headings such as 背景情况) and how often each is a whole line, punctuation aside."""
    lines = (re.sub(r"[^\u4e00-\u9fff]", "", line) for text in texts for line in text.splitlines())
    return Counter(line for line in lines if 0 < len(line) <= longest)


def candidates(texts: Sequence[str], quoted_texts: Sequence[str], settings: DiscoverySettings
               ) -> tuple[NGramIndex, pd.DataFrame]:
    """The n-gram index of the texts and every candidate formulation, cohesive or quoted, that passes the
    settings' filters (start and end characters, leading words, template lines, boilerplate), with its source."""
    longest = max(settings.max_chars, settings.max_quoted_chars)
    index = ngram_index(texts, settings.min_uses, longest)
    cohesive = cohesive_ngrams(index, settings).assign(source="cohesive")
    quoted = quoted_terms(quoted_texts, settings)
    table = pd.concat([cohesive, pd.DataFrame({"term": sorted(set(quoted) - set(cohesive["term"])),
                                               "source": "quoted"})], ignore_index=True)
    table.loc[table["term"].isin(quoted) & (table["source"] == "cohesive"), "source"] = "both"
    table["chars"] = table["term"].str.len()
    keep = ~table["term"].str[0].isin(settings.start_characters) & ~table["term"].str[-1].isin(settings.end_characters)
    known = set(table["term"])
    led = table["term"].map(lambda term: _led(term, known, frozenset(settings.leading_words)))
    lines = _template_lines(texts, longest)
    template = table["term"].map(lambda term: lines.get(term, 0)) * 2 >= table["uses"].fillna(0).clip(lower=1)
    boilerplate = table["term"].map(lambda term: any(re.search(p, term) for p in settings.boilerplate))
    return index, table[keep & ~led & ~template & ~boilerplate].reset_index(drop=True)


def discover_formulations(bodies: Mapping[str, str], articles: pd.DataFrame, issues: pd.DataFrame,
                          lexicon: Lexicon, settings: DiscoverySettings) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The journal's formulations, best first (``journal/emerging.csv``), the bursts of those listed, and their
    uses per article (articles × listed terms).

    ``bodies`` are the clean bodies of the counted articles, by doc_id;
    ``articles`` (indexed by doc_id) give each one's issue and author's level.
    Per candidate: uses, articles, issues, first issue, first issue by a
    provincial or local author, its strongest burst and rise, its cohesion and
    neighbour entropies, whether the registry holds it and an author's review
    (columns only: neither enters the rank).
    """
    doc_ids = list(bodies)
    stripped = [PARENTHESES.sub("\n", bodies[doc_id]) for doc_id in doc_ids]
    index, table = candidates([unquoted(text) for text in stripped], stripped, settings)
    hits = term_hits(index, table["term"].tolist(), len(doc_ids))
    del index, stripped  # the run's largest arrays: freed before the bursts are found
    table["uses"], table["articles"] = hits.sum(axis=0, dtype=np.int64), np.count_nonzero(hits, axis=0)
    table = table[(table["uses"] >= settings.min_uses) & (table["articles"] >= settings.min_articles)]
    matrix = pd.DataFrame(hits[:, table.index], index=pd.Index(doc_ids, name="doc_id"), columns=table["term"])
    del hits
    table = table.reset_index(drop=True)
    bursts = burst_table(matrix, articles["published"], issues, source="discovered")
    strongest = main_bursts(bursts)
    table["burst_start"] = table["term"].map(strongest["start"]).fillna("")
    table["burst_end"] = table["term"].map(strongest["end"]).fillna("")
    table["burst_weight"] = table["term"].map(strongest["weight"]).fillna(0.0)
    table["rise"] = table["term"].map(strongest["rise"]).fillna(0.0)
    published = articles.loc[doc_ids, "published"].to_numpy()
    local = articles.loc[doc_ids, "author_level"].isin(["provincial", "local"]).to_numpy()
    used = matrix.to_numpy() > 0
    table["issues"] = [len(set(published[used[:, column]])) for column in range(used.shape[1])]
    table["first_issue"] = [min(published[used[:, column]]) for column in range(used.shape[1])]
    table["first_local_issue"] = [min(published[used[:, column] & local], default="") for column in range(used.shape[1])]
    forms = {form: slogan.term for slogan in lexicon.slogans for form in slogan.forms}
    table["registry_term"] = [forms.get(term, "") for term in table["term"]]
    table["in_registry"] = table["registry_term"] != ""
    reviews = {review.term: review for review in lexicon.reviews}
    table["review"] = table["term"].map(lambda term: reviews[term].decision if term in reviews else "")
    table["review_note"] = table["term"].map(lambda term: reviews[term].note if term in reviews else "")
    table = table.sort_values(["burst_weight", "articles", "term"], ascending=[False, False, True], ignore_index=True)
    table["rank"] = np.arange(1, len(table) + 1)
    listed = table.head(settings.rows)
    bursts = bursts[bursts["term"].isin(set(listed["term"]))].reset_index(drop=True)
    return listed[EMERGING_COLUMNS], bursts, matrix[listed["term"].tolist()]
