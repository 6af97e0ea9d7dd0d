"""Character-level normalisation: inline pinyin, traditional script, punctuation, spacing.

Each function returns the new text and how many changes it made, so that the
cleaning report can say what was converted in every document.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from functools import lru_cache

import opencc

from .chars import CJK_PUNCT, HAN, HAN_CLASS, HAN_RUN, TONE_VOWELS

# A parenthesised run of lowercase pinyin with at least one tone mark, glued to a Han
# character: 機(jī)關(guān). Parentheses holding Han text, digits or capitals are real ones.
PINYIN_NOTE = re.compile(
    rf"[(（](?<=[{HAN_CLASS}][(（])(?=[^()（）]*[{TONE_VOWELS}])"  # the bracket first: the scan can look for it alone
    rf"[a-zü{TONE_VOWELS}]{{1,7}}(?:[ '][a-zü{TONE_VOWELS}]{{1,7}}){{0,3}}[)）]"
)

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}


def strip_pinyin_annotations(text: str) -> tuple[str, int]:
    """Remove inline pinyin such as ``(jī)`` after a Han character; keep real parentheses."""
    return PINYIN_NOTE.subn("", text)


@lru_cache(maxsize=2)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


SCRIPT_SAMPLE = 5_000  # Han characters: enough to tell the script, and a long article is not converted twice


def traditional_share(text: str) -> float:
    """Share of Han characters that OpenCC ``t2s`` would change (among the first 5,000): ~0 for simplified text."""
    han = "".join(HAN_RUN.findall(text[: SCRIPT_SAMPLE * 2]))[:SCRIPT_SAMPLE]
    if not han:
        return 0.0
    converted = _converter("t2s").convert(han)
    if converted == han:
        return 0.0
    if len(converted) != len(han):
        return 1.0
    return sum(map(operator.ne, han, converted)) / len(han)


def detect_script(text: str, threshold: float = 0.03) -> str:
    """``traditional`` when more than ``threshold`` of Han characters are traditional forms."""
    return "traditional" if traditional_share(text) > threshold else "simplified"


# Traditional 著 is both 著 (著作, 显著) and the verbal 着 (着力, 沿着); OpenCC t2s keeps 著 for both.
ZHE_AS_ZHUO = re.compile(
    r"著(?=[力眼手重想实落陆装急迷凉])|(?<=[沿随味负带有向朝绕围本看接紧顺照冲对靠跟凭藉])著(?![作名称述录])"
)


def to_simplified(text: str) -> tuple[str, int]:
    """Convert with OpenCC ``t2s``; return the text and the number of characters changed."""
    converted = ZHE_AS_ZHUO.sub("着", _converter("t2s").convert(text))
    changed = abs(len(converted) - len(text)) + sum(1 for a, b in zip(text, converted, strict=False) if a != b)
    return converted, changed


_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_RUN_OF_SPACES = re.compile(" {2,}")


def normalize_lines(text: str) -> list[str]:
    """The text's lines with exotic spaces turned into one ASCII space, zero-width marks dropped, and each line
    stripped (the substitutions run once over the whole text: none of them touches a line break)."""
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    return [line.strip() for line in _RUN_OF_SPACES.sub(" ", text).split("\n")]


def _is_cjk(ch: str) -> bool:
    return bool(ch) and (bool(HAN.match(ch)) or ch in CJK_PUNCT)


def _neighbour(text: str, index: int, step: int) -> str:
    index += step
    while 0 <= index < len(text) and text[index] == " ":
        index += step
    return text[index] if 0 <= index < len(text) else ""


_NEEDS_WORK = re.compile('[,;:!?()" \uff10-\uff19\uff21-\uff3a\uff41-\uff5a]')  # full-width digits and letters
_SPACE_AT_PUNCT = re.compile(rf" +(?=[{re.escape(CJK_PUNCT)}])|(?<=[{re.escape(CJK_PUNCT)}]) +")


def normalize_punctuation(line: str) -> tuple[str, int]:
    """Use full-width Chinese punctuation throughout one line of Chinese text.

    Half-width ``, ; : ! ?`` next to Chinese text become full-width; ``( )`` pairs
    that enclose Han text become ``（ ）``; straight double quotes become
    alternating ``“ ”``; full-width digits and Latin letters become ASCII; spaces
    next to full-width punctuation are dropped. Numbers such as ``1,000`` or
    ``00:00`` are left alone.
    """
    if not _NEEDS_WORK.search(line):  # most lines of a clean article: nothing to change
        return line, 0
    changes = 0
    chars = list(line)
    for i, ch in enumerate(chars):
        if ch in _HALF_TO_FULL and (_is_cjk(_neighbour(line, i, -1)) or _is_cjk(_neighbour(line, i, 1))):
            chars[i] = _HALF_TO_FULL[ch]
            changes += 1
        elif "\uff10" <= ch <= "\uff5a" and ch.isalnum():
            chars[i] = unicodedata.normalize("NFKC", ch)
            changes += 1
    stack: list[int] = []
    for i, ch in enumerate(chars):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            start = stack.pop()
            if HAN.search("".join(chars[start + 1 : i])):
                chars[start], chars[i] = "（", "）"
                changes += 2
    opening = True
    for i, ch in enumerate(chars):
        if ch == '"':
            chars[i] = "“" if opening else "”"
            opening = not opening
            changes += 1
    text = "".join(chars)
    return _SPACE_AT_PUNCT.sub("", text), changes


# Leftovers of broken encodings: replacement characters, or pinyin that lost its parentheses.
SUSPECT = re.compile(rf"\ufffd+|[a-zü]*[{TONE_VOWELS}][a-zü{TONE_VOWELS}]*[)）]?")


SUSPECT_MARK = re.compile(rf"[\ufffd{TONE_VOWELS}]")


def suspect_spans(text: str, context: int = 4) -> list[str]:
    """Damaged spans left in a text (with a little context), for the cleaning report."""
    if not SUSPECT_MARK.search(text):  # most texts have none; SUSPECT itself would try every position
        return []
    return [text[max(0, m.start() - context) : m.end() + context] for m in SUSPECT.finditer(text)]
