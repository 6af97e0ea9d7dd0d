"""Reader-facing views of the journal and context tables, and the numbers the journal chapters' prose quotes."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from ..journal.bursts import GAMMA, SCALE, main_bursts
from ..journal.leads import lead_detector_scores, load_lead_checks
from ..journal.pipeline import Context, Journal
from ..journal.store import StoredJournal
from ..journal.trends import PERMUTATIONS, missing_issues, split_event
from ..lexicon import Lexicon
from ..measures.collocates import load_fixed_pairs, telling_pairs
from ..measures.topics import MAX_DOCUMENTS, MAX_VOCABULARY
from ..text.links import checked_url
from .glossary import glossary, glossed
from .journal_plots import NETWORK_EDGES, network_pairs
from .labels import join_words, labels, only_shown
from .myst import escape_markdown

SINGLE_MARK = "†"  # one article carries more than half of the uses
LEVEL_NAMES = {"provincial": "provincial leadership", "local": "city or county", "central": "central department",
               "institution": "state firm, university or army", "none": "no author's post (editorial)",
               "unknown": "post without a region"}


def glosses(lexicon: Lexicon) -> dict[str, str]:
    """English names of the slogans (their terms: the gloss is long) and themes (their labels), by item."""
    return {**{s.term: s.term for s in lexicon.slogans}, **{t.id: t.label for t in lexicon.themes}}


def journal_findings(journal: Journal) -> dict[str, object]:
    """Numbers for the atlas and trends chapters."""
    articles, provinces = journal.articles, journal.provinces
    glosses = glossary(journal.analysis.lexicon)
    change = journal.slogan_change
    rising = change[change["change"] == "rose"].sort_values(["log_ratio", "slogan"], ascending=[False, True])
    falling = change[change["change"] == "fell"].sort_values(["log_ratio", "slogan"])
    most, least = provinces.sort_values(["articles", "province"], ascending=[False, True]).iloc[0], \
        provinces.sort_values(["articles", "province"]).iloc[0]
    telling = telling_pairs(journal.slogan_pairs, load_fixed_pairs())
    drawn, drawn_slogans = network_pairs(telling, slogan_totals(journal))
    return {
        "journal_articles": len(articles), "journal_years": f"{articles['year'].min()}–{articles['year'].max()}",
        "journal_issues": int(articles["published"].nunique()),
        "with_post": int((articles["post"] != "").sum()), "with_province": int((articles["province"] != "").sum()),
        "provinces_present": int((provinces["articles"] > 0).sum()),
        "most_articles_province": glossed(str(most["province"]), glosses), "most_articles": int(most["articles"]),
        "fewest_articles_province": glossed(str(least["province"]), glosses), "fewest_articles": int(least["articles"]),
        "provincial_authors": int((articles["author_level"] == "provincial").sum()),
        "local_authors": int((articles["author_level"] == "local").sum()),
        "split_event": split_event(journal.events).label, "split_date": split_event(journal.events).date,
        "slogans_rose": len(rising), "slogans_fell": len(falling),
        "top_risers": _flagged_list(rising.head(3), glosses), "top_fallers": _flagged_list(falling.head(3), glosses),
        "network_candidates": min(NETWORK_EDGES, len(telling)), "fixed_pairs_left_out":
            int(((journal.slogan_pairs["together"] > journal.slogan_pairs["expected"])
                 & (journal.slogan_pairs["p"] < 0.05)).sum() - len(telling)),
        "network_pairs": len(drawn), "network_slogans": len(drawn_slogans),
    }


def _flagged_list(change: pd.DataFrame, glosses: dict[str, str]) -> str:
    """Slogans in words, each glossed, with a dagger where one article carries the change; "none" when empty."""
    return join_words([glossed(term, glosses) + (f" {SINGLE_MARK}" if flag else "")
                       for term, flag in zip(change["slogan"], change["single_article"], strict=True)]) or "none"


def atlas_findings(journal: Journal, top: int = 3) -> dict[str, object]:
    """Numbers for the atlas: how many of the distinctive words, themes and slogans one article carries."""
    listed = journal.province_keyness[journal.province_keyness["rank"] <= top]
    flagged = listed[listed["single_article"]].sort_values(["target", "term"], ascending=[False, True])
    slogans = flagged[flagged["kind"] == "slogan"]
    example = (slogans if len(slogans) else flagged).head(1)
    places, names = glossary(journal.analysis.lexicon), glosses(journal.analysis.lexicon)
    return {"distinctive_cells": len(listed), "single_article_cells": len(flagged),
            "single_article_example": "none" if example.empty else "".join(
                f"{names.get(row.term, row.term)} in {glossed(row.province, places)}: one article holds "
                f"{round(row.top_share * row.target)} of its {row.target} uses" for row in example.itertuples())}


def slogan_totals(journal: Journal) -> dict[str, int]:
    """Each slogan's uses in the journal."""
    return journal.slogan_span.set_index("slogan")["uses"].to_dict()


