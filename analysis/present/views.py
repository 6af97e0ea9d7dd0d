"""Reader-facing views of the analysis tables: English column names, chosen columns, sorted rows.

Each function turns one or two tables of :class:`~analysis.pipeline.Analysis`
into the table a chapter shows, so the chapters only display.
"""

from __future__ import annotations

import platform
from collections.abc import Sequence
from importlib.metadata import version

import pandas as pd
from IPython.display import Markdown

from ..measures.kwic import kwic
from ..measures.reuse import merge_overlapping
from ..measures.structure import sections
from ..pipeline import Analysis
from ..registry import ARCHIVE, BIBLIOGRAPHY, TABLES, TEXT_FOLDER
from ..text.normalize import suspect_spans
from .glossary import ISSUE, glossed, short_gloss
from .labels import join_words, labels, only_shown, shown
from .profiles import theme_emphasis


def corpus_table(a: Analysis) -> pd.DataFrame:
    """The documents: label, level, genre, author's role, outlet, date or issue, and length."""
    docs = only_shown(a.documents, a)
    return pd.DataFrame({
        "Document": docs["doc_id"].map(labels(a)),
        "Level": docs["level"],
        "Genre": docs["genre"],
        "Author's role": docs["author_role"].where(docs["author_role"] != "", "—"),
        "Outlet": docs["outlet"].where(docs["outlet"] != "", "—"),
        "Date or issue": docs["issue"].where(docs["issue"] != "", docs["published"]).replace("", "—"),
        "Han characters": docs["han_chars"],
    })


def documents_compared(a: Analysis, glosses: dict[str, str]) -> pd.DataFrame:
    """What besides the region sets the shown documents apart: date, genre, outlet and the author's post, in
    English where the glossary knows them; shown next to every comparison."""
    docs = only_shown(a.documents, a)

    def english(value: str) -> str:
        return glosses.get(value, value) or "—"

    return pd.DataFrame({
        "Document": docs["doc_id"].map(labels(a)),
        "Date": [f"{m[1]}, no. {int(m[2])}" if (m := ISSUE.fullmatch(str(issue))) else str(published or "—")
                 for issue, published in zip(docs["issue"], docs["published"], strict=True)],
        "Genre": docs["genre"],
        "Outlet": docs["outlet"].map(english),
        "Author's post": docs["author_role"].map(english),
    })


def cleaning_table(a: Analysis) -> pd.DataFrame:
    """Per document: lines and characters of page chrome removed, their share of the page, and why."""
    report = a.cleaning_report[a.cleaning_report["reason"] != "metadata"]
    docs = only_shown(a.documents, a).set_index("doc_id")
    reasons = {doc_id: "; ".join(f"{label} ({lines})" for label, lines in zip(rows["label"], rows["lines"], strict=True))
               for doc_id, rows in report.groupby("doc_id", sort=False)}
    return pd.DataFrame({
        "Document": [labels(a)[d] for d in docs.index],
        "Lines removed": docs["removed_lines"].to_numpy(),
        "Characters removed": docs["removed_chars"].to_numpy(),
        "Share of page (%)": (docs["removed_chars"] / docs["raw_chars"] * 100).round(1).to_numpy(),
        "What was removed (lines)": [reasons.get(d, "nothing") for d in docs.index],
    })


def conversion_table(a: Analysis) -> pd.DataFrame:
    """Per document: original script, pinyin notes removed, characters converted, punctuation normalised."""
    docs = only_shown(a.documents, a)
    return pd.DataFrame({
        "Document": docs["doc_id"].map(labels(a)),
        "Original script": docs["script"],
        "Encoding": docs["encoding"],
        "Pinyin notes removed": docs["pinyin_removed"],
        "Characters converted": docs["chars_converted"],
        "Punctuation normalised": docs["punctuation_normalized"],
        "Metadata lines": docs["metadata_lines"],
        "Damaged spans": [len(suspect_spans(a.corpus[d].body)) for d in docs["doc_id"]],
    })


def top_terms_table(a: Analysis, n: int = 12) -> pd.DataFrame:
    """Per document, its ``n`` most frequent words (stopwords removed) with their counts."""
    top = only_shown(a.top_terms[a.top_terms["rank"] <= n], a)
    words = top.groupby("doc_id", sort=False).apply(
        lambda rows: "、".join(f"{t} {c}" for t, c in zip(rows["term"], rows["count"], strict=True)), include_groups=False)
    return pd.DataFrame({"Document": [labels(a)[d] for d in words.index], f"Top {n} words (count)": words.to_numpy()})


