"""Where a text's lexicon terms and compounds are: leftmost-longest, without overlaps.

Segmentation keeps these spans whole (:mod:`.segment`), and theme counting
reads them in the clean text (:mod:`analysis.measures.themes`); neither needs
the segmenter to find them, so this module does not load it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text.patterns import LiteralMatcher

_TERM_MATCHERS: dict[tuple[str, ...], LiteralMatcher] = {}


def term_matcher(terms: tuple[str, ...]) -> LiteralMatcher:
    """Leftmost-longest matcher of the lexicon terms (built once per lexicon; the segmenter's terms and the themes'
    are kept side by side)."""
    if terms not in _TERM_MATCHERS:
        if len(_TERM_MATCHERS) >= 4:
            _TERM_MATCHERS.clear()
        _TERM_MATCHERS[terms] = LiteralMatcher(terms)
    return _TERM_MATCHERS[terms]


@lru_cache(maxsize=4)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def kept_spans(paragraph: str, terms: tuple[str, ...], compounds: str = "") -> list[tuple[int, int, str]]:
    """``(start, end, text)`` of the lexicon terms and compounds of a paragraph: leftmost-longest, no overlaps."""
    spans = list(term_matcher(terms).finditer(paragraph))
    found = [(m.start(), m.end(), m.group()) for m in _compiled(compounds).finditer(paragraph)] if compounds else []
    if not found:
        return spans
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans + found, key=lambda span: (span[0], span[0] - span[1])):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept
