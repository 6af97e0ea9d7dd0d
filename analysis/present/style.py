"""The report's figure style: page width, text sizes, palette, and the small drawing helpers every figure shares.

Figures are at most 7 inches wide (A4 text width) with text of 8 pt or more,
drawn with the CJK font (so Chinese renders) and saved deterministically.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from .fonts import use_cjk_font

WIDTH = 7.0  # inches: the text width of an A4 page
STYLE = {"font.size": 9, "axes.titlesize": 9, "axes.labelsize": 9, "xtick.labelsize": 8, "ytick.labelsize": 8,
         "legend.fontsize": 8, "legend.title_fontsize": 8}
ANNOTATION = 8  # pt, the smallest text in any figure
NONE_COLOR = "#d9d9d9"
# three legend columns of wrapped theme labels fit the 7-inch width
LEGEND = {"ncols": 3, "frameon": False, "handlelength": 1.2, "columnspacing": 1.0}
LEGEND_WRAP = 26
# tab20 without its greys (kept for "none"): the ten strong colours, then their light partners.
PALETTE = [mpl.colormaps["tab20"].colors[i] for i in (*range(0, 20, 2), *range(1, 20, 2)) if i not in (14, 15)]


def palette(keys: Sequence[str]) -> dict[str, str]:
    """Palette colours in order (repeating after 18 keys)."""
    return {key: mpl.colors.to_hex(PALETTE[index % len(PALETTE)]) for index, key in enumerate(keys)}


def short_label(label: str, width: int = 24) -> str:
    """A theme label without its parenthetical gloss, wrapped to ``width`` characters."""
    return textwrap.fill(re.sub(r"\s*\([^)]*\)", "", label), width)


def wrap(text: str, width: int) -> str:
    """Wrap at spaces, or anywhere for Chinese, which has none."""
    return textwrap.fill(text, width, break_long_words=True)


def new_figure(height: float, width: float = WIDTH) -> Figure:
    """A constrained-layout figure drawn with the CJK font and the report's text sizes (set globally, like the font)."""
    use_cjk_font()
    mpl.rcParams.update(STYLE)
    return Figure(figsize=(width, height), layout="constrained")


def ink(color) -> str:
    """Black or white text, whichever reads on a background colour."""
    red, green, blue = to_rgb(color)
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 0.55 else "white"


def ordered(doc_ids: Iterable[str], labels: Mapping[str, str]) -> list[str]:
    """Documents in the labels' (corpus) order, then any unlabelled ones sorted."""
    present = set(doc_ids)
    return [d for d in labels if d in present] + sorted(present - set(labels))


def annotated_grid(ax, colors: np.ndarray, text: list[list[str]]) -> None:
    """Write each cell's text in the colour that reads on that cell's colour."""
    for row, cells in enumerate(text):
        for column, cell in enumerate(cells):
            if cell:
                ax.text(column, row, cell, ha="center", va="center", fontsize=ANNOTATION, color=ink(colors[row, column]))


def empty_figure(message: str) -> Figure:
    """A small figure that says in words why there is nothing to draw (a corpus too small for the measure)."""
    fig = new_figure(0.8)
    ax = fig.add_subplot()
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=ANNOTATION + 1)
    ax.set_axis_off()
    return fig
