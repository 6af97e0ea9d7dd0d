"""The selectable fields of the seeds (analysis.journal.groups.seed_groups), from the real catalog."""

from __future__ import annotations

import pandas as pd

from analysis.catalog import read_catalog
from analysis.journal.groups import parse_selection, seed_groups, select
from analysis.paths import REPO_ROOT


def seeds() -> pd.DataFrame:
    rows = pd.DataFrame(read_catalog(REPO_ROOT / "seeds").rows)
    return seed_groups(rows).set_index("doc_id", drop=False)


def test_each_seed_gets_the_journals_fields():
    groups = seeds()
    assert groups.loc["hunan", ["province", "year", "author_level", "corpus"]].tolist() == [
        "湖南", "2024", "provincial", "seeds"]
    assert groups.loc["national", ["province", "year", "published", "author_level"]].tolist() == [
        "", "2023", "2023-09", "central"]  # the overview's date is a day: its month is its issue
    assert groups.loc["city", ["province", "year", "author_level"]].tolist() == ["", "", "local"]  # anonymised
    assert groups["counted"].all()


def test_a_selection_over_the_seeds():
    groups = seeds()
    assert sorted(groups.index[select(groups, parse_selection("level=provincial,year>=2024"))]) == ["chongqing", "hunan"]
    assert list(groups.index[select(groups, parse_selection("doc!=hunan,province=湖南"))]) == []
