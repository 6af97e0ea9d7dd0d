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
state carries across them. All terms are decoded at once, one numpy step per
issue. (Kleinberg, "Bursty and hierarchical structure in streams", 2002,
section 4; the packages on PyPI fail on NumPy 2.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SCALE = 2.0  # s: the burst state's share of articles over the base share
GAMMA = 1.0  # γ: the cost of entering a burst, in units of ln(issues)
BURST_COLUMNS = ["term", "source", "start", "end", "issues", "weight", "articles", "uses", "share_of_uses", "rise"]


def _costs(using: np.ndarray, articles: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Negative log-likelihoods (issues × terms) of each issue under the base and the burst state (the binomial
    coefficient, the same for both, left out); zero where an issue has no articles."""
    base = np.clip(using.sum(axis=0) / max(articles.sum(), 1), 1e-12, 0.9999)  # a term every article uses: no burst
    burst = np.minimum(scale * base, 0.9999)
    printed = articles[:, None]
    base_cost = -(using * np.log(base) + (printed - using) * np.log1p(-base))
    burst_cost = -(using * np.log(burst) + (printed - using) * np.log1p(-burst))
    base_cost[articles == 0] = burst_cost[articles == 0] = 0.0
    return base_cost, burst_cost


def burst_states(using: np.ndarray, articles: np.ndarray, scale: float = SCALE, gamma: float = GAMMA) -> np.ndarray:
    """The most likely state (0 base, 1 burst) of each issue for each term: ``using`` is issues × terms (the
    articles that use the term) or one term's issues, ``articles`` the articles printed per issue."""
    using = np.asarray(using, dtype=float)
    single = using.ndim == 1
    using = using[:, None] if single else using
    articles = np.asarray(articles, dtype=float)
    count, terms = using.shape
    if count == 0:
        return np.zeros(using.shape, dtype=int)[:, 0] if single else np.zeros(using.shape, dtype=int)
    base_cost, burst_cost = _costs(using, articles, scale)
    enter = gamma * np.log(max(count, 2))
    best_base, best_burst = base_cost[0].copy(), burst_cost[0] + enter
    from_burst = np.zeros((count, 2, terms), dtype=bool)  # whether the best way into each state came from a burst
    for t in range(1, count):
        into_burst = best_base + enter
        from_burst[t, 0], from_burst[t, 1] = best_burst < best_base, best_burst <= into_burst
        best_base, best_burst = (np.minimum(best_base, best_burst) + base_cost[t],
                                 np.minimum(into_burst, best_burst) + burst_cost[t])
    states = np.zeros((count, terms), dtype=int)
    states[-1] = best_burst < best_base
    for t in range(count - 1, 0, -1):
        states[t - 1] = np.where(states[t] == 1, from_burst[t, 1], from_burst[t, 0])
    states[:, using.sum(axis=0) == 0] = 0
    return states[:, 0] if single else states


def burst_table(hits: pd.DataFrame, issue_of: pd.Series, issues: pd.DataFrame, source: str = "registry") -> pd.DataFrame:
    """Every burst of every term (the columns of ``hits``: articles × terms; ``issue_of``: each article's issue),
    issue by issue over ``issues`` (:func:`~analysis.journal.trends.issue_table`), in term order then time: see
    :func:`burst_rows`."""
    order = issues["published"].tolist()
    printed = issues.set_index("published")["articles"].reindex(order).to_numpy(dtype=float)
    using = (hits > 0).groupby(issue_of.loc[hits.index]).sum().reindex(order, fill_value=0).to_numpy(dtype=float)
    uses = hits.groupby(issue_of.loc[hits.index]).sum().reindex(order, fill_value=0).to_numpy(dtype=float)
    return burst_rows(using, uses, printed, order, np.asarray(hits.columns, dtype=object), source)


def burst_rows(using: np.ndarray, uses: np.ndarray, printed: np.ndarray, order: list[str], names: np.ndarray,
               source: str = "registry") -> pd.DataFrame:
    """Every burst of every term from its counts per issue (``using``, ``uses``: issues × terms; ``printed``: the
    articles of each issue, in ``order``), in term order then time: first and last issue, weight, the articles
    that use the term in it, its uses there and their share of the term's uses, and its rise (log2 of the share of
    articles using the term in the burst over the share outside it)."""
    states = burst_states(using, printed)
    base_cost, burst_cost = _costs(using, printed, SCALE)
    edges = np.diff(np.vstack([np.zeros((1, states.shape[1]), dtype=int), states,
                               np.zeros((1, states.shape[1]), dtype=int)]), axis=0).T  # terms × (issues + 1)
    term, start = np.nonzero(edges == 1)  # both in term order, then time: the k-th start pairs with the k-th stop
    stop = np.nonzero(edges == -1)[1]

    def within(values: np.ndarray) -> np.ndarray:  # each burst's sum of a per-issue, per-term quantity
        running = np.vstack([np.zeros((1, values.shape[1])), np.cumsum(values, axis=0)])
        return running[stop, term] - running[start, term]

    def total(values: np.ndarray) -> np.ndarray:
        return values.sum(axis=0)[term]

    articles_in, printed_in = within(using), within(np.repeat(printed[:, None], using.shape[1], axis=1))
    share_in = (articles_in + 0.5) / (printed_in + 1)
    share_out = (total(using) - articles_in + 0.5) / (printed.sum() - printed_in + 1)
    return pd.DataFrame({"term": names[term], "source": source, "start": np.asarray(order, dtype=object)[start],
                         "end": np.asarray(order, dtype=object)[stop - 1], "issues": stop - start,
                         "weight": within(base_cost - burst_cost).round(3), "articles": articles_in.astype(int),
                         "uses": within(uses).astype(int),
                         "share_of_uses": (within(uses) / np.maximum(total(uses), 1)).round(3),
                         "rise": np.log2(share_in / share_out).round(3)}, columns=BURST_COLUMNS)


def main_bursts(bursts: pd.DataFrame) -> pd.DataFrame:
    """Each term's strongest burst (by weight), indexed by term."""
    ranked = bursts.sort_values(["term", "weight", "start"], ascending=[True, False, True])
    return ranked.drop_duplicates("term").set_index("term")
