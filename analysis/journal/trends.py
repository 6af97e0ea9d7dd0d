"""Slogan "temperature" over time: rates by year and by issue, first and last appearance, what rose and what fell.

Rates are per 10,000 Han characters of the articles in each bin, with the
number of articles beside them and a bootstrap interval over the articles
(:mod:`.rates`). Rise and fall are tested, not eyeballed: each slogan's
rate before the split event against from it onwards, by a permutation test
over issues (the issue, not the token, is the unit: campaign language comes in
bursts, see :mod:`.bursts`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CorpusError
from ..lexicon import read_yaml
from ..measures.keyness import keyness_of
from ..paths import lexicon_dir
from .rates import SINGLE_ARTICLE, group_rates

EVENTS_FILE = "events.yaml"
SIGNIFICANT = 3.84  # G² of p = 0.05 with one degree of freedom


@dataclass(frozen=True)
class Event:
    """A dated event marked on the trends: month (YYYY-MM), labels and whether it splits the periods."""

    date: str
    label: str
    zh: str
    gloss: str
    split: bool = False


def load_events(path: Path | None = None) -> tuple[Event, ...]:
    """The events of ``events.yaml`` in the lexicon folder, in date order; one of them (``split: true``) divides
    before from after. A date that is not a month (YYYY-MM, month 1 to 12) is one error naming the event."""
    path = Path(path or lexicon_dir() / EVENTS_FILE)
    entries = read_yaml(path).get("events") or []
    if not isinstance(entries, list):
        raise CorpusError(path, "'events:' must hold a list of events", "write each event as '- date: \"2022-10\"'")
    events = []
    for number, entry in enumerate(entries, start=1):
        date = str(entry.get("date", "")) if isinstance(entry, dict) else ""
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", date):
            raise CorpusError(path, f"event #{number} has no date of the form YYYY-MM (month 01 to 12): {date!r}",
                              "write date: \"2022-10\"")
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
    lacks the issue. An issue is expected for every number up to the usual last issue of a year (12 for a
    monthly)."""
    present = articles.groupby("published").agg(items=("doc_id", "size"))
    own = articles[articles["genre"].isin(counted)].groupby("published").agg(articles=("doc_id", "size"),
                                                                           han_chars=("han_chars", "sum"))
    if present.empty:
        return pd.DataFrame(columns=["published", "year", "items", "articles", "han_chars", "missing"])
    # the usual last issue of a year: one stray issue number does not invent a missing issue in every year
    per_year = int(articles.assign(number=articles["issue_number"].astype(int)).groupby("year")["number"].max()
                   .mode().max())
    first, last = present.index.min(), present.index.max()
    expected = sorted({f"{year}-{number:02d}" for year in range(int(first[:4]), int(last[:4]) + 1)
                       for number in range(1, per_year + 1) if first <= f"{year}-{number:02d}" <= last}
                      | set(present.index))  # an issue beyond the usual last one is kept, never dropped
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
    for column in ("articles", "hits", "han_chars", "using"):
        table[column] = table[column].fillna(0).astype(int)
    table["top_share"] = table["top_share"].fillna(0.0)
    table["single_article"] = table["single_article"].fillna(False).astype(bool)
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


PERMUTATIONS = 10_000
SEED = 20_221_016  # the 20th Congress opened on 16 October 2022
SIGNIFICANCE = 0.05


def issue_permutation_p(uses: np.ndarray, han: np.ndarray, after: np.ndarray, permutations: int = PERMUTATIONS,
                        seed: int = SEED) -> np.ndarray:
    """Two-sided p of each item's change in pooled rate between two sets of issues, by permuting which issues are
    "after" (their number kept): ``uses`` is issues × items, ``han`` the issues' Han characters.

    The issue is the unit: a burst in one issue moves with its issue, so it
    cannot make a period look different on its own, as it can when tokens are
    taken as independent.
    """
    uses, han, after = np.asarray(uses, dtype=float), np.asarray(han, dtype=float), np.asarray(after, dtype=bool)

    def difference(chosen: np.ndarray) -> np.ndarray:  # chosen: rounds × issues, 1 for "after"
        rest = 1.0 - chosen
        return (chosen @ uses) / np.maximum(chosen @ han, 1.0)[:, None] - (rest @ uses) / np.maximum(rest @ han, 1.0)[:, None]

    observed = np.abs(difference(after[None, :].astype(float)))[0]
    generator = np.random.default_rng(seed)
    draws = np.argsort(generator.random((permutations, len(han))), axis=1) < after.sum()
    extreme = (np.abs(difference(draws.astype(float))) >= observed - 1e-12).sum(axis=0)
    return (1 + extreme) / (1 + permutations)


