"""Bibliography entries as list items: docutils gives each entry of a citation list the role ``doc-biblioentry``,
which DPUB-ARIA 1.1 deprecates, so the ``role="list"`` around them holds no list item. axe-core reports both
(aria-required-children, critical, and aria-deprecated-role); screen readers announce a list of nothing."""

from __future__ import annotations

from sphinx.application import Sphinx

DEPRECATED = 'role="doc-biblioentry"'


def _list_items(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    body = context.get("body")
    if isinstance(body, str) and DEPRECATED in body:
        context["body"] = body.replace(DEPRECATED, 'role="listitem"')


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("html-page-context", _list_items)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
