"""The book's comparative sentences, written from the tables: each is true of whatever corpus the book is built on.

A sentence that compares documents (the largest, the most, "only X", "all
but Y") is never typed in a chapter: a function here fills it in from the
tables, and says something else when the corpus does not allow the comparison
(one document, no survey, no lead sentence at all).
"""

from __future__ import annotations

import pandas as pd

from ..journal.pipeline import Context
from ..journal.provinces import load_tiles
from ..journal.trends import load_events, split_event
from ..measures.reuse import merge_overlapping, pair_sharing
from ..pipeline import Analysis
from ..text.regions import load_regions
from .findings import key_findings
from .journal_views import journal_findings
from .labels import join_words, labels, shown

PER = "per 10,000 Han characters"


def rate(value: float) -> str:
    """The book's one rule for rates: one decimal."""
    return f"{value:,.1f}"


def share(value: float) -> str:
    """The book's one rule for shares: a percentage with one decimal."""
    return f"{value * 100:.1f}%"


def corpus_sentence(a: Analysis) -> str:
    """What the corpus is: how many documents, of which years, of which genres and regions."""
    documents = a.documents
    years = sorted({str(p)[:4] for p in documents["published"] if str(p)[:4].isdigit()})
    span = (f" of {years[0]}" if len(years) == 1 else f" of {years[0]}–{years[-1]}") if years else ""
    names = labels(a)
    parts = []
    for genre, group in documents.groupby("genre", sort=True):
        noun = genre if len(group) == 1 else f"{genre}s"
        regions = [names[d].split(" (")[0] for d in group["doc_id"]][:6]  # "National", not "National (overview)"
        more = "" if len(group) <= 6 else f" and {len(group) - 6:,} more"
        parts.append(f"{len(group):,} {noun} ({join_words(regions)}{more})")
    noun = "document" if len(documents) == 1 else "documents"
    return f"{len(documents):,} Chinese party-building {noun}{span}: {join_words(parts)}"


def theme_lead_sentence(a: Analysis, theme: str) -> str:
    """Which document uses a theme's keywords most, at what rate, and how that compares with the others."""
    rows = a.themes[a.themes["theme"] == theme].sort_values(["rate_per_10k", "doc_id"], ascending=[False, True])
    if rows.empty:
        return f"The theme {theme} is not in the lexicon."
    label = rows["label"].iloc[0].split(" (")[0]
    top = rows.iloc[0]
    if top["hits"] == 0:
        return f"No document uses {label.lower()} keywords."
    others = rows["rate_per_10k"].iloc[1:]
    if not len(others):
        return f"{labels(a)[top['doc_id']]} uses {label.lower()} keywords at {rate(top['rate_per_10k'])} {PER}."
    lead = f"{labels(a)[top['doc_id']]} uses {label.lower()} keywords most: {rate(top['rate_per_10k'])} {PER}"
    if len(others) and others.median() > 0:
        return f"{lead}, {rate(top['rate_per_10k'] / others.median())} times the median of the other documents."
    return lead + ", where the median of the other documents is 0."


def stresses_sentence(a: Analysis, top: int = 2) -> str:
    """Each shown document's most stressed themes, in one sentence."""
    parts = []
    for doc_id in shown(a):
        rows = a.themes[(a.themes["doc_id"] == doc_id) & (a.themes["hits"] > 0)]
        rows = rows.sort_values(["rate_per_10k", "theme"], ascending=[False, True]).head(top)
        themes = [label.split(" (")[0].lower() for label in rows["label"]]
        if themes:
            parts.append(f"{labels(a)[doc_id]} stresses {', then '.join(themes)}")
    return ("; ".join(parts) + ".") if parts else "No document uses a theme keyword."


