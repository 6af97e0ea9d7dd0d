"""What the chapter "From the centre to the provinces" shows: what the journal's articles and the seeds cite, and how
soon a central formulation reaches provincial and local authors.

The unit is the article: a document cited five times by one article counts
once. Lags are in issues of a monthly journal with few central-author articles
an issue, so a single formulation's lag is never a finding; only medians over
formulations, with their bootstrap intervals, are.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from ..journal.uptake import MIN_FORMULATIONS, RESAMPLES, median_lag
from .interactive import InteractiveFigure, altair_figure, data_table
from .style import ANNOTATION, PALETTE, empty_figure, new_figure

LEVELS = {"central": "Central", "provincial": "Provincial", "local": "Local"}
KINDS = {"document": "document", "meeting": "meeting", "speech": "speech or instruction", "book": "book"}


def citing_articles(references: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article and cited name (an article citing a name twice counts once), with the author's level."""
    cited = references.drop_duplicates(["doc_id", "kind", "name"])[["doc_id", "kind", "name"]]
    levels = articles.set_index("doc_id")["author_level"]
    return cited.assign(author_level=cited["doc_id"].map(levels).fillna("unknown"))


def most_cited_table(references: pd.DataFrame, articles: pd.DataFrame, glosses: Mapping[str, str],
                     kinds: tuple[str, ...] = ("document", "meeting"), top: int = 12) -> pd.DataFrame:
    """The ``top`` most-cited documents and meetings by the articles citing them, split by the author's level."""
    cited = citing_articles(references, articles)
    cited = cited[cited["kind"].isin(kinds)]
    if cited.empty:
        return pd.DataFrame()
    counts = pd.crosstab([cited["kind"], cited["name"]], cited["author_level"])
    counts = counts.reindex(columns=list(LEVELS), fill_value=0)
    counts["all"] = cited.groupby(["kind", "name"]).size()
    counts = counts.reset_index().sort_values(["all", "name"], ascending=[False, True]).head(top)
    return pd.DataFrame({"Cited": counts["name"], "Gloss": counts["name"].map(glosses).fillna("—"),
                         "Kind": counts["kind"].map(KINDS), **{label: counts[level] for level, label in LEVELS.items()},
                         "All articles": counts["all"]}).reset_index(drop=True)


def reference_counts(references: pd.DataFrame, articles: pd.DataFrame) -> dict[str, object]:
    """References by kind, the articles that cite anything, and the central-author articles an issue (what bounds
    how early a central first use can be seen)."""
    counts = references["kind"].value_counts()
    issues = articles["published"].nunique()
    return {"central_per_issue": round(float((articles["author_level"] == "central").sum() / issues), 1) if issues else 0,
            "references_total": len(references), "references_documents": int(counts.get("document", 0)),
            "references_meetings": int(counts.get("meeting", 0)), "references_speeches": int(counts.get("speech", 0)),
            "references_books": int(counts.get("book", 0)), "citing_articles": references["doc_id"].nunique(),
            "distinct_documents": references.loc[references["kind"] == "document", "name"].nunique()}


def lag_figure(uptake: pd.DataFrame) -> Figure:
    """How many formulations reached provincial and local authors after each lag (in issues), with the median lag
    over formulations and its 95% interval."""
    lags = uptake["lag_issues"].dropna()
    if lags.empty:
        return empty_figure("no formulation has both a clock and a provincial or local use")
    summary = median_lag(uptake)
    fig = new_figure(2.6)
    ax = fig.add_subplot()
    edges = np.arange(np.floor(lags.min()) - 0.5, np.ceil(lags.max()) + 1.5, 1.0)
    ax.hist(lags, bins=edges, color=PALETTE[0], edgecolor="white", linewidth=0.4)
    ax.axvspan(summary["low"], summary["high"], color=PALETTE[1], alpha=0.25, linewidth=0,
               label=f"95% interval of the median [{summary['low']:g}, {summary['high']:g}]")
    ax.axvline(0, color="#888888", linewidth=0.8, linestyle="--", label="the clock starts")
    ax.axvline(summary["median"], color=PALETTE[1], linewidth=1.5, label=f"median lag {summary['median']:g} issues")
    ax.set_xlabel("Lag in issues, from the event (or the first central use) to the first provincial or local use")
    ax.set_ylabel("Formulations")
    ax.legend(fontsize=ANNOTATION, frameon=False, loc="upper right")
    return fig


