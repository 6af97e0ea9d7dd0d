"""Explore, don't just read: a term explorer of the documents and a map of the provinces, as interactive charts.

The term explorer follows scattertext: each word is a point placed by the rank of its rate in one document
(up) against the rank of its rate in all the others (across), ties broken alphabetically so that no two words
share a point, and coloured by keyness (G²). Hover shows the word, its gloss and its counts;
a click lists its lines in context under the chart; a menu picks the document. The PDF shows each
document as a small panel with its most distinctive words labelled.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
from docutils.nodes import make_id

from ..journal.pipeline import Journal
from ..measures.kwic import kwic
from ..pipeline import Analysis
from .interactive import InteractiveFigure, altair_figure, data_table
from .labels import labels, shown
from .placement import place_labels

PER = 10_000
X_DOMAIN, Y_DOMAIN = (0.0, 1.08), (0.0, 1.0)  # ranks; room on the right for the last points


def term_rates(a: Analysis, glosses: dict[str, str], per_document: int = 120, labelled: int = 6) -> pd.DataFrame:
    """Per shown document, its most used words and its most distinctive ones: uses and rate per 10,000 words in
    the document and in the others, G² (signed), the gloss, and whether the word is labelled in the chart."""
    counts = a.features.counts
    totals = np.asarray(counts.sum(axis=1)).ravel().astype(float)
    names = labels(a)
    key = a.keyness.set_index(["doc_id", "term"])["g2"]
    column = {word: index for index, word in enumerate(a.features.vocabulary)}
    all_uses = np.asarray(counts.sum(axis=0)).ravel()
    frames = []
    for row, doc_id in enumerate(a.features.doc_ids):
        if doc_id not in shown(a):
            continue
        uses = counts.getrow(row).toarray().ravel()
        distinctive = a.keyness[(a.keyness["doc_id"] == doc_id) & (a.keyness["g2"] > 0)]["term"].head(labelled * 3)
        frequent = [a.features.vocabulary[i] for i in np.argsort(-uses, kind="stable")[:per_document] if uses[i] > 0]
        words = list(dict.fromkeys([*frequent, *distinctive]))
        index = np.array([column[w] for w in words], dtype=int)
        rest = max(totals.sum() - totals[row], 1.0)
        frames.append(pd.DataFrame({
            "document": names[doc_id], "term": words, "gloss": [glosses.get(w, "") for w in words],
            "uses": uses[index], "uses_elsewhere": all_uses[index] - uses[index],
            "rate": (uses[index] / max(totals[row], 1.0) * PER).round(2),
            "rate_elsewhere": ((all_uses[index] - uses[index]) / rest * PER).round(2),
            "g2": [float(key.get((doc_id, w), 0.0)) for w in words],
            "labelled": [w in set(distinctive.head(labelled)) for w in words],
        }))
    if not frames:
        return pd.DataFrame()
    rates = pd.concat(frames, ignore_index=True).sort_values(["document", "term"], kind="stable")
    for rate, rank in (("rate", "rank"), ("rate_elsewhere", "rank_elsewhere")):
        ranked = rates.groupby("document", sort=False)[rate].rank(method="first")
        rates[rank] = (ranked / rates.groupby("document", sort=False)[rate].transform("size")).round(4)
    return rates.reset_index(drop=True)


def term_lines(a: Analysis, rates: pd.DataFrame, per_term: int = 2, window: int = 14) -> pd.DataFrame:
    """The first lines in context of each word in each document of ``rates``, for the explorer's click."""
    by_name = {name: doc_id for doc_id, name in labels(a).items()}
    records = []
    for (document, term), _ in rates.groupby(["document", "term"], sort=True):
        lines = kwic([a.corpus[by_name[document]]], term, window).head(per_term)
        for number, line in enumerate(lines.itertuples(), start=1):
            records.append({"document": document, "term": term, "line": number,
                            "text": f"…{line.left}【{line.match}】{line.right}…"})
    return pd.DataFrame.from_records(records, columns=["document", "term", "line", "text"])


