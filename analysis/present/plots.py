"""Figures of the report: each function turns the pipeline's tables into a matplotlib Figure.

No function reads or writes files; each sorts its inputs and fixes every random
choice, so the same tables give the same image bytes. The shared style and
helpers are in :mod:`.style`; documents are named by :func:`.labels.document_labels`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
from collections.abc import Mapping, Sequence
from importlib.metadata import version
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, PercentFormatter

from ..corpus import Corpus
from ..engine.publish import write_file
from ..lexicon import Lexicon
from ..measures.structure import sections
from ..paths import cache_dir
from .fonts import simplified_face_path
from .style import (
    ANNOTATION,
    LEGEND,
    LEGEND_WRAP,
    NONE_COLOR,
    STYLE,
    WIDTH,
    annotated_grid,
    empty_figure,
    ink,
    new_figure,
    ordered,
    short_label,
    wrap,
)

THEME_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")  # Okabe–Ito
OTHER_COLOR = "#6f6f6f"  # the themes past the named ones, as one "other themes"


def theme_colors(lexicon: Lexicon, paragraph_themes: pd.DataFrame | None = None) -> dict[str, str]:
    """A colour per theme id: the themes that lead the most text in ``paragraph_themes`` (characters of the
    paragraphs they dominate; lexicon order without it, and for ties) get seven colours a reader can tell apart,
    the rest one "other" grey, and ``"none"`` light grey."""
    order = [theme.id for theme in lexicon.themes]
    if paragraph_themes is not None and len(paragraph_themes):
        led = paragraph_themes.groupby("dominant_theme")["chars"].sum()
        order = sorted(order, key=lambda theme: (-led.get(theme, 0), order.index(theme)))
    named = dict(zip(order, THEME_COLORS, strict=False))
    return {theme.id: named.get(theme.id, OTHER_COLOR) for theme in lexicon.themes} | {"none": NONE_COLOR}


def document_sections(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """Top-level sections of every document (:func:`analysis.structure.sections`), for :func:`skeleton`."""
    return {document.doc_id: sections(document) for document in corpus}


def theme_heatmap(themes: pd.DataFrame, labels: Mapping[str, str]) -> Figure:
    """Theme (rows) × document (columns): keyword hits per 10,000 Han characters, annotated."""
    docs = ordered(themes["doc_id"].unique(), labels)
    theme_labels = dict(zip(themes["theme"], themes["label"], strict=False))
    matrix = themes.pivot(index="theme", columns="doc_id", values="rate_per_10k").loc[list(theme_labels), docs]
    fig = new_figure(0.36 * len(matrix) + 1.4)
    ax = fig.add_subplot()
    cmap = mpl.colormaps["YlOrRd"]
    values = matrix.to_numpy()
    top = robust_limit(values)
    norm = mpl.colors.Normalize(0, top)
    image = ax.imshow(values, cmap=cmap, norm=norm, aspect="auto")
    annotated_grid(ax, cmap(norm(values)),
                   [[("▲" if v > top else "") + (f"{v:.0f}" if v >= 1 or v == 0 else f"{v:.1f}") for v in row]
                    for row in values])
    ax.set_xticks(range(len(docs)), [wrap(labels.get(d, d), 12) for d in docs])
    ax.set_yticks(range(len(matrix)), [short_label(theme_labels[t], 30) for t in matrix.index])
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    bar = fig.colorbar(image, ax=ax, shrink=0.6, pad=0.02, extend="max" if top < values.max() else "neither")
    bar.set_label("hits per 10,000 Han characters" + (f" (▲ above {top:.0f}: top colour)" if top < values.max() else ""))
    return fig


def robust_limit(values: np.ndarray, quantile: float = 90, outlier: float = 2.0) -> float:
    """The top of a colour scale that a few outliers do not flatten: the largest value within ``outlier`` times the
    ``quantile``-th percentile (at least 1); the values above it are the outliers."""
    finite = values[np.isfinite(values)]
    if not finite.size:
        return 1.0
    usual = float(np.percentile(finite, quantile))
    kept = finite[finite <= outlier * usual] if usual > 0 else finite
    return max(float(kept.max()) if kept.size else float(finite.max()), 1.0)


def _theme_legend(fig: Figure, used: Sequence[str], names: Mapping[str, str], colors: Mapping[str, str]) -> None:
    """A legend below the figure for the themes drawn: the named ones by how much text they lead, then "other
    themes" and "no theme keyword"."""
    shown = set(used)
    rank = {color: index for index, color in enumerate(THEME_COLORS)}
    named = sorted((t for t in colors if t in shown and colors[t] in rank), key=lambda t: rank[colors[t]])
    handles = [Patch(color=colors[t], label=short_label(names.get(t, t), LEGEND_WRAP)) for t in named]
    if any(colors[t] == OTHER_COLOR for t in colors if t in shown):
        handles.append(Patch(color=OTHER_COLOR, label="other themes"))
    if "none" in shown:
        handles.append(Patch(color=colors["none"], label=names.get("none", "none")))
    fig.legend(handles=handles, loc="outside lower center", **LEGEND)