def province_order_table(provinces: pd.DataFrame, glosses: Mapping[str, str], each: int = 5) -> pd.DataFrame:
    """The ``each`` ranked provinces that take up new formulations first, and the ``each`` that take them up last,
    with the interval and what each median rests on."""
    ranked = provinces[provinces["ranked"].astype(bool)]
    if ranked.empty:
        return pd.DataFrame()
    picked = pd.concat([ranked.head(each).assign(end="first"), ranked.tail(each).assign(end="last")])
    picked = picked[~picked.index.duplicated()]
    return pd.DataFrame({"": picked["end"], "Province": picked["province"] + " (" + picked["province"].map(glosses)
                                                                                        .fillna("") + ")",
                         "Median lag (issues)": picked["median_lag"], "95% interval":
                         picked.apply(lambda row: f"[{row['low']:g}, {row['high']:g}]", axis=1),
                         "Formulations": picked["formulations"], "First-use articles": picked["articles"]}
                        ).reset_index(drop=True)


def uptake_findings(uptake: pd.DataFrame, provinces: pd.DataFrame, glosses: Mapping[str, str]) -> dict[str, object]:
    """The chapter's finding, true over any corpus: the median lag with its interval, what it rests on, and the
    earliest and latest ranked provinces (or why there are none)."""
    summary = median_lag(uptake)
    ranked = provinces[provinces["ranked"].astype(bool)]

    def names(frame: pd.DataFrame) -> str:
        return ", ".join(f"{row.province} ({glosses.get(row.province, row.province)}, {row.median_lag:g})"
                         for row in frame.itertuples())

    if summary["formulations"] == 0:
        finding = "No formulation has both a clock and a provincial or local use, so no lag can be measured."
    else:
        side = ("before its clock starts" if summary["high"] < 0 else "after its clock starts" if summary["low"] > 0
                else "no earlier or later than its clock, at this resolution")
        finding = (f"Provincial and local authors first use a tracked formulation a median of {summary['median']:g} "
                   f"issues from its clock (95% interval [{summary['low']:g}, {summary['high']:g}], over "
                   f"{summary['formulations']} formulations): {side}.")
        if len(ranked) >= 6:
            finding += (f" Among the {len(ranked)} provinces with enough formulations to rank, the earliest are "
                        f"{names(ranked.head(3))}; the latest {names(ranked.tail(3).iloc[::-1])} (median issues).")
    return {"uptake_median": summary["median"], "uptake_low": summary["low"], "uptake_high": summary["high"],
            "uptake_formulations": summary["formulations"], "uptake_tracked": len(uptake),
            "uptake_ranked": len(ranked), "uptake_min_formulations": MIN_FORMULATIONS, "uptake_resamples": RESAMPLES,
            "uptake_finding": finding}


