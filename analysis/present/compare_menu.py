"""The book's "compare two groups" menu: two lists of groups of the journal's articles, and the words that set
them apart, from the comparisons the tables run computed (``journal/group_keyness.csv``).

In the HTML the reader picks group A and group B (B: a group of A's kind, or the
rest of the journal) and ``_vendor/compare-menu.js`` shows that comparison from
the data in the page; without JavaScript, and in the PDF, the page shows the
default comparison as a table.
"""

from __future__ import annotations

import html
import json

import pandas as pd

from ..journal.group_keyness import REST, MenuGroup, menu_pairs
from .interactive import _script_safe, load_site_script
from .myst import markdown_table

SCRIPT = "_vendor/compare-menu.js"
HEADERS = ["Word", "Uses in A", "Uses in B", "Articles in A", "Articles in B", "G²", "Log ratio", "Note"]


def comparison_table(keyness: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """One comparison as the page shows it: A's words first (strongest G² first), then B's (strongest last)."""
    rows = keyness[(keyness["a"] == a) & (keyness["b"] == b)]
    table = rows[["word", "a_uses", "b_uses", "a_articles", "b_articles", "g2", "log_ratio"]].copy()
    table["note"] = ["one article carries most of A's uses" if flag else "" for flag in rows["one_article"]]
    return table.set_axis(HEADERS, axis=1).reset_index(drop=True)


class MenuOutput:
    """The menu in the HTML, its default comparison as a MyST table in the PDF (``_repr_mimebundle_``)."""

    def __init__(self, html_text: str, markdown: str) -> None:
        self.html, self.markdown = html_text, markdown

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/html": self.html, "text/markdown": self.markdown}


def menu_data(keyness: pd.DataFrame, groups: tuple[MenuGroup, ...]) -> str:
    """The menu's data as JSON for the page: the groups (label, kind, selection) and, per ``A|B`` pair, its rows."""
    pairs: dict[str, list] = {}
    for row in keyness.itertuples():
        pairs.setdefault(f"{row.a}|{row.b}", []).append(
            [row.word, int(row.a_uses), int(row.b_uses), int(row.a_articles), int(row.b_articles),
             round(float(row.g2), 1), round(float(row.log_ratio), 2), bool(row.one_article)])
    data = {"groups": [[group.label, group.kind, group.selection] for group in groups], "rest": REST,
            "pairs": pairs}
    return _script_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True))


def compare_menu(keyness: pd.DataFrame, groups: tuple[MenuGroup, ...]) -> MenuOutput:
    """The menu, opened on its first comparison, which is also the table of the PDF and of a page without
    JavaScript."""
    a, b = menu_pairs(groups)[0]
    table = comparison_table(keyness, a, b)
    caption = f"Group A, {a}, against group B, {b}: the words each uses most over the other."
    options = "".join(f'<option value="{html.escape(group.label)}"{" selected" if group.label == a else ""}>'
                      f"{html.escape(group.label)}</option>" for group in groups)
    static = table.to_html(index=False, border=0, classes="table compare-menu-table", escape=True)
    widget = (
        '<div class="compare-menu">'
        '<form class="compare-menu-form">'
        f'<label for="compare-menu-a">Group A</label> <select id="compare-menu-a">{options}</select> '
        '<label for="compare-menu-b">against group B</label> '
        f'<select id="compare-menu-b"><option value="{html.escape(b)}" selected>{html.escape(b)}</option></select>'
        '</form>'
        f'<p class="compare-menu-status" role="status" aria-live="polite">{html.escape(caption)}</p>'
        f'<div class="compare-menu-result pst-scrollable-table-container">{static}</div>'
        f'<script type="application/json" class="compare-menu-data">{menu_data(keyness, groups)}</script>'
        '</div>'
        + f"<script>(function () {{ {load_site_script(SCRIPT)} }})();</script>"
    )
    return MenuOutput(widget, markdown_table(table, caption=caption).data)


def menu_findings(keyness: pd.DataFrame, groups: tuple[MenuGroup, ...]) -> dict[str, object]:
    """The menu's numbers for the prose: its groups, the comparisons it holds, their data's size in the page."""
    a, b = menu_pairs(groups)[0]
    return {"menu_groups": len(groups), "menu_comparisons": len(keyness.groupby(["a", "b"])),
            "menu_kb": round(len(menu_data(keyness, groups).encode("utf-8")) / 1000), "menu_first_a": a,
            "menu_first_b": b}
