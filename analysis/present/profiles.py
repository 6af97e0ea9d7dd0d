"""Generated profiles: one section per document, written from the tables of every chapter.

A document added to the corpus gets its profile without new code.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from IPython.display import Markdown

from ..pipeline import Analysis
from .labels import join_words, labels
from .myst import escape_markdown


def theme_emphasis(analysis: Analysis, doc_id: str, top: int = 3) -> tuple[list[str], list[str]]:
    """The themes a document stresses most (by rate) and the ones it never mentions."""
    rows = analysis.themes[analysis.themes["doc_id"] == doc_id].sort_values(["rate_per_10k", "theme"],
                                                                            ascending=[False, True])
    stressed = rows[rows["hits"] > 0]["label"].head(top).tolist()
    omitted = rows[rows["hits"] == 0]["label"].tolist()
    return stressed, omitted


def source_line(row: pd.Series, title: str, url: str = "", gloss: Callable[[str], str] = str) -> str:
    """Who wrote a document, in what post, where and when it appeared, where it can be read, and its citation."""
    e = escape_markdown
    author = ", ".join(e(gloss(v)) for v in (row["author"], row["author_role"]) if v)
    venue = ", ".join(e(gloss(v)) for v in (row["outlet"], row["issue"] or row["published"]) if v)
    glossed_title = gloss(title)
    parts = [f"**{e(title)}**" + (f" {e(glossed_title[len(title):].strip())}" if glossed_title != title else ""),
             f"by {author}" if author else "author not stated",
             venue or "outlet and date not stated"]
    link = f" Source: <{url}>." if url else " No source URL is known."
    return "; ".join(parts) + "." + link + f" {{cite:p}}`{row.name}`"


def region_profile(analysis: Analysis, doc_id: str, formulas: pd.DataFrame, url: str = "",
                   gloss: Callable[[str], str] = str):
    """A generated profile section of one document: its source, what it stresses, how it is built.

    ``gloss`` turns a Chinese string into the form the page shows, e.g. a :class:`~.glossary.PageGlosses`."""
    document = analysis.corpus[doc_id]
    name = labels(analysis)[doc_id]
    row = analysis.documents.set_index("doc_id").loc[doc_id]
    stressed, omitted = theme_emphasis(analysis, doc_id)
    slogans = analysis.slogans[(analysis.slogans["doc_id"] == doc_id) & (analysis.slogans["count"] > 0)]
    slogans = slogans.sort_values(["count", "slogan"], ascending=[False, True]).head(5)
    local = formulas[formulas["region"] == document.region]["slogan"].head(6)
    metrics = analysis.structure.set_index("doc_id").loc[doc_id]
    key = analysis.keyness[analysis.keyness["doc_id"] == doc_id]["term"].head(6)
    similarity = analysis.similarity.set_index("doc_id").drop(columns="order")[doc_id].drop(doc_id, errors="ignore")
    reused = analysis.reuse.set_index("doc_id").loc[doc_id, "reused_share"]
    e = escape_markdown
    lines = [
        f"### {e(name)}",
        "",
        source_line(row, document.title, url, gloss),
        "",
        f"{row['han_chars']:,} Han characters in {row['paragraphs']} paragraphs; the page was served in "
        f"{row['script']} script.",
        "",
        f"- **Stresses:** {e(join_words(stressed)) or 'no theme keyword'}.",
        f"- **Never mentions:** {e(join_words(omitted)) or 'every theme appears'}.",
        "- **Most frequent slogans:** "
        + (", ".join(f"{e(gloss(s))}: {c}" for s, c in zip(slogans["slogan"], slogans["count"], strict=True)) or "none") + ".",
        "- **Its own formulas (see the Slogans chapter):** " + (", ".join(e(gloss(s)) for s in local) or "none found") + ".",
        f"- **Structure:** {metrics['sections']} top-level sections ({e(metrics['heading_style'])}), "
        f"{metrics['subsections']} subsections, {metrics['lead_sentences']} lead sentences, "
        f"{metrics['enumerations']} inline enumerations; sentences average {metrics['mean_sentence_chars']:.0f} characters.",
        "- **Distinctive words (keyness):** " + (", ".join(e(gloss(t)) for t in key) or "none") + ".",
    ]
    if len(similarity):
        closest = similarity.idxmax()
        lines.append(f"- **Closest document:** {e(labels(analysis)[closest])} (cosine {similarity.max():.2f}); "
                     f"{reused:.0%} of its text recurs verbatim elsewhere in the corpus.")
    return Markdown("\n".join(lines) + "\n")


def top_by(frame: pd.DataFrame, value: str, key: str = "doc_id") -> tuple[str, float]:
    """The key with the largest value, ties broken by key (for 'the highest X is …' findings)."""
    best = frame.sort_values([value, key], ascending=[False, True]).iloc[0]
    return best[key], float(best[value])
