"""Interactive figures for the HTML book that load nothing from the network, with a static image for the PDF.

A chart from :func:`altair_figure` displays (or glues) as two formats: ``text/html``, a ``<div>`` that
vega-embed draws, the library served by the book itself (``_vendor/vega-bundle.js`` at the site's root,
written by ``scripts/build_book.py`` and loaded once per page, only on pages with such a chart); and
``image/png``, the same chart drawn by vl-convert without a browser, which the PDF (and any reader without
JavaScript) shows. Both come from one chart definition, so the two cannot disagree.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.publish import write_file

if TYPE_CHECKING:  # only for the hints: the build script reads VEGA_BUNDLE without importing altair (0.5 s)
    import altair as alt
    import pandas as pd

VEGA_BUNDLE = "_vendor/vega-bundle.js"
CJK_FONT = "Noto Sans CJK SC"
CJK_FONT_DIRECTORY = Path("/usr/share/fonts/opentype/noto")  # fonts-noto-cjk, for Chinese in vl-convert's PNG


def vega_bundle() -> str:
    """vega, vega-lite and vega-embed in one script (from vl-convert, offline), wrapped in a function: loaded as a
    classic script, its top-level ``const _`` would clash with Sphinx's own."""
    import vl_convert  # here, not at the top: 1.8 s to bundle, paid only when vl-convert's version changes

    return f"(function () {{\n{vl_convert.javascript_bundle()}\n}})();\n"


def write_vega_bundle(path: Path, stamp: Path) -> bool:
    """Write :func:`vega_bundle` to ``path`` unless it is there already from the same vl-convert (its version is kept
    in ``stamp``, outside the site); say if written."""
    from importlib.metadata import version

    wanted = version("vl-convert-python")
    if path.is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        return False
    write_file(path, vega_bundle())
    write_file(stamp, wanted)
    return True


def _loader(draw: str) -> str:
    """Load the bundle (relative to the site's root) once per page, then run ``draw``."""
    return ("<script>(function () {"
            f" var src = (document.documentElement.dataset.content_root || '') + '{VEGA_BUNDLE}';"
            f" function draw() {{ {draw} }}"
            " if (window.vegaEmbed) { draw(); return; }"
            " var s = document.querySelector('script[data-bundle=\"' + src + '\"]');"
            " if (!s) { s = document.createElement('script'); s.src = src; s.dataset.bundle = src;"
            " document.head.appendChild(s); }"
            " s.addEventListener('load', draw);"
            "})();</script>")


def load_site_script(path: str) -> str:
    """JavaScript that adds the site's script at ``path`` (relative to the site's root) to the page, once."""
    return ("var root = document.documentElement.dataset.content_root || '';"
            f" if (!document.querySelector('script[data-site-script=\"{path}\"]')) {{"
            " var s = document.createElement('script');"
            f" s.src = root + '{path}'; s.dataset.siteScript = '{path}'; document.head.appendChild(s); }}")


class InteractiveFigure:
    """An HTML chart and its PNG, as a notebook output (``_repr_mimebundle_``)."""

    def __init__(self, html: str, png: bytes):
        self.html, self.png = html, png

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/html": self.html, "image/png": base64.b64encode(self.png).decode("ascii")}


def _script_safe(text: str) -> str:
    """JSON that can sit inside a <script>: the document's own words may hold markup such as ``<script>``."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def data_table(frame: pd.DataFrame, summary: str, links: Mapping[str, Sequence[str]] | None = None) -> str:
    """``frame`` as an HTML table folded under ``summary``: what a chart shows, for a keyboard or a screen reader
    (the chart's marks take no focus). ``links`` maps a column to one URL per row: its cells link there, as a click
    on the chart's mark does, so the keyboard reaches what the mouse does. Every cell is escaped."""
    if links:
        frame = frame.copy()
        for column, urls in links.items():
            frame[column] = [f'<a href="{html.escape(url)}">{html.escape(str(cell))}</a>'
                             for cell, url in zip(frame[column], urls, strict=True)]
        escape = {column: (lambda value: html.escape(str(value))) for column in frame.columns if column not in links}
        table = frame.to_html(index=False, escape=False, formatters=escape, border=0, classes="table chart-data-table")
    else:
        table = frame.to_html(index=False, escape=True, border=0, classes="table chart-data-table")
    return (f'<details class="chart-data"><summary>{html.escape(summary)}</summary>'
            f'<div class="pst-scrollable-table-container">{table}</div></details>')


def altair_figure(chart: alt.TopLevelMixin, static: alt.TopLevelMixin | None = None,
                  scale: float = 2.0, description: str = "", table: str = "") -> InteractiveFigure:
    """An Altair chart: vega-embed in the HTML, vl-convert's PNG of ``static`` (default: the same chart) elsewhere.
    ``description`` says what the chart shows, for a screen reader (Vega's label is otherwise "Vega
    visualization"); ``table`` (see :func:`data_table`) follows the chart in the HTML. The same spec gives the
    same bytes."""
    import vl_convert

    if CJK_FONT_DIRECTORY.is_dir():
        vl_convert.register_font_directory(str(CJK_FONT_DIRECTORY))
    if description:
        chart = chart.properties(description=description)
    spec = chart.configure(font=CJK_FONT).to_dict()
    still = spec if static is None else static.configure(font=CJK_FONT).to_dict()
    text = _script_safe(json.dumps(spec, ensure_ascii=False, sort_keys=True))
    div = "vega-" + hashlib.sha1(text.encode()).hexdigest()[:12]
    html = (f'<div id="{div}" class="vega-figure"></div>'
            + _loader(f"vegaEmbed('#{div}', {text}, {{actions: false, renderer: 'svg'}});") + table)
    return InteractiveFigure(html, vl_convert.vegalite_to_png(still, scale=scale))
