"""Markdown articles (the journal's format): ``# title``, ``## author``, a ``> **key**: value`` block, ``---``, body.

The header gives the metadata and the bold spans that open paragraphs are the
article's own lead sentences, kept as structure hints rather than as text.
"""

from __future__ import annotations

import re

from .headers import OUTLET_ISSUE
from .normalize import normalize_punctuation, to_simplified

_MD_META = re.compile(r"^(?:>\s*)?\*\*(?P<key>[^*]+)\*\*\s*[:：]\s*(?P<value>.*?)\s*$")
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*")
_TAG = re.compile(r"<[^>]+>")
_ISSUE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*第\s*(?P<number>\d{1,2})\s*期")
# the journal's later header names some keys differently: 栏目 for 板块, 期次 for 年度 and 期数, 来源 for the URL
_KEY_ALIASES = {"栏目": "板块"}
ANONYMOUS = ("佚名", "本刊")
REPEATED = "repeated keys"  # the metadata entry that lists the header's keys given more than once


def header_url(text: str) -> str:
    """The article's address as its header gives it (``链接``, or ``来源`` when it is an address), or ""."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped == "---":
            break
        if (match := _MD_META.match(stripped)):
            key, value = match["key"].strip(), match["value"].strip()
            if key == "链接" or (key == "来源" and value.startswith("http")):
                return value
    return ""


def looks_like_markdown_article(text: str) -> bool:
    """A journal article in Markdown whatever its file name: a ``# title`` first, a ``> **key**: value`` metadata line
    and a ``---`` rule in its head."""
    head = [line.strip() for line in text.lstrip().splitlines()[:40]]
    return (bool(head) and head[0].startswith("# ") and "---" in head
            and any(_MD_META.match(line) for line in head[:head.index("---")]))


def parse_markdown_article(text: str) -> tuple[str, dict[str, str], tuple[str, ...]]:
    """Split a Markdown article (``# title``, ``## author``, ``> **key**: value`` block, ``---``, body).

    Returns ``(page_text, metadata, lead_sentences)``. The page text has the
    title first, then the body with ``**bold**`` marks removed; the bold spans
    that open a paragraph are returned as lead-sentence hints for the structure
    analysis instead of being kept as text.
    """
    lines = text.splitlines()
    meta: dict[str, str] = {}
    seen: set[str] = set()
    head: list[str] = []
    body_start = 0
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped == "---":
            body_start = number + 1
            break
        if stripped.startswith("# "):
            meta["title"] = stripped[2:].strip()
        elif stripped.startswith("## "):
            value = stripped[3:].strip()
            meta["subtitle" if value.startswith("——") else "author_line"] = value
        elif (match := _MD_META.match(stripped)):
            key = _KEY_ALIASES.get(match["key"].strip(), match["key"].strip())
            if key in seen:
                meta[REPEATED] = " ".join(dict.fromkeys([*meta.get(REPEATED, "").split(), key]))
            seen.add(key)
            _record(meta, match["key"].strip(), match["value"].strip())
        elif stripped:
            head.append(stripped)
    else:
        body_start = 0 if "title" not in meta else len(lines)
    leads: list[str] = []
    body: list[str] = []
    for line in lines[body_start:]:
        stripped = _TAG.sub("", line).strip()
        if stripped.startswith("#"):  # a Markdown heading: the title again, or a heading of the article
            stripped = stripped.lstrip("#").strip()
            if stripped == meta.get("title"):
                continue
        opening = re.match(r"^\*\*(.+?)\*\*", stripped)
        if opening:
            leads.append(opening.group(1).strip())
        body.append(_MD_BOLD.sub(r"\1", stripped))
    page = "\n".join(([meta["title"]] if "title" in meta else []) + body)
    return page, meta, tuple(leads)


def _record(meta: dict[str, str], key: str, value: str) -> None:
    """Keep one header field, under the name the older header uses."""
    key = _KEY_ALIASES.get(key, key)
    if key == "期次" and (issue := _ISSUE.search(value)):
        meta.setdefault("年度", f"{issue['year']}年")
        meta.setdefault("期数", f"第{int(issue['number'])}期")
        meta.setdefault("来源", f"来源：《党建研究》{issue['year']}年第{int(issue['number'])}期")
    elif key == "来源" and value.startswith("http"):
        meta.setdefault("链接", value)
    elif key == "作者" and value in ANONYMOUS:
        meta[key] = ""
    else:
        meta[key] = value


def markdown_metadata(meta: dict[str, str]) -> dict[str, str]:
    """Metadata from a Markdown article's header block (title, 作者, 板块, 来源, 链接)."""
    found: dict[str, str] = {}
    if meta.get("title"):
        found["title"] = normalize_punctuation(to_simplified(meta["title"])[0])[0]
    if (author := meta.get("作者") or meta.get("author_line", "")):
        found["author"] = author
    if meta.get("subtitle"):
        found["subtitle"] = meta["subtitle"].lstrip("—")
    if meta.get("板块"):
        found["column"] = meta["板块"]
    if (match := OUTLET_ISSUE.search(meta.get("来源", ""))):
        found["outlet"] = match["outlet"]
        found["issue"] = f"{match['year']}年第{int(match['number'])}期"
        found["published"] = match["year"]
    if meta.get("链接"):
        found["url"] = meta["链接"]
    return found
