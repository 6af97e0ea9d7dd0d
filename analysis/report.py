"""What the book's chapters call: one analysis per kernel, safe Markdown tables, glue helpers,
generated region profiles and the key findings.

Chapters stay thin: each code cell calls one of these and displays the result.
Document text is scraped from the web, so everything that shows it goes
through :func:`escape_markdown`: every ASCII punctuation mark is backslash-
escaped, so ``<script>``, ``{glue}``, ``$math$`` or ``|`` read as literal text
in HTML and PDF alike.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from .pipeline import Analysis, analyse

ASCII_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~^&:;\"'=%@/?,])")


@lru_cache(maxsize=1)
def book_analysis() -> Analysis:
    """The analysis of ``$ANALYSIS_SEEDS`` (or ``seeds/``), computed once per kernel."""
    return analyse(progress=False)


def escape_markdown(text: object) -> str:
    """Text safe to place in Markdown/MyST: punctuation escaped, line breaks flattened."""
    flat = " ".join(str(text).split())
    return ASCII_PUNCTUATION.sub(r"\\\1", flat)


def markdown_table(frame: pd.DataFrame, escape: bool = True, decimals: int = 1):
    """A DataFrame as a MyST ``list-table`` with proportional column widths.

    The widths make LaTeX wrap long cells inside the page (a plain Markdown table
    becomes a ``longtable`` whose columns never wrap); HTML gets an ordinary table.
    Numbers are rounded to ``decimals`` and right-aligned; text cells are escaped.
    """
    from IPython.display import Markdown

    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               for c in frame.columns]

    def cell(value: object, is_number: bool) -> str:
        if is_number and isinstance(value, float):
            text = f"{value:,.{decimals}f}" if value == value else ""
        elif is_number:
            text = f"{value:,}"
        else:
            text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
        return escape_markdown(text) if escape else text

    header = [escape_markdown(c) for c in frame.columns]
    rows = [[cell(v, n) for v, n in zip(row, numeric, strict=True)] for row in frame.itertuples(index=False)]
    widths = [max(5, *(len(word) for word in h.replace("\\", "").split()),
                  min(40, max([0] + [len(r[i].replace("\\", "")) for r in rows]))) for i, h in enumerate(header)]
    lines = ["```{list-table}", ":header-rows: 1", f":widths: {' '.join(map(str, widths))}", ":class: data-table", ""]
    for row in [header, *rows]:
        lines.extend(f"{'* -' if i == 0 else '  -'} {text or ' '}" for i, text in enumerate(row))
    lines.append("```")
    return Markdown("\n".join(lines))


def glue_number(name: str, value: float | int) -> None:
    """Glue a number for ``{glue:text}`name:fmt``` in the prose."""
    from myst_nb import glue

    glue(name, value.item() if hasattr(value, "item") else value, display=False)  # numpy scalars as plain numbers


def glue_words(name: str, text: str) -> None:
    """Glue a phrase (escaped) for ``{glue:md}`name``` in the prose."""
    from IPython.display import Markdown
    from myst_nb import glue

    glue(name, Markdown(escape_markdown(text)), display=False)


def glue_all(values: dict[str, object]) -> None:
    """Glue every value of a dict: numbers for ``{glue:text}``, strings for ``{glue:md}``."""
    for name, value in values.items():
        if isinstance(value, str):
            glue_words(name, value)
        else:
            glue_number(name, value)


def figure_png(figure, dpi: int = 200) -> bytes:
    """The figure as PNG bytes; no 'Software' tag, so the bytes depend only on the figure."""
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def glue_figure(name: str, figure) -> None:
    """Glue a figure (as a PNG image) for a ``{glue:figure}`` directive: caption, number, cross-reference."""
    from IPython.display import Image
    from myst_nb import glue

    glue(name, Image(data=figure_png(figure), format="png"), display=False)


def labels(analysis: Analysis) -> dict[str, str]:
    """Short English labels of the documents, from the catalog (see :func:`analysis.plots.document_labels`)."""
    from .plots import document_labels

    return document_labels(analysis.corpus)


def join_words(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    words = [w for w in words if w]
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def theme_emphasis(analysis: Analysis, doc_id: str, top: int = 3) -> tuple[list[str], list[str]]:
    """The themes a document stresses most (by rate) and the ones it never mentions."""
    rows = analysis.themes[analysis.themes["doc_id"] == doc_id].sort_values(["rate_per_10k", "theme"],
                                                                            ascending=[False, True])
    stressed = rows[rows["hits"] > 0]["label"].head(top).tolist()
    omitted = rows[rows["hits"] == 0]["label"].tolist()
    return stressed, omitted


def region_profile(analysis: Analysis, doc_id: str):
    """A generated profile section of one document: what it is, what it stresses, how it is built."""
    from IPython.display import Markdown

    document = analysis.corpus[doc_id]
    name = labels(analysis)[doc_id]
    row = analysis.documents.set_index("doc_id").loc[doc_id]
    stressed, omitted = theme_emphasis(analysis, doc_id)
    slogans = analysis.slogans[(analysis.slogans["doc_id"] == doc_id) & (analysis.slogans["count"] > 0)]
    slogans = slogans.sort_values(["count", "slogan"], ascending=[False, True]).head(5)
    local = analysis.local_initiatives[analysis.local_initiatives["region"] == document.region]["slogan"].head(6)
    metrics = analysis.structure.set_index("doc_id").loc[doc_id]
    key = analysis.keyness[analysis.keyness["doc_id"] == doc_id]["term"].head(6)
    similarity = analysis.similarity.set_index("doc_id").drop(columns="order")[doc_id].drop(doc_id, errors="ignore")
    reused = analysis.reuse.set_index("doc_id").loc[doc_id, "reused_share"]
    e = escape_markdown
    source = ", ".join(e(v) for v in (row["author_role"], row["outlet"], row["issue"] or row["published"]) if v)
    lines = [
        f"### {e(name)}",
        "",
        f"**{e(document.title)}** — {source or 'source not stated'}; {row['han_chars']:,} Han characters in "
        f"{row['paragraphs']} paragraphs, originally in {row['script']} script.",
        "",
        f"- **Stresses:** {e(join_words(stressed)) or 'no theme keyword'}.",
        f"- **Never mentions:** {e(join_words(omitted)) or 'every theme appears'}.",
        "- **Most frequent slogans:** "
        + (", ".join(f"{e(s)} ({c})" for s, c in zip(slogans["slogan"], slogans["count"], strict=True)) or "none") + ".",
        "- **Its own initiatives (used by no other document):** " + (", ".join(e(s) for s in local) or "none found") + ".",
        f"- **Structure:** {metrics['sections']} top-level sections ({e(metrics['heading_style'])}), "
        f"{metrics['subsections']} subsections, {metrics['lead_sentences']} lead sentences, "
        f"{metrics['enumerations']} inline enumerations; sentences average {metrics['mean_sentence_chars']:.0f} characters.",
        "- **Distinctive words (keyness):** " + (", ".join(e(t) for t in key) or "none") + ".",
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
