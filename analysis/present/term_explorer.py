"""The reader's term explorer: the index file the HTML page loads, its widget, and the static page the PDF shows.

The page loads ``explorer/term-index.json`` (written by the tables run, copied
to the site's root by the build) only when it is opened, and draws a term's
course with the book's own Vega bundle (``_static/term-explorer.js``). The
index is compact JSON: per term, its issues and provinces as runs of
``position-step:articles using:uses`` (non-zero cells only, positions as steps
from the previous one), its bursts and, for the registry's slogans, its
collocates.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..journal.term_index import LINES_PER_ISSUE, WORDS_PER_ISSUE
from .explorer_files import SCRIPT, TERM_INDEX, TERM_LINES, WORD_SHARD, compact_json
from .glossary import glossary
from .interactive import InteractiveFigure, _loader, _script_safe, data_table, load_site_script

SOURCE_CODES = {"registry": "r", "discovered": "d", "word": "w"}


def _runs(frame: pd.DataFrame, key: str, positions: Mapping[str, int], terms: int) -> list[str]:
    """Per term id, its cells as ``step:using[:uses]`` runs (steps from the previous position), in position order;
    ``frame`` is sorted by term, then position (as :func:`~analysis.journal.term_index.cells` gives it). Strings are
    made one term at a time."""
    term_ids = frame["term_id"].to_numpy()
    at = frame[key].map(positions).to_numpy()
    using, uses = frame["using"].to_numpy(), frame["uses"].to_numpy()
    bounds = np.searchsorted(term_ids, np.arange(terms + 1))
    runs = []
    for term_id in range(terms):
        start, stop = bounds[term_id], bounds[term_id + 1]
        steps = np.diff(at[start:stop], prepend=0)
        runs.append(",".join(f"{step}:{a}" + (f":{b}" if b != a else "")
                             for step, a, b in zip(steps.tolist(), using[start:stop].tolist(),
                                                   uses[start:stop].tolist(), strict=True)))
    return runs


def term_index_json(terms: pd.DataFrame, term_issues: pd.DataFrame, term_provinces: pd.DataFrame,
                    bursts: pd.DataFrame, collocates: pd.DataFrame, issues: pd.DataFrame, provinces: pd.DataFrame,
                    glosses: Mapping[str, str]) -> bytes:
    """The explorer's index as compact JSON bytes (the same tables give the same bytes).

    ``issues`` is the journal's issue table (every issue, missing ones included), ``provinces`` the tiles'
    provinces with their counted articles; a cell's ``uses`` is left out where it equals its articles."""
    issue_order = issues["published"].tolist()
    issue_position = {issue: number for number, issue in enumerate(issue_order)}
    province_order = provinces["province"].tolist()
    province_position = {province: number for number, province in enumerate(province_order)}
    index = {
        "about": "term explorer index: per term, its issues and provinces as step:articles-using[:uses] runs",
        "issues": issue_order,
        "articles": issues["articles"].astype(int).tolist(),
        "missing": [number for number, missing in enumerate(issues["missing"]) if missing],
        "provinces": province_order,
        "province_names": [glosses.get(province, province) for province in province_order],
        "province_articles": provinces["articles"].astype(int).tolist(),
        "terms": terms["term"].tolist(),
        "sources": "".join(SOURCE_CODES[source] for source in terms["source"]),
        "glosses": {str(term_id): glosses[term] for term_id, term in zip(terms["term_id"], terms["term"], strict=True)
                    if glosses.get(term)},
        "by_issue": _runs(term_issues, "published", issue_position, len(terms)),
        "by_province": _runs(term_provinces, "province", province_position, len(terms)),
        "bursts": {},
        "collocates": {},
    }
    for row in bursts.sort_values(["term_id", "start"]).itertuples():
        index["bursts"].setdefault(str(row.term_id), []).append(
            [issue_position[row.start], issue_position[row.end], round(float(row.weight), 1), round(float(row.rise), 2)])
    term_id = dict(zip(terms["term"], terms["term_id"], strict=True))
    for row in collocates.itertuples():
        if row.term in term_id:
            index["collocates"].setdefault(str(term_id[row.term]), []).append(
                [row.collocate, int(row.near), round(float(row.g2), 1)])
    return compact_json(index)


def journal_term_index(journal: object) -> bytes:
    """:func:`term_index_json` of an analysed or stored journal, glossed by the book's glossary."""
    provinces = journal.tiles[["province"]].merge(journal.provinces[["province", "articles"]], on="province",
                                                  how="left").fillna({"articles": 0})
    return term_index_json(journal.index_terms, journal.term_issues, journal.term_provinces, journal.term_bursts,
                           journal.term_collocates, journal.issues, provinces, glossary(journal.analysis.lexicon))


def stored_term_index(journal: object) -> bytes:
    """The explorer's index as the tables run wrote it (a stored journal keeps it), else built here."""
    try:
        return journal.term_index_json
    except AttributeError:
        return journal_term_index(journal)


