"""Leftmost-longest matching of many literal words (lexicon terms, slogan forms, candidates).

An Aho–Corasick automaton finds thousands of words in one pass over a text;
leftmost-longest semantics make an expanded form win over the short form it
contains (党的建设新的伟大工程 over 新的伟大工程).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import ahocorasick_rs


class LiteralMatcher:
    """Find non-overlapping occurrences of any of ``words``, leftmost-longest."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = tuple(sorted({w for w in words if w}))
        self._automaton = (ahocorasick_rs.AhoCorasick(self.words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
                           if self.words else None)
        self._all = ahocorasick_rs.AhoCorasick(self.words) if self.words else None

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """``(start, end, word)`` for each match, in text order (character offsets)."""
        if self._automaton is None:
            return iter(())
        return ((start, end, self.words[index]) for index, start, end in self._automaton.find_matches_as_indexes(text))

    def findall(self, text: str) -> list[str]:
        return [word for _, _, word in self.finditer(text)]

    def finditer_overlapping(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, word)`` for every occurrence of every word, nested and overlapping ones included."""
        if self._all is None:
            return []
        return [(start, end, self.words[index]) for index, start, end in
                self._all.find_matches_as_indexes(text, overlapping=True)]

    def findall_overlapping(self, text: str) -> list[str]:
        """Every occurrence of every word, nested and overlapping ones included (like ``str.count`` per word)."""
        if self._all is None:
            return []
        return [self.words[index] for index, _, _ in self._all.find_matches_as_indexes(text, overlapping=True)]

    def fullmatch(self, text: str) -> str | None:
        """The word that spans all of ``text``, if any."""
        found = list(self.finditer(text))
        return found[0][2] if len(found) == 1 and found[0][:2] == (0, len(text)) else None