def methods_findings(journal: Journal) -> dict[str, object]:
    """Numbers for the methods appendix: the page cleaner and the lead detector, checked on the journal."""
    check = journal.cleaning_check
    return {"checked_articles": len(check), "kept_99": int((check["kept_share"] >= 0.99).sum()),
            "kept_90": int((check["kept_share"] >= 0.9).sum()),
            **lead_detector_scores(journal.lead_detection, load_lead_checks())}


def author_levels_table(journal: Journal) -> pd.DataFrame:
    """Articles by the author's level, with how many of them have a province."""
    articles = journal.articles
    grouped = articles.groupby("author_level").agg(articles=("doc_id", "size"),
                                                   with_province=("province", lambda p: int((p != "").sum())))
    order = [level for level in LEVEL_NAMES if level in grouped.index]
    return pd.DataFrame({"Author's level": [LEVEL_NAMES[level] for level in order],
                         "Articles": grouped.loc[order, "articles"].to_numpy(),
                         "With a province": grouped.loc[order, "with_province"].to_numpy()})


def distinctive_table(journal: Journal, top: int = 3) -> pd.DataFrame:
    """Per province: its most distinctive words, themes and slogans against the other provinces (G² > 0)."""
    places = glossary(journal.analysis.lexicon)
    return pd.DataFrame([{"Province": glossed(province, places), **cells}
                         for province, cells in _distinctive(journal, top).items()])


def _distinctive(journal: Journal, top: int) -> dict[str, dict[str, str]]:
    """Per province (tile-map order): its ``top`` words, themes (English names) and slogans by G², as cells, a
    dagger after those one article carries."""
    keyness = journal.province_keyness
    names = glosses(journal.analysis.lexicon)
    cells = {}
    for province in journal.tiles.sort_values(["row", "col"])["province"]:
        own = keyness[(keyness["province"] == province) & (keyness["rank"] <= top)]
        terms = {kind: [names.get(term, term) + (SINGLE_MARK if flag else "") for term, flag in
                        zip(own.loc[own["kind"] == kind, "term"], own.loc[own["kind"] == kind, "single_article"],
                            strict=True)] for kind in ("word", "theme", "slogan")}
        cells[province] = {"Words": "、".join(terms["word"]) or "—", "Themes": "; ".join(terms["theme"]) or "—",
                           "Slogans": "、".join(terms["slogan"]) or "—"}
    return cells


def province_profiles(journal: Journal) -> Markdown:
    """A generated section per province: its articles (title, issue, author's post, link) and what sets it apart."""
    articles = journal.articles[journal.articles["province"] != ""]
    provinces = journal.provinces.set_index("province")
    distinctive = _distinctive(journal, top=5)
    e = escape_markdown
    glosses = glossary(journal.analysis.lexicon)
    counted, labels = journal.genres.counted, journal.genres.labels
    lines = []
    for province in journal.tiles.sort_values(["row", "col"])["province"]:
        own = articles[articles["province"] == province].sort_values(["published", "doc_id"])
        row, cells = provinces.loc[province], distinctive[province]
        others = f" It also has {_items(row['other_items'])}, which no rate counts." if row["other_items"] else ""
        lines += [f"### {e(glossed(province, glosses))}", "",
                  f"{row['articles']} articles: {_by_level(row)}.{others} Distinctive themes: {e(cells['Themes'])}. "
                  f"Slogans: {e(cells['Slogans'])}. Words: {e(cells['Words'])}.", ""]
        for article in own.itertuples():
            url = checked_url(article.url)  # checked when read; again here, where it becomes a link
            link = f" [link]({url})" if url else ""
            genre = "" if article.genre in counted else f" ({labels[article.genre]})"
            lines.append(f"- {e(article.issue)}: {e(article.title)}{genre} — {e(article.post) or 'no post'}{link}")
        lines.append("")
    return Markdown("\n".join(lines))


