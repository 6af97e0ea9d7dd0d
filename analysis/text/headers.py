"""Metadata in a page's header and footer lines: byline, source, outlet and issue, dates, title.

Each pattern recognises one kind of line; :func:`metadata_field` records what a
line says and names the field it fed, so the cleaning report can show where
every removed line went.
"""

from __future__ import annotations

import re

from .chars import HAN_CLASS, han_count

PUBLICATION = re.compile(
    r"发布时间|发表时间|发布日期|更新时间|阅读量|阅读数|阅读次数|浏览量|浏览次数|点击数|点击量|访问量|访问次数"
)
BYLINE = re.compile(r"^[（(]\s*(?:本文)?作者\s*(?:为|系|是|[:：])\s*(?P<role>.+?)\s*[）)]$|^(?:本文)?作者\s*[:：]\s*(?P<name>.+)$")
SOURCE = re.compile(r"^(?:来源|稿件来源|文章来源|出处)\s*[:：]\s*(?P<source>.+)$")
OUTLET_ISSUE = re.compile(r"《(?P<outlet>[^》]{2,24})》\s*(?P<year>(?:19|20)\d{2})\s*年\s*第\s*(?P<number>\d{1,2})\s*期")
DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})")
SUBTITLE = re.compile(r"^[—－-]{1,2}\s*\S")
COLUMN_TAG = re.compile(rf"^(?P<tag>[{HAN_CLASS}A-Za-z]{{2,8}})\s*[|｜丨]\s*(?P<title>.+)$")
TITLE_ARTIFACT = re.compile(rf"(?<=[{HAN_CLASS}》”])\s*\d{{1,2}}$")


def title_from(line: str) -> tuple[str, str]:
    """Split a title line into ``(title, column_tag)`` and drop artifacts such as a trailing ``1``."""
    column = ""
    match = COLUMN_TAG.match(line)
    if match and han_count(match["title"]) >= 6:
        column, line = match["tag"], match["title"]
    return TITLE_ARTIFACT.sub("", line).strip(), column


def metadata_field(line: str, found: dict[str, str]) -> str | None:
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
    if PUBLICATION.search(line) and (date := DATE.search(line)):
        found.setdefault("posted", f"{date['y']}-{int(date['m']):02d}-{int(date['d']):02d}")
        return "posted"
    return None
