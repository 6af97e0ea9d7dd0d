"""Numbers for the chapters' prose: each function returns a dict of values to glue, computed from the tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..journal.pipeline import Context
from ..pipeline import Analysis
from .glossary import formula_glosses, glossary, glossed
from .labels import join_words, labels
from .profiles import top_by


def chrome_summary(a: Analysis) -> dict[str, object]:
    """Numbers for the corpus chapter's prose."""
    docs = a.documents.set_index("doc_id")
    share = docs["removed_chars"] / docs["raw_chars"]
    worst = share.sort_values(ascending=False).index[0]
    return {
        "documents": len(docs),
        "traditional": int((docs["script"] == "traditional").sum()),
        "removed_lines": int(docs["removed_lines"].sum()),
        "removed_chars": int(docs["removed_chars"].sum()),
        "most_chrome_doc": labels(a)[worst],
        "most_chrome_share": float(share[worst]),
        "conflicts": len(a.metadata_conflicts),
    }


def theme_findings(a: Analysis) -> dict[str, object]:
    """Numbers for the themes chapter: the highest rates and who holds them."""
    themes = a.themes
    out: dict[str, object] = {}
    for theme in ("organizational", "ideological", "high_quality_development"):
        rows = themes[themes["theme"] == theme]
        if rows.empty:
            continue
        doc_id, rate = top_by(rows, "rate_per_10k")
        others = rows[rows["doc_id"] != doc_id]["rate_per_10k"]
        out[f"{theme}_doc"] = labels(a)[doc_id]
        out[f"{theme}_rate"] = rate
        out[f"{theme}_ratio"] = rate / others.median() if len(others) and others.median() > 0 else float("nan")
    return out


def slogan_findings(a: Analysis, formulas: pd.DataFrame) -> dict[str, object]:
    """Numbers for the slogans chapter: shared and single-document slogans, central and local counts."""
    used = a.slogans[a.slogans["count"] > 0].groupby("slogan")["doc_id"].nunique()
    found = a.slogan_discoveries.drop_duplicates("slogan")
    establishes = a.slogans[(a.slogans["slogan"] == "两个确立") & (a.slogans["count"] > 0)]
    lacking = [d for d in a.corpus.doc_ids if d not in set(establishes["doc_id"])]
    glosses = glossary(a.lexicon) | formula_glosses(formulas)
    per_region = formulas.groupby("region").size()
    per_region = per_region.sort_values(ascending=False, kind="stable") if len(per_region) else per_region
    in_all = used[used == len(a.corpus)].index.tolist() if len(a.corpus) > 1 else []
    shared = sorted(in_all, key=lambda s: (-int(a.slogans[a.slogans["slogan"] == s]["count"].sum()), s))
    if shared:
        core = (f"{len(shared)} of the lexicon's slogans are used by all {len(a.corpus)} documents, among them "
                f"{join_words([glossed(s, glosses) for s in shared[:3]])}.")
    else:
        core = "No slogan of the lexicon is used by every document."
    if len(per_region):
        top = str(per_region.index[0])
        examples = formulas[formulas["region"] == top].sort_values(["count", "slogan"], ascending=[False, True])
        tied = per_region[per_region == per_region.iloc[0]].index.tolist()
        most = int(per_region.iloc[0])
        count = (f"has {most} local formula{'' if most == 1 else 's'}" if len(per_region) == 1
                 else f"has the most local formulas ({int(per_region.iloc[0])})" if len(tied) == 1
                 else f"has, with {join_words([str(r) for r in tied[1:]])}, the most local formulas "
                      f"({int(per_region.iloc[0])} each)")
        local = f"{top} {count}, such as {join_words([glossed(s, glosses) for s in examples['slogan'].head(3)])}."
    else:
        local = "No region has a formula of its own in this corpus."
    return {
        "slogans_used": len(used),
        "slogans_lexicon": len(a.lexicon.slogans),
        "slogans_in_all": len(in_all),
        "slogans_in_one": int((used == 1).sum()),
        "discovered": len(found),
        "discovered_central": int((found["scope"] == "central").sum()),
        "local_formulas": len(formulas),
        "local_formula_regions": int(formulas["region"].nunique()),
        "two_establishes_docs": int(establishes["doc_id"].nunique()),
        "two_establishes_sentence": _presence_sentence(a, "两个确立", lacking, glosses),
        "most_local_region": str(per_region.index[0]) if len(per_region) else "none",
        "most_local_count": int(per_region.iloc[0]) if len(per_region) else 0,
        "slogan_core_sentence": core, "most_local_sentence": local,
    }


def _presence_sentence(a: Analysis, term: str, lacking: list[str], glosses: dict[str, str]) -> str:
    """Which documents use a slogan: all, all but a few (named), or how many."""
    n, names = len(a.corpus), labels(a)
    using = n - len(lacking)
    if n == 1:
        return f"{names[a.corpus.doc_ids[0]]} {'does not use' if lacking else 'uses'} {glossed(term, glosses)}."
    if not lacking:
        return f"{glossed(term, glosses)} appears in every document."
    if not using:
        return f"{glossed(term, glosses)} appears in no document."
    if len(lacking) <= 3:
        return (f"{glossed(term, glosses)} appears in {using} of the {n} documents; "
                f"{join_words([names[d] for d in lacking])} {'does' if len(lacking) == 1 else 'do'} not use it.")
    return f"{glossed(term, glosses)} appears in {using} of the {n} documents."