def _finish_document_bars(fig: Figure, ax, docs: Sequence[str], labels: Mapping[str, str], xlabel: str,
                          paragraph_themes: pd.DataFrame, used: Sequence[str], theme_colors: Mapping[str, str]) -> None:
    """Axes and theme legend shared by the one-bar-per-document figures (flow and skeleton)."""
    ax.set_yticks(range(len(docs)), [labels.get(d, d) for d in docs])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(xlabel)
    names = dict(zip(paragraph_themes["dominant_theme"], paragraph_themes["dominant_label"], strict=False))
    names["none"] = "no theme keyword"
    _theme_legend(fig, used, names, theme_colors)


def theme_flow(paragraph_themes: pd.DataFrame, labels: Mapping[str, str], theme_colors: Mapping[str, str]) -> Figure:
    """One strip per document, its paragraphs in order as segments as long as they are, coloured by dominant theme."""
    docs = ordered(paragraph_themes["doc_id"].unique(), labels)
    fig = new_figure(0.42 * len(docs) + 2.0)
    ax = fig.add_subplot()
    for row, doc_id in enumerate(docs):
        paragraphs = paragraph_themes[paragraph_themes["doc_id"] == doc_id].sort_values("char_start")
        total = float((paragraphs["char_start"] + paragraphs["chars"]).max()) or 1.0
        ax.barh(row, paragraphs["chars"] / total, left=paragraphs["char_start"] / total, height=0.7,
                color=[theme_colors.get(t, NONE_COLOR) for t in paragraphs["dominant_theme"]],
                edgecolor="white", linewidth=0.6)
    _finish_document_bars(fig, ax, docs, labels, "position in the document (share of characters); one segment per paragraph",
                          paragraph_themes, list(paragraph_themes["dominant_theme"].unique()), theme_colors)
    return fig


def keyness_bars(keyness: pd.DataFrame, labels: Mapping[str, str], top: int = 10) -> Figure:
    """One panel per document: its ``top`` key terms by G² (over-used ones), log ratio written beside each bar.

    Panels share the G² axis so that bar lengths compare across documents;
    terms longer than 8 characters wrap onto two lines of (nearly) equal length.
    """
    positive = keyness[keyness["g2"] > 0].sort_values(["doc_id", "g2", "term"], ascending=[True, False, True])
    positive = positive.groupby("doc_id", sort=False).head(top)
    docs = ordered(positive["doc_id"].unique(), labels)
    columns = min(3, max(1, len(docs)))
    rows = max(1, math.ceil(len(docs) / columns))
    pitch = 0.28 if (positive["term"].str.len() > 8).any() else 0.2  # inches per bar: room for two-line terms
    fig = new_figure(rows * (pitch * top + 0.75))
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    largest = float(positive["g2"].max()) if len(positive) else 1.0
    for ax, doc_id in zip(axes, docs, strict=False):
        terms = positive[positive["doc_id"] == doc_id].iloc[::-1]
        ax.barh(range(len(terms)), terms["g2"], color="#4c72b0", height=0.7)
        for y, (g2, ratio) in enumerate(zip(terms["g2"], terms["log_ratio"], strict=True)):
            ax.text(g2 + largest * 0.02, y, f"{ratio:.1f}", va="center", fontsize=ANNOTATION, color="#444444")
        ax.set_yticks(range(len(terms)), [wrap(t, math.ceil(len(t) / 2) if len(t) > 8 else 8) for t in terms["term"]])
        ax.set_ylim(-0.6, top - 0.4)
        ax.set_xlim(0, largest * 1.25)
        ax.set_title(labels.get(doc_id, doc_id))
        ax.tick_params(axis="y", length=0)
    for ax in axes[len(docs):]:
        ax.set_axis_off()
    fig.supxlabel("G² (log-likelihood keyness); the number beside each bar is the log ratio", fontsize=STYLE["axes.labelsize"])
    return fig


