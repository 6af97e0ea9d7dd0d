"""Rates per 10,000 Han characters over groups of articles, with bootstrap intervals over articles.

A group's rate pools its articles (all hits over all characters), so a long
article weighs as much as its length. The interval resamples the group's
articles with replacement (a fixed seed, so every run gives the same bounds):
it says how much the rate depends on which articles the journal happened to
print.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PER = 10_000
ROUNDS = 1_000
SEED = 20_240_601
LEVEL = 0.95
DRAWS_AT_ONCE = 1_000_000  # rounds × articles drawn at a time: 8 MB an array, whatever the corpus
SINGLE_ARTICLE = 0.5  # a cell where one article carries more than half of the uses is flagged
RATE_COLUMNS = ["group", "item", "articles", "hits", "han_chars", "rate_per_10k", "low", "high", "using", "top_share",
                "single_article"]


def pooled_rate(hits: np.ndarray, han: np.ndarray) -> np.ndarray:
    """Rate per 10,000 Han characters of each column of ``hits`` (articles × items), all articles pooled."""
    total = float(np.sum(han))
    return np.asarray(hits, dtype=float).sum(axis=0) / total * PER if total else np.zeros(np.shape(hits)[1])


def bootstrap_interval(hits: np.ndarray, han: np.ndarray, rounds: int = ROUNDS, seed: int = SEED,
                       level: float = LEVEL) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of each item's pooled rate over ``rounds`` resamples of the articles (rows)."""
    hits = np.asarray(hits, dtype=float)
    han = np.asarray(han, dtype=float)
    articles = len(han)
    if articles == 0:
        empty = np.full(hits.shape[1], np.nan)
        return empty, empty
    generator, parts = np.random.default_rng(seed), []
    step = max(1, DRAWS_AT_ONCE // articles)
    for start in range(0, rounds, step):  # the same draws as all rounds at once, in bounded memory
        count = min(step, rounds - start)
        draws = generator.integers(0, articles, size=(count, articles))
        # how often each article is drawn in each round: one bincount over the chunk's rounds at once
        weights = np.bincount((draws + articles * np.arange(count)[:, None]).ravel(),
                              minlength=count * articles).reshape(count, articles).astype(float)
        parts.append((weights @ hits) / np.maximum(weights @ han, 1.0)[:, None] * PER)
    rates = np.concatenate(parts)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(rates, [tail, 100 - tail], axis=0)
    return low, high


def group_rates(hits: pd.DataFrame, han: pd.Series, groups: pd.Series, interval: bool = True) -> pd.DataFrame:
    """Long table: per group and item, articles, hits, Han characters, pooled rate and its bootstrap interval, the
    articles that use the item and the share of its hits in the largest single article (``single_article`` when
    over half: a rate one article carries is flagged, not reported as the group's).

    ``hits`` is articles × items (index = article), ``han`` and ``groups`` are
    indexed like it; groups come out sorted, items in column order.
    """
    records = []
    for group, members in groups.groupby(groups, sort=True).groups.items():
        block, size = hits.loc[members].to_numpy(), han.loc[members].to_numpy()
        rates = pooled_rate(block, size)
        low, high = bootstrap_interval(block, size) if interval else (np.full(len(rates), np.nan),) * 2
        totals, using, largest = block.sum(axis=0), (block > 0).sum(axis=0), block.max(axis=0, initial=0)
        for index, item in enumerate(hits.columns):
            share = largest[index] / totals[index] if totals[index] else 0.0
            records.append({"group": group, "item": item, "articles": len(members), "hits": int(totals[index]),
                            "han_chars": int(size.sum()), "rate_per_10k": round(float(rates[index]), 3),
                            "low": round(float(low[index]), 3), "high": round(float(high[index]), 3),
                            "using": int(using[index]), "top_share": round(float(share), 3),
                            "single_article": bool(share > SINGLE_ARTICLE)})
    return pd.DataFrame.from_records(records, columns=RATE_COLUMNS)
