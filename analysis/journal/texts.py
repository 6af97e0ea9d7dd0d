"""The journal's clean texts after the reading pass, read back a batch at a time from the token cache.

The reading pass keeps no article body in memory: each batch's tokens are
stored in one pack of the token cache, and its clean bodies beside it (a
pack of tokens gives them back too, but a list of strings loads ten times
faster than a list of token lists). What needs the bodies afterwards (the
seeds' counterparts and passages, discovery's sample, the local formulas)
streams over the batches, so the memory it takes is one batch, whatever the
size of the corpus.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..engine.publish import write_file
from ..errors import CorpusError
from ..tokens.cache import Paragraphs


@dataclass(frozen=True)
class Pack:
    """One batch of the reading pass: the token-cache file that holds its tokens, and its articles in order."""

    path: Path
    doc_ids: tuple[str, ...]

    @property
    def texts(self) -> Path:
        """The file beside the pack that holds the batch's clean bodies."""
        return self.path.with_suffix(".texts")


def write_texts(pack: Pack, bodies: Sequence[str]) -> None:
    """Store a batch's clean bodies beside its pack, unless they are there already (a damaged file is replaced)."""
    bodies = list(bodies)
    try:
        if marshal.loads(pack.texts.read_bytes()) == bodies:
            return
    except (OSError, ValueError, EOFError, TypeError):
        pass
    write_file(pack.texts, marshal.dumps(bodies))


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
            yield from zip(pack.doc_ids, _read(pack.path, pack), strict=True)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        """Each article's doc_id and clean body."""
        return self._bodies(self.packs)

    def bodies(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """The clean bodies of a few articles, reading only the batches that hold them."""
        wanted = set(doc_ids)
        packs = [pack for pack in self.packs if wanted.intersection(pack.doc_ids)]
        return {doc_id: body for doc_id, body in self._bodies(packs) if doc_id in wanted}

    @staticmethod
    def _bodies(packs: Iterable[Pack]) -> Iterator[tuple[str, str]]:
        for pack in packs:
            yield from zip(pack.doc_ids, _read(pack.texts, pack), strict=True)


def _read(path: Path, pack: Pack) -> list:
    try:
        batch = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError) as error:
        raise CorpusError(path, f"the journal's batch is gone from the cache ({error.__class__.__name__})",
                          "run the analysis again (the cache was cleared while it ran)") from None
    if not (isinstance(batch, list) and len(batch) == len(pack.doc_ids)):
        raise CorpusError(path, "the journal's cached batch does not hold the articles it was written for",
                          "run the analysis again (the cache was changed while it ran)")
    return batch
