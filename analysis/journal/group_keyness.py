"""Every comparison the book's "compare two groups" menu can show, computed once by the tables run.

The menu's groups are a data file (``compare_groups.yaml``): each has a kind
(period, year, author, province, genre), an English label and a selection as
the ``compare`` command reads it. A group is compared with every other group of
its kind and with the rest of the journal, by :func:`~.groups.compare_groups`
(the report's G², log ratio and minimum count, the article as the unit); each
comparison keeps the words most over-used on each side.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CorpusError
from ..lexicon import read_yaml
from ..measures.features import FeatureMatrix
from ..paths import lexicon_dir
from .groups import SelectionError, compare_groups, journal_groups, parse_selection, select

MENU_FILE = "compare_groups.yaml"
REST = "The rest of the journal"
MENU_MIN_COUNT = 5  # the compare command's default
MENU_TOP = 12  # words kept on each side of a comparison
COLUMNS = ["a", "b", "word", "a_uses", "b_uses", "a_articles", "b_articles", "g2", "log_ratio", "one_article"]


@dataclass(frozen=True)
class MenuGroup:
    kind: str
    label: str
    selection: str


def load_compare_menu(path: Path | None = None) -> tuple[MenuGroup, ...]:
    """The menu's groups, in file order. A group without kind, label or a readable selection, or a label given
    twice, is one error naming the file and the group."""
    path = Path(path or lexicon_dir() / MENU_FILE)
    entries = read_yaml(path).get("groups") or []
    groups = []
    for number, entry in enumerate(entries if isinstance(entries, list) else [None], start=1):
        fields = {key: str(entry.get(key, "")).strip() for key in ("kind", "label", "select")} \
            if isinstance(entry, dict) else {}
        if not all(fields.get(key) for key in ("kind", "label", "select")):
            raise CorpusError(path, f"group #{number} needs a kind, a label and a select",
                              'write - {kind: year, label: "2023", select: "year=2023"}')
        try:
            parse_selection(fields["select"])
        except SelectionError as error:
            raise CorpusError(path, f"group #{number} ({fields['label']}): {error}", "fix its select") from None
        if fields["label"] in {group.label for group in groups} | {REST}:
            raise CorpusError(path, f"group #{number}: the label {fields['label']!r} is taken", "give it its own label")
        groups.append(MenuGroup(fields["kind"], fields["label"], fields["select"]))
    return tuple(groups)


def menu_pairs(groups: tuple[MenuGroup, ...]) -> list[tuple[str, str]]:
    """The comparisons the menu offers: each group against each other group of its kind, both ways (the minimum
    count applies to A, so B against A is not A against B turned round), then each against the rest of the
    journal."""
    pairs = [(a.label, b.label) for a, b in permutations(groups, 2) if a.kind == b.kind]
    return pairs + [(group.label, REST) for group in groups]


def group_keyness(features: FeatureMatrix, articles: pd.DataFrame, counted_genres: frozenset[str],
                  groups: tuple[MenuGroup, ...], min_count: int = MENU_MIN_COUNT, top: int = MENU_TOP) -> pd.DataFrame:
    """Every menu comparison over the counted articles of ``features`` (``articles``: the journal's rows): per
    pair, the ``top`` words A over-uses and the ``top`` B over-uses (signed G²: positive when A uses it more), with
    both groups' uses and articles and the one-article flag."""
    rows = journal_groups(articles, counted_genres).set_index("doc_id").loc[list(features.doc_ids)]
    chosen = {group.label: select(rows, parse_selection(group.selection)).to_numpy() for group in groups}
    chosen[REST] = np.ones(len(rows), dtype=bool)
    tables = []
    for a, b in menu_pairs(groups):
        if not chosen[a].any() or not (chosen[b] & ~chosen[a]).any():
            continue
        shown = compare_groups(features, chosen[a], chosen[b], min_count=min_count, top=top)
        tables.append(shown.assign(a_label=a, b_label=b))
    if not tables:
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.concat(tables, ignore_index=True)
    frame = frame.rename(columns={"a": "a_uses", "b": "b_uses"}).rename(columns={"a_label": "a", "b_label": "b"})
    return frame[COLUMNS]
