"""How fast a central line is taken up: for each tracked formulation, when the centre first used it and when a
provincial or local author first did, in issues.

A formulation's clock starts at its event (a meeting's date, or an event of
``events.yaml`` that names it) or, without one, at its first use by a central
author. The lag is counted in issues of the journal's calendar (a monthly
journal: an issue is a month, a missing issue still counts) to the first
provincial or local use: from an event, the first use at or after it (迎接党的二十大
before the congress is anticipation, not uptake); from the first central use,
any first use, so a negative lag says the provinces wrote it first. The journal
prints about two central-author articles an issue, so a single lag says little:
the report gives the median over formulations with a bootstrap interval, never
one lag as a finding. No lag is given where the clock cannot be read from the
corpus: an event before its first issue, or a formulation without an event that
is already in use in the first issue.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

LOCAL_LEVELS = ("provincial", "local")
WINDOWS = (3, 6)
RESAMPLES = 10_000
UPTAKE_COLUMNS = ["term", "source", "event", "event_date", "clock", "first_issue", "first_central_issue",
                  "first_provincial_issue", "lag_issues", *(f"provincial_share_{k}" for k in WINDOWS),
                  *(f"provincial_articles_{k}" for k in WINDOWS)]


def uptake_table(uses: pd.DataFrame, sources: Mapping[str, str], events: Mapping[str, tuple[str, str]],
                 articles: pd.DataFrame, issues: pd.DataFrame) -> pd.DataFrame:
    """One row per formulation (a column of ``uses``: counted articles × formulations) that some article uses.

    ``sources`` name where each formulation comes from (registry, discovered, meeting); ``events`` give the
    event (name, YYYY-MM) that starts its clock, where there is one; ``articles`` (indexed by doc_id) hold
    each article's ``published`` issue and ``author_level``; ``issues`` is the issue calendar. The shares are
    of the provincial and local articles of the first 3 (6) issues from the clock's start that use it.
    """
    calendar = {issue: number for number, issue in enumerate(issues["published"])}
    published = articles.loc[uses.index, "published"].to_numpy()
    levels = articles.loc[uses.index, "author_level"]
    local, central = levels.isin(LOCAL_LEVELS).to_numpy(), (levels == "central").to_numpy()
    at = np.array([calendar.get(issue, -1) for issue in published])
    records = []
    for term in uses.columns:
        used = uses[term].to_numpy() > 0
        if not used.any():
            continue
        first_central = min(published[used & central], default="")
        first_local = min(published[used & local], default="")
        event, event_date = events.get(term, ("", ""))
        start = calendar.get(event_date or first_central)
        if not event_date and min(published[used]) == issues["published"].iloc[0]:
            start = None  # in use when the corpus begins: its first use is not in the corpus
        after = used & local & (at >= start) if event_date and start is not None else used & local
        uptake = min(published[after], default="")
        record = {"term": term, "source": sources.get(term, ""), "event": event, "event_date": event_date,
                  "clock": ("event" if event_date else "first central use" if first_central else "")
                  if start is not None else "before the corpus",
                  "first_issue": min(published[used]), "first_central_issue": first_central,
                  "first_provincial_issue": first_local,
                  "lag_issues": calendar[uptake] - start if start is not None and uptake else np.nan}
        for window in WINDOWS:
            inside = local & (at >= start) & (at < start + window) if start is not None else np.zeros_like(local)
            record[f"provincial_articles_{window}"] = int(inside.sum())
            record[f"provincial_share_{window}"] = round(float(used[inside].mean()), 4) if inside.any() else np.nan
        records.append(record)
    return pd.DataFrame.from_records(records, columns=UPTAKE_COLUMNS)


def median_lag(uptake: pd.DataFrame, resamples: int = RESAMPLES, seed: int = 0) -> dict[str, float]:
    """The median lag over formulations, with a 95% bootstrap interval (formulations resampled, a fixed seed),
    and how many formulations it rests on."""
    lags = uptake["lag_issues"].dropna().to_numpy(dtype=float)
    if len(lags) == 0:
        return {"median": np.nan, "low": np.nan, "high": np.nan, "formulations": 0}
    low, high = bootstrap_median(lags, resamples, seed)
    return {"median": float(np.median(lags)), "low": low, "high": high, "formulations": len(lags)}


def bootstrap_median(values: np.ndarray, resamples: int = RESAMPLES, seed: int = 0) -> tuple[float, float]:
    """The 95% percentile bootstrap interval of the median of ``values`` (a fixed seed: the same every run)."""
    draws = np.random.default_rng(seed).choice(values, size=(resamples, len(values)), replace=True)
    medians = np.median(draws, axis=1)
    return round(float(np.percentile(medians, 2.5)), 2), round(float(np.percentile(medians, 97.5)), 2)


MIN_FORMULATIONS = 10  # a province's median over fewer formulations is flagged, not ranked


def province_uptake(uses: pd.DataFrame, uptake: pd.DataFrame, articles: pd.DataFrame, issues: pd.DataFrame,
                    resamples: int = RESAMPLES, seed: int = 0) -> pd.DataFrame:
    """Per province: the median lag (issues) from each formulation's clock to its first use by an author of the
    province, over the formulations the province took up, with a 95% bootstrap interval, how many formulations
    and first-use articles it rests on, and whether it has enough formulations to be ranked. Provinces with the
    shortest median first; a formulation the province never used adds nothing (a median of what was taken up).
    A province that writes little is seen late: read the lag beside its articles."""
    calendar = {issue: number for number, issue in enumerate(issues["published"])}
    clocks = uptake.assign(start=uptake["event_date"].where(uptake["clock"] == "event",
                                                            uptake["first_central_issue"].where(
                                                                uptake["clock"] == "first central use", "")))
    clocks = clocks[clocks["start"].isin(calendar)].set_index("term")
    frame = articles.loc[uses.index]
    local = frame["author_level"].isin(LOCAL_LEVELS) & (frame["province"] != "")
    at = frame["published"].map(calendar).to_numpy()
    records = []
    for province in sorted(set(frame.loc[local, "province"])):
        mine = (local & (frame["province"] == province)).to_numpy()
        lags, behind = [], set()
        for term, clock in clocks.iterrows():
            start = calendar[clock["start"]]
            using = mine & (uses[term].to_numpy() > 0) & ((at >= start) if clock["clock"] == "event" else True)
            if using.any():
                first = int(at[using].min())
                lags.append(first - start)
                behind.update(uses.index[using & (at == first)])
        if not lags:
            continue
        values = np.array(lags, dtype=float)
        low, high = bootstrap_median(values, resamples, seed)  # the same seed for each: independent of the others
        records.append({"province": province, "median_lag": float(np.median(values)), "low": low, "high": high,
                        "formulations": len(values), "articles": len(behind),
                        "ranked": len(values) >= MIN_FORMULATIONS})
    table = pd.DataFrame.from_records(records, columns=["province", "median_lag", "low", "high", "formulations",
                                                        "articles", "ranked"])
    return table.sort_values(["ranked", "median_lag", "province"], ascending=[False, True, True], ignore_index=True)