def term_explorer(a: Analysis, glosses: dict[str, str]) -> InteractiveFigure:
    """The term explorer (see the module's docstring)."""
    rates = term_rates(a, glosses)
    lines = term_lines(a, rates)
    documents = [labels(a)[doc_id] for doc_id in shown(a) if labels(a)[doc_id] in set(rates["document"])]
    document = alt.param(name="document", value=documents[0],
                         bind=alt.binding_select(options=documents, name="Document: "))
    word = alt.selection_point(name="word", fields=["term"], on="click", empty=False, clear="dblclick")
    x = alt.X("rank_elsewhere:Q", title="frequency in the other documents (rank, low to high)",
              axis=alt.Axis(format="%"), scale=alt.Scale(domain=list(X_DOMAIN)))
    y = alt.Y("rank:Q", title="frequency in this document (rank)", axis=alt.Axis(format="%"),
              scale=alt.Scale(domain=list(Y_DOMAIN)))
    tooltip = [alt.Tooltip("term:N", title="word"), alt.Tooltip("gloss:N"), alt.Tooltip("uses:Q", title="uses here"),
               alt.Tooltip("rate:Q", title="per 10,000 words here"),
               alt.Tooltip("uses_elsewhere:Q", title="uses elsewhere"),
               alt.Tooltip("rate_elsewhere:Q", title="per 10,000 words elsewhere"),
               alt.Tooltip("g2:Q", title="G²", format=".1f")]
    base = alt.Chart(_label_spots(rates, 560, 400, 11)).transform_filter(alt.datum.document == document)
    points = base.mark_circle(opacity=0.75, stroke="#333", strokeWidth=0.3).encode(
        x=x, y=y, tooltip=tooltip, size=alt.Size("uses:Q", legend=None, scale=alt.Scale(range=[15, 260])),
        color=alt.Color("g2:Q", title="G²", scale=alt.Scale(scheme="redblue", domainMid=0, reverse=True)),
    ).add_params(word)
    names = _word_labels(base, x, y, 11)
    scatter = alt.layer(points, names).add_params(document).properties(
        width=560, height=400, title="Click a word to read its lines below; double-click to clear")
    context = alt.Chart(lines).transform_filter(alt.datum.document == document).transform_filter(word).mark_text(
        align="left", fontSize=12).encode(x=alt.value(0), y=alt.Y("line:O", axis=None), text="text:N").properties(
        width=560, height=50)
    x_short = alt.X("rank_elsewhere:Q", title="in the other documents (rank)", axis=alt.Axis(format="%"),
                    scale=alt.Scale(domain=list(X_DOMAIN)))
    y_short = alt.Y("rank:Q", title="in this document (rank)", axis=alt.Axis(format="%"),
                    scale=alt.Scale(domain=list(Y_DOMAIN)))
    small = alt.Chart(_label_spots(rates, 250, 200, 10))
    static = small.mark_circle(opacity=0.6).encode(
        x=x_short, y=y_short, color=alt.Color("g2:Q", title="G²", scale=alt.Scale(scheme="redblue", domainMid=0, reverse=True)),
        size=alt.Size("uses:Q", legend=None, scale=alt.Scale(range=[8, 120])))
    static_names = _word_labels(small, x_short, y_short, 10)
    panels = alt.layer(static, static_names).properties(width=250, height=200).facet(
        facet=alt.Facet("document:N", title=None, sort=documents), columns=2)
    return altair_figure(alt.vconcat(scatter, context), static=panels,
                         description="Each word of a document placed by how much more it uses the word than the other "
                                     "documents; pick the document in the menu, hover a word, click it for its lines.",
                         table=data_table(explorer_table(rates, lines, documents),
                                          "The explorer's words and their lines as a table"))


def explorer_table(rates: pd.DataFrame, lines: pd.DataFrame, documents: list[str]) -> pd.DataFrame:
    """What the explorer shows on hover and click, as rows a keyboard or a screen reader can read: each document's
    words, most distinctive first (G²), with their counts, gloss and first lines in context."""
    said = lines.groupby(["document", "term"], sort=False)["text"].agg(" / ".join).rename("lines")
    table = rates.join(said, on=["document", "term"]).fillna({"lines": ""})
    table["order"] = table["document"].map({name: number for number, name in enumerate(documents)})
    table = table.sort_values(["order", "g2", "term"], ascending=[True, False, True], kind="stable")
    return table[["document", "term", "gloss", "uses", "uses_elsewhere", "g2", "lines"]].round({"g2": 1}).set_axis(
        ["Document", "Word", "Gloss", "Uses here", "Uses elsewhere", "G²", "Lines in context"], axis=1)


def _label_spots(rates: pd.DataFrame, width: int, height: int, font_size: int) -> pd.DataFrame:
    """``rates`` with where each labelled word's label goes (``dx``, ``dy``, ``align``) and whether it is ``placed``:
    clear of the others, the most distinctive first; one with no free spot is left out."""
    words = rates[rates["labelled"]].sort_values(["document", "g2", "term"], ascending=[True, False, True])
    spots = [place_labels(group.rename(columns={"rank_elsewhere": "x", "rank": "y", "term": "text"}), width, height,
                          X_DOMAIN, Y_DOMAIN, font_size) for _, group in words.groupby("document", sort=True)]
    placed = pd.concat(spots) if spots else pd.DataFrame(columns=["dx", "dy", "align", "placed"])
    return rates.join(placed).fillna({"dx": 0.0, "dy": 0.0, "align": "left", "placed": False}).infer_objects()


