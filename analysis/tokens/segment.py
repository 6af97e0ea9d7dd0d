"""Segmentation of one text: lexicon terms and compounds kept whole, jieba between them.

jieba is the segmenter, with every lexicon term registered. Lexicon terms
overlap (新时代党的建设, 党的建设新的伟大工程), and jieba's best path may
split one to keep another, so lexicon terms are first matched leftmost-longest
and kept as tokens; jieba segments the text between them. 两个确立 or
习近平新时代中国特色社会主义思想 therefore always stay whole.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import re
import sys

from ..paths import cache_dir
from ..text.patterns import LiteralMatcher

# jieba's own pattern for what can be one token; a term outside it is split by design.
JIEBA_TOKEN = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%-]+$")
# jieba's own block pattern (jieba.re_han_default), with the group that keeps the separators
JIEBA_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")


def registrable(term: str) -> bool:
    """Whether jieba can keep a term as one token (no quotes, dots or other punctuation)."""
    return bool(JIEBA_TOKEN.match(term))


_TOKENIZERS: dict[tuple[str, ...], object] = {}
_TERM_MATCHERS: dict[tuple[str, ...], LiteralMatcher] = {}


def term_matcher(terms: tuple[str, ...]) -> LiteralMatcher:
    """Leftmost-longest matcher of the lexicon terms (built once per lexicon)."""
    if terms not in _TERM_MATCHERS:
        _TERM_MATCHERS.clear()
        _TERM_MATCHERS[terms] = LiteralMatcher(terms)
    return _TERM_MATCHERS[terms]


def make_tokenizer(terms: tuple[str, ...]):
    """A quiet jieba tokenizer with every registrable term added as a high-frequency word."""
    if terms in _TOKENIZERS:
        return _TOKENIZERS[terms]
    import jieba  # here, not at the top: 0.2 s that a run with every table cached never pays

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    _initialize(tokenizer)
    for term in terms:
        if registrable(term):
            tokenizer.add_word(term, freq=max(tokenizer.suggest_freq(term, tune=False), 10_000))
    _TOKENIZERS.clear()
    _BLOCKS.clear()
    _TOKENIZERS[terms] = tokenizer
    return tokenizer


def _initialize(tokenizer) -> None:
    """``tokenizer.initialize()`` with jieba's dictionary cache in the project's cache folder, checked and read whole.

    jieba keeps the cache in ``$TMPDIR`` by default, where anyone on the machine
    could plant one; here it lives under :func:`analysis.paths.cache_dir` with
    its SHA-256 beside it, and an entry that does not match is rebuilt (one
    warning line). Unmarshalling the bytes from memory takes 0.2 s where jieba's
    read from the open file takes 0.7 s, and every segmentation worker pays it.
    """
    import jieba  # see make_tokenizer

    folder = cache_dir() / "jieba"
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer.tmp_dir = str(folder)
    if tokenizer.dictionary != jieba.DEFAULT_DICT or tokenizer.cache_file is not None:
        tokenizer.initialize()
        return
    cache, digest = folder / "jieba.cache", folder / "jieba.cache.sha256"  # jieba's name for the default dictionary
    if cache.is_file():
        data = cache.read_bytes()
        recorded = digest.read_text(encoding="ascii").strip() if digest.is_file() else ""
        if recorded == hashlib.sha256(data).hexdigest():
            tokenizer.FREQ, tokenizer.total = marshal.loads(data)
            tokenizer.initialized = True
            return
        if recorded:
            print(f"warning: {cache}: jieba's dictionary cache does not match its hash — rebuilding it", file=sys.stderr)
        cache.unlink(missing_ok=True)
    tokenizer.initialize()  # reads the dictionary and writes the cache into tmp_dir
    if cache.is_file():
        temporary = digest.with_name(f".{digest.name}.{os.getpid()}")
        temporary.write_text(hashlib.sha256(cache.read_bytes()).hexdigest() + "\n", encoding="ascii")
        os.replace(temporary, digest)


_BLOCKS: dict[str, list[str]] = {}  # jieba's tokens of each block seen, for the current tokenizer
MAX_BLOCKS = 1_000_000


def _cut(text: str, tokenizer) -> list[str]:
    """``tokenizer.lcut(text)``, one block at a time, each distinct block segmented once.

    jieba splits a text into blocks (runs of Han characters, letters and digits)
    and segments each on its own, so cutting block by block gives the same
    tokens. A fifth of the characters of a corpus like djyj lie in blocks that
    recur (stock clauses), and those are not segmented again.
    """
    tokens: list[str] = []
    for block in JIEBA_BLOCK.split(text):
        if block:
            cut = _BLOCKS.get(block)
            if cut is None:
                if len(_BLOCKS) >= MAX_BLOCKS:
                    _BLOCKS.clear()
                cut = _BLOCKS[block] = tokenizer.lcut(block)
            tokens.extend(cut)
    return tokens


def kept_spans(paragraph: str, terms: tuple[str, ...], compounds: str = "") -> list[tuple[int, int, str]]:
    """``(start, end, text)`` of the lexicon terms and compounds of a paragraph: leftmost-longest, no overlaps."""
    spans = list(term_matcher(terms).finditer(paragraph))
    found = [(m.start(), m.end(), m.group()) for m in re.finditer(compounds, paragraph)] if compounds else []
    if not found:
        return spans
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans + found, key=lambda span: (span[0], span[0] - span[1])):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def segment_paragraph(paragraph: str, terms: tuple[str, ...], compounds: str = "") -> list[str]:
    """Tokens of one paragraph: lexicon terms and compounds whole, jieba between them."""
    tokenizer = make_tokenizer(terms)
    tokens: list[str] = []
    position = 0
    for start, end, term in kept_spans(paragraph, terms, compounds):
        if start > position:
            tokens.extend(_cut(paragraph[position:start], tokenizer))
        tokens.append(term)
        position = end
    if position < len(paragraph):
        tokens.extend(_cut(paragraph[position:], tokenizer))
    return tokens


def segment_text(text: str, terms: tuple[str, ...], compounds: str = "") -> list[list[str]]:
    """Tokens of each paragraph (line) of a text; joining a paragraph's tokens gives it back."""
    return [segment_paragraph(paragraph, terms, compounds) for paragraph in text.split("\n")]
