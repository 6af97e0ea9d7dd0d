"""Tokens and their counts per document: what the measures read from segmentation.

:class:`Tokens` holds every token, paragraph by paragraph; :class:`TokenCounts`
only how often each token occurs per document, a fraction of the size, which is
what travels back from the workers.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain

from ..text.chars import HAN_CLASS

WORD = re.compile(f"[{HAN_CLASS}]")


def is_word(token: str, stopwords: frozenset[str] = frozenset()) -> bool:
    """Two or more characters, at least one Han, and not a stopword (see :meth:`TokenCounts.word_counts`)."""
    return token not in stopwords and _word_shaped(token)


# a token recurs in many documents: test it once. Keyed by the token alone: an equal but distinct stopword set
# (a lexicon unpickled in a worker) would be compared whole on every hit
@lru_cache(maxsize=1 << 20)
def _word_shaped(token: str) -> bool:
    return len(token) >= 2 and WORD.search(token) is not None


def count_segmented(paragraphs: list[list[str]]) -> Counter[str]:
    """Counts of every token of a segmented text."""
    return Counter(chain.from_iterable(paragraphs))


class _PerDocument:
    """Values kept per document in corpus order, looked up by ``doc_id``."""

    doc_ids: tuple[str, ...]

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {doc_id: index for index, doc_id in enumerate(self.doc_ids)}


@dataclass(frozen=True)
class Tokens(_PerDocument):
    """Tokens per document, paragraph by paragraph, in corpus order."""

    doc_ids: tuple[str, ...]
    paragraphs: tuple[list[list[str]], ...]

    def __getitem__(self, doc_id: str) -> list[list[str]]:
        return self.paragraphs[self._positions[doc_id]]

    def flat(self, doc_id: str) -> list[str]:
        """All tokens of one document, paragraphs concatenated."""
        return [token for paragraph in self[doc_id] for token in paragraph]

    def count(self) -> TokenCounts:
        """The token counts of every document (see :class:`TokenCounts`)."""
        return TokenCounts(self.doc_ids, tuple(count_segmented(paragraphs) for paragraphs in self.paragraphs))


@dataclass(frozen=True)
class TokenCounts(_PerDocument):
    """How often each token occurs per document.

    Everything the tables need from segmentation (features, the segmentation
    check), at a fraction of the size of the tokens themselves.
    """

    doc_ids: tuple[str, ...]
    documents: tuple[Counter[str], ...]

    def __getitem__(self, doc_id: str) -> Counter[str]:
        """Every token of one document with its count."""
        return self.documents[self._positions[doc_id]]

    def word_counts(self, doc_id: str, stopwords: frozenset[str] = frozenset()) -> dict[str, int]:
        """Counts of the words of one document: the unit of features.

        A word has two or more characters, one of them Han, and is not a
        stopword; single characters (党, 学) and stray Latin letters from damaged
        pages carry no distinction.
        """
        return {token: n for token, n in self[doc_id].items() if is_word(token, stopwords)}