def seed_citations_table(seed_references: pd.DataFrame, seeds: pd.DataFrame, references: pd.DataFrame,
                         articles: pd.DataFrame, labels: Mapping[str, str], glosses: Mapping[str, str]) -> pd.DataFrame:
    """For each seed: what it cites by kind, its most-cited document or meeting, and the share of the journal's
    articles from its province, and from its year, that cite the same (the articles behind each share in brackets)."""
    documents = seeds.set_index("doc_id")
    cited = citing_articles(references, articles)
    rows = []
    for doc_id in documents.index:
        own = seed_references[seed_references["doc_id"] == doc_id]
        kinds = own["kind"].value_counts()
        named = own[own["kind"].isin(["document", "meeting"])]["name"].value_counts()
        top = min(named[named == named.max()].index) if len(named) else ""
        province = documents.loc[doc_id, "region_zh"]
        year = str(documents.loc[doc_id, "published"])[:4]
        row = {"Document": labels.get(doc_id, doc_id),
               **{label: int(kinds.get(kind, 0)) for kind, label in (("document", "Documents"), ("meeting", "Meetings"),
                                                                    ("speech", "Speeches"))},
               "Most cited": f"{top} ({glosses[top]})" if top in glosses else top or "—"}
        for label, pool in (("province", articles[articles["province"] == province]),
                            ("year", articles[articles["year"].astype(str) == year])):
            citing = cited[(cited["name"] == top) & cited["doc_id"].isin(pool["doc_id"])]["doc_id"].nunique()
            row[f"Its {label}'s articles citing it"] = (f"{citing / len(pool):.0%} ({citing} of {len(pool)})"
                                                        if top and len(pool) else "—")
        rows.append(row)
    return pd.DataFrame(rows)


def event_uptake_table(uptake: pd.DataFrame, glosses: Mapping[str, str], top: int = 12) -> pd.DataFrame:
    """The latest ``top`` formulations whose clock is a dated event: when the journal, its central authors and its
    provincial and local authors first used each, and the share of provincial and local articles using it within
    six issues."""
    dated = uptake[uptake["clock"] == "event"].sort_values(["event_date", "term"], ascending=[False, True]).head(top)
    return pd.DataFrame({"Formulation": dated["term"], "Gloss": dated["term"].map(glosses).fillna("—"),
                         "Event": dated["event_date"], "First central": dated["first_central_issue"].fillna("—"),
                         "First provincial or local": dated["first_provincial_issue"].fillna("—"),
                         "Lag (issues)": dated["lag_issues"].map(lambda lag: "—" if pd.isna(lag) else f"{lag:g}"),
                         "Within 6 issues": dated["provincial_share_6"].map(
                             lambda share: "—" if pd.isna(share) else f"{share:.0%}")}).reset_index(drop=True)


NETWORK_ITEMS = 12  # documents and meetings on the network's right side: readable on a PDF page
NETWORK_MIN_ARTICLES = 2  # a link one article carries is left out, not drawn


def province_citations(references: pd.DataFrame, articles: pd.DataFrame, items: int = NETWORK_ITEMS,
                       min_articles: int = NETWORK_MIN_ARTICLES) -> pd.DataFrame:
    """Provinces × the ``items`` documents and meetings most cited by provincial and local authors: the articles
    of each province citing each (links that fewer than ``min_articles`` articles carry are dropped)."""
    cited = citing_articles(references, articles)
    cited = cited[cited["kind"].isin(("document", "meeting")) & cited["author_level"].isin(("provincial", "local"))]
    cited = cited.assign(province=cited["doc_id"].map(articles.set_index("doc_id")["province"]))
    cited = cited[cited["province"].fillna("") != ""]
    top = cited.groupby("name").size().sort_values(ascending=False, kind="stable")
    top = top[sorted(top.index, key=lambda name: (-top[name], name))].head(items)
    links = cited[cited["name"].isin(top.index)].groupby(["province", "name"]).size().rename("articles").reset_index()
    return links[links["articles"] >= min_articles].sort_values(["name", "province"], ignore_index=True)