def theme_everywhere_sentence(a: Analysis, theme: str, top: int = 3) -> str:
    """Whether one theme is among every document's ``top`` themes, and which documents are the exception."""
    ranks = a.themes.assign(rank=a.themes.groupby("doc_id")["rate_per_10k"].rank(ascending=False, method="min"))
    rows = ranks[ranks["theme"] == theme]
    if rows.empty:
        return ""
    label = rows["label"].iloc[0].split(" (")[0].lower()
    outside = [labels(a)[d] for d in rows[rows["rank"] > top]["doc_id"]]
    if not outside:
        return f"{label.capitalize()} is among the {top} leading themes of every document."
    if len(outside) == len(rows):
        return f"{label.capitalize()} is among the {top} leading themes of no document."
    return (f"{label.capitalize()} is among the {top} leading themes of every document but "
            f"{join_words(outside[:5])}{'' if len(outside) <= 5 else f' and {len(outside) - 5:,} more'}.")


def structure_sentence(a: Analysis) -> str:
    """How the documents are built: numbered or unnumbered sections, and who uses lead sentences."""
    s = a.structure.set_index("doc_id")
    names = labels(a)
    if len(s) == 1:
        doc_id = s.index[0]
        style = {"一、": "numbers its top-level sections 一、二、…", "unnumbered": "uses unnumbered headings"}.get(
            s.at[doc_id, "heading_style"], "has no top-level headings")
        leads = int(s.at[doc_id, "lead_sentences"])
        return (f"{names[doc_id]} {style} and opens "
                + (f"{leads} paragraphs with lead sentences." if leads else "no paragraph with a lead sentence."))
    numbered, unnumbered = (s["heading_style"] == "一、").sum(), (s["heading_style"] == "unnumbered").sum()
    parts = [f"{numbered} of the {len(s)} documents {'numbers its' if numbered == 1 else 'number their'} "
             "top-level sections 一、二、…",
             f"{unnumbered} {'uses' if unnumbered == 1 else 'use'} unnumbered headings"]
    with_leads = s[s["lead_sentences"] > 0].sort_values(["lead_sentences"], ascending=False, kind="stable")
    without = [names[d] for d in s.index if s.at[d, "lead_sentences"] == 0]
    if with_leads.empty:
        leads = "no document opens its paragraphs with lead sentences"
    else:
        leads = ("lead sentences open paragraphs in "
                 + join_words([f"{names[d]} ({int(n)})" for d, n in with_leads["lead_sentences"].head(6).items()]))
        if without:
            leads += f", and in none of {join_words(without[:5])}" + ("" if len(without) <= 5 else " and others")
    return f"{join_words(parts)}; {leads}."


def reuse_sentence(a: Analysis) -> str:
    """How much of the documents recurs verbatim, and the longest shared passage."""
    if a.shared_passages.empty:
        return "No passage of eight characters or more recurs verbatim between two documents."
    reuse = a.reuse.sort_values(["reused_share", "doc_id"], ascending=[False, True])
    names = labels(a)
    longest = a.shared_passages.iloc[0]
    return (f"Between {share(reuse['reused_share'].min())} and {share(reuse['reused_share'].max())} of a document "
            f"recurs verbatim in another (most: {names[reuse['doc_id'].iloc[0]]}); the longest shared passage has "
            f"{int(longest['chars'])} characters, between {names[longest['doc_a']]} and {names[longest['doc_b']]}.")


def closest_sentence(a: Analysis) -> str:
    """The closest pair of documents by vocabulary."""
    matrix = a.similarity.set_index("doc_id").drop(columns="order")
    if len(matrix) < 2:
        return "With one document there is no pair to compare."
    values = matrix.to_numpy().copy()
    for index in range(len(values)):
        values[index, index] = -1.0
    row, column = divmod(int(values.argmax()), len(values))
    names = labels(a)
    return (f"The closest pair by vocabulary is {names[matrix.index[row]]} and {names[matrix.columns[column]]} "
            f"(TF-IDF cosine {values[row, column]:.2f}).")


def key_distinctive_sentence(a: Analysis, glosses: dict[str, str], top: int = 2) -> str:
    """Each shown document's most distinctive words (keyness), glossed where the lexicon knows them."""
    parts = []
    for doc_id in shown(a):
        terms = a.keyness[(a.keyness["doc_id"] == doc_id) & (a.keyness["g2"] > 0)]["term"].head(top).tolist()
        if terms:
            glossed = [f"{t} ({glosses[t]})" if t in glosses else t for t in terms]
            parts.append(f"{labels(a)[doc_id]}: {join_words(glossed)}")
    return ("The most distinctive words: " + "; ".join(parts) + ".") if parts else "No word sets a document apart."


