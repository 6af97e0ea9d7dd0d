"""Which lines of a scraped page are chrome, and where its body is.

The method is general, in the spirit of boilerplate removal such as jusText:
each line is classified by its shape (length, final punctuation, separators)
and by generic web-chrome patterns (navigation, footers, widgets). The body is
the densest run of prose lines, allowing headings between paragraphs.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .chars import HAN, HAN_CLASS, ends_sentence
from .chars import han_count as _han_count
from .headers import BYLINE, OUTLET_ISSUE, PUBLICATION, SOURCE

# a line is measured by several rules in turn (prose, chrome, gap): count its Han characters once
han_count = lru_cache(maxsize=4096)(_han_count)

REASONS: dict[str, str] = {
    "navigation": "navigation bar or breadcrumb",
    "search": "search box",
    "publication_info": "publication time, date stamp or view count",
    "editorial": "editor and reviewer line",
    "related": "related-articles list",
    "footer": "copyright, ICP and contact footer",
    "widget": "share, print or audio widget",
    "place_list": "SEO list of place names",
    "duplicate": "repeated line",
    "page_header": "other page header",
    "page_footer": "other page footer",
    "metadata": "metadata moved out of the body",
}

SEPARATORS = re.compile(r"\s*[|｜丨]\s*")
_LEGAL_FOOTER = re.compile(r"版权所有|Copyright|©|All Rights Reserved|ICP[备证]\d*|公网安备", re.I)
_SITE_FOOTER = re.compile(
    r"版权声明|许可证|举报电话|违法和不良信息|转载请注明|主办单位|承办单位|技术支持|备案号"
    r"|关于我们|联系我们|网站地图|投稿邮箱|联系电话|[Ee]-?mail|邮箱\s*[:：]|地址\s*[:：]|电话\s*[:：]|传真\s*[:：]|@\w+\.\w+"
)
_EDITORIAL = re.compile(
    r"^[\[【(（]?\s*(责任编辑|编辑|审核|审校|校对|签发|送签|终审|初审|复审|监制|编审|美编|责编)\s*[:：]"
)
_DATE_ONLY = re.compile(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(\s+\d{1,2}:\d{2}(:\d{2})?)?$")
_SEARCH = re.compile(r"(搜索|检索)\s*[:：]?$|^(站内|全文|文章)?搜索|请输入关键[字词]")
_WIDGET = re.compile(
    r"打印|纠错|扫一扫|分享到|收听本文|手机版|手机浏览|关闭窗口|返回顶部|字号|【\s*大\s*中\s*小\s*】"
    r"|\d{2}:\d{2}\s*/\s*\d{2}:\d{2}|点赞|收藏本页|加入收藏|设为首页|^\s*[×✕]\s*$"
)
_BREADCRUMB = re.compile(r"(首页|主页)\s*(->|>>|>|»|＞|›|/)|当前位置|您的位置|所在位置|^返回.{0,8}首页")
_PLACE_SUFFIX = re.compile(r"(县|市|区|省|旗|州|盟|镇|乡)$")

SALUTATION = re.compile(rf"^[{HAN_CLASS}、，, ]{{2,16}}[:：]$")
NUMBERED_HEADING = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章节部分])")
BARE_NUMERAL = re.compile(r"^[（(]?[一二三四五六七八九十\d]{1,3}[）)]?$")
MAX_GAP_LINES = 4


def chrome_reason(line: str) -> str | None:
    """The chrome category of a non-body line, or ``None`` if it looks like text."""
    if han_count(line) > 60 and ends_sentence(line) and line.count("|") + line.count("｜") < 2:
        return None  # long running text is never chrome, whatever words it contains
    if _LEGAL_FOOTER.search(line):
        return "footer"
    if BYLINE.match(line) or SOURCE.match(line):
        return None
    if _EDITORIAL.search(line):
        return "editorial"
    short = han_count(line) <= 40
    if (short or not ends_sentence(line)) and _SITE_FOOTER.search(line):
        return "footer"
    parts = [p for p in SEPARATORS.split(line) if p]
    if len(parts) >= 3 or (line.count("|") + line.count("｜")) >= 2:
        places = sum(1 for p in parts if len(p) <= 6 and _PLACE_SUFFIX.search(p))
        return "place_list" if len(parts) >= 5 and places >= len(parts) // 2 else "navigation"
    if _BREADCRUMB.search(line):
        return "navigation"
    if PUBLICATION.search(line) and not OUTLET_ISSUE.search(line) and not SOURCE.match(line):
        return "publication_info"
    if _DATE_ONLY.match(line):
        return "publication_info"
    if short and _SEARCH.search(line):
        return "search"
    if short and _WIDGET.search(line):
        return "widget"
    if not HAN.search(line):
        return "widget" if len(line) <= 40 else "page_footer"
    return None


def is_prose(line: str) -> bool:
    """A paragraph of running text: enough Han characters and a sentence-final mark."""
    return han_count(line) >= 15 and ends_sentence(line) and chrome_reason(line) is None


def _is_gap_line(line: str) -> bool:
    """A line allowed between two paragraphs of one body: a heading or short text, not chrome."""
    if chrome_reason(line) is not None or BYLINE.match(line) or SOURCE.match(line):
        return False
    if NUMBERED_HEADING.match(line) or BARE_NUMERAL.match(line):
        return True
    return 2 <= han_count(line) <= 80 or line.endswith(("：", ":"))


def find_body_span(lines: list[str]) -> tuple[int, int] | None:
    """Indices ``(first, last)`` of the densest run of prose lines, headings allowed between."""
    best: tuple[int, int, int] | None = None  # (score, first, last)
    first = last = -1
    score = 0
    gap: list[int] = []
    for index, line in enumerate(lines):
        if not line:
            continue
        if is_prose(line):
            if first >= 0 and len(gap) <= MAX_GAP_LINES and all(_is_gap_line(lines[g]) for g in gap):
                last = index
            else:
                first = last = index
                score = 0
            score += han_count(line)
            gap = []
            if best is None or score > best[0]:
                best = (score, first, last)
        elif first >= 0:
            gap.append(index)
    if best is None:
        return None
    _, first, last = best
    while first > 0:
        previous = first - 1
        while previous >= 0 and not lines[previous]:
            previous -= 1
        if previous >= 0 and (SALUTATION.match(lines[previous]) or NUMBERED_HEADING.match(lines[previous])):
            first = previous
        else:
            break
    return first, last


def related_blocks(lines: list[str], indices: list[int]) -> set[int]:
    """Footer lines that form a list of headlines: three or more short lines in a row."""
    related: set[int] = set()
    run: list[int] = []
    for index in [*indices, -1]:
        line = lines[index] if index >= 0 else ""
        headline = bool(line) and 4 <= han_count(line) <= 60 and not ends_sentence(line) and chrome_reason(line) is None
        if headline and not BYLINE.match(line) and not SOURCE.match(line) and not OUTLET_ISSUE.search(line):
            run.append(index)
            continue
        if len(run) >= 3:
            related.update(run)
        run = []
    return related
