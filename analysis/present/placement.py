"""Labels beside their points without overlaps, for charts that draw text only where they are told (Vega-Lite).

The labels are placed one by one, the most important first, at the first of a
few spots beside the point (right, left, then above and below each) that stays
inside the chart and clear of the labels placed before. A label with no free
spot is left out rather than drawn over another.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

SPOTS = ((1, 0), (-1, 0), (1, -1), (1, 1), (-1, -1), (-1, 1))  # (side, row): right or left; beside, above, below
LINE = 1.2  # a label's height, in font sizes


def text_width(text: str, font_size: float) -> float:
    """A label's width in pixels: a Han character is square, a Latin one about 0.6 of the font size."""
    return sum(font_size if ord(char) >= 0x2E80 else 0.6 * font_size for char in text)


def place_labels(points: pd.DataFrame, width: float, height: float, x_domain: Sequence[float],
                 y_domain: Sequence[float], font_size: float, gap: float = 4) -> pd.DataFrame:
    """``points`` (columns ``x``, ``y`` in data units and ``text``, most important first) → per row the offset
    from the point in pixels (``dx``, ``dy``), the text's ``align``, and whether it was ``placed``."""
    (x0, x1), (y0, y1) = x_domain, y_domain
    boxes: list[tuple[float, float, float, float]] = []
    spots = []
    for x, y, text in points[["x", "y", "text"]].itertuples(index=False):
        px, py = (x - x0) / (x1 - x0) * width, height - (y - y0) / (y1 - y0) * height
        wide, high = text_width(text, font_size), LINE * font_size
        spot = {"dx": 0.0, "dy": 0.0, "align": "left", "placed": False}
        for side, row in SPOTS:
            dx, dy = side * gap, row * high
            left = px + dx if side > 0 else px + dx - wide
            box = (left, py + dy - high / 2, left + wide, py + dy + high / 2)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
            if inside and not any(_overlap(box, other) for other in boxes):
                boxes.append(box)
                spot = {"dx": dx, "dy": dy, "align": "left" if side > 0 else "right", "placed": True}
                break
        spots.append(spot)
    return pd.DataFrame(spots, index=points.index, columns=["dx", "dy", "align", "placed"])


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
