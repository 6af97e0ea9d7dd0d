"""From a scraped page to a body text: drop the page chrome, keep the article.

The method is general, in the spirit of boilerplate removal such as jusText:
each line is classified by its shape (length, final punctuation, separators)
and by generic web-chrome patterns (navigation, footers, widgets). The body is
the densest run of prose lines, allowing headings between paragraphs; what
lies outside it is either metadata (title, byline, outlet) or chrome, and every
removed line is recorded with its reason for the cleaning report.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .normalize import (
    HAN,
    detect_script,
    ends_sentence,
    han_count,
    normalize_punctuation,
    normalize_spacing,
    strip_pinyin_annotations,
    to_simplified,
)

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
_PUBLICATION = re.compile(
    r"发布时间|发表时间|发布日期|更新时间|阅读量|阅读数|阅读次数|浏览量|浏览次数|点击数|点击量|访问量|访问次数"
)
_DATE_ONLY = re.compile(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(\s+\d{1,2}:\d{2}(:\d{2})?)?$")
_SEARCH = re.compile(r"(搜索|检索)\s*[:：]?$|^(站内|全文|文章)?搜索|请输入关键[字词]")
_WIDGET = re.compile(
    r"打印|纠错|扫一扫|分享到|收听本文|手机版|手机浏览|关闭窗口|返回顶部|字号|【\s*大\s*中\s*小\s*】"
    r"|\d{2}:\d{2}\s*/\s*\d{2}:\d{2}|点赞|收藏本页|加入收藏|设为首页|^\s*[×✕]\s*$"
)
_BREADCRUMB = re.compile(r"(首页|主页)\s*(->|>>|>|»|＞|›|/)|当前位置|您的位置|所在位置|^返回.{0,8}首页")
_PLACE_SUFFIX = re.compile(r"(县|市|区|省|旗|州|盟|镇|乡)$")

BYLINE = re.compile(r"^[（(]\s*(?:本文)?作者\s*(?:为|系|是|[:：])\s*(?P<role>.+?)\s*[）)]$|^(?:本文)?作者\s*[:：]\s*(?P<name>.+)$")
SOURCE = re.compile(r"^(?:来源|稿件来源|文章来源|出处)\s*[:：]\s*(?P<source>.+)$")
OUTLET_ISSUE = re.compile(r"《(?P<outlet>[^》]{2,24})》\s*(?P<year>(?:19|20)\d{2})\s*年\s*第\s*(?P<number>\d{1,2})\s*期")
DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})")
SUBTITLE = re.compile(r"^[—－-]{1,2}\s*\S")
SALUTATION = re.compile(rf"^[{HAN.pattern[1:-1]}、，, ]{{2,16}}[:：]$")
NUMBERED_HEADING = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章节部分])")
BARE_NUMERAL = re.compile(r"^[（(]?[一二三四五六七八九十\d]{1,3}[）)]?$")
COLUMN_TAG = re.compile(rf"^(?P<tag>[{HAN.pattern[1:-1]}A-Za-z]{{2,8}})\s*[|｜丨]\s*(?P<title>.+)$")
TITLE_ARTIFACT = re.compile(rf"(?<=[{HAN.pattern[1:-1]}》”])\s*\d{{1,2}}$")

MAX_GAP_LINES = 4


@dataclass(frozen=True)
class RemovedLine:
    """One line of the page that is not in the body, and why."""

    line_no: int
    text: str
    reason: str
    field: str = ""  # for reason == "metadata": which field it fed


@dataclass
class CleanedPage:
    """The body of a page, what was found about it, and what was taken out."""

    body: str
    found: dict[str, str]
    removed: list[RemovedLine]
    script: str
    pinyin_removed: int = 0
    chars_converted: int = 0
    punctuation_normalized: int = 0
    lead_hints: tuple[str, ...] = field(default_factory=tuple)

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n") if p]


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
    if _PUBLICATION.search(line) and not OUTLET_ISSUE.search(line) and not SOURCE.match(line):
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


def _title_from(line: str) -> tuple[str, str]:
    """Split a title line into ``(title, column_tag)`` and drop artifacts such as a trailing ``1``."""
    column = ""
    match = COLUMN_TAG.match(line)
    if match and han_count(match["title"]) >= 6:
        column, line = match["tag"], match["title"]
    return TITLE_ARTIFACT.sub("", line).strip(), column


def _metadata_field(line: str, found: dict[str, str]) -> str | None:
    """Record metadata from a header or footer line; return the field name it fed."""
    if (match := BYLINE.match(line)):
        if match["role"]:
            found.setdefault("author_role", match["role"].strip())
            return "author_role"
        found.setdefault("author", match["name"].strip())
        return "author"
    source = SOURCE.match(line)
    outlet = OUTLET_ISSUE.search(line)
    if outlet:
        found.setdefault("outlet", outlet["outlet"].strip())
        found.setdefault("issue", f"{outlet['year']}年第{int(outlet['number'])}期")
        found.setdefault("published", outlet["year"])
        return "outlet"
    if source:
        text = re.split(r"\s*(?:发布时间|发表时间|发布日期|时间)\s*[:：]", source["source"])[0]
        found.setdefault("outlet", text.strip(" 《》"))
        if (date := DATE.search(line)):
            found.setdefault("published", f"{date['y']}-{int(date['m']):02d}-{int(date['d']):02d}")
        return "outlet"
    if _PUBLICATION.search(line) and (date := DATE.search(line)):
        found.setdefault("posted", f"{date['y']}-{int(date['m']):02d}-{int(date['d']):02d}")
        return "posted"
    return None


def _related_blocks(lines: list[str], indices: list[int]) -> set[int]:
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


def _article_span(lines: list[str]) -> tuple[int, int] | None:
    """For an article without page chrome (title first): every line up to the byline."""
    content = [i for i, line in enumerate(lines) if line and HAN.search(line) and not BYLINE.match(line)]
    body = [i for i in content if i > content[0]] if content else []
    return (body[0], body[-1]) if body else None


def clean_page(text: str, lead_hints: tuple[str, ...] = (), page_chrome: bool = True) -> CleanedPage:
    """Clean one decoded page: pinyin, script, chrome and metadata, punctuation.

    ``text`` is the decoded page, one line per block. ``lead_hints`` carries the
    bold lead sentences of a Markdown article through to the structure analysis.
    With ``page_chrome=False`` (Markdown articles, title on the first line) the
    text is trusted to be the article: only the title and the byline are moved out.
    """
    text, pinyin_removed = strip_pinyin_annotations(text)
    script = detect_script(text)
    chars_converted = 0
    if script == "traditional":
        text, chars_converted = to_simplified(text)
        lead_hints = tuple(to_simplified(hint)[0] for hint in lead_hints)
    lines = [normalize_spacing(line) for line in text.split("\n")]
    found: dict[str, str] = {}
    removed: list[RemovedLine] = []
    span = find_body_span(lines) if page_chrome else _article_span(lines)
    if span is None:
        return CleanedPage("", found, [RemovedLine(i + 1, line, "page_header") for i, line in enumerate(lines) if line],
                           script, pinyin_removed, chars_converted, 0, lead_hints)
    first, last = span
    body_lines: list[str] = []
    for index in range(first, last + 1):
        line = lines[index]
        if not line:
            continue
        reason = chrome_reason(line) if page_chrome and not is_prose(line) else None
        if reason:
            removed.append(RemovedLine(index + 1, line, reason))
        else:
            body_lines.append(line)
    seen = Counter(body_lines)
    header = [i for i in range(first) if lines[i]]
    footer = [i for i in range(last + 1, len(lines)) if lines[i]]

    titles: list[int] = []
    for index in header:
        line = lines[index]
        reason = chrome_reason(line)
        if reason:
            if reason == "publication_info":
                _metadata_field(line, found)
            removed.append(RemovedLine(index + 1, line, reason))
        elif (name := _metadata_field(line, found)):
            removed.append(RemovedLine(index + 1, line, "metadata", name))
        elif SUBTITLE.match(line):
            found.setdefault("subtitle", line.lstrip("—－- "))
            removed.append(RemovedLine(index + 1, line, "metadata", "subtitle"))
        elif titles and 2 <= han_count(line) <= 4 and len(line.replace(" ", "")) <= 5:
            found.setdefault("author", line.replace(" ", ""))
            removed.append(RemovedLine(index + 1, line, "metadata", "author"))
        elif han_count(line) >= 6 and not ends_sentence(line):
            titles.append(index)
        else:
            removed.append(RemovedLine(index + 1, line, "page_header"))
    if titles:
        title, column = _title_from(lines[titles[-1]])
        found["title"] = title
        if column:
            found["column"] = column
        for index in titles:
            line = lines[index]
            if index == titles[-1]:
                removed.append(RemovedLine(index + 1, line, "metadata", "title"))
            elif _title_from(line)[0] == title:
                removed.append(RemovedLine(index + 1, line, "duplicate"))
            else:
                removed.append(RemovedLine(index + 1, line, "page_header"))

    related = _related_blocks(lines, footer)
    footer_seen: Counter[str] = Counter()
    for index in footer:
        line = lines[index]
        footer_seen[line] += 1
        reason = chrome_reason(line)
        if reason:
            removed.append(RemovedLine(index + 1, line, reason))
        elif (name := _metadata_field(line, found)):
            removed.append(RemovedLine(index + 1, line, "metadata", name))
        elif index in related:
            removed.append(RemovedLine(index + 1, line, "related"))
        elif footer_seen[line] > 1 or line in seen:
            removed.append(RemovedLine(index + 1, line, "duplicate"))
        else:
            removed.append(RemovedLine(index + 1, line, "page_footer"))
    removed.sort(key=lambda r: r.line_no)

    punctuation = 0
    normalized: list[str] = []
    for line in body_lines:
        line, changes = normalize_punctuation(line)
        punctuation += changes
        normalized.append(line)
    for key in ("title", "author_role", "outlet", "subtitle", "author"):
        if key in found:
            found[key] = normalize_punctuation(found[key])[0]
    return CleanedPage("\n".join(normalized), found, removed, script, pinyin_removed, chars_converted,
                       punctuation, lead_hints)
