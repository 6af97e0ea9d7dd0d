"""The token cache: each segmented text on disk, under a key made of the text, the lexicon and the segmenter.

An entry is trusted only after it is checked: it must parse, and its tokens,
joined, must give back the text's paragraphs (the key is the text's hash, so
this catches a truncated, corrupt or foreign file). A bad entry is reported in
one warning line and segmented again.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from ..engine.publish import write_file
from ..lexicon import Lexicon

SEGMENTER_VERSION = "4"  # 3: rjieba with jieba's tokens; 4: entries in marshal format
Paragraphs = list[list[str]]


class TokenCache:
    """Segmented texts under ``root/tokens``, one file per distinct text (Python's marshal format: five times faster
    to write and read than JSON, and loading it runs no code)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root) / "tokens"

    @staticmethod
    def key(text: str, lexicon: Lexicon) -> str:
        """The entry's name: a hash of the segmenter's version, rjieba's and jieba's, what of the lexicon segmentation
        reads (:attr:`~analysis.lexicon.Lexicon.segmentation_key`) and the text."""
        digest = hashlib.sha256()
        for part in (SEGMENTER_VERSION, *_ENGINE_VERSIONS, lexicon.segmentation_key, text):
            digest.update(part.encode("utf-8") + b"\0")
        return digest.hexdigest()

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.tokens"

    def read(self, key: str, text: str) -> Paragraphs | None:
        """The cached tokens of ``text``, or None (with a warning) when the entry is missing or does not match."""
        path = self.path(key)
        if (paragraphs := _load(path)) is _ABSENT:
            return None
        if not _tokens_of(paragraphs, text):
            return _stale(path, "its tokens do not give back the text")
        return paragraphs

    def write(self, key: str, paragraphs: Paragraphs) -> None:
        """Store one text's tokens (atomically: a reader sees the whole entry or none)."""
        write_file(self.path(key), marshal.dumps(paragraphs))

    def pack_path(self, keys: Sequence[str]) -> Path:
        """Where the tokens of a batch of texts are stored together (see :meth:`write_pack`)."""
        digest = hashlib.sha256("\n".join(keys).encode("ascii")).hexdigest()
        return self.root / "packs" / f"{digest}.tokens"

    def read_pack(self, keys: Sequence[str], texts: Sequence[str]) -> list[Paragraphs] | None:
        """The cached tokens of a batch of texts stored by :meth:`write_pack`, or None (with a warning when the
        pack is there but unreadable, or any of its entries does not give back its text)."""
        path = self.pack_path(keys)
        if (batch := _load(path)) is _ABSENT:
            return None
        if not (isinstance(batch, list) and len(batch) == len(texts)
                and all(_tokens_of(paragraphs, text) for paragraphs, text in zip(batch, texts, strict=True))):
            return _stale(path, "its tokens do not give back the texts")
        return batch

    def write_pack(self, keys: Sequence[str], batch: Sequence[Paragraphs]) -> None:
        """Store the tokens of a batch of texts in one file: for a corpus read in fixed batches (the journal), one
        write per batch instead of one per text, which costs more than segmenting it."""
        write_file(self.pack_path(keys), marshal.dumps(list(batch)))


_ABSENT = object()  # no usable file: missing, or unreadable (then with a warning)


def _load(path: Path) -> object:
    """The object marshalled in ``path``, or ``_ABSENT``."""
    try:
        return marshal.loads(path.read_bytes())
    except FileNotFoundError:
        return _ABSENT
    except (OSError, ValueError, EOFError, TypeError) as error:
        _stale(path, f"unreadable ({error.__class__.__name__})")
        return _ABSENT


_ENGINE_VERSIONS = (version("jieba"), version("rjieba"))


def _tokens_of(paragraphs: object, text: str) -> bool:
    """Whether ``paragraphs`` is a list of token lists that joins back to ``text``, paragraph by paragraph."""
    lines = text.split("\n")
    return (isinstance(paragraphs, list) and len(paragraphs) == len(lines)
            and all(isinstance(tokens, list) and all(isinstance(t, str) for t in tokens) and "".join(tokens) == line
                    for tokens, line in zip(paragraphs, lines, strict=True)))


def _stale(path: Path, problem: str) -> None:
    print(f"warning: {path}: token cache entry {problem} — segmenting the text again", file=sys.stderr)
    return None