def _word_labels(chart: alt.Chart, x: alt.X, y: alt.Y, font_size: int) -> alt.Chart:
    """The placed labels of :func:`_label_spots`, beside their points."""
    return chart.transform_filter(alt.datum.placed).mark_text(
        fontSize=font_size, baseline="middle", align=alt.expr("datum.align"), dx=alt.expr("datum.dx"),
        dy=alt.expr("datum.dy")).encode(x=x, y=y, text="term:N")


def province_map(journal: Journal, glosses: dict[str, str], profiles_page: str = "appendix/provinces.html"
                 ) -> InteractiveFigure:
    """The provinces as tiles coloured by articles; hover shows the counts and top slogans, a click opens the
    province's profile."""
    provinces = journal.provinces.set_index("province")
    hits = journal.slogan_hits
    articles = journal.articles
    records = []
    for tile in journal.tiles.itertuples():
        own = articles[articles["province"] == tile.province]["doc_id"]
        uses = hits.loc[hits.index.intersection(own)].sum().sort_values(ascending=False, kind="stable") \
            if len(own) else pd.Series(dtype=float)
        heading = f"{tile.province} ({glosses.get(tile.province, '')})" if tile.province in glosses else tile.province
        row = provinces.loc[tile.province] if tile.province in provinces.index else None
        records.append({
            "province": tile.province, "name": glosses.get(tile.province, tile.province), "row": tile.row,
            "col": tile.col, "articles": int(row["articles"]) if row is not None else 0,
            "provincial": int(row["provincial_authors"]) if row is not None else 0,
            "local": int(row["local_authors"]) if row is not None else 0,
            "slogans": ", ".join(f"{s} ({int(n)})" for s, n in uses.head(3).items() if n > 0) or "none",
            "url": f"{profiles_page}#{make_id(heading)}",
        })
    frame = pd.DataFrame.from_records(records)
    # every layer carries the link and the tooltip, so that the names on a tile answer as the tile does
    base = alt.Chart(frame).encode(
        x=alt.X("col:O", axis=None), y=alt.Y("row:O", axis=None), href="url:N",
        tooltip=[alt.Tooltip("province:N", title="省 (province)"), alt.Tooltip("name:N", title="in English"),
                 alt.Tooltip("articles:Q"), alt.Tooltip("provincial:Q", title="by provincial leaders"),
                 alt.Tooltip("local:Q", title="from cities and counties"),
                 alt.Tooltip("slogans:N", title="top slogans")])
    # a screen reader reads each tile as one sentence; the names drawn on it are hidden from it (aria=False)
    tiles = base.transform_calculate(
        said="datum.province + ' ' + datum.name + ': ' + datum.articles + ' articles'").mark_rect(
        stroke="white", strokeWidth=2, cornerRadius=3).encode(
        color=alt.Color("articles:Q", title="articles", scale=alt.Scale(scheme="blues")),
        description=alt.Description("said:N"))
    ink = alt.condition(alt.datum.articles > frame["articles"].median(), alt.value("white"), alt.value("#222"))
    chinese = base.mark_text(fontSize=13, dy=-6, aria=False).encode(text="province:N", color=ink)
    english = base.mark_text(fontSize=9, dy=9, aria=False).encode(text="name:N", color=ink)
    chart = alt.layer(tiles, chinese, english).properties(width=560, height=440)
    ordered = frame.sort_values(["articles", "province"], ascending=[False, True])
    table = ordered[["province", "name", "articles", "provincial", "local", "slogans"]].set_axis(
        ["Province", "In English", "Articles", "By provincial leaders", "From cities and counties", "Top slogans"],
        axis=1)
    return altair_figure(chart, description="A map of China's provinces as squares, each coloured by the articles "
                                            "its authors wrote in the journal; hover for counts and top slogans.",
                         table=data_table(table, "The map's data as a table (each province links to its profile)",
                                          links={"In English": ordered["url"].tolist()}))


UNRELIABLE_ARTICLES = 10  # a province's rate over fewer articles is marked as unreliable
MAP_SLOGANS = 30  # the most used slogans offered on the measure map, beside every theme