def keyness_table(a: Analysis, n: int = 6) -> pd.DataFrame:
    """Per document, its ``n`` most distinctive words: counts, G² and log ratio."""
    top = only_shown(a.keyness[a.keyness["rank"] <= n], a)
    return pd.DataFrame({
        "Document": top["doc_id"].map(labels(a)), "Word": top["term"], "In document": top["target"],
        "In the others": top["reference"], "G²": top["g2"], "Log ratio": top["log_ratio"],
    })


def word_frequencies(a: Analysis) -> dict[str, dict[str, int]]:
    """Word counts per shown document (stopwords removed), the input of the word clouds."""
    counts = a.features.counts
    vocabulary = a.features.vocabulary
    wanted = set(shown(a))
    return {doc_id: {vocabulary[j]: int(c) for j, c in zip(counts.indices[counts.indptr[i]:counts.indptr[i + 1]],
                                                            counts.data[counts.indptr[i]:counts.indptr[i + 1]], strict=True)}
            for i, doc_id in enumerate(a.features.doc_ids) if doc_id in wanted}


def theme_emphasis_table(a: Analysis, top: int = 3) -> pd.DataFrame:
    """Per document: the themes it stresses most (by rate) and the themes it never mentions."""
    rows = []
    for doc_id in shown(a):
        stressed, omitted = theme_emphasis(a, doc_id, top)
        rows.append({"Document": labels(a)[doc_id], "Stresses most": join_words(stressed),
                     "Never mentions": join_words(omitted) or "—"})
    return pd.DataFrame(rows)


def slogan_table(a: Analysis, n: int | None = None) -> pd.DataFrame:
    """Lexicon slogans found in the corpus, most used first: total count, documents using them, kind and a short
    gloss; the first ``n`` when given (:func:`rows_note` says how many are left out)."""
    counts = a.slogans[a.slogans["count"] > 0]
    grouped = counts.groupby("slogan", sort=False).agg(total=("count", "sum"), documents=("doc_id", "nunique"))
    lexicon = {s.term: s for s in a.lexicon.slogans}
    grouped = grouped.sort_values(["total", "documents"], ascending=False, kind="stable").head(n)
    return pd.DataFrame({
        "Slogan": grouped.index, "Uses": grouped["total"].to_numpy(), "Documents": grouped["documents"].to_numpy(),
        "Kind": [lexicon[s].kind for s in grouped.index], "Gloss": [short_gloss(lexicon[s].gloss) for s in grouped.index],
    })


def single_document_slogans(a: Analysis, n: int | None = None) -> pd.DataFrame:
    """Lexicon slogans that only one document uses, with that document, most used first (the first ``n``)."""
    used = a.slogans[a.slogans["count"] > 0]
    once = used.groupby("slogan").filter(lambda rows: len(rows) == 1)
    glosses = {s.term: short_gloss(s.gloss) for s in a.lexicon.slogans}
    table = pd.DataFrame({"Slogan": once["slogan"], "Document": once["doc_id"].map(labels(a)),
                          "Uses": once["count"], "Gloss": once["slogan"].map(glosses)})
    return table.sort_values(["Uses", "Document", "Slogan"], ascending=[False, True, True]).head(n)


def rows_note(shown_rows: int, total: int, table: str) -> str:
    """Says how many rows a shortened table leaves out, and where the rest are."""
    if shown_rows >= total:
        return f"All {total:,} are shown."
    return f"The {shown_rows:,} most used of {total:,} are shown; all of them are in {table} (see Downloads)."


def top_slogans(a: Analysis, n: int = 3) -> list[str]:
    """The ``n`` slogans used by most documents (then most often)."""
    return slogan_table(a).sort_values(["Documents", "Uses"], ascending=False, kind="stable")["Slogan"].head(n).tolist()


def _concordance(a: Analysis, term: str, window: int) -> pd.DataFrame:
    forms = a.lexicon.forms_of(term)
    return only_shown(kwic(a.corpus, forms, window), a)


def kwic_table(a: Analysis, term: str, window: int = 16, per_document: int = 2) -> pd.DataFrame:
    """A concordance of a slogan (all its surface forms): the first ``per_document`` lines of every shown document
    that uses it, so that no document is hidden (:func:`kwic_note` says how many lines are left out)."""
    lines = _concordance(a, term, window).groupby("doc_id", sort=False).head(per_document)
    return pd.DataFrame({"Document": lines["doc_id"].map(labels(a)), "Left": lines["left"],
                         "Slogan": lines["match"], "Right": lines["right"]})


def kwic_note(a: Analysis, term: str, per_document: int = 2) -> str:
    """Which documents use a term, and how many of their lines the concordance leaves out."""
    lines = _concordance(a, term, 0)
    counts = lines.groupby("doc_id", sort=False).size()
    names = labels(a)
    left_out = [f"{n - per_document} of {names[d]}" for d, n in counts.items() if n > per_document]
    using = f"{term} occurs {len(lines)} times in {len(counts)} of the {len(shown(a))} documents shown"
    if not left_out:
        return f"{using}; every line is listed."
    return f"{using}; the table lists up to {per_document} lines per document and leaves out {join_words(left_out)}."