def picked_terms(terms: pd.DataFrame, glosses: Mapping[str, str]) -> list[tuple[str, str]]:
    """The terms the explorer offers in its list (each with its gloss): the registry's slogans and the discovered
    formulations the journal uses, most used first, then every glossed word."""
    used = terms[terms["articles"] > 0]
    named = used[used["source"] != "word"].sort_values(["articles", "term"], ascending=[False, True])
    words = used[(used["source"] == "word") & used["term"].map(lambda term: bool(glosses.get(term)))]
    return [(term, glosses.get(term, "")) for term in [*named["term"], *sorted(words["term"])]]


def explorer_widget(picks: Sequence[tuple[str, str]], first: str, terms: int, size: int) -> str:
    """The explorer's HTML: a labelled box with a list of terms, the places the script draws into, and the loader of
    the Vega bundle and of the script, which fetches the index."""
    options = "".join(f'<option value="{html.escape(term)}">{html.escape(gloss)}</option>' for term, gloss in picks)
    settings = _script_safe(json.dumps({"index": TERM_INDEX, "lines": TERM_LINES.rsplit("/", 1)[0] + "/",
                                        "word_shard": WORD_SHARD, "lines_per_issue": LINES_PER_ISSUE,
                                        "words_per_issue": WORDS_PER_ISSUE, "first": first}, ensure_ascii=False))
    return (
        '<div class="term-explorer" data-settings="' + html.escape(settings) + '">'
        '<form class="term-explorer-form" role="search">'
        '<label for="term-explorer-input">A Chinese term</label> '
        '<input id="term-explorer-input" type="search" list="term-explorer-list" autocomplete="off" lang="zh-CN" '
        f'value="{html.escape(first)}" aria-describedby="term-explorer-help"> '
        '<button type="submit">Show</button>'
        f'<datalist id="term-explorer-list">{options}</datalist>'
        f'<p id="term-explorer-help" class="term-explorer-help">Type a term, or pick one of the {len(picks):,} listed '
        f'with their glosses; the index holds {terms:,} terms ({size / 1e6:.1f} MB, loaded with this page).</p>'
        '</form>'
        '<p class="term-explorer-status" role="status" aria-live="polite">Loading the index…</p>'
        '<div class="term-explorer-issues"></div><div class="term-explorer-years"></div>'
        '<div class="term-explorer-pick"></div>'
        '<div class="term-explorer-lines" tabindex="-1" aria-live="polite"></div>'
        '<div class="term-explorer-details"></div>'
        '<noscript><p>The explorer needs JavaScript; the examples below show what it draws, and '
        'journal/term_index.json among the tables holds every count.</p></noscript>'
        '</div>'
        + _loader(load_site_script(SCRIPT))
    )


def example_figure(examples: Sequence[str], terms: pd.DataFrame, term_issues: pd.DataFrame, issues: pd.DataFrame,
                   bursts: pd.DataFrame, glosses: Mapping[str, str]) -> bytes:
    """The PDF's page: each example term's share of each issue's articles using it (bars; the missing issues
    marked), its bursts shaded, one panel per term. PNG bytes."""
    import altair as alt
    import vl_convert

    from .interactive import CJK_FONT, CJK_FONT_DIRECTORY

    if CJK_FONT_DIRECTORY.is_dir():
        vl_convert.register_font_directory(str(CJK_FONT_DIRECTORY))
    panels = []
    for term in examples:
        term_id = int(terms.loc[terms["term"] == term, "term_id"].iloc[0])
        series = example_series(term_id, term_issues, issues)
        title = f"{term} ({glosses[term]})" if glosses.get(term) else term
        spans = bursts[bursts["term_id"] == term_id][["start", "end"]]
        base = alt.Chart(series).encode(x=alt.X("published:O", title=None, axis=alt.Axis(labelAngle=-90,
                                                                                         labelFontSize=7)))
        bars = base.mark_bar(color="#b22222").encode(
            y=alt.Y("share:Q", title="% of the issue's articles", axis=alt.Axis(format=".0%")))
        gaps = alt.Chart(series[series["missing"]]).mark_text(text="×", color="#555", fontSize=9, dy=-4).encode(
            x="published:O", y=alt.datum(0))
        layers = [bars, gaps]
        if len(spans):
            layers.insert(0, alt.Chart(spans).mark_rect(color="#f4d03f", opacity=0.35).encode(
                x="start:O", x2="end:O"))
        panels.append(alt.layer(*layers).properties(width=620, height=110, title=title))
    chart = alt.vconcat(*panels).configure(font=CJK_FONT)
    return vl_convert.vegalite_to_png(chart.to_dict(), scale=2.0)


def example_series(term_id: int, term_issues: pd.DataFrame, issues: pd.DataFrame) -> pd.DataFrame:
    """One term's course by issue: every issue, its counted articles, those using the term and their share (none
    where the issue is missing)."""
    own = term_issues[term_issues["term_id"] == term_id].set_index("published")
    series = issues[["published", "year", "articles", "missing"]].copy()
    series["using"] = series["published"].map(own["using"]).fillna(0).astype(int)
    series["share"] = (series["using"] / series["articles"].where(series["articles"] > 0)).round(4)
    return series


