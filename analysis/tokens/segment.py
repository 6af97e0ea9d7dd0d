"""Segmentation of one text: lexicon terms and compounds kept whole, rjieba between them, with jieba's tokens.

Lexicon terms overlap (新时代党的建设, 党的建设新的伟大工程), and a segmenter's
best path may split one to keep another, so lexicon terms are first matched
leftmost-longest and kept as tokens; the text between them is segmented.
两个确立 or 习近平新时代中国特色社会主义思想 therefore always stay whole.

The engine is rjieba (jieba-rs), 10–15 times faster than jieba and, with three
corrections, token for token the same (jieba stays the reference:
:mod:`.reference`, and the tests compare the two): lexicon terms get jieba's
exact frequencies and the dictionary jieba's total; text is cut into jieba's
blocks, so characters jieba treats one by one stay single; and letter-digit runs
that jieba-rs joins with ``.``, ``-`` or ``_`` (a URL) are split as jieba does.
"""

from __future__ import annotations

import re

import rjieba

from .reference import registration
from .spans import kept_spans

# jieba's own block pattern (jieba.re_han_default), with the group that keeps the separators
JIEBA_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")
SEPARATOR = re.compile(r"\r\n|.", re.S)  # between blocks jieba emits every character on its own
HMM_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")  # jieba.finalseg.re_skip: how jieba splits letters and digits
JOINERS = re.compile(r"[._-]")
WIDE = re.compile("[\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")  # Han that only jieba-rs joins
JOINED_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&%._-]*[._-][\u4E00-\u9FD5a-zA-Z0-9+#&%._-]*")
TOTAL_WORD = "\ue000"  # a private-use character, outside every block: carries the dictionary-total correction


_SEGMENTERS: dict[tuple[str, ...], rjieba.Jieba] = {}


def make_segmenter(terms: tuple[str, ...]) -> rjieba.Jieba:
    """An rjieba instance with jieba's dictionary, every registrable term at jieba's frequency, and jieba's total."""
    if terms not in _SEGMENTERS:
        freqs, correction = registration(terms)
        segmenter = rjieba.Jieba()
        for term, freq in freqs.items():
            segmenter.add_word(term, freq, None)
        segmenter.add_word(TOTAL_WORD, correction, None)
        _SEGMENTERS.clear()
        _SEGMENTERS[terms] = segmenter
    return _SEGMENTERS[terms]


def _resplit(segmenter: rjieba.Jieba, tokens: list[str]) -> list[str]:
    """Split the tokens jieba-rs joined with ``.``, ``-`` or ``_`` as jieba's HMM step does (dictionary words stay)."""
    out: list[str] = []
    for token in tokens:
        if len(token) > 1 and JOINERS.search(token) and not segmenter.has_word(token):
            out.extend(part for part in HMM_SKIP.split(token) if part)
        else:
            out.append(token)
    return out


def _cut_blocks(segmenter: rjieba.Jieba, text: str) -> list[str]:
    """jieba's cut, block by block: blocks to jieba-rs, the characters between them one by one."""
    tokens: list[str] = []
    for index, piece in enumerate(JIEBA_BLOCK.split(text)):
        if not piece:
            continue
        if index % 2:
            cut = segmenter.cut(piece)
            tokens.extend(_resplit(segmenter, cut) if JOINERS.search(piece) else cut)
        else:
            tokens.extend(SEPARATOR.findall(piece))
    return tokens


def _cut(text: str, segmenter: rjieba.Jieba) -> list[str]:
    """``jieba.lcut(text)``'s tokens from jieba-rs: whole stretches to Rust, only blocks with joiners looked at."""
    if WIDE.search(text):
        return _cut_blocks(segmenter, text)
    if not JOINERS.search(text):
        return segmenter.cut(text)
    tokens: list[str] = []
    position = 0
    for match in JOINED_BLOCK.finditer(text):
        if match.start() > position:
            tokens.extend(segmenter.cut(text[position:match.start()]))
        tokens.extend(_resplit(segmenter, segmenter.cut(match.group())))
        position = match.end()
    if position < len(text):
        tokens.extend(segmenter.cut(text[position:]))
    return tokens


def segment_paragraph(paragraph: str, terms: tuple[str, ...], compounds: str = "") -> list[str]:
    """Tokens of one paragraph: lexicon terms and compounds whole, the segmenter between them."""
    segmenter = make_segmenter(terms)
    # most texts have neither wide Han nor joiners: then every stretch goes to jieba-rs as it is
    cut = _cut if WIDE.search(paragraph) or JOINERS.search(paragraph) else lambda text, engine: engine.cut(text)
    tokens: list[str] = []
    position = 0
    for start, end, term in kept_spans(paragraph, terms, compounds):
        if start > position:
            tokens.extend(cut(paragraph[position:start], segmenter))
        tokens.append(term)
        position = end
    if position < len(paragraph):
        tokens.extend(cut(paragraph[position:], segmenter))
    return tokens


def segment_text(text: str, terms: tuple[str, ...], compounds: str = "") -> list[list[str]]:
    """Tokens of each paragraph (line) of a text; joining a paragraph's tokens gives it back.

    The text is segmented whole and split at its line breaks afterwards: a line
    break is always a token of its own (jieba never joins it to a word), and no
    lexicon term or compound spans one, so this is paragraph by paragraph, in
    one call instead of one per paragraph.
    """
    tokens = segment_paragraph(text, terms, compounds)
    paragraphs: list[list[str]] = []
    start = 0
    for _ in range(text.count("\n")):
        end = tokens.index("\n", start)  # a scan in C, not a test of every token in Python
        paragraphs.append(tokens[start:end])
        start = end + 1
    paragraphs.append(tokens[start:])
    return paragraphs
