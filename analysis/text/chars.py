"""Character classes, defined once: Han characters (from ``zhon``), the punctuation the cleaner and the
measures reason about, and the two counts every rate in the report rests on.
"""

from __future__ import annotations

import re

from zhon import hanzi

HAN_CLASS = hanzi.characters  # the body of a regex class: CJK ideographs, extensions and compatibility forms, 〇
HAN = re.compile(f"[{HAN_CLASS}]")
HAN_RUN = re.compile(f"[{HAN_CLASS}]+")


def _ranges(character_class: str) -> tuple[tuple[int, int], ...]:
    """A regex class body of single characters and ``a-b`` ranges as code-point intervals."""
    ranges, index = [], 0
    while index < len(character_class):
        first = character_class[index]
        if index + 2 < len(character_class) and character_class[index + 1] == "-":
            ranges.append((ord(first), ord(character_class[index + 2])))
            index += 3
        else:
            ranges.append((ord(first), ord(first)))
            index += 1
    return tuple(ranges)


HAN_RANGES = _ranges(HAN_CLASS)  # the same class as code points, for vectorised tests (text reuse)

TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
SENTENCE_END = "。！？"
TERMINAL = "。！？!?…；;"  # a line ending with one of these is running text
CLOSERS = "”’」』）)》\"'"  # closing marks that may follow the sentence end
CJK_PUNCT = "，。、；：！？“”‘’（）《》〈〉【】—…·「」『』〔〕"  # marks that take no space around them
QUOTE_MARKS = "“”‘’「」『』"


def han_count(text: str) -> int:
    """Number of Han characters, the unit for every rate in the report."""
    return sum(map(len, HAN_RUN.findall(text)))


def ends_sentence(line: str) -> bool:
    """True when the line ends with sentence-final punctuation, ignoring closing quotes."""
    stripped = line.rstrip(CLOSERS + " ")
    return bool(stripped) and stripped[-1] in TERMINAL