def explorer_figure(picks: Sequence[tuple[str, str]], first: str, terms: int, size: int, png: bytes,
                    table: pd.DataFrame) -> InteractiveFigure:
    """The widget in the HTML, the examples' PNG in the PDF; the examples' numbers as a table under the widget."""
    return InteractiveFigure(explorer_widget(picks, first, terms, size)
                             + data_table(table, "The three examples of the PDF edition, year by year, as a table"), png)


def example_table(examples: Sequence[str], terms: pd.DataFrame, term_issues: pd.DataFrame,
                  issues: pd.DataFrame) -> pd.DataFrame:
    """The examples year by year: the issues the corpus has, the counted articles, those using the term and their
    share (a partial year says so by its issues)."""
    frames = []
    for term in examples:
        term_id = int(terms.loc[terms["term"] == term, "term_id"].iloc[0])
        series = example_series(term_id, term_issues, issues)
        series["issue_present"] = ~series["missing"]
        year = series.groupby("year").agg(issues=("issue_present", "sum"), articles=("articles", "sum"),
                                          using=("using", "sum")).reset_index()
        year["share"] = (100 * year["using"] / year["articles"].where(year["articles"] > 0)).round(1)
        frames.append(year.assign(term=term))
    table = pd.concat(frames, ignore_index=True)[["term", "year", "issues", "articles", "using", "share"]]
    return table.set_axis(["Term", "Year", "Issues", "Articles", "Articles using it", "Share (%)"], axis=1)


def any_term_explorer(journal: object, glosses: Mapping[str, str], examples: Sequence[str],
                      size: int) -> InteractiveFigure:
    """The explorer for the HTML (its first term: ``examples[0]``; ``size``: the index's bytes, as
    :func:`explorer_findings` gives them), the ``examples``' courses for the PDF."""
    terms = journal.index_terms
    png = example_figure(examples, terms, journal.term_issues, journal.issues, journal.term_bursts, glosses)
    table = example_table(examples, terms, journal.term_issues, journal.issues)
    return explorer_figure(picked_terms(terms, glosses), examples[0], len(terms), size, png, table)


def explorer_findings(journal: object, glosses: Mapping[str, str]) -> dict[str, object]:
    """The index's numbers for the prose: its terms by source, its size (built once here: the widget takes it),
    the terms offered in the list."""
    terms = journal.index_terms
    counts = terms["source"].value_counts()
    size = len(stored_term_index(journal))
    return {"index_terms": len(terms), "index_bytes": size, "index_registry": int(counts.get("registry", 0)),
            "index_discovered": int(counts.get("discovered", 0)), "index_words": int(counts.get("word", 0)),
            "index_mb": round(size / 1e6, 1),
            "index_listed": len(picked_terms(terms, glosses)),
            "index_bursting": int(journal.term_bursts["term_id"].nunique()), "lines_per_issue": LINES_PER_ISSUE,
            "words_per_issue": WORDS_PER_ISSUE}


def term_lines_json(lines: pd.DataFrame, word_articles: pd.DataFrame, doc_ids: Sequence[str],
                    articles: pd.DataFrame) -> bytes:
    """The explorer's concordance as compact JSON bytes: the counted articles (doc_id, title, issue, author's post,
    province, URL, in doc_id order); per named term id, its lines as ``[article, left, match, right]``; per word
    id, the articles that use it (``word_articles``: term_id and row of ``doc_ids``), as steps between positions,
    comma-joined. Strings are made one term at a time."""
    order = sorted(articles.index)
    position = {doc_id: number for number, doc_id in enumerate(order)}
    concordance = {
        "about": "term explorer concordance: each named term's first line in the counted articles that use it, "
                 "and the articles that use each word (a few per issue)",
        "articles": [[doc_id, row.title, row.published, row.post, row.province, row.url]
                     for doc_id, row in zip(order, articles.loc[order].itertuples(), strict=True)],
        "lines": {},
        "word_articles": {},
    }
    for line in lines.itertuples():
        concordance["lines"].setdefault(str(line.term_id), []).append(
            [position[line.doc_id], line.left, line.match, line.right])
    at = np.array([position[doc_id] for doc_id in doc_ids], dtype=np.int64)[word_articles["row"].to_numpy()]
    term_ids = word_articles["term_id"].to_numpy()
    ordered = np.lexsort((at, term_ids))
    at, term_ids = at[ordered], term_ids[ordered]
    starts = np.flatnonzero(np.diff(term_ids, prepend=-1))
    for start, stop in zip(starts, [*starts[1:], len(term_ids)], strict=True):
        concordance["word_articles"][str(term_ids[start])] = ",".join(map(str, np.diff(at[start:stop], prepend=0).tolist()))
    return compact_json(concordance)


def journal_term_lines(journal: object) -> bytes:
    """:func:`term_lines_json` of an analysed journal, which hands its concordance over (once)."""
    articles = journal.counted[["title", "published", "post", "province", "url"]].fillna("")
    lines, word_articles = journal.take_concordance()
    return term_lines_json(lines, word_articles, journal.features.doc_ids, articles)

