"""The journal's clean texts after the reading pass, read back a batch at a time from the token cache.

The reading pass keeps no article body in memory: each batch's tokens are
stored in one pack of the token cache, and a pack gives its texts back exactly
(a paragraph is its tokens joined). What needs the bodies afterwards (the
seeds' counterparts and passages, discovery's sample, the local formulas)
streams over the packs, so the memory it takes is one batch, whatever the
size of the corpus.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import CorpusError
from ..tokens.cache import Paragraphs


@dataclass(frozen=True)
class Pack:
    """One batch of the reading pass: the token-cache file that holds its tokens, and its articles in order."""

    path: Path
    doc_ids: tuple[str, ...]


def joined(paragraphs: Paragraphs) -> str:
    """A text from its tokens: what segmentation split, put back together."""
    return "\n".join("".join(tokens) for tokens in paragraphs)


@dataclass(frozen=True)
class ArticleTexts:
    """The clean bodies and tokens of a journal's articles, pack by pack, in corpus order."""

    packs: tuple[Pack, ...]

    @property
    def doc_ids(self) -> list[str]:
        return [doc_id for pack in self.packs for doc_id in pack.doc_ids]

    def tokens(self, packs: Iterable[Pack] | None = None) -> Iterator[tuple[str, Paragraphs]]:
        """Each article's doc_id and its tokens (paragraphs of words), one pack in memory at a time."""
        for pack in self.packs if packs is None else packs:
            yield from zip(pack.doc_ids, _read(pack), strict=True)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        """Each article's doc_id and clean body."""
        return ((doc_id, joined(paragraphs)) for doc_id, paragraphs in self.tokens())

    def bodies(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """The clean bodies of a few articles, reading only the packs that hold them."""
        wanted = set(doc_ids)
        packs = [pack for pack in self.packs if wanted.intersection(pack.doc_ids)]
        return {doc_id: joined(paragraphs) for doc_id, paragraphs in self.tokens(packs) if doc_id in wanted}


def _read(pack: Pack) -> list[Paragraphs]:
    try:
        batch = marshal.loads(pack.path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError) as error:
        raise CorpusError(pack.path, f"the journal's tokens are gone from the cache ({error.__class__.__name__})",
                          "run the analysis again (the cache was cleared while it ran)") from None
    if not (isinstance(batch, list) and len(batch) == len(pack.doc_ids)):
        raise CorpusError(pack.path, "the journal's token pack does not hold the batch it was written for",
                          "run the analysis again (the cache was changed while it ran)")
    return batch