def _cloud_image(frequencies: Mapping[str, int], font_path: Path | str | None) -> np.ndarray:
    """The word cloud of one document as an image array, from the cache when the same counts were drawn with the
    same font and library before (a cloud takes about a second to lay out)."""
    font = Path(font_path or simplified_face_path())
    ordered_counts = sorted(frequencies.items(), key=lambda item: (-item[1], item[0]))  # ties: a fixed order
    stat = font.stat()
    key = hashlib.sha256(json.dumps([ordered_counts, str(font), stat.st_size, stat.st_mtime_ns, CLOUD_VERSION,
                                     version("wordcloud")], ensure_ascii=False).encode("utf-8")).hexdigest()
    cached = cache_dir() / "wordclouds" / f"{key}.npy"
    with contextlib.suppress(OSError, ValueError):
        return np.load(cached, allow_pickle=False)
    from wordcloud import WordCloud  # here, not at the top: 0.4 s that only the vocabulary chapter pays

    cloud = WordCloud(font_path=str(font), width=800, height=400, background_color="white",
                      prefer_horizontal=1.0, random_state=0, collocations=False)
    image = cloud.generate_from_frequencies(dict(ordered_counts)).to_array()
    buffer = io.BytesIO()
    np.save(buffer, image, allow_pickle=False)
    with contextlib.suppress(OSError):  # a cache that cannot be written is only slower next time
        write_file(cached, buffer.getvalue())
    return image


CLOUD_VERSION = "1"  # the layout's parameters above: change it when they change


def word_clouds(frequencies: Mapping[str, Mapping[str, int]], labels: Mapping[str, str],
                font_path: Path | str | None = None) -> Figure:
    """One word cloud per document, two per row, each titled with the document's label."""
    doc_ids = ordered(frequencies, labels)
    rows = max(1, math.ceil(len(doc_ids) / 2))
    fig = new_figure(rows * WIDTH / 4 + 0.3)
    for index, doc_id in enumerate(doc_ids):
        ax = fig.add_subplot(rows, 2, index + 1)
        ax.imshow(_cloud_image(frequencies[doc_id], font_path), interpolation="bilinear")
        ax.set_title(labels[doc_id])
        ax.set_axis_off()
    return fig


def slogan_overlap(slogans: pd.DataFrame, labels: Mapping[str, str], min_documents: int = 1) -> Figure:
    """Slogan × document counts, grouped by how many documents use each slogan (all of them at the top)."""
    docs = ordered(slogans["doc_id"].unique(), labels)
    matrix = slogans.pivot(index="slogan", columns="doc_id", values="count").loc[:, docs].fillna(0).astype(int)
    used_by = (matrix > 0).sum(axis=1)
    matrix = matrix[used_by >= max(1, min_documents)]
    if matrix.empty:
        return empty_figure(f"no lexicon slogan is used by {max(1, min_documents)} or more documents")
    order = sorted(matrix.index, key=lambda s: (-used_by[s], -matrix.loc[s].sum(), s))
    matrix, used_by = matrix.loc[order], used_by.loc[order]
    fig = new_figure(0.16 * len(matrix) + 1.4, width=6.0)
    ax = fig.add_subplot()
    values = matrix.to_numpy()
    cmap = mpl.colormaps["Blues"]
    # a log scale from 0.5, so single uses are visibly tinted and the few large counts do not wash out the rest
    norm = mpl.colors.LogNorm(0.5, max(2, int(values.max())))
    colors = cmap(norm(np.maximum(values, 1)))
    colors[values == 0] = (1.0, 1.0, 1.0, 1.0)
    ax.imshow(colors, aspect="auto", interpolation="nearest")
    annotated_grid(ax, colors, [[str(v) if v else "" for v in row] for row in values])
    # slanted names: narrow count columns keep the long slogans readable on the left
    ax.set_xticks(range(len(docs)), [labels.get(d, d) for d in docs], rotation=35, ha="left", rotation_mode="anchor")
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(matrix)), list(matrix.index))
    ax.tick_params(length=0)
    for count in sorted(set(used_by), reverse=True):
        rows = np.flatnonzero(used_by.to_numpy() == count)
        ax.axhline(rows[0] - 0.5, color="#333333", linewidth=0.8)
        group = "all documents" if count == len(docs) else ("one document only" if count == 1 else f"{count} documents")
        ax.text(len(docs) - 0.3, (rows[0] + rows[-1]) / 2, f"used in\n{group}", va="center", ha="left",
                fontsize=ANNOTATION, clip_on=False)
    return fig


def _section_theme(start: int, length: int, paragraphs: pd.DataFrame, order: Sequence[str]) -> str:
    """The theme with the most paragraph characters in a section ("none" only when no paragraph has one).

    Ties go to the theme earlier in ``order`` (the lexicon's), as for paragraphs.
    """
    inside = paragraphs[(paragraphs["char_start"] >= start) & (paragraphs["char_start"] < start + length)]
    weights = inside[inside["dominant_theme"] != "none"].groupby("dominant_theme")["chars"].sum()
    if weights.empty:
        return "none"
    rank = {theme: index for index, theme in enumerate(order)}
    return min(weights.index, key=lambda theme: (-weights[theme], rank.get(theme, len(rank)), theme))