def citation_network(links: pd.DataFrame, glosses: Mapping[str, str]) -> InteractiveFigure | Figure:
    """Provinces (left, by the articles behind their links) joined to what they cite (right, by articles), each line
    as wide as the articles of that province citing that item; a long title is cut on the figure and given whole,
    with its gloss, on hover. In the HTML, hovering a province or an item shows its links alone, and every line
    and node has its counts."""
    if links.empty:
        return empty_figure("no province cites a document or meeting in two or more articles")
    provinces = links.groupby("province")["articles"].sum().sort_values(ascending=False, kind="stable")
    provinces = provinces[sorted(provinces.index, key=lambda p: (-provinces[p], p))]
    items = links.groupby("name")["articles"].sum()
    items = items[sorted(items.index, key=lambda n: (-items[n], n))]
    height = max(len(provinces), 2 * len(items)) * 15

    def spread(names: pd.Index) -> dict[str, float]:
        return {name: (rank + 0.5) * height / len(names) for rank, name in enumerate(names)}

    left, right = spread(provinces.index), spread(items.index)
    nodes = pd.concat([
        pd.DataFrame({"node": provinces.index, "x": 0.0, "y": provinces.index.map(left), "articles": provinces.values,
                      "label": [f"{p} {glosses.get(p, '')}".strip() for p in provinces.index],
                      "gloss": provinces.index.map(glosses).fillna(""), "side": "province"}),
        pd.DataFrame({"node": items.index, "x": 1.0, "y": items.index.map(right), "articles": items.values,
                      "label": [short(n, 14) for n in items.index], "gloss": items.index.map(glosses).fillna(""),
                      "side": "cited"}),
    ], ignore_index=True)
    edges = links.assign(x=0.0, y=links["province"].map(left), x2=1.0, y2=links["name"].map(right),
                         gloss=links["name"].map(glosses).fillna(""))
    pick = alt.selection_point(name="pick", fields=["node"], on="mouseover", clear="mouseout")
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-0.02, 1.02]))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[height, 0]))
    lines = alt.Chart(edges).transform_calculate(
        ends="[datum.province, datum.name]",
        said="datum.province + ' cites ' + datum.name + ' in ' + datum.articles + ' articles'").mark_rule(
        color=to_hex(PALETTE[0])).encode(description=alt.Description("said:N"),
        x=x, y=y, x2="x2:Q", y2="y2:Q",
        strokeWidth=alt.StrokeWidth("articles:Q", scale=alt.Scale(range=[0.6, 6]),
                                    legend=alt.Legend(orient="bottom", title="articles of the province citing it")),
        opacity=alt.condition("!length(data('pick_store')) || indexof(datum.ends, data('pick_store')[0].values[0]) >= 0",
                              alt.value(0.55), alt.value(0.05)),
        tooltip=[alt.Tooltip("province:N", title="省 (province)"), alt.Tooltip("name:N", title="cites"),
                 alt.Tooltip("gloss:N", title="in English"), alt.Tooltip("articles:Q")])
    base = alt.Chart(nodes).encode(x=x, y=y, tooltip=[alt.Tooltip("node:N"), alt.Tooltip("gloss:N", title="in English"),
                                                     alt.Tooltip("articles:Q", title="articles (summed links)")])
    dots = base.transform_calculate(said="datum.node + ': ' + datum.articles + ' articles in its links'").mark_circle(
        color="#333", size=40).encode(description=alt.Description("said:N")).add_params(pick)
    province_names = base.transform_filter("datum.side == 'province'").mark_text(
        fontSize=10, align="right", dx=-6, aria=False).encode(text="label:N")
    item_names = base.transform_filter("datum.side == 'cited'").mark_text(
        fontSize=10, align="left", dx=6, aria=False).encode(text="label:N")
    chart = alt.layer(lines, dots, province_names, item_names).properties(width=240, height=height,
                                                                          view=alt.ViewBackground(stroke=None))
    table = links.sort_values(["articles", "province", "name"], ascending=[False, True, True]).assign(
        gloss=lambda frame: frame["name"].map(glosses).fillna(""))[["province", "name", "gloss", "articles"]]
    return altair_figure(chart, description="Provinces on the left joined to the documents and meetings their "
                                            "authors cite on the right, each line as wide as the articles behind it.",
                         table=data_table(table.set_axis(["Province", "Cites", "In English", "Articles"], axis=1),
                                          "The network's links as a table"))


def short(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters (at a word, where it has spaces), for a label."""
    if len(text) <= width:
        return text
    cut = text[:width]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"
