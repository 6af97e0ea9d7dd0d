"""From a decoded page to a body text: normalise the characters, drop the page chrome, keep the article.

What lies outside the body (see :mod:`.chrome`) is either metadata (title,
byline, outlet: :mod:`.headers`) or chrome, and every removed line is recorded
with its reason for the cleaning report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .attribution import is_author_line
from .chars import HAN, ends_sentence, han_count
from .chrome import chrome_reason, find_body_span, is_prose, related_blocks
from .headers import BYLINE, SUBTITLE, metadata_field, title_from
from .markdown import markdown_metadata
from .normalize import (
    detect_script,
    normalize_lines,
    normalize_punctuation,
    strip_pinyin_annotations,
    to_simplified,
)
from .reading import RawText


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


def _article_span(lines: list[str]) -> tuple[int, int] | None:
    """For an article without page chrome (title first): every line up to the byline."""
    content = [i for i, line in enumerate(lines) if line and HAN.search(line) and not BYLINE.match(line)
               and not is_author_line(line)]
    body = [i for i in content if i > content[0]] if content else []
    return (body[0], body[-1]) if body else None


def _body(lines: list[str], first: int, last: int, page_chrome: bool,
          removed: list[RemovedLine]) -> list[str]:
    """The lines of the body span, minus chrome lines inside it (recorded in ``removed``)."""
    body: list[str] = []
    for index in range(first, last + 1):
        line = lines[index]
        if not line:
            continue
        reason = chrome_reason(line) if page_chrome and not is_prose(line) else None
        if reason:
            removed.append(RemovedLine(index + 1, line, reason))
        else:
            body.append(line)
    return body


def _header(lines: list[str], indices: list[int], found: dict[str, str], removed: list[RemovedLine]) -> None:
    """Sort the lines above the body into chrome, metadata and title candidates; the last candidate is the title."""
    titles: list[int] = []
    for index in indices:
        line = lines[index]
        reason = chrome_reason(line)
        if reason:
            if reason == "publication_info":
                metadata_field(line, found)
            removed.append(RemovedLine(index + 1, line, reason))
        elif (name := metadata_field(line, found)):
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
    if not titles:
        return
    title, column = title_from(lines[titles[-1]])
    found["title"] = title
    if column:
        found["column"] = column
    for index in titles:
        line = lines[index]
        if index == titles[-1]:
            removed.append(RemovedLine(index + 1, line, "metadata", "title"))
        elif title_from(line)[0] == title:
            removed.append(RemovedLine(index + 1, line, "duplicate"))
        else:
            removed.append(RemovedLine(index + 1, line, "page_header"))


def _footer(lines: list[str], indices: list[int], body: list[str], found: dict[str, str],
            removed: list[RemovedLine]) -> None:
    """Sort the lines below the body into chrome, metadata, related-article lists and repeats."""
    related = related_blocks(lines, indices)
    in_body = Counter(body)
    seen: Counter[str] = Counter()
    for index in indices:
        line = lines[index]
        seen[line] += 1
        reason = chrome_reason(line)
        if reason:
            removed.append(RemovedLine(index + 1, line, reason))
        elif (name := metadata_field(line, found)):
            removed.append(RemovedLine(index + 1, line, "metadata", name))
        elif index in related:
            removed.append(RemovedLine(index + 1, line, "related"))
        elif seen[line] > 1 or line in in_body:
            removed.append(RemovedLine(index + 1, line, "duplicate"))
        else:
            removed.append(RemovedLine(index + 1, line, "page_footer"))


@dataclass(frozen=True)
class PreparedText:
    """A decoded page with its characters normalised (pinyin notes out, simplified script, plain spaces), split
    into lines: what both readings of a page start from (:func:`clean_prepared`, :func:`page_body_lines`)."""

    lines: list[str]
    script: str
    pinyin_removed: int
    chars_converted: int
    lead_hints: tuple[str, ...]


def prepare_text(text: str, lead_hints: tuple[str, ...] = ()) -> PreparedText:
    """Strip pinyin annotations, convert traditional script, normalise spaces; split into lines."""
    text, pinyin_removed = strip_pinyin_annotations(text)
    script = detect_script(text)
    chars_converted = 0
    if script == "traditional":
        text, chars_converted = to_simplified(text)
        lead_hints = tuple(to_simplified(hint)[0] for hint in lead_hints)
    return PreparedText(normalize_lines(text), script, pinyin_removed, chars_converted, lead_hints)


def page_body_lines(prepared: PreparedText) -> list[str]:
    """The body lines :func:`clean_page` keeps when it reads the text as a scraped page (before punctuation is
    normalised), without sorting the other lines: for checking the cleaner on text known to be all body."""
    span = find_body_span(prepared.lines)
    return _body(prepared.lines, span[0], span[1], True, []) if span else []


def clean_page(text: str, lead_hints: tuple[str, ...] = (), page_chrome: bool = True) -> CleanedPage:
    """Clean one decoded page: pinyin, script, chrome and metadata, punctuation.

    ``text`` is the decoded page, one line per block. ``lead_hints`` carries the
    bold lead sentences of a Markdown article through to the structure analysis.
    With ``page_chrome=False`` (Markdown articles, title on the first line) the
    text is trusted to be the article: only the title and the byline are moved out.
    """
    return clean_prepared(prepare_text(text, lead_hints), page_chrome)


def clean_prepared(prepared: PreparedText, page_chrome: bool = True) -> CleanedPage:
    """:func:`clean_page` on a text already prepared by :func:`prepare_text`."""
    lines, script, pinyin_removed = prepared.lines, prepared.script, prepared.pinyin_removed
    chars_converted, lead_hints = prepared.chars_converted, prepared.lead_hints
    found: dict[str, str] = {}
    removed: list[RemovedLine] = []
    span = find_body_span(lines) if page_chrome else _article_span(lines)
    if span is None:
        return CleanedPage("", found, [RemovedLine(i + 1, line, "page_header") for i, line in enumerate(lines) if line],
                           script, pinyin_removed, chars_converted, 0, lead_hints)
    first, last = span
    body = _body(lines, first, last, page_chrome, removed)
    _header(lines, [i for i in range(first) if lines[i]], found, removed)
    _footer(lines, [i for i in range(last + 1, len(lines)) if lines[i]], body, found, removed)
    removed.sort(key=lambda r: r.line_no)

    punctuation = 0
    normalized: list[str] = []
    for line in body:
        line, changes = normalize_punctuation(line)
        punctuation += changes
        normalized.append(line)
    for key in ("title", "author_role", "outlet", "subtitle", "author"):
        if key in found:
            found[key] = normalize_punctuation(found[key])[0]
    return CleanedPage("\n".join(normalized), found, removed, script, pinyin_removed, chars_converted,
                       punctuation, lead_hints)


def clean_raw(raw: RawText, prepared: PreparedText | None = None) -> CleanedPage:
    """Clean a decoded file: a scraped page loses its chrome; a Markdown article keeps its text and header metadata.
    ``prepared`` is the file's text already through :func:`prepare_text` (with its Markdown leads), if at hand."""
    page = clean_prepared(prepared or prepare_text(raw.text, raw.markdown_leads),
                          page_chrome=raw.source_format != "markdown")
    if raw.source_format == "markdown":
        page.found.update(markdown_metadata(raw.markdown_meta))
    return page
