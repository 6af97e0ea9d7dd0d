"""Markdown articles (the journal's format): ``# title``, ``## author``, a ``> **key**: value`` block, ``---``, body.

The header gives the metadata and the bold spans that open paragraphs are the
article's own lead sentences, kept as structure hints rather than as text.
"""

from __future__ import annotations

import re

from .headers import OUTLET_ISSUE
from .normalize import normalize_punctuation, to_simplified

_MD_META = re.compile(r"^>\s*\*\*(?P<key>[^*]+)\*\*\s*[:：]\s*(?P<value>.*?)\s*$")
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*")


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
            meta[match["key"].strip()] = match["value"].strip()
        elif stripped:
            head.append(stripped)
    else:
        body_start = 0 if "title" not in meta else len(lines)
    leads: list[str] = []
    body: list[str] = []
    for line in lines[body_start:]:
        stripped = line.strip()
        opening = re.match(r"^\*\*(.+?)\*\*", stripped)
        if opening:
            leads.append(opening.group(1).strip())
        body.append(_MD_BOLD.sub(r"\1", stripped))
    page = "\n".join(([meta["title"]] if "title" in meta else []) + body)
    return page, meta, tuple(leads)


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
