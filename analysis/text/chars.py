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

# Control (Cc, except tab and line ends) and format (Cf) characters, as of Unicode 14: invisible, yet they can
# reorder what a reader sees (U+202E), break LaTeX (U+0008) or hide in a title. Text loses them where it is read.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
SENTENCE_END = "。！？"
TERMINAL = "。！？!?…；;"  # a line ending with one of these is running text
CLOSERS = "”’」』）)》\"'"  # closing marks that may follow the sentence end
CJK_PUNCT = "，。、；：！？“”‘’（）《》〈〉【】—…·「」『』〔〕"  # marks that take no space around them
QUOTE_MARKS = "“”‘’「」『』"


def strip_invisible(text: str) -> tuple[str, int]:
    """The text without control and format characters (see ``INVISIBLE``), and how many were removed."""
    return INVISIBLE.subn("", text)


def han_count(text: str) -> int:
    """Number of Han characters, the unit for every rate in the report."""
    return sum(map(len, HAN_RUN.findall(text)))


def ends_sentence(line: str) -> bool:
    """True when the line ends with sentence-final punctuation, ignoring closing quotes."""
    stripped = line.rstrip(CLOSERS + " ")
    return bool(stripped) and stripped[-1] in TERMINAL