def skeleton(sections_by_doc: Mapping[str, pd.DataFrame], paragraph_themes: pd.DataFrame, labels: Mapping[str, str],
             theme_colors: Mapping[str, str]) -> Figure:
    """Each document as a bar of its top-level sections (by length), coloured by each section's dominant theme.

    ``sections_by_doc`` maps doc ids to :func:`analysis.structure.sections`
    tables (see :func:`document_sections`). Section 0, the preamble, is marked P.
    """
    docs = ordered(sections_by_doc, labels)
    fig = new_figure(0.42 * len(docs) + 2.0)
    ax = fig.add_subplot()
    used = []
    for row, doc_id in enumerate(docs):
        table = sections_by_doc[doc_id].sort_values("char_start")
        paragraphs = paragraph_themes[paragraph_themes["doc_id"] == doc_id]
        total = float(table["chars"].sum()) or 1.0
        for section in table.to_dict("records"):
            theme = _section_theme(section["char_start"], section["chars"], paragraphs, list(theme_colors))
            used.append(theme)
            color = theme_colors.get(theme, NONE_COLOR)
            left, width = section["char_start"] / total, section["chars"] / total
            ax.barh(row, width, left=left, height=0.7, color=color, edgecolor="white", linewidth=1.0)
            if width >= 0.025:
                ax.text(left + width / 2, row, str(section["section"]) if section["section"] else "P", ha="center",
                        va="center", fontsize=ANNOTATION, color=ink(color))
    _finish_document_bars(fig, ax, docs, labels, "share of the document (P = preamble, 1, 2, … = top-level sections)",
                          paragraph_themes, used, theme_colors)
    return fig


def similarity_heatmap(similarity: pd.DataFrame, labels: Mapping[str, str] | None = None) -> Figure:
    """Document × document TF-IDF cosine similarity in clustering order, values annotated (diagonal grey)."""
    labels = labels or {}
    order = list(similarity.sort_values("order")["doc_id"])
    values = similarity.set_index("doc_id").loc[order, order].to_numpy(dtype=float)
    off_diagonal = values[~np.eye(len(order), dtype=bool)]
    cmap = mpl.colormaps["Blues"]
    norm = mpl.colors.Normalize(off_diagonal.min() if off_diagonal.size else 0, off_diagonal.max() if off_diagonal.size else 1)
    colors = cmap(norm(values))
    colors[np.eye(len(order), dtype=bool)] = mpl.colors.to_rgba("#eeeeee")
    fig = new_figure(0.6 * len(order) + 1.6, width=min(WIDTH, 0.9 * len(order) + 2.6))
    ax = fig.add_subplot()
    ax.imshow(colors, interpolation="nearest")
    annotated_grid(ax, colors, [[f"{v:.2f}" for v in row] for row in values])
    names = [wrap(labels.get(d, d), 12) for d in order]
    ax.set_xticks(range(len(order)), names)
    ax.set_yticks(range(len(order)), [n.replace("\n", " ") for n in names])
    ax.tick_params(length=0)
    fig.colorbar(mpl.cm.ScalarMappable(norm, cmap), ax=ax, shrink=0.8).set_label("TF-IDF cosine similarity")
    return fig


def region_bars(region_counts: pd.DataFrame, doc_ids: Sequence[str]) -> Figure:
    """Provinces credited with a measure in the given documents: credits per province (a sentence that names three
    provinces gives each one credit), most first."""
    rows = region_counts[region_counts["doc_id"].isin(doc_ids) & (region_counts["credited"] > 0)]
    rows = rows.groupby(["region", "region_zh"], as_index=False)["credited"].sum()
    rows = rows.sort_values(["credited", "region"], ascending=[False, True])
    if rows.empty:
        return empty_figure("no province is credited: the corpus has no survey document that credits one")
    fig = new_figure(0.2 * len(rows) + 0.9, width=5.0)
    ax = fig.add_subplot()
    ax.barh(range(len(rows)), rows["credited"], color="#4c72b0", height=0.7)
    for y, count in enumerate(rows["credited"]):
        ax.text(count, y, f" {count}", va="center", fontsize=ANNOTATION)
    ax.set_yticks(range(len(rows)), [f"{r.region} ({r.region_zh})" for r in rows.itertuples()])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, rows["credited"].max() * 1.12)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("credits: times a survey sentence names the province with a measure")
    return fig