def _items(count: int) -> str:
    return f"{count} other item{'' if count == 1 else 's'} (news items, reprints)"


def _by_level(row: pd.Series) -> str:
    """A province's articles by the author's level, every level that has any: the parts add up to the whole."""
    parts = [(row["provincial_authors"], "by provincial leaders"), (row["local_authors"], "from cities and counties"),
             (row["central_authors"], "by central departments"),
             (row["institution_authors"], "from state firms, universities or the army")]
    return join_words([f"{count} {what}" for count, what in parts if count]) or "none with an author's level"


def span_table(journal: Journal) -> pd.DataFrame:
    """Each slogan's first and last issue, issues, articles and uses, most used first."""
    span = journal.slogan_span[journal.slogan_span["uses"] > 0].sort_values(["uses", "slogan"], ascending=[False, True])
    return pd.DataFrame({"Slogan": span["slogan"], "First": span["first"], "Last": span["last"],
                         "Issues": span["issues"], "Articles": span["articles"], "Uses": span["uses"]})


def change_table(journal: Journal, direction: str) -> pd.DataFrame:
    """The slogans that rose (or fell) from the split event on: rates before and after, the articles that use it in
    each period, the log ratio, p over issues, and a dagger where one article carries over half of the uses."""
    change = journal.slogan_change[journal.slogan_change["change"] == direction]
    change = change.sort_values(["log_ratio", "slogan"], ascending=[direction == "fell", True])
    return pd.DataFrame({"Slogan": [f"{s}{SINGLE_MARK if flag else ''}" for s, flag in zip(
                             change["slogan"], change["single_article"], strict=True)],
                         "Before (per 10k)": change["rate_before"], "After (per 10k)": change["rate_after"],
                         "Articles using it (before / after)": [f"{b} / {a}" for b, a in zip(
                             change["using_before"], change["using_after"], strict=True)],
                         "Log ratio": change["log_ratio"], "p (issues)": change["p"].map(p_value)})


