"""MyST helpers for the chapters: safe Markdown tables and glued numbers, words and figures.

Document text is scraped from the web, so everything that shows it goes
through :func:`escape_markdown`: every ASCII punctuation mark is backslash-
escaped, so ``<script>``, ``{glue}``, ``$math$`` or ``|`` read as literal text
in HTML and PDF alike.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

import pandas as pd
from IPython.display import Image, Markdown
from myst_nb import glue

ASCII_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~^&:;\"'=%@/?,])")


def escape_markdown(text: object) -> str:
    """Text safe to place in Markdown/MyST: punctuation escaped, line breaks flattened."""
    flat = " ".join(str(text).split())
    return ASCII_PUNCTUATION.sub(r"\\\1", flat)


URL = re.compile(r"https?://[^\s<>]+")
LATIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:;'’%()/-]*")


def _column_width(texts: list[str]) -> int:
    """A column's share of the table's width: enough for its longest Latin word (which cannot break) and its
    padding, up to 32 for long text; a Han character counts as two Latin ones."""
    word = max((len(w) for text in texts for w in LATIN_WORD.findall(text) if not URL.fullmatch(w)), default=0)
    longest = max((len(text) + sum(1 for c in text if ord(c) > 0x2E7F) for text in texts), default=0)
    return round(max(5, 1.3 * word + 4, min(32, longest)))


def markdown_table(frame: pd.DataFrame, escape: bool = True, decimals: int | Mapping[str, int] = 1,
                   empty: str = "No rows in this corpus.", caption: str = ""):
    """A DataFrame as a MyST ``list-table`` with a numbered caption and proportional column widths.

    The widths make LaTeX wrap long cells inside the page (a plain Markdown table
    becomes a ``longtable`` whose columns never wrap); HTML gets an ordinary table.
    Numbers are rounded to ``decimals`` (or, per column, to ``decimals[column]``, 1 for a column it does not
    name) and right-aligned; text cells are escaped.
    A table without rows is the sentence ``empty`` instead (a list-table needs a row).
    """
    if frame.empty:
        return Markdown(f"*{escape_markdown(empty)}*")
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               for c in frame.columns]

    places = {c: decimals.get(c, 1) if isinstance(decimals, Mapping) else decimals for c in frame.columns}

    def cell(value: object, is_number: bool, column: str) -> str:
        if is_number and isinstance(value, float):
            text = f"{value:,.{places[column]}f}" if value == value else ""
        elif is_number:
            text = f"{value:,}"
        else:
            text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
        if URL.fullmatch(text):
            return f"<{text}>"  # a link, which LaTeX may break at any slash
        return escape_markdown(text) if escape else text

    header = [escape_markdown(c) for c in frame.columns]
    rows = [[cell(v, n, c) for v, n, c in zip(row, numeric, frame.columns, strict=True)]
            for row in frame.itertuples(index=False)]
    widths = [_column_width([h.replace("\\", "")] + [r[i].replace("\\", "") for r in rows])
              for i, h in enumerate(header)]
    lines = [f"```{{list-table}} {escape_markdown(caption)}".rstrip(), ":header-rows: 1",
             f":widths: {' '.join(map(str, widths))}", ":class: data-table longtable", ""]
    for row in [header, *rows]:
        lines.extend(f"{'* -' if i == 0 else '  -'} {text or ' '}" for i, text in enumerate(row))
    lines.append("```")
    return Markdown("\n".join(lines))


def glue_number(name: str, value: float | int) -> None:
    """Glue a number for ``{glue:text}`name:fmt``` in the prose."""
    glue(name, value.item() if hasattr(value, "item") else value, display=False)  # numpy scalars as plain numbers


def glue_words(name: str, text: str) -> None:
    """Glue a phrase (escaped) for ``{glue:md}`name``` in the prose."""
    glue(name, Markdown(escape_markdown(text)), display=False)


def glue_all(values: dict[str, object]) -> None:
    """Glue every value of a dict: numbers for ``{glue:text}``, strings for ``{glue:md}``."""
    for name, value in values.items():
        if isinstance(value, str):
            glue_words(name, value)
        else:
            glue_number(name, value)


def figure_png(figure, dpi: int = 200) -> bytes:
    """The figure as PNG bytes; no 'Software' tag, so the bytes depend only on the figure."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def glue_figure(name: str, figure) -> None:
    """Glue a figure (as a PNG image) for a ``{glue:figure}`` directive: caption, number, cross-reference."""
    glue(name, Image(data=figure_png(figure), format="png"), display=False)
