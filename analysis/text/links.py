"""Web addresses found in the corpus, checked before any page links to them.

A corpus is scraped by its users, so an address is data from outside: one that
is not a plain http(s) address would otherwise become live markup in a chapter
(a ``)`` closes a Markdown link; ``<img onerror=…>`` runs in the browser).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?")
UNSAFE = re.compile(r"[\s\"'<>()\[\]{}\\`^|]|[\x00-\x1f\x7f]")
SAFE_PATH = "/%:@!$&*+,;=-._~"
SAFE_QUERY = SAFE_PATH + "?"


def checked_url(text: str) -> str:
    """``text`` as a safe web address, or "" when it is not one: the scheme is http or https, the host a plain host
    name, and no space, quote, bracket, angle bracket or control character appears anywhere. What remains is
    percent-encoded (a Chinese path included), so it can stand in Markdown, HTML and LaTeX as it is."""
    text = text.strip()
    if not text or UNSAFE.search(text):
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    host = parts.netloc.lower()
    if parts.scheme.lower() not in ("http", "https") or not HOST.fullmatch(host):
        return ""
    return urlunsplit((parts.scheme.lower(), host, quote(parts.path, safe=SAFE_PATH),
                       quote(parts.query, safe=SAFE_QUERY), quote(parts.fragment, safe=SAFE_QUERY)))