def top_article_share(hits: pd.DataFrame) -> pd.Series:
    """Per item (column): the share of its uses that its largest single article (row) carries (0 with no use)."""
    totals = hits.sum()
    return (hits.max() / totals.where(totals > 0)).fillna(0.0)


def slogan_change(articles: pd.DataFrame, hits: pd.DataFrame, split: Event, issues: pd.DataFrame,
                  min_count: int = 5) -> pd.DataFrame:
    """Each slogan from ``split`` onwards against before it, with the issue as the unit of inference.

    Per period: issues, articles, the articles that use the slogan, its uses and
    its pooled rate per 10,000 Han characters; the log ratio of the rates (the
    effect size); p from a permutation test over issues. ``rose`` and ``fell``
    need p < 0.05 and ``min_count`` uses in the period favoured. ``top_share``
    is the share of the favoured period's uses in its largest single article,
    and ``single_article`` flags a change that one article carries. The token-
    level G² of earlier editions is kept beside it (``g2_tokens``, ``p_tokens``,
    ``change_tokens``) to show which verdicts it alone supported.
    """
    printed = issues[issues["articles"] > 0]
    after_issue = (printed["published"] >= split.date).to_numpy()
    issue_of = articles.loc[hits.index, "published"]
    uses = hits.groupby(issue_of).sum().reindex(printed["published"], fill_value=0)
    p = issue_permutation_p(uses.to_numpy(), printed["han_chars"].to_numpy(), after_issue)
    after = (issue_of >= split.date).to_numpy()
    periods = {"before": ~after, "after": after}
    han = {name: int(articles.loc[hits.index[rows], "han_chars"].sum()) for name, rows in periods.items()}
    table = pd.DataFrame({"slogan": hits.columns, "split": split.date})
    for name, rows in periods.items():
        table[f"issues_{name}"] = int((after_issue if name == "after" else ~after_issue).sum())
        table[f"articles_{name}"] = int(rows.sum())
        table[f"using_{name}"] = (hits[rows] > 0).sum().to_numpy()
        table[name] = hits[rows].sum().to_numpy()
        table[f"rate_{name}"] = (table[name] / max(han[name], 1) * 10_000).round(3)
    with np.errstate(divide="ignore"):
        table["log_ratio"] = np.log2((table["after"].clip(lower=0.5) / max(han["after"], 1))
                                     / (table["before"].clip(lower=0.5) / max(han["before"], 1))).round(3)
    table["p"] = p.round(4)
    up = table["rate_after"] > table["rate_before"]
    significant = table["p"] < SIGNIFICANCE
    rose = significant & up & (table["after"] >= min_count)
    fell = significant & ~up & (table["before"] >= min_count)
    table["change"] = np.where(rose, "rose", np.where(fell, "fell", "steady"))
    favoured = np.where(up, "after", "before")
    shares = {name: top_article_share(hits[rows]) for name, rows in periods.items()}
    table["top_share"] = [round(float(shares[side][slogan]), 3) for side, slogan in zip(favoured, hits.columns,
                                                                                          strict=True)]
    table["single_article"] = table["top_share"] > SINGLE_ARTICLE
    tokens = _token_change(hits, after, [han["before"], han["after"]], min_count)
    table = table.join(tokens, on="slogan")
    return table.sort_values(["change", "p", "slogan"], ignore_index=True)


def _token_change(hits: pd.DataFrame, after: np.ndarray, totals: list[int], min_count: int) -> pd.DataFrame:
    """The token-level test of earlier editions, per slogan: G², its p and its verdict (each use independent)."""
    periods = ["before", "after"]
    counts = pd.DataFrame([hits[~after].sum(), hits[after].sum()], index=periods)
    scores = keyness_of(counts.to_numpy(), periods, list(hits.columns), totals=totals, min_count=0)
    before = scores[scores["doc_id"] == "before"].set_index("term")[["g2", "p"]]
    scores = scores[scores["doc_id"] == "after"].set_index("term")[["g2", "p"]]
    missing = before.index.difference(scores.index)  # used only before: the same 2×2 test, seen from the other side
    scores = pd.concat([scores, before.loc[missing].assign(g2=-before.loc[missing, "g2"])])
    table = pd.DataFrame(index=pd.Index(hits.columns, name="slogan"))
    table["g2_tokens"] = scores["g2"].reindex(table.index).fillna(0.0)
    table["p_tokens"] = scores["p"].reindex(table.index).fillna(1.0)
    rose = (table["g2_tokens"] >= SIGNIFICANT) & (counts.loc["after"] >= min_count)
    fell = (table["g2_tokens"] <= -SIGNIFICANT) & (counts.loc["before"] >= min_count)
    table["change_tokens"] = np.where(rose, "rose", np.where(fell, "fell", "steady"))
    return table