def top_trend_slogans(journal: Journal, n: int = 9) -> list[str]:
    """For the trend panels: the slogans that rose most and fell most (by log ratio, at least 20 uses), about half
    each, then the other changes."""
    change = journal.slogan_change[journal.slogan_change["before"] + journal.slogan_change["after"] >= 20]
    ranked = {direction: change[change["change"] == direction].assign(strength=lambda f: f["log_ratio"].abs())
              .sort_values(["strength", "slogan"], ascending=[False, True])["slogan"].tolist()
              for direction in ("rose", "fell")}
    fell = ranked["fell"][:n // 2]
    rose = ranked["rose"][:n - len(fell)]
    return rose + fell


def confounds_table(context: Context) -> pd.DataFrame:
    """Per seed: what else differs besides the region — date, outlet, author's post, genre — and its counterpart."""
    documents = only_shown(context.seeds.documents, context.seeds).set_index("doc_id")
    pairs = context.counterparts.set_index("doc_id")
    names = labels(context.seeds)
    return pd.DataFrame({
        "Document": [names[d] for d in documents.index],
        "Date": [documents.at[d, "issue"] or documents.at[d, "published"] for d in documents.index],
        "Outlet": documents["outlet"].replace("", "—").to_numpy(),
        "Author's post": documents["author_role"].replace("", "—").to_numpy(),
        "Genre": documents["genre"].to_numpy(),
        "In the journal as": [pairs.at[d, "file"] if pairs.at[d, "counterpart"] else "—" for d in documents.index],
    })


def controls_table(context: Context) -> pd.DataFrame:
    """What looked distinctive among the seeds, against each baseline, and whether it stays distinctive."""
    controls = only_shown(context.controls, context.seeds)
    names, words = labels(context.seeds), glosses(context.seeds.lexicon)
    single = context.baselines.set_index(["doc_id", "kind", "item", "baseline"])["single_article"]

    def verdicts(baseline: str) -> list[str]:
        if baseline not in controls:
            return ["—"] * len(controls)
        return [f"{verdict}{SINGLE_MARK if single.get((doc_id, kind, item, baseline), False) else ''}"
                for doc_id, kind, item, verdict in zip(controls["doc_id"], controls["kind"], controls["item"],
                                                       controls[baseline], strict=True)]

    return pd.DataFrame({
        "Document": controls["doc_id"].map(names), "Theme or slogan": controls["item"].map(lambda i: words.get(i, i)),
        "Rate": controls["seed_rate"], "Other seeds (median)": controls["others_median"],
        "vs its province": verdicts("province"), "vs leaders, same year": verdicts("leaders_same_year"),
        "vs journal": verdicts("journal"),
        "Verdict": ["stays distinctive" if s else "only looked distinctive" for s in controls["stays"]],
    })


def leave_one_out_findings(context: Context) -> dict[str, object]:
    """What leaving each seed's own journal article out of its baselines changed, in sentences."""
    names = labels(context.seeds)
    pairs = context.counterparts[context.counterparts["counterpart"]]
    left = join_words([f"{names[d]}'s counterpart {j}" for d, j in zip(pairs["doc_id"], pairs["journal_id"],
                                                                      strict=True)])
    changes = context.leave_one_out[context.leave_one_out["stays"] != context.leave_one_out["stays_with_itself"]]
    words = glosses(context.seeds.lexicon)
    if pairs.empty:
        changed = "No document is a journal article, so no baseline holds one."
    elif changes.empty:
        changed = "Leaving them out changes no verdict."
    else:
        listed = join_words([f"{names[row.doc_id]}'s {words.get(row.item, row.item)} "
                             f"{'stays distinctive' if row.stays else 'only looked distinctive'} once its own "
                             f"article is left out ({'it did not' if row.stays else 'it stayed'} with it)"
                             for row in changes.itertuples()])
        changed = f"Leaving them out changes {len(changes)} verdict{'' if len(changes) == 1 else 's'}: {listed}."
    verb = "is" if len(pairs) == 1 else "are"
    return {"left_out_sentence": f"{left} {verb} left out." if left else "No document is a journal article.",
            "leave_one_out_sentence": changed}


def context_findings(context: Context) -> dict[str, object]:
    """Numbers for the seeds-in-context chapter."""
    controls, pairs, agreement = context.controls, context.counterparts, context.agreement
    names = labels(context.seeds)
    found = pairs[pairs["counterpart"]]
    first_issue = str(context.journal.articles["published"].min())
    return {
        "looked": len(controls), "stays": int(controls["stays"].sum()),
        "only_looked": int((~controls["stays"]).sum()),
        "counterparts": len(found), "counterpart_names": join_words([names[d] for d in found["doc_id"]]) or "none",
        "without_counterpart": join_words([names[d] for d in pairs[~pairs["counterpart"]]["doc_id"]]) or "none",
        "passages_traced": int((context.provenance["first_issue"] != "").sum()),
        "passages": len(context.provenance),
        "first_issue": first_issue, "traced_in_first_issue": int((context.provenance["first_issue"] == first_issue).sum()),
        "region_keywords": len(context.theme_tautologies),
        **agreement_sentences(agreement),
    }


def agreement_sentences(agreement: pd.DataFrame) -> dict[str, str]:
    """What the cleaning's agreement with the journal shows, for the chapter's section and its finding (also when
    no document is a journal article)."""
    if agreement.empty:
        none = "No document is a journal article, so the cleaning cannot be checked against the journal's text."
        return {"agreement_sentence": none, "agreement_finding": none}
    lowest, places = percent(float(agreement["agreement"].min())), int(agreement["differences"].sum())
    listed = "is listed below" if places == 1 else "are listed below"
    return {"agreement_sentence": f"The lowest agreement is {lowest}, and the {places} "
                                  f"place{'' if places == 1 else 's'} where a document and its counterpart differ "
                                  f"{listed}.",
            "agreement_finding": f"The documents that are journal articles agree with the journal's own text to at "
                                 f"least {lowest} of their characters: what the comparisons count is the text the "
                                 "journal printed, up to the spans the source pages garbled."}


def p_value(p: float) -> str:
    """A p-value to four decimals, and below that as "<0.0001" rather than a zero."""
    return "<0.0001" if p < 0.0001 else f"{p:.4f}"


def percent(value: float) -> str:
    """The book's rule for shares: a percentage to one decimal."""
    return f"{value * 100:.1f}%" if value == value else "—"


def counterparts_table(context: Context) -> pd.DataFrame:
    """Per shown seed: the most similar journal article, its similarity and whether it is the seed's counterpart."""
    pairs = only_shown(context.counterparts, context.seeds)
    names = labels(context.seeds)
    return pd.DataFrame({"Document": pairs["doc_id"].map(names), "Journal article": pairs["file"],
                         "Title": pairs["title"], "Issue": pairs["issue"], "Similarity (0–100)": pairs["score"],
                         "Counterpart": pairs["counterpart"].map({True: "yes", False: "no"})})


def agreement_table(context: Context) -> pd.DataFrame:
    """Per seed with a counterpart: the two texts' lengths, the edits between them and the agreement."""
    agreement = context.agreement
    names = labels(context.seeds)
    return pd.DataFrame({"Document": agreement["doc_id"].map(names), "Journal article": agreement["journal_id"],
                         "Clean body (chars)": agreement["seed_chars"], "Journal's text (chars)": agreement["journal_chars"],
                         "Places that differ": agreement["differences"], "Characters edited": agreement["edits"],
                         "Agreement": agreement["agreement"].map(percent)})


def differences_table(context: Context) -> pd.DataFrame:
    """Every place where a clean seed and its journal counterpart differ: what each has, and the seed's text around."""
    differences = context.differences
    return pd.DataFrame({"Document": differences["doc_id"].map(labels(context.seeds)),
                         "Change": differences["operation"], "Clean document": differences["seed_text"],
                         "Journal": differences["journal_text"], "In context": differences["context"]})


def provenance_table(context: Context, top: int = 25) -> pd.DataFrame:
    """The shared passages the journal printed, the latest first appearances first (a passage first seen in the
    journal's first issue may be older than the journal's range): where and how often it was printed."""
    traced = context.provenance[context.provenance["first_issue"] != ""]
    traced = traced.sort_values(["first_issue", "chars", "text"], ascending=[False, False, True]).head(top)
    return pd.DataFrame({"Passage": traced["text"], "First printed": traced["first_issue"],
                         "In the article": traced["first_title"], "Articles that print it": traced["journal_articles"]})


def tautologies_table(context: Context) -> pd.DataFrame:
    """The theme keywords left out of regional comparisons, with their theme's name, region and reason."""
    names = {theme.id: theme.label for theme in context.seeds.lexicon.themes}
    tautologies = context.theme_tautologies
    return pd.DataFrame({"Theme": tautologies["theme"].map(names), "Keyword": tautologies["keyword"],
                         "Region": tautologies["region"], "Why it is left out": tautologies["reason"]})


def topics_table(journal: Journal) -> pd.DataFrame:
    """Per topic of the journal: its share of the articles, top words, and the theme it matches."""
    topics = journal.topic_themes
    return pd.DataFrame({"Topic": topics["topic"], "Share of the journal": topics["topic_share"].map(percent),
                         "Top words": topics["top_words"], "Matches the theme": topics["theme_label"].replace("", "—"),
                         "Theme's weight": topics["theme_weight_share"].map(percent)})


def collocates_table(journal: Journal, glosses: dict[str, str], slogans: int = 6, per_slogan: int = 5) -> pd.DataFrame:
    """The strongest collocates of the slogans the journal uses most, one row per slogan: each collocate with
    its uses near the slogan and its G²."""
    table = journal.collocates
    rows = []
    for slogan in list(dict.fromkeys(table["term"]))[:slogans]:
        own = table[table["term"] == slogan].head(per_slogan)
        rows.append({"Slogan": glossed(slogan, glosses),
                     "Collocates (uses near it; G²)": "; ".join(
                         f"{glossed(c, glosses)} ×{n:,}, G² {g:,.0f}" for c, n, g in zip(own["collocate"], own["near"],
                                                                                      own["g2"], strict=True))})
    return pd.DataFrame(rows, columns=["Slogan", "Collocates (uses near it; G²)"])


# what the journal counts, what rose, what it coined ------------------------------------------------------------------

def counting_findings(journal: Journal) -> dict[str, object]:
    """Numbers for the trends chapter on what is counted: genres, issues, the tests, discovery and the review."""
    genres, issues, change = journal.genres_table.set_index("genre"), journal.issues, journal.slogan_change
    plural = {genre.id: genre.plural for genre in journal.genres.genres}
    counted = genres[genres["counted"]]
    others = genres[~genres["counted"] & (genres["items"] > 0)]
    empty = issues[(issues["articles"] == 0) & ~issues["missing"]]["published"].tolist()
    tokens_only = change[(change["change"] != change["change_tokens"]) & (change["change"] == "steady")]
    reviews = journal.analysis.lexicon.reviews
    accepted = [review.term for review in reviews if review.decision == "accept"]
    top = journal.emerging.head(100)
    strongest = main_bursts_view(journal).head(3)
    return {
        "journal_items": int(genres["items"].sum()), "counted_articles": int(counted["items"].sum()),
        "counted_genres": join_words([f"{plural[g]} ({genres.at[g, 'items']})" for g in counted.index]),
        "uncounted_genres": join_words([f"{plural[g]} ({genres.at[g, 'items']})" for g in others.index]),
        "gaps_sentence": gaps_sentence(missing_issues(issues), empty),
        "issues_counted": int((issues["articles"] > 0).sum()),
        "tokens_only": len(tokens_only),
        "tokens_only_slogans": join_words(sorted(tokens_only["slogan"])) or "none",
        "single_article_changes": int((change["single_article"] & (change["change"] != "steady")).sum()),
        "bursts": len(journal.bursts[journal.bursts["source"] == "registry"]),
        "strongest_bursts": join_words([f"{term} ({row.start} to {row.end})" for term, row in strongest.iterrows()]),
        "candidates": len(journal.emerging), "reviewed": len(reviews), "accepted": len(accepted),
        "top_registry": int(top["in_registry"].sum() - top["term"].isin(accepted).sum()),
        "top_accepted": int(top["term"].isin(accepted).sum()),
    }


def gaps_sentence(missing: list[str], central_only: list[str]) -> str:
    """Which issues are gaps: those the corpus lacks and those that print no counted article."""
    def issues(names: list[str]) -> str:
        return f"{len(names)} issue{'' if len(names) == 1 else 's'} ({join_words(names)})"

    parts = [f"The corpus lacks {issues(missing)}" if missing else "The corpus lacks no issue"]
    if central_only:
        verb = "prints" if len(central_only) == 1 else "print"
        parts.append(f"{issues(central_only)} {verb} only central documents (such as a plenum's communiqué or a "
                     "congress's report)")
    return ", and ".join(parts) + "."


def main_bursts_view(journal: Journal) -> pd.DataFrame:
    """Each registry slogan's strongest burst, strongest first (indexed by slogan)."""
    bursts = journal.bursts[journal.bursts["source"] == "registry"]
    return main_bursts(bursts).sort_values(["weight", "start"], ascending=[False, True])


def burst_slogans(journal: Journal, n: int = 14) -> list[str]:
    """The slogans with the strongest bursts, in the order of their burst's start: the heatmap's rows."""
    strongest = main_bursts_view(journal).head(n)
    return strongest.sort_values(["start", "weight"], ascending=[True, False]).index.tolist()


def bursts_table(journal: Journal, glosses: dict[str, str], top: int = 15) -> pd.DataFrame:
    """The strongest bursts of the registry's slogans: when, how many articles and what share of the uses."""
    strongest = main_bursts_view(journal).head(top)
    return pd.DataFrame({"Slogan": [glossed(term, glosses) for term in strongest.index],
                         "Burst": [f"{row.start} to {row.end}" for row in strongest.itertuples()],
                         "Issues": strongest["issues"], "Articles using it": strongest["articles"],
                         "Share of its uses": strongest["share_of_uses"].map(percent),
                         "Weight": strongest["weight"]})


def rising_formulations(journal: Journal, n: int = 9) -> list[str]:
    """The best-ranked discovered formulations that an author accepted into the registry."""
    emerging = journal.emerging
    return emerging[emerging["review"] == "accept"]["term"].head(n).tolist()


def emerging_table(journal: Journal, glosses: dict[str, str], top: int = 30) -> pd.DataFrame:
    """The best-ranked discovered formulations: rank, first issue (and first by a provincial or local author), the
    strongest burst, articles and uses, and what the registry and the review say."""
    emerging = journal.emerging.head(top)

    def status(row) -> str:
        if row.review:
            return "accepted" if row.review == "accept" else f"rejected: {row.review_note}"
        return "in the registry" if row.in_registry else "not reviewed"

    return pd.DataFrame({
        "Rank": emerging["rank"], "Formulation": [glossed(term, glosses) for term in emerging["term"]],
        "First issue (local)": [f"{first} ({local or '—'})" for first, local in zip(
            emerging["first_issue"], emerging["first_local_issue"], strict=True)],
        "Burst": [f"{start} to {end}" if start else "—" for start, end in zip(
            emerging["burst_start"], emerging["burst_end"], strict=True)],
        "Articles": emerging["articles"], "Uses": emerging["uses"],
        "Registry": [status(row) for row in emerging.itertuples()]})


def genres_view(journal: Journal) -> pd.DataFrame:
    """The genres of the journal's items: whether counted, items, characters and the main sections."""
    genres = journal.genres_table
    return pd.DataFrame({"Genre": genres["label"], "In the rates": genres["counted"].map({True: "yes", False: "no"}),
                         "Items": genres["items"], "Han characters": genres["han_chars"],
                         "Main sections": genres["sections"].map(lambda text: "; ".join(text.split("; ")[:3]))})


def forms_table(lexicon: Lexicon, slogans: list[str]) -> pd.DataFrame:
    """Which forms each slogan's series counts, for the given slogans that have more than one form or a phrase
    they are not counted inside."""
    known = {slogan.term for slogan in lexicon.slogans}
    rows = [lexicon.slogan(term) for term in dict.fromkeys(slogans) if term in known]
    rows = [slogan for slogan in rows if len(slogan.forms) > 1 or slogan.not_within]
    return pd.DataFrame({"Slogan": [slogan.term for slogan in rows],
                         "Forms counted": [slogan.counted_forms() for slogan in rows]},
                        columns=["Slogan", "Forms counted"])


def discovery_findings(context: Context) -> dict[str, object]:
    """Numbers for the methods appendix on discovery, bursts, the tests, the count check and leave-one-out."""
    settings, check = context.journal.discovery, context.journal.count_check
    differ = check[check["difference"] != 0]
    return {"min_quoted": settings.min_quoted, "min_chars": settings.min_chars, "max_chars": settings.max_chars,
            "min_uses": settings.min_uses, "min_articles": settings.min_articles,
            "min_cohesion": settings.min_cohesion, "min_entropy": settings.min_entropy,
            "burst_scale": SCALE, "burst_gamma": GAMMA, "permutations": PERMUTATIONS,
            "discovery_sample_chars": f"{settings.sample_chars:,}",
            "discovery_sample_sentence": discovery_sample_sentence(context.journal),
            "topic_max_documents": f"{MAX_DOCUMENTS:,}", "topic_max_words": f"{MAX_VOCABULARY:,}",
            "count_check_sentence": count_check_sentence(differ, len(check)),
            "left_out_sentence": leave_one_out_findings(context)["left_out_sentence"]}


def discovery_sample_sentence(journal: Journal | StoredJournal) -> str:
    """Whether discovery read every counted article or a sample of them, in words."""
    articles, sample = journal.articles, journal.discovery_sample
    counted = articles[articles["genre"].isin(journal.genres.counted)]
    held = f"The journal's counted articles hold {int(counted['han_chars'].sum()):,} Han characters"
    if len(sample) == len(counted):
        return f"{held}, under it, so discovery reads every one of them."
    return (f"{held}, over it, so discovery reads {len(sample):,} of its {len(counted):,} counted articles, and its "
            "counts are theirs.")


def count_check_sentence(differ: pd.DataFrame, slogans: int) -> str:
    """What the plain-count check found, in words: how many totals differ from the plain count and why."""
    if differ.empty:
        return f"all {slogans} totals equal the plain count of their term."
    causes = [(differ["other_forms"] != 0).sum(), (differ["quotes"] != 0).sum(), (differ["not_within"] != 0).sum()]
    reasons = join_words([text for count, text in zip(causes, (
        "the slogan's other forms (八项规定 for 中央八项规定, the later name 习近平党建思想)",
        "uses that only show once quotation marks are removed (“严”的主基调)",
        "uses inside a phrase the slogan is not counted in (党规党纪学习教育)"), strict=True) if count])
    return (f"{slogans - len(differ)} of the {slogans} totals equal the plain count of their term; the other "
            f"{len(differ)} differ only by {reasons}.")