def local_formulas_table(formulas: pd.DataFrame, checks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per region, its own formulas: the lexicon's local initiatives and the discovered ones (see
    :mod:`analysis.journal.formulas`), with the discovered ones a hand-check (``checks``: region, slogan, local)
    judged not local set apart, so that the table does not contradict the chapters that quote them."""
    rejected = set() if checks is None else set(
        checks.loc[checks["local"] == "no", ["region", "slogan"]].itertuples(index=False, name=None))
    columns = ["Region", "In the lexicon", "Discovered", "Discovered, not local by hand-check"]
    rows = []
    for region, group in formulas.groupby("region", sort=True):
        kept = group[[(region, slogan) not in rejected for slogan in group["slogan"]]]
        cells = [kept[kept["source"] == "lexicon"]["slogan"], kept[kept["source"] == "discovered"]["slogan"],
                 [slogan for slogan in group["slogan"] if (region, slogan) in rejected]]
        rows.append(dict(zip(columns, [region, *("、".join(cell) or "—" for cell in cells)], strict=True)))
    table = pd.DataFrame(rows, columns=columns)
    return table if rejected else table[columns[:3]]


def outline_table(a: Analysis, glosses: dict[str, str] | None = None) -> pd.DataFrame:
    """Top-level headings of every document side by side: one column per document, each heading glossed when the
    glossary knows it."""
    columns = {}
    for doc_id in shown(a):
        document = a.corpus[doc_id]
        rows = sections(document)
        columns[labels(a)[document.doc_id]] = [f"{s}. {glossed(h, glosses or {})}" if s else "(preamble)"
                                                for s, h in zip(rows["section"], rows["heading"], strict=True)]
    depth = max((len(v) for v in columns.values()), default=0)
    return pd.DataFrame({name: values + [""] * (depth - len(values)) for name, values in columns.items()})


def structure_table(a: Analysis) -> pd.DataFrame:
    """Structure metrics per document with English headers (the heading style beside the section count)."""
    s = only_shown(a.structure, a)
    return pd.DataFrame({
        "Document": s["doc_id"].map(labels(a)),
        "Sections": [f"{n} ({style})" for n, style in zip(s["sections"], s["heading_style"], strict=True)],
        "Subsections": s["subsections"], "Paragraphs": s["paragraphs"],
        "Sentence length": s["mean_sentence_chars"], "Lead sentences": s["lead_sentences"],
        "Inline lists": s["enumerations"],
    })


def similarity_view(a: Analysis) -> pd.DataFrame:
    """The similarity table of the shown documents only (rows and columns), in clustering order."""
    ids = shown(a)
    table = only_shown(a.similarity, a).sort_values("order")
    return table[["doc_id", "order", *[d for d in table["doc_id"] if d in ids]]].assign(order=range(1, len(table) + 1))


def passages_table(a: Analysis, n: int = 12) -> pd.DataFrame:
    """The longest passages shared verbatim, overlapping fragments merged, with every pair that shares part of each."""
    merged = merge_overlapping(a.shared_passages, {d.doc_id: d.body for d in a.corpus}).head(n)
    names = labels(a)
    return pd.DataFrame({"Passage": merged["text"].to_numpy(), "Characters": merged["chars"].to_numpy(),
                         "Shared by": ["; ".join(sorted(f"{names[x]} – {names[y]}" for x, y in pairs))
                                       for pairs in merged["pairs"]]})


def reuse_table(a: Analysis) -> pd.DataFrame:
    """Per document: the share of its text that recurs verbatim in another document, and its closest neighbour."""
    similarity = a.similarity.set_index("doc_id").drop(columns="order")
    names = labels(a)
    rows = []
    for row in only_shown(a.reuse, a).itertuples():
        others = similarity[row.doc_id].drop(row.doc_id)
        rows.append({"Document": names[row.doc_id], "Reused characters": row.reused_chars,
                     "Reused share (%)": round(row.reused_share * 100, 1),
                     "Most similar document": names[others.idxmax()] if len(others) else "—",
                     "Cosine": round(float(others.max()), 2) if len(others) else float("nan")})
    return pd.DataFrame(rows)


def credited_measures(a: Analysis, doc_ids: Sequence[str], glosses: dict[str, str] | None = None) -> pd.DataFrame:
    """The measures survey documents credit to regions: one row per measure, with every region it credits (in the
    order the text names them) and the measure's gist in English when the glossary has one."""
    mentions = a.region_mentions
    rows = mentions[mentions["doc_id"].isin(doc_ids) & mentions["credited"]]
    named = rows["region"] + " (" + rows["region_zh"] + ")"
    grouped = named.groupby(rows["measure"], sort=False).agg(lambda regions: ", ".join(dict.fromkeys(regions)))
    gists = [(glosses or {}).get(measure, "—") for measure in grouped.index]
    return pd.DataFrame({"Credited to": grouped.to_numpy(), "Measure": grouped.index, "Gist": gists},
                        columns=["Credited to", "Measure", "Gist"])


