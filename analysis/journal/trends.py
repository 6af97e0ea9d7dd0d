"""Slogan "temperature" over time: rates by year and by issue, first and last appearance, what rose and what fell.

Rates are per 10,000 Han characters of the articles in each bin, with the
number of articles beside them and a bootstrap interval over the articles
(:mod:`.rates`). Rise and fall are tested, not eyeballed: each slogan's
frequency before the split event against from it onwards, by G² and log ratio
(the keyness test of the report, with the periods as the two corpora).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from ..errors import CorpusError
from ..measures.keyness import keyness_of
from ..paths import BUNDLED_LEXICON_DIR
from .rates import group_rates

EVENTS_FILE = BUNDLED_LEXICON_DIR / "events.yaml"
SIGNIFICANT = 3.84  # G² of p = 0.05 with one degree of freedom


@dataclass(frozen=True)
class Event:
    """A dated event marked on the trends: month (YYYY-MM), labels and whether it splits the periods."""

    date: str
    label: str
    zh: str
    gloss: str
    split: bool = False


def load_events(path: Path = EVENTS_FILE) -> tuple[Event, ...]:
    """The events of ``events.yaml``, in date order; one of them (``split: true``) divides before from after."""
    try:
        entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("events") or []
    except (OSError, yaml.YAMLError) as error:
        raise CorpusError(path, f"cannot read the events file ({error.__class__.__name__})", "restore it from git") from None
    events = []
    for number, entry in enumerate(entries, start=1):
        date = str(entry.get("date", "")) if isinstance(entry, dict) else ""
        if len(date) != 7 or date[4] != "-" or not (date[:4] + date[5:]).isdigit():
            raise CorpusError(path, f"event #{number} has no date of the form YYYY-MM", "write date: \"2022-10\"")
        events.append(Event(date, str(entry.get("label", "")), str(entry.get("zh", "")), str(entry.get("gloss", "")),
                            bool(entry.get("split", False))))
    if sum(event.split for event in events) != 1:
        raise CorpusError(path, "exactly one event must say split: true", "mark the event that divides the periods")
    return tuple(sorted(events, key=lambda event: event.date))


def split_event(events: tuple[Event, ...]) -> Event:
    return next(event for event in events if event.split)


def issue_table(articles: pd.DataFrame, counted: tuple[str, ...]) -> pd.DataFrame:
    """Every issue from the journal's first to its last (``published``: YYYY-NN, the year and the issue's number),
    with the items printed, the articles of the counted genres and their Han characters, and whether the corpus
    lacks the issue. An issue is expected for every number up to the highest any year has (12 for a monthly)."""
    present = articles.groupby("published").agg(items=("doc_id", "size"))
    own = articles[articles["genre"].isin(counted)].groupby("published").agg(articles=("doc_id", "size"),
                                                                           han_chars=("han_chars", "sum"))
    if present.empty:
        return pd.DataFrame(columns=["published", "year", "items", "articles", "han_chars", "missing"])
    per_year = int(articles["issue_number"].astype(int).max())
    first, last = present.index.min(), present.index.max()
    expected = [f"{year}-{number:02d}" for year in range(int(first[:4]), int(last[:4]) + 1)
                for number in range(1, per_year + 1) if first <= f"{year}-{number:02d}" <= last]
    table = pd.DataFrame({"published": expected, "year": [issue[:4] for issue in expected]})
    table["items"] = table["published"].map(present["items"]).fillna(0).astype(int)
    table["articles"] = table["published"].map(own["articles"]).fillna(0).astype(int)
    table["han_chars"] = table["published"].map(own["han_chars"]).fillna(0).astype(int)
    table["missing"] = table["items"] == 0
    return table


def missing_issues(issues: pd.DataFrame) -> list[str]:
    """The issues the corpus lacks (YYYY-NN), in order."""
    return issues.loc[issues["missing"], "published"].tolist()


def slogan_rates(articles: pd.DataFrame, hits: pd.DataFrame, by: str, issues: pd.DataFrame) -> pd.DataFrame:
    """Per bin (``by`` = ``year`` or ``published``, the issue) and slogan: issues, articles, hits, rate, interval.

    A missing issue is a row with no articles and no rate (a gap, never a zero);
    a year counts the issues it has.
    """
    table = group_rates(hits, articles["han_chars"], articles[by]).rename(columns={"group": by, "item": "slogan"})
    bins = issues.groupby(by, sort=True).agg(issues=("missing", lambda missing: int((~missing).sum())))
    grid = pd.MultiIndex.from_product([bins.index, list(hits.columns)], names=[by, "slogan"])
    table = table.set_index([by, "slogan"]).reindex(grid).reset_index()
    table["articles"] = table["articles"].fillna(0).astype(int)
    table["hits"] = table["hits"].fillna(0).astype(int)
    table["han_chars"] = table["han_chars"].fillna(0).astype(int)
    table.insert(1, "issues", table[by].map(bins["issues"]).astype(int))
    return table


def slogan_span(articles: pd.DataFrame, hits: pd.DataFrame) -> pd.DataFrame:
    """Per slogan: its first and last issue in the journal, the issues and articles it appears in, and its uses."""
    published = articles.loc[hits.index, "published"]
    records = []
    for slogan in hits.columns:
        used = hits[slogan] > 0
        months = sorted(published[used])
        records.append({"slogan": slogan, "first": months[0] if months else "", "last": months[-1] if months else "",
                        "issues": len(set(months)), "articles": int(used.sum()), "uses": int(hits[slogan].sum())})
    return pd.DataFrame.from_records(records, columns=["slogan", "first", "last", "issues", "articles", "uses"])


def slogan_change(articles: pd.DataFrame, hits: pd.DataFrame, split: Event, min_count: int = 5) -> pd.DataFrame:
    """Each slogan from ``split`` onwards against before it: uses in each period, G², p, log ratio, and a verdict.

    ``rose`` and ``fell`` need |G²| ≥ 3.84 (p < 0.05) and ``min_count`` uses in
    the period it favours; anything else is ``steady``.
    """
    after = (articles.loc[hits.index, "published"] >= split.date).to_numpy()
    periods = ["before", "after"]
    counts = pd.DataFrame([hits[~after].sum(), hits[after].sum()], index=periods)
    totals = [articles.loc[hits.index[~after], "han_chars"].sum(), articles.loc[hits.index[after], "han_chars"].sum()]
    scores = keyness_of(counts.to_numpy(), periods, list(hits.columns), totals=totals, min_count=0)
    before = scores[scores["doc_id"] == "before"].set_index("term")[["g2", "p", "log_ratio"]]
    scores = scores[scores["doc_id"] == "after"].set_index("term")[["g2", "p", "log_ratio"]]
    missing = before.index.difference(scores.index)  # used only before: the same 2×2 test, seen from the other side
    scores = pd.concat([scores, before.loc[missing].assign(g2=-before.loc[missing, "g2"],
                                                           log_ratio=-before.loc[missing, "log_ratio"])])
    table = pd.DataFrame({"slogan": hits.columns, "before": counts.loc["before"].to_numpy(),
                          "after": counts.loc["after"].to_numpy()})
    table["rate_before"] = (table["before"] / max(totals[0], 1) * 10_000).round(3)
    table["rate_after"] = (table["after"] / max(totals[1], 1) * 10_000).round(3)
    table["g2"] = table["slogan"].map(scores["g2"]).fillna(0.0)
    table["p"] = table["slogan"].map(scores["p"]).fillna(1.0)
    table["log_ratio"] = table["slogan"].map(scores["log_ratio"]).fillna(0.0)
    rose = (table["g2"] >= SIGNIFICANT) & (table["after"] >= min_count)
    fell = (table["g2"] <= -SIGNIFICANT) & (table["before"] >= min_count)
    table["change"] = ["rose" if r else "fell" if f else "steady" for r, f in zip(rose, fell, strict=True)]
    table.insert(1, "split", split.date)
    return table.sort_values(["change", "g2", "slogan"], ascending=[True, False, True], ignore_index=True)