def context_sentence(context: Context) -> str:
    """What the journal's baselines changed."""
    controls = context.controls
    if len(context.seeds.corpus) < 2:
        return ("With one document nothing can look distinctive among the documents; the journal's baselines "
                "still test its rates (see The journal as context).")
    if controls.empty:
        return "Nothing looked distinctive among the documents, so the baselines had nothing to test."
    stays = int(controls["stays"].sum())
    return (f"Of the {len(controls)} theme and slogan rates that look distinctive among the documents, {stays} stay "
            f"distinctive against the journal's baselines and {len(controls) - stays} only looked so.")


def chrome_sentence(a: Analysis) -> str:
    """How much page chrome the cleaning removed, and where most."""
    docs = a.documents.set_index("doc_id")
    fraction = (docs["removed_chars"] / docs["raw_chars"]).sort_values(ascending=False, kind="stable")
    if docs["removed_chars"].sum() == 0:
        return "The pages carried no chrome to remove."
    return (f"Page chrome (navigation, related-article lists, footers) made up {share(fraction.iloc[0])} of the "
            f"{labels(a)[fraction.index[0]]} page, and was removed and reported line by line.")


def uncredited_sentence(mentions: pd.DataFrame, surveys: list[str]) -> str:
    """The provinces (the 31 of the mainland) that the survey documents do not credit."""
    if not surveys:
        return "No document of this corpus surveys the provinces."
    mainland = set(load_tiles()["province"])
    credited = set(mentions[mentions["doc_id"].isin(surveys) & mentions["credited"]]["region"])
    missing = [r.name for r in load_regions() if r.short_zh in mainland and r.name not in credited]
    if not missing:
        return "Every province is credited."
    return f"{len(missing)} provinces are not credited: {join_words(missing)}."


def introduction(context: Context) -> dict[str, object]:
    """Every number and sentence the introduction glues."""
    a = context.seeds
    return {**key_findings(context), **journal_findings(context.journal),
            "corpus_sentence": corpus_sentence(a),
            "organizational_sentence": theme_lead_sentence(a, "organizational"),
            "ideological_sentence": theme_lead_sentence(a, "ideological"),
            "development_sentence": theme_lead_sentence(a, "high_quality_development"),
            "structure_sentence": structure_sentence(a), "reuse_sentence": reuse_sentence(a),
            "chrome_sentence": chrome_sentence(a), "context_sentence": context_sentence(context)}


def confound_sentence(a: Analysis) -> str:
    """What besides region sets the documents apart: date (before or after the split event) and genre."""
    event = split_event(load_events())
    documents = a.documents[a.documents["doc_id"].isin(shown(a))]
    if len(documents) < 2:
        return "With one document there is no difference between documents to explain."
    names = labels(a)
    dated = documents[documents["published"].astype(str).str.match(r"\d{4}")]
    before = [names[d] for d, p in zip(dated["doc_id"], dated["published"], strict=True) if str(p)[:7] < event.date]
    after = [names[d] for d, p in zip(dated["doc_id"], dated["published"], strict=True) if str(p)[:7] >= event.date]
    parts = []
    if before and after:
        parts.append(f"{join_words(before)} {'dates' if len(before) == 1 else 'date'} from before the {event.label} "
                     f"({event.date}), {join_words(after)} from after it, so a difference between them may be one of date")
    others = [names[d] for d, genre in zip(documents["doc_id"], documents["genre"], strict=True) if genre != "article"]
    if others and len(others) < len(documents):
        parts.append(f"{join_words(others)} {'is not an article' if len(others) == 1 else 'are not articles'}, "
                     "and a genre has its own vocabulary")
    if not parts:
        return "The documents shown share their genre and their period, so date and genre do not confound them."
    return ("Before reading a difference as regional: " + "; ".join(parts) + ". "
            "The table below gives each document's date, genre, outlet and author's post.")