def lexicon_slogans_table(a: Analysis) -> pd.DataFrame:
    """The slogan lexicon as a table: term, kind, region, variants and gloss."""
    return pd.DataFrame({
        "Slogan": [s.term for s in a.lexicon.slogans], "Kind": [s.kind for s in a.lexicon.slogans],
        "Region": [s.region or "—" for s in a.lexicon.slogans],
        "Variants": ["、".join(s.variants) or "—" for s in a.lexicon.slogans],
        "Gloss": [s.gloss for s in a.lexicon.slogans],
    })


def lexicon_themes_table(a: Analysis) -> pd.DataFrame:
    """The theme dictionary as a table: id, labels, group and keywords."""
    return pd.DataFrame({
        "Theme": [f"{t.label} ({t.label_zh})" for t in a.lexicon.themes], "Group": [t.group for t in a.lexicon.themes],
        "Keywords": ["、".join(t.keywords) for t in a.lexicon.themes],
    })


def lexicon_compounds_table(a: Analysis) -> pd.DataFrame:
    """The compound patterns as a table: name, pattern and gloss."""
    return pd.DataFrame({
        "Compound": [c.name for c in a.lexicon.compounds], "Pattern": [c.regex for c in a.lexicon.compounds],
        "Gloss": [c.gloss for c in a.lexicon.compounds],
    })


def versions_table() -> pd.DataFrame:
    """Python and the versions of the libraries the report depends on."""
    names = ["jupyter-book", "myst-nb", "sphinx", "pandas", "numpy", "scipy", "scikit-learn", "matplotlib", "jieba",
             "wordcloud", "opencc", "ahocorasick-rs", "fonttools", "pyyaml"]
    return pd.DataFrame({"Component": ["python", *names], "Version": [platform.python_version(), *map(version, names)]})


def downloads_markdown(a: Analysis, tables_dir: str = "/_build/tables"):
    """Download links for every file ``python -m analysis tables`` writes: the zip of all of them, each table with
    what it holds, the bibliography, and the clean text of each shown document."""
    def link(name: str) -> str:
        return f"{{download}}`{name} <{tables_dir}/{name}>`"

    lines = [f"- {link(ARCHIVE)} — every file below in one archive", ""]
    lines += [f"- {link(table.file)} — {table.description}" for table in TABLES]
    lines += [f"- {link(BIBLIOGRAPHY)} — the documents as BibTeX entries, keyed by doc_id", ""]
    lines += [f"- {link(f'{TEXT_FOLDER}/{doc_id}.txt')} — the clean, simplified body of {labels(a)[doc_id]}"
              for doc_id in shown(a)]
    return Markdown("\n".join(lines))


def theme_evidence_table(a: Analysis, glosses: dict[str, str], keywords: int = 4) -> pd.DataFrame:
    """For each shown document, the theme it stresses most and the keywords that drove it (in Chinese, with their
    counts and glosses), with one line of the text around the most frequent keyword."""
    records = []
    for doc_id in shown(a):
        themes = a.themes[(a.themes["doc_id"] == doc_id) & (a.themes["hits"] > 0)]
        if themes.empty:
            continue
        top = themes.sort_values(["rate_per_10k", "theme"], ascending=[False, True]).iloc[0]
        theme = next(t for t in a.lexicon.themes if t.id == top["theme"])
        uses = a.keyword_hits.loc[doc_id]
        counts = {k: int(uses[k]) for k in theme.keywords}
        ranked = sorted((k for k, n in counts.items() if n), key=lambda k: (-counts[k], k))[:keywords]
        lines = kwic([a.corpus[doc_id]], ranked[:1], 14) if ranked else pd.DataFrame()
        context = f"…{lines.iloc[0]['left']}【{lines.iloc[0]['match']}】{lines.iloc[0]['right']}…" if len(lines) else "—"
        records.append({"Document": labels(a)[doc_id], "Theme": top["label"].split(" (")[0],
                        "Keywords (uses)": "; ".join(f"{k} {counts[k]} ({glosses[k]})" if k in glosses
                                                     else f"{k} {counts[k]}" for k in ranked),
                        "In context": context})
    return pd.DataFrame(records, columns=["Document", "Theme", "Keywords (uses)", "In context"])