def measure_rates(journal: Journal, glosses: dict[str, str], slogans: int = MAP_SLOGANS) -> pd.DataFrame:
    """Every theme and the ``slogans`` most used slogans, by province: the rate, its interval, the articles it rests
    on and those using the item, and whether the rate is unreliable (fewer than :data:`UNRELIABLE_ARTICLES`
    articles) or carried by one article; with each tile's place and names."""
    rates = journal.province_rates
    used = rates[rates["kind"] == "slogan"].groupby("item")["hits"].sum()
    top = sorted(used.index, key=lambda item: (-used[item], item))[:slogans]
    themes = {theme.id: theme.label.split(" (")[0] for theme in journal.analysis.lexicon.themes}
    chosen = rates[(rates["kind"] == "theme") | rates["item"].isin(top)].copy()
    chosen["measure"] = [f"theme: {themes.get(item, item)}" if kind == "theme"
                         else f"slogan: {item}" + (f" ({glosses[item]})" if item in glosses else "")
                         for kind, item in zip(chosen["kind"], chosen["item"], strict=True)]
    tiles = journal.tiles[["province", "row", "col"]]
    frame = tiles.merge(chosen, on="province", how="left")
    frame["name"] = frame["province"].map(glosses).fillna(frame["province"])
    frame["interval"] = [f"{low:.1f}–{high:.1f}" for low, high in zip(frame["low"], frame["high"], strict=True)]
    frame["note"] = ["fewer than 10 articles: unreliable" if articles < UNRELIABLE_ARTICLES
                     else "one article carries more than half" if single else ""
                     for articles, single in zip(frame["articles"], frame["single_article"], strict=True)]
    frame["mark"] = frame["note"].map(lambda note: "*" if note.startswith("fewer") else "†" if note else "")
    order = [f"theme: {label}" for label in themes.values()] + sorted(
        (m for m in frame["measure"].unique() if m.startswith("slogan")), key=lambda m: -used[m.split(" ")[1]])
    frame["order"] = frame["measure"].map({measure: rank for rank, measure in enumerate(order)})
    columns = ["province", "name", "row", "col", "measure", "order", "rate_per_10k", "interval", "articles", "using",
               "note", "mark"]
    return frame[columns].sort_values(["order", "row", "col"], ignore_index=True)


def measure_map(rates: pd.DataFrame, default: str) -> InteractiveFigure:
    """The provinces as tiles coloured by the measure a reader picks (every theme and the top slogans), as the
    article map draws them; hover shows the rate, its interval and the articles behind it. A * marks a rate over
    fewer than ten articles, a † one that a single article carries. The PDF shows ``default``."""
    measures = list(dict.fromkeys(rates["measure"]))
    pick = alt.param(name="measure", value=default,
                     bind=alt.binding_select(options=measures, name="Measure: "))

    def tiles(chart: alt.Chart) -> alt.LayerChart:
        base = chart.transform_joinaggregate(top="max(rate_per_10k)", groupby=["measure"]).encode(
            x=alt.X("col:O", axis=None), y=alt.Y("row:O", axis=None),
            tooltip=[alt.Tooltip("province:N", title="省 (province)"), alt.Tooltip("name:N", title="in English"),
                     alt.Tooltip("measure:N"), alt.Tooltip("rate_per_10k:Q", title="per 10,000 characters", format=".1f"),
                     alt.Tooltip("interval:N", title="95% interval"), alt.Tooltip("articles:Q"),
                     alt.Tooltip("using:Q", title="articles using it"), alt.Tooltip("note:N", title="caution")])
        rects = base.transform_calculate(
            said="datum.province + ' ' + datum.name + ': ' + format(datum.rate_per_10k, '.1f') + ' per 10,000 "
                 "characters over ' + datum.articles + ' articles' + (datum.note ? ' (' + datum.note + ')' : '')"
        ).mark_rect(stroke="white", strokeWidth=2, cornerRadius=3).encode(
            color=alt.Color("rate_per_10k:Q", title="per 10,000", scale=alt.Scale(scheme="blues")),
            description=alt.Description("said:N"))
        ink = alt.condition("datum.rate_per_10k > 0.6 * datum.top", alt.value("white"), alt.value("#222"))
        chinese = base.mark_text(fontSize=13, dy=-6, aria=False).encode(text="province:N", color=ink)
        english = base.transform_calculate(label="datum.name + datum.mark").mark_text(
            fontSize=9, dy=9, aria=False).encode(text="label:N", color=ink)
        return alt.layer(rects, chinese, english).properties(width=560, height=440)

    interactive = tiles(alt.Chart(rates).transform_filter("datum.measure == measure")).add_params(pick)
    static = tiles(alt.Chart(rates[rates["measure"] == default])).properties(title=default)
    shown = rates[rates["measure"] == default].sort_values(["rate_per_10k", "province"], ascending=[False, True])
    table = shown[["province", "name", "rate_per_10k", "interval", "articles", "using", "note"]].set_axis(
        ["Province", "In English", "Per 10,000 characters", "95% interval", "Articles", "Articles using it", "Caution"],
        axis=1)
    return altair_figure(interactive, static=static,
                         description="A map of China's provinces as squares, each coloured by the rate of the measure "
                                     "picked in the menu below it; hover for the rate, its interval and its articles.",
                         table=data_table(table, f"The map's data as a table ({default}; every measure is in "
                                                 "journal/province_rates.csv)"))
