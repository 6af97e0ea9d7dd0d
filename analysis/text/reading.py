"""Decode raw files to text: encodings, HTML pages saved as text, and Markdown articles.

Scraped pages arrive as UTF-8, UTF-8 with a BOM, UTF-16 or GB18030, and
sometimes as HTML saved with a ``.txt`` name. This module turns any of them
into plain text lines, or stops with a :class:`~analysis.errors.CorpusError`
that names the file and the fix.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import charset_normalizer

from ..errors import CorpusError
from .chars import HAN, strip_invisible
from .markdown import looks_like_markdown_article, parse_markdown_article


@dataclass(frozen=True)
class RawText:
    """A decoded file: its text, how it was decoded, and whether it was HTML or Markdown."""

    text: str
    encoding: str
    raw_bytes: int
    source_format: str = "text"  # text | html | markdown
    markdown_meta: dict[str, str] = field(default_factory=dict)
    markdown_leads: tuple[str, ...] = ()
    invisible_removed: int = 0  # control and format characters taken out where the file was read


ENCODINGS = {  # what charset-normalizer may answer for a Chinese page, and the name the report records
    "utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be", "gb18030": "gb18030", "gbk": "gb18030", "gb2312": "gb18030",
    "hz": "gb18030", "big5": "big5", "big5hkscs": "big5hkscs", "cp950": "cp950",
}
MIN_HAN_SHARE = 0.2


def decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """Return ``(text, encoding)``: a BOM decides, then UTF-8, then charset-normalizer among Chinese encodings.

    UTF-16 without a BOM, GB18030 and Big5 are recognised; anything else, or a
    decoding with too few Han characters to be a Chinese page, is refused with
    one line naming the file and the fix.
    """
    with_bom = {b"\xef\xbb\xbf": "utf-8-sig", b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16"}
    for bom, codec in with_bom.items():
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                raise CorpusError(path, f"starts with a {codec} byte-order mark but is not valid {codec}",
                                  "re-save it as UTF-8") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for match in charset_normalizer.from_bytes(data, cp_isolation=list(ENCODINGS)):
        codec = ENCODINGS.get(match.encoding)
        if codec:
            try:
                text = data.decode(match.encoding)
            except UnicodeDecodeError:
                continue
            if _han_share(text) > MIN_HAN_SHARE:
                return text, codec
    raise CorpusError(path, "cannot decode the file as UTF-8, UTF-16, GB18030 or Big5",
                      "re-save it as UTF-8 (for example: iconv -f <encoding> -t UTF-8)")


def _han_share(text: str) -> float:
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 0.0
    return sum(1 for c in visible if HAN.match(c)) / len(visible)


_HTML_MARKERS = re.compile(r"<\s*(html|body|div|p|br|span|table|head|script|a)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    """True for a page saved with its markup: several real HTML tags, not a stray ``<`` or two."""
    return len(_HTML_MARKERS.findall(text[:200_000])) >= 3


class _TextExtractor(HTMLParser):
    _BLOCK = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
              "article", "header", "footer", "nav", "ul", "ol", "table", "title", "blockquote"})
    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "iframe"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Strip tags, scripts and styles from an HTML page, one block element per line."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    return "\n".join(line.strip() for line in text.splitlines())


def read_document(path: Path) -> RawText:
    """Read and decode one document file; refuse empty files with a clear message."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CorpusError(path, "file not found", "add the file or fix the 'file' column in catalog.csv") from None
    text, encoding = decode_bytes(data, path) if data else ("", "utf-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, invisible = strip_invisible(text)
    if not text.strip():
        raise CorpusError(path, "the file is empty", "put the article's text in it or remove it and its catalog row")
    if path.suffix.lower() == ".md" or looks_like_markdown_article(text):
        page, meta, leads = parse_markdown_article(text)
        return RawText(page, encoding, len(data), "markdown", meta, leads, invisible)
    if path.suffix.lower() in (".html", ".htm") or looks_like_html(text):
        stripped = html_to_text(text)
        if not HAN.search(stripped):
            raise CorpusError(path, "an HTML page with no Chinese text after removing its tags",
                              "save the article's text instead of the page markup")
        return RawText(stripped, encoding, len(data), "html", invisible_removed=invisible)
    if not HAN.search(text):
        raise CorpusError(path, "no Chinese text found", "check that this is the article and that it is not mis-encoded")
    return RawText(text, encoding, len(data), invisible_removed=invisible)