def limits_sentence(a: Analysis) -> str:
    """What the corpus can and cannot support, from its size, genres and dates."""
    documents = a.documents
    n = len(documents)
    years = sorted({str(p)[:4] for p in documents["published"] if str(p)[:4].isdigit()})
    genres = sorted(set(documents["genre"]))
    noun = "One document" if n == 1 else f"{n:,} documents"
    mixed = []
    if len(genres) > 1:
        mixed.append(f"of genre ({', '.join(genres)})")
    if len(years) > 1:
        mixed.append(f"of date ({years[0]}–{years[-1]})")
    confounds = (f", and differences {' and '.join(mixed)} are mixed with differences of region" if mixed else "")
    return (f"{noun} cannot support inference: the rates and similarities describe these texts, not the "
            f"provinces{confounds}.")


def source_notes(a: Analysis) -> str:
    """The catalog's notes on the shown documents' sources (its ``note`` column), one sentence each."""
    if "note" not in a.documents:
        return "The catalog has no notes on the sources."
    names = labels(a)
    notes = [f"{names[d]}: {str(n).strip()}" for d, n in zip(a.documents["doc_id"], a.documents["note"], strict=True)
             if d in shown(a) and str(n or "").strip()]
    return " ".join(notes) if notes else "The catalog has no notes on these sources."


def theme_flow_sentence(a: Analysis) -> str:
    """Which document stays on one theme and which moves between themes: the share of its text in paragraphs led
    by its most frequent leading theme."""
    paragraphs = a.paragraph_themes[a.paragraph_themes["dominant_theme"] != "none"]
    paragraphs = paragraphs[paragraphs["doc_id"].isin(shown(a))]
    if paragraphs.empty:
        return "No paragraph uses a theme keyword."
    totals = a.paragraph_themes.groupby("doc_id")["chars"].sum()
    by_theme = paragraphs.groupby(["doc_id", "dominant_label"])["chars"].sum().reset_index()
    lead = by_theme.sort_values(["chars", "dominant_label"], ascending=[False, True]).drop_duplicates("doc_id")
    lead = lead.assign(share=lead["chars"] / lead["doc_id"].map(totals)).sort_values(["share", "doc_id"],
                                                                                   ascending=[False, True])
    names = labels(a)

    def held(row: pd.Series) -> str:
        return f"{share(row['share'])} of its text is in paragraphs led by {row['dominant_label'].split(' (')[0].lower()}"

    first = lead.iloc[0]
    if len(lead) == 1:
        return f"In {names[first['doc_id']]}, {held(first).replace('of its text', 'of the text', 1)}."
    last = lead.iloc[-1]
    return (f"{names[first['doc_id']]} stays closest to one theme: {held(first)}. {names[last['doc_id']]} moves most "
            f"between themes: its most frequent leading theme holds {share(last['share'])} of its text.")


def shared_pair_sentence(a: Analysis) -> str:
    """The pair of documents that shares the most verbatim text (overlapping fragments counted once)."""
    passages = a.shared_passages
    if passages.empty:
        return "No two documents share a passage."
    top = pair_sharing(passages, {d.doc_id: d.body for d in a.corpus}).iloc[0]
    names = labels(a)
    return (f"The pair that shares the most verbatim text is {names[top['doc_a']]} and {names[top['doc_b']]}: "
            f"{top['passages']} passages, {top['chars']:,} characters in all.")


def passages_sentence(a: Analysis) -> str:
    """How many passages the documents share, merged and not, and the longest."""
    passages = a.shared_passages
    if passages.empty:
        return "The corpus has no such passage."
    merged = merge_overlapping(passages, {d.doc_id: d.body for d in a.corpus})
    longest, names = passages.iloc[0], labels(a)
    return (f"The corpus has {len(passages):,} such passages, {len(merged):,} once overlapping fragments are merged; "
            f"the longest, {int(longest['chars'])} characters long, is shared by {names[longest['doc_a']]} and "
            f"{names[longest['doc_b']]}.")
