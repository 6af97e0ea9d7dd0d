"""Bursts of a term, issue by issue: Kleinberg's two-state model for batched data, with the article as the unit.

Campaign language comes in bursts: 主题教育 has a third of its uses in one
issue. Each issue is a batch of ``d`` articles of which ``r`` use the term. In
the base state an article uses it with the journal's overall share ``p0``; in
the burst state with ``s`` times that share. Entering the burst state costs
``γ·ln(n)`` for ``n`` issues, leaving it costs nothing, and the cheapest state
sequence (Viterbi) marks the bursts. A burst's weight is how much better the
burst state explains its issues than the base state (the difference of their
negative log-likelihoods): it grows with both the rise and the articles behind
it. Issues the corpus lacks, or where no article is counted, emit nothing: the
state carries across them. (Kleinberg, "Bursty and hierarchical structure in
streams", 2002, section 4; the packages on PyPI fail on NumPy 2.)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

SCALE = 2.0  # s: the burst state's share of articles over the base share
GAMMA = 1.0  # γ: the cost of entering a burst, in units of ln(issues)
BURST_COLUMNS = ["term", "start", "end", "issues", "weight", "articles", "uses", "share_of_uses"]


def burst_states(using: np.ndarray, articles: np.ndarray, scale: float = SCALE, gamma: float = GAMMA) -> np.ndarray:
    """The most likely state (0 base, 1 burst) of each issue, from the articles that use the term and the articles
    printed per issue (issues without articles emit nothing)."""
    using, articles = np.asarray(using, dtype=float), np.asarray(articles, dtype=float)
    count = len(articles)
    total = articles.sum()
    if count == 0 or total == 0 or using.sum() == 0:
        return np.zeros(count, dtype=int)
    base = using.sum() / total
    shares = np.array([base, min(scale * base, 0.9999)])
    # negative log-likelihood of each issue under each state (the binomial coefficient is the same for both)
    cost = -(using[:, None] * np.log(shares) + (articles - using)[:, None] * np.log1p(-shares))
    cost[articles == 0] = 0.0
    enter = gamma * np.log(count)
    best = cost[0].copy()
    best[1] += enter
    came_from = np.zeros((count, 2), dtype=int)
    for t in range(1, count):
        stay_base = best[0], best[1]  # to state 0 from 0 or from 1 (leaving a burst is free)
        to_burst = best[0] + enter, best[1]
        came_from[t] = [int(np.argmin(stay_base)), int(np.argmin(to_burst))]
        best = np.array([min(stay_base), min(to_burst)]) + cost[t]
    states = np.zeros(count, dtype=int)
    states[-1] = int(np.argmin(best))
    for t in range(count - 1, 0, -1):
        states[t - 1] = came_from[t, states[t]]
    return states


def bursts_of(term: str, issues: Sequence[str], using: np.ndarray, articles: np.ndarray, uses: np.ndarray,
              scale: float = SCALE, gamma: float = GAMMA) -> list[dict[str, object]]:
    """The bursts of one term: each run of burst states, with its first and last issue, its weight, the articles
    that use the term in it and the share of the term's uses it holds."""
    using, articles, uses = (np.asarray(a, dtype=float) for a in (using, articles, uses))
    states = burst_states(using, articles, scale, gamma)
    if not states.any():
        return []
    base = using.sum() / articles.sum()
    shares = np.array([base, min(scale * base, 0.9999)])
    gain = (using * (np.log(shares[1]) - np.log(shares[0]))
            + (articles - using) * (np.log1p(-shares[1]) - np.log1p(-shares[0])))
    edges = np.flatnonzero(np.diff(np.concatenate([[0], states, [0]])))
    records = []
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        span = slice(start, stop)
        records.append({"term": term, "start": issues[start], "end": issues[stop - 1], "issues": int(stop - start),
                        "weight": round(float(gain[span].sum()), 3), "articles": int(using[span].sum()),
                        "uses": int(uses[span].sum()),
                        "share_of_uses": round(float(uses[span].sum() / max(uses.sum(), 1)), 3)})
    return records


def burst_table(hits: pd.DataFrame, articles: pd.DataFrame, issues: pd.DataFrame) -> pd.DataFrame:
    """Every burst of every term (the columns of ``hits``: articles × terms, indexed like ``articles``), issue by
    issue over ``issues`` (:func:`~analysis.journal.trends.issue_table`), in term order then time."""
    order = issues["published"].tolist()
    printed = issues.set_index("published")["articles"].reindex(order).to_numpy()
    issue_of = articles.loc[hits.index, "published"]
    using = (hits > 0).groupby(issue_of).sum().reindex(order, fill_value=0)
    uses = hits.groupby(issue_of).sum().reindex(order, fill_value=0)
    records = [burst for term in hits.columns
               for burst in bursts_of(term, order, using[term].to_numpy(), printed, uses[term].to_numpy())]
    return pd.DataFrame.from_records(records, columns=BURST_COLUMNS)


def main_bursts(bursts: pd.DataFrame) -> pd.DataFrame:
    """Each term's strongest burst (by weight), indexed by term."""
    if bursts.empty:
        return bursts.set_index("term")
    ranked = bursts.sort_values(["term", "weight", "start"], ascending=[True, False, True])
    return ranked.drop_duplicates("term").set_index("term")