def structure_findings(a: Analysis) -> dict[str, object]:
    """Numbers for the structure chapter and the introduction."""
    s = a.structure
    return {
        "numbered_docs": int((s["heading_style"] == "一、").sum()),
        "unnumbered_docs": int((s["heading_style"] == "unnumbered").sum()),
        "three_section_docs": int((s["sections"] == 3).sum()),
        "most_leads_doc": labels(a)[s.sort_values(["lead_sentences", "doc_id"], ascending=[False, True])["doc_id"].iloc[0]],
        "most_leads": int(s["lead_sentences"].max()),
        "sentence_range": (f"sentences average {s['mean_sentence_chars'].iloc[0]:.1f} characters" if len(s) == 1
                           else f"the mean sentence length ranges from {s['mean_sentence_chars'].min():.1f} to "
                                f"{s['mean_sentence_chars'].max():.1f} characters"),
        "sentence_min": float(s["mean_sentence_chars"].min()),
        "sentence_max": float(s["mean_sentence_chars"].max()),
    }


def reuse_findings(a: Analysis) -> dict[str, object]:
    """Numbers for the similarity chapter and the introduction."""
    doc_id, share = top_by(a.reuse, "reused_share")
    longest = a.shared_passages.iloc[0] if len(a.shared_passages) else None
    matrix = a.similarity.set_index("doc_id").drop(columns="order")
    rows, columns = np.triu_indices(len(matrix), 1)
    values = matrix.to_numpy()[rows, columns]
    if len(values):
        ids = matrix.index
        ties = np.flatnonzero(values == values.max())
        best = max((values[i], ids[rows[i]], ids[columns[i]]) for i in ties)
    else:
        best = (float("nan"), "", "")
    names = labels(a)
    return {
        "reuse_doc": names[doc_id], "reuse_share": share,
        "longest_chars": int(longest["chars"]) if longest is not None else 0,
        "longest_pair": f"{names[longest['doc_a']]} and {names[longest['doc_b']]}" if longest is not None else "none",
        "closest_pair": f"{names.get(best[1], '')} and {names.get(best[2], '')}", "closest_cosine": float(best[0]),
        "passages": len(a.shared_passages),
    }


def survey_documents(a: Analysis) -> list[str]:
    """Documents that credit several regions (the national overviews): catalog level national."""
    return [d.doc_id for d in a.corpus if d.catalog.get("level") == "national"]


def national_findings(a: Analysis) -> dict[str, object]:
    """Numbers for the national chapter: the survey documents, the regions they credit and the most credited one.

    A *credit* is one region credited in one sentence; a sentence that credits
    three regions holds three credits.
    """
    counts = a.region_counts
    surveys = survey_documents(a)
    rows = counts[counts["doc_id"].isin(surveys) & (counts["credited"] > 0)]
    top = rows.sort_values(["credited", "region"], ascending=[False, True]).head(1)
    mentions = a.region_mentions
    credited = mentions[mentions["doc_id"].isin(surveys) & mentions["credited"]]
    names = labels(a)
    return {
        "surveys": len(surveys),
        "survey_names": join_words([names[d] for d in surveys]) or "none",
        "regions_credited": int(rows["region"].nunique()),
        "credits": int(rows["credited"].sum()),
        "credit_sentences": int(credited[["doc_id", "sentence"]].drop_duplicates().shape[0]),
        "measures_credited": int(credited[["doc_id", "measure"]].drop_duplicates().shape[0]),
        "credited_once": int((rows.groupby("region")["credited"].sum() == 1).sum()),
        "most_credited_three": join_words(rows.groupby("region")["credited"].sum().reset_index()
                                          .sort_values(["credited", "region"], ascending=[False, True])["region"]
                                          .head(3).tolist()) or "none",
        **_credit_sentences(rows, len(surveys), int(credited[["doc_id", "sentence"]].drop_duplicates().shape[0])),
        "most_credited": str(top["region"].iloc[0]) if len(top) else "none",
        "most_credited_n": int(top["credited"].iloc[0]) if len(top) else 0,
    }


def _credit_sentences(rows: pd.DataFrame, surveys: int, sentences: int) -> dict[str, str]:
    """How the survey documents spread their credits, and who gets most (ties named together)."""
    if not surveys:
        return {"credit_sentence": "This corpus has no survey document, so no province is credited.",
                "credit_finding": "With no survey document there are no credits to read."}
    per_region = rows.groupby("region")["credited"].sum()
    if per_region.empty:
        return {"credit_sentence": "The survey documents credit no province.",
                "credit_finding": "The survey documents credit no province."}
    most = int(per_region.max())
    tied = sorted(per_region[per_region == most].index)
    once = int((per_region == 1).sum())
    leaders = (f"{join_words(tied)} {'is' if len(tied) == 1 else 'are'} credited most often "
               f"({most} time{'' if most == 1 else 's'}{'' if len(tied) == 1 else ' each'})")
    return {
        "credit_sentence": (f"The survey documents give {int(per_region.sum())} credits to {len(per_region)} provinces "
                            f"in {sentences} sentences; {leaders}."),
        "credit_finding": (("Credit is spread thin: " if 2 * once > len(per_region) else "")
                           + f"{once} of the {len(per_region)} credited provinces are credited once, and {leaders}."),
    }


def key_findings(context: Context) -> dict[str, object]:
    """Every number the introduction's key findings quote."""
    a = context.seeds
    return {**chrome_summary(a), **theme_findings(a), **slogan_findings(a, context.local_formulas),
            **structure_findings(a), **reuse_findings(a), **national_findings(a)}


def formula_precision(formulas: pd.DataFrame, checks: pd.DataFrame) -> dict[str, object]:
    """How many of the local formulas found were checked by hand, and the share of those that are local."""
    checked = formulas.merge(checks, on=["region", "slogan"], how="inner")
    local = int((checked["local"] == "yes").sum())
    return {"formulas_found": len(formulas), "formulas_checked": len(checked), "formulas_local": local,
            "formula_precision": local / len(checked) if len(checked) else float("nan")}
