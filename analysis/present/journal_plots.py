"""Figures of the journal chapters: the tile map of the provinces, slogan trends with their events, and the seeds
against their baselines. Like :mod:`.plots`, each function turns tables into a matplotlib Figure, sorted and
deterministic, at most 7 inches wide, every label in the CJK font and plain text."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from ..journal.trends import Event
from .style import ANNOTATION, PALETTE, STYLE, WIDTH, empty_figure, new_figure, short_label, wrap

TILE = 0.92  # share of a cell a tile fills


def _panels(count: int, row_height: float, margin: float, columns: int = 3) -> tuple[Figure, np.ndarray]:
    """A figure of ``count`` small panels, ``columns`` a row, sharing the x axis (the unused ones hidden)."""
    rows = math.ceil(count / columns)
    fig = new_figure(rows * row_height + margin)
    axes = fig.subplots(rows, columns, squeeze=False, sharex=True).ravel()
    for ax in axes[count:]:
        ax.set_axis_off()
    return fig, axes[:count]


def _event_lines(ax, events: Sequence[Event], position) -> None:
    for event in events:
        ax.axvline(position(event.date), color="#b22222" if event.split else "#999999", linewidth=0.8,
                   linestyle="-" if event.split else ":")


def slogan_trends(by_year: pd.DataFrame, slogans: Sequence[str], events: Sequence[Event]) -> Figure:
    """One panel per slogan: its rate per 10,000 characters by year with the bootstrap interval as a band;
    events as vertical lines (the split event in red). The bars at the bottom of each panel are the articles per year."""
    if by_year.empty or not slogans:
        return empty_figure("no slogan to show")
    fig, axes = _panels(len(slogans), 1.55, 0.7)
    years = sorted(by_year["year"].astype(int).unique())
    per_year = by_year.drop_duplicates("year").set_index(by_year.drop_duplicates("year")["year"].astype(int))
    articles, issues = per_year["articles"], per_year["issues"]
    full = int(issues.max())  # a year with fewer issues is partial (the first and the last) or lacks one
    for ax, slogan in zip(axes, slogans, strict=False):
        rows_of = by_year[by_year["slogan"] == slogan].assign(year=lambda f: f["year"].astype(int)).sort_values("year")
        ax.fill_between(rows_of["year"], rows_of["low"], rows_of["high"], color="#c6dbef", linewidth=0)
        ax.plot(rows_of["year"], rows_of["rate_per_10k"], color="#08519c", linewidth=1.2)
        partial = rows_of["year"].map(lambda year: issues[year] < full).to_numpy()
        ax.plot(rows_of["year"][~partial], rows_of["rate_per_10k"][~partial], "o", color="#08519c", markersize=3,
                label="full year")
        ax.plot(rows_of["year"][partial], rows_of["rate_per_10k"][partial], "o", color="#08519c", markersize=3.5,
                markerfacecolor="white", label="partial year")
        top = max(float(rows_of["high"].max()), 0.5)
        ax.set_ylim(0, top * 1.3)
        counts = ax.twinx()
        counts.bar(years, [articles.get(y, 0) for y in years], color="#dddddd", width=0.6, zorder=0)
        counts.set_ylim(0, max(articles) * 4)
        counts.set_yticks([0, int(max(articles))])
        counts.tick_params(labelsize=ANNOTATION - 1, colors="#888888", length=2, pad=1)
        for side in ("top", "left", "bottom"):
            counts.spines[side].set_visible(False)
        counts.spines["right"].set_color("#cccccc")
        ax.set_zorder(counts.get_zorder() + 1)
        ax.patch.set_visible(False)
        _event_lines(ax, events, lambda date: int(date[:4]) + (int(date[5:]) - 0.5) / 12 - 0.5)
        ax.set_title(slogan, fontsize=STYLE["axes.titlesize"])
        ax.set_xticks(years, [f"'{y % 100:02d}" + (f"\n{issues[y]} iss." if issues[y] < full else "") for y in years])
        ax.tick_params(labelsize=ANNOTATION)
    fig.supylabel("uses per 10,000 Han characters", fontsize=STYLE["axes.labelsize"])
    fig.supxlabel("year, with its issues where fewer than a full year (open circle: a partial year)\ngrey bars: "
                  "articles a year, on the right-hand scale; red line: the split event; dotted: other events",
                  fontsize=STYLE["axes.labelsize"])
    return fig


def issue_heatmap(by_issue: pd.DataFrame, slogans: Sequence[str], events: Sequence[Event],
                  bursts: pd.DataFrame | None = None) -> Figure:
    """Slogan (rows) × issue (columns): rate per 10,000 characters, one column per issue; an issue the corpus lacks,
    or one that prints no counted article, is a hatched gap, never a zero. Each burst is outlined on its row, and
    the events are lines labelled along the top."""
    if by_issue.empty or not slogans:
        return empty_figure("no slogan to show")
    issues = sorted(by_issue["published"].unique())
    matrix = by_issue.pivot(index="slogan", columns="published", values="rate_per_10k").reindex(index=list(slogans),
                                                                                               columns=issues)
    values = matrix.to_numpy(dtype=float)
    fig = new_figure(0.22 * len(slogans) + 1.6)
    ax = fig.add_subplot()
    gaps = np.isnan(values).all(axis=0)
    for column in np.flatnonzero(gaps):
        ax.add_patch(mpl.patches.Rectangle((column - 0.5, -0.5), 1, len(slogans), facecolor="#eeeeee",
                                           edgecolor="#999999", hatch="////", linewidth=0))
    colormap = mpl.colormaps["Reds"].with_extremes(bad=(0, 0, 0, 0))
    image = ax.imshow(np.ma.masked_invalid(np.sqrt(values)), aspect="auto", cmap=colormap, interpolation="nearest")
    position = {issue: i for i, issue in enumerate(issues)}
    if bursts is not None:
        for row, slogan in enumerate(slogans):
            for burst in bursts[bursts["term"] == slogan].itertuples():
                start, end = position[burst.start], position[burst.end]
                ax.add_patch(mpl.patches.Rectangle((start - 0.5, row - 0.42), end - start + 1, 0.84, fill=False,
                                                   edgecolor="#1f3a93", linewidth=1.0))
    ax.set_yticks(range(len(slogans)), list(slogans))
    years = [i for i, issue in enumerate(issues) if issue.endswith("-01")]  # first issues: one label a year
    ax.set_xticks(years, [issues[i][:4] for i in years])
    ax.set_xlim(-0.5, len(issues) - 0.5)
    ax.set_ylim(len(slogans) - 0.5, -0.5)
    where = lambda date: position.get(date, np.searchsorted(issues, date)) - 0.5  # noqa: E731
    _event_lines(ax, events, where)
    top = ax.secondary_xaxis("top")  # events numbered along the top, named in a key below
    top.set_xticks([where(event.date) for event in events], [str(n) for n in range(1, len(events) + 1)],
                   fontsize=ANNOTATION)
    top.tick_params(length=2, pad=1)
    key = "; ".join(f"{n} {event.label} ({event.date})" for n, event in enumerate(events, start=1))
    fig.supxlabel(wrap(f"Events: {key}.", 150), fontsize=ANNOTATION, ha="left", x=0.01)
    ax.tick_params(length=0)
    bar = fig.colorbar(image, ax=ax, shrink=0.8, pad=0.01)
    peak = float(np.nanmax(values)) if np.isfinite(values).any() else 1.0
    ticks = [0, *(2**k for k in range(int(math.log2(max(peak, 1))) + 1))]
    bar.set_ticks([math.sqrt(t) for t in ticks], labels=[str(t) for t in ticks])
    bar.set_label("uses per 10,000 characters (square-root scale)")
    return fig


def formulation_panels(by_issue: pd.DataFrame, terms: Sequence[str], events: Sequence[Event],
                       glosses: Mapping[str, str]) -> Figure:
    """One panel per formulation: its rate per 10,000 characters issue by issue (bars), gaps where an issue is
    missing or prints no counted article, and the events."""
    if by_issue.empty or not terms:
        return empty_figure("no formulation to show")
    fig, axes = _panels(len(terms), 1.5, 0.6)
    issues = sorted(by_issue["published"].unique())
    position = {issue: i for i, issue in enumerate(issues)}
    years = [i for i, issue in enumerate(issues) if issue.endswith("-01")]
    for ax, term in zip(axes, terms, strict=False):
        own = by_issue[by_issue["slogan"] == term].set_index("published").reindex(issues)
        rates = own["rate_per_10k"].to_numpy(dtype=float)
        ax.bar(range(len(issues)), np.nan_to_num(rates), width=0.9, color="#b22222")
        for column in np.flatnonzero(np.isnan(rates)):
            ax.axvspan(column - 0.5, column + 0.5, facecolor="#eeeeee", edgecolor="#999999", hatch="////",
                       linewidth=0)
        _event_lines(ax, events, lambda date: position.get(date, np.searchsorted(issues, date)) - 0.5)
        gloss = glosses.get(term, "")
        ax.set_title(term + (f"\n{short_label(gloss, 36)}" if gloss else ""), fontsize=ANNOTATION)
        ax.set_xticks(years, [f"'{issues[i][2:4]}" for i in years])
        ax.tick_params(labelsize=ANNOTATION)
        ax.set_xlim(-0.5, len(issues) - 0.5)
    fig.supylabel("uses per 10,000 Han characters", fontsize=STYLE["axes.labelsize"])
    fig.supxlabel("issue (hatched: no counted article; red line: the split event; dotted: other events)",
                  fontsize=STYLE["axes.labelsize"])
    return fig


def seed_against_baselines(baselines: pd.DataFrame, items: pd.DataFrame, labels: Mapping[str, str],
                           glosses: Mapping[str, str]) -> Figure:
    """For each seed and each item that looked distinctive among the seeds: the seed's rate (dot) against the
    bootstrap interval of each baseline (bars), so a reader sees which differences survive the controls."""
    if items.empty:
        return empty_figure("nothing looked distinctive among the seeds")
    keyed = baselines.set_index(["doc_id", "kind", "item", "baseline"])
    seed_rates = baselines.drop_duplicates(["doc_id", "item"]).set_index(["doc_id", "item"])["seed_rate"]
    rows: list[tuple[str, str, str] | str] = []  # a seed's name, then its items
    for doc_id, group in items.groupby("doc_id", sort=False):
        rows += [doc_id, *group[["doc_id", "kind", "item"]].itertuples(index=False, name=None)]
    fig = new_figure(0.2 * len(rows) + 1.1)
    ax = fig.add_subplot()
    offsets = {"province": -0.22, "leaders_same_year": 0.0, "journal": 0.22}
    names = {"province": "its province's articles", "leaders_same_year": "provincial leaders, same year",
             "journal": "the whole journal"}
    short = {"province": "province", "leaders_same_year": "leaders", "journal": "journal"}
    ticks = []
    for y, row in enumerate(rows):
        if isinstance(row, str):
            drawn = baselines[(baselines["doc_id"] == row) & (baselines["verdict"] != "no baseline")]["baseline"]
            absent = [short[baseline] for baseline in offsets if baseline not in set(drawn)]
            ticks.append(labels.get(row, row) + (f": no {' or '.join(absent)} baseline" if absent else ""))
            ax.axhline(y - 0.5, color="#bbbbbb", linewidth=0.6)
            continue
        doc_id, kind, item = row
        ticks.append(short_label(glosses.get(item, item), 40).replace("\n", " "))
        for number, (baseline, offset) in enumerate(offsets.items()):
            key = (doc_id, kind, item, baseline)
            if key in keyed.index and keyed.loc[key, "verdict"] != "no baseline":
                ax.plot([keyed.loc[key, "low"], keyed.loc[key, "high"]], [y + offset] * 2, color=PALETTE[number],
                        linewidth=3, solid_capstyle="butt", label=names[baseline])
        ax.plot(seed_rates[(doc_id, item)], y, "o", color="black", markersize=4, label="the document")
    ax.set_yticks(range(len(rows)), ticks)
    for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
        if isinstance(row, str):
            tick.set_fontweight("bold")
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xscale("symlog", linthresh=1)
    ax.set_xlim(-0.2, max(float(baselines["seed_rate"].max()), float(baselines["high"].max())) * 1.4)
    ax.xaxis.set_major_locator(FixedLocator([0, 1, 2, 5, 10, 20, 50, 100, 200, 500]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))  # plain text, never math
    ax.xaxis.set_minor_locator(NullLocator())
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel("uses per 10,000 Han characters\n(linear to 1, log above; bars: 95% intervals)")
    handles, names_ = ax.get_legend_handles_labels()
    unique = dict(zip(names_, handles, strict=True))  # one entry per baseline
    fig.legend(unique.values(), unique.keys(), loc="outside lower center", ncols=4, frameon=False)
    return fig


NETWORK_EDGES, NETWORK_NODES = 24, 12


def network_pairs(pairs: pd.DataFrame, uses: Mapping[str, int], top: int = NETWORK_NODES,
                  edges: int = NETWORK_EDGES) -> tuple[pd.DataFrame, list[str]]:
    """What :func:`slogan_network` draws: of the ``edges`` strongest telling pairs (G²; see
    :func:`analysis.measures.collocates.telling_pairs`, ``pairs`` already filtered), those between the ``top`` most
    used slogans among them, and those slogans (most used first)."""
    strongest = pairs.sort_values(["g2", "slogan_a", "slogan_b"], ascending=[False, True, True]).head(edges)
    nodes = sorted(set(strongest["slogan_a"]) | set(strongest["slogan_b"]), key=lambda s: (-uses.get(s, 0), s))[:top]
    shown = strongest[strongest["slogan_a"].isin(nodes) & strongest["slogan_b"].isin(nodes)]
    linked = set(shown["slogan_a"]) | set(shown["slogan_b"])
    return shown, [s for s in nodes if s in linked]


def slogan_network(pairs: pd.DataFrame, uses: Mapping[str, int], glosses: Mapping[str, str],
                   top: int = NETWORK_NODES, edges: int = NETWORK_EDGES) -> Figure:
    """The slogans that most often share a paragraph with another one, on a circle (most used at the top,
    clockwise), joined when they share paragraphs more than chance and are no fixed pair (``pairs`` as
    :func:`analysis.measures.collocates.telling_pairs` gives them); a line is as thick as its G²."""
    shown, nodes = network_pairs(pairs, uses, top, edges)
    if shown.empty:
        return empty_figure("No two slogans share paragraphs more often than chance.")
    fig = new_figure(WIDTH * 0.78)
    ax = fig.add_subplot()
    angle = {s: math.pi / 2 - 2 * math.pi * i / len(nodes) for i, s in enumerate(nodes)}
    where = {s: (math.cos(a), math.sin(a)) for s, a in angle.items()}
    heaviest = float(shown["g2"].max())
    for pair in shown.sort_values("g2").itertuples():
        (x0, y0), (x1, y1) = where[pair.slogan_a], where[pair.slogan_b]
        ax.plot([x0, x1], [y0, y1], color=PALETTE[0], alpha=0.55, linewidth=0.6 + 5.4 * pair.g2 / heaviest,
                solid_capstyle="round", zorder=1)
    most = max(uses.get(s, 0) for s in nodes) or 1
    for slogan, (x, y) in where.items():
        ax.scatter([x], [y], s=40 + 360 * uses.get(slogan, 0) / most, color=PALETTE[1], edgecolor="white", zorder=2)
        gloss = glosses.get(slogan, "")
        text = slogan + (f"\n{short_label(gloss, 24)}" if gloss else "")
        ax.text(x * 1.18, y * 1.18, text, ha="left" if x > 0.05 else "right" if x < -0.05 else "center",
                va="center", fontsize=ANNOTATION, zorder=3)
    ax.set_xlim(-2.1, 2.1)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return fig
