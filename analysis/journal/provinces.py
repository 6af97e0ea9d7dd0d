"""The journal by province: articles and authors per province, pooled rates, and what sets each province apart.

An article belongs to the province of its author's post (see
:mod:`analysis.text.attribution`). Distinctive words, themes and slogans are
found by the report's keyness test, each province's articles against those of
all the other provinces; themes and slogans are weighed against the characters
written, words against the words written.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from ..errors import CorpusError
from ..lexicon import Lexicon
from ..measures.features import FeatureMatrix
from ..measures.keyness import keyness_of
from ..paths import lexicon_dir
from ..text.regions import Region, load_regions
from .rates import SINGLE_ARTICLE, group_rates

TILES_FILE = "tiles.csv"
AUTHOR_LEVEL_COLUMNS = ("provincial", "local", "central", "institution", "none", "unknown")


def load_tiles(path: Path | None = None) -> pd.DataFrame:
    """The square-tile layout of the provincial units (``tiles.csv`` in the lexicon folder): province (short Chinese
    name), row and column. Each province is a unit of the gazetteer, once, on a tile of its own; any problem is
    one error naming the row."""
    path = Path(path or lexicon_dir() / TILES_FILE)
    known = {region.short_zh for region in load_regions()}
    rows = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or not {"province", "row", "col"} <= set(reader.fieldnames):
                raise CorpusError(path, "lacks the header province,row,col", "keep the header of the file in git")
            for number, row in enumerate(reader, start=2):
                province = (row.get("province") or "").strip()
                if province not in known:
                    raise CorpusError(path, f"row {number}: {province!r} is not a provincial unit of the gazetteer",
                                      "write one short name per row, as in regions.csv (广东, 内蒙古)")
                try:
                    place = int(row["row"]), int(row["col"])
                except (TypeError, ValueError):
                    raise CorpusError(path, f"row {number}: the row and column of {province} are not whole numbers",
                                      "give each tile a row and a column, such as 5,6") from None
                if min(place) < 0:
                    raise CorpusError(path, f"row {number}: {province} has a negative row or column",
                                      "count rows and columns from 0")
                rows.append((province, *place))
    except FileNotFoundError:
        raise CorpusError(path, "tile layout not found", "restore it from git or point ANALYSIS_LEXICON at a full folder") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CorpusError(path, f"cannot read the tile layout ({error.__class__.__name__})", "save it as UTF-8 CSV") from None
    tiles = pd.DataFrame(rows, columns=["province", "row", "col"])
    for columns, what in ((["province"], "a province"), (["row", "col"], "a tile position")):
        twice = tiles[tiles.duplicated(columns, keep=False)]
        if len(twice):
            raise CorpusError(path, f"{what} is listed twice ({', '.join(twice['province'])})",
                              "give each province one free tile")
    return tiles


def untiled_provinces(articles: pd.DataFrame, tiles: pd.DataFrame) -> None:
    """Refuse, in one line, articles of a province that has no tile: they would vanish from every province table."""
    missing = sorted(set(articles["province"]) - set(tiles["province"]) - {""})
    if missing:
        raise CorpusError(lexicon_dir() / TILES_FILE, f"no tile for {', '.join(missing)}, which has articles",
                          "add a row province,row,col for it")


def province_table(articles: pd.DataFrame, tiles: pd.DataFrame, counted: tuple[str, ...]) -> pd.DataFrame:
    """Per province of the tile layout: articles of the counted genres, their Han characters and their authors'
    levels, and the province's other items (news items, reprints), which no rate counts."""
    untiled_provinces(articles, tiles)
    others = articles[(articles["province"] != "") & ~articles["genre"].isin(counted)]
    attributed = articles[(articles["province"] != "") & articles["genre"].isin(counted)]
    levels = pd.crosstab(attributed["province"], attributed["author_level"]).reindex(columns=AUTHOR_LEVEL_COLUMNS,
                                                                                    fill_value=0)
    table = tiles[["province"]].copy()
    table["articles"] = table["province"].map(attributed.groupby("province").size()).fillna(0).astype(int)
    table["han_chars"] = table["province"].map(attributed.groupby("province")["han_chars"].sum()).fillna(0).astype(int)
    for level in AUTHOR_LEVEL_COLUMNS[:4]:
        table[f"{level}_authors"] = table["province"].map(levels[level]).fillna(0).astype(int)
    table["first_year"] = table["province"].map(attributed.groupby("province")["year"].min()).fillna("")
    table["last_year"] = table["province"].map(attributed.groupby("province")["year"].max()).fillna("")
    table["other_items"] = table["province"].map(others.groupby("province").size()).fillna(0).astype(int)
    return table


def _by_province(articles: pd.DataFrame, provinces: list[str]) -> sparse.csr_matrix:
    """A provinces × articles 0/1 matrix: which article counts for which province."""
    rows = articles["province"].map({p: i for i, p in enumerate(provinces)})
    member = rows.notna().to_numpy()
    return sparse.csr_matrix((np.ones(member.sum()), (rows[member].astype(int).to_numpy(), np.flatnonzero(member))),
                             shape=(len(provinces), len(articles)))


def _summed(member: sparse.csr_matrix, per_article: sparse.csr_matrix) -> sparse.csr_matrix:
    """Provinces × items: the sums of their articles' counts. Integer counts are summed as integers, then made
    floats: a float 0/1 matrix would first copy the corpus's whole feature matrix as floats."""
    if per_article.dtype.kind in "iu":
        return sparse.csr_matrix(member.astype(per_article.dtype) @ per_article, dtype=float)
    return sparse.csr_matrix(member @ per_article)


def province_keyness(articles: pd.DataFrame, features: FeatureMatrix, theme_hits: pd.DataFrame,
                     slogan_hits: pd.DataFrame, provinces: list[str], top: int = 10, min_count: int = 5) -> pd.DataFrame:
    """Per province and kind (word, theme, slogan): its ``top`` over-used items against all the other provinces.

    ``articles``, ``theme_hits`` and ``slogan_hits`` are indexed by doc_id in the
    order of ``features.doc_ids``. An item needs ``min_count`` uses in the province.
    """
    articles = articles.loc[list(features.doc_ids)]
    member = _by_province(articles, provinces)
    han = member @ articles["han_chars"].to_numpy(dtype=float)
    parts = []
    for kind, per_article, items, totals in (
            ("word", features.counts, features.vocabulary, None),
            ("theme", sparse.csr_matrix(theme_hits.loc[articles.index].to_numpy(dtype=float)), list(theme_hits.columns),
             han),
            ("slogan", sparse.csr_matrix(slogan_hits.loc[articles.index].to_numpy(dtype=float)),
             list(slogan_hits.columns), han)):
        scores = keyness_of(_summed(member, per_article), provinces, items, totals=totals, min_count=min_count)
        scores = scores[scores["g2"] > 0].groupby("doc_id", sort=False).head(top)
        parts.append(_concentration(scores, per_article, member, provinces, items).assign(kind=kind))
    table = pd.concat(parts, ignore_index=True).rename(columns={"doc_id": "province"})
    table["rank"] = table.groupby(["province", "kind"], sort=False).cumcount() + 1
    order = {p: i for i, p in enumerate(provinces)}
    table = table.sort_values(["province", "kind", "rank"], key=lambda c: c.map(order) if c.name == "province" else c,
                              ignore_index=True)
    return table[["province", "kind", "rank", "term", "target", "reference", "g2", "p", "log_ratio", "using",
                  "top_share", "single_article"]]


def _concentration(scores: pd.DataFrame, per_article: sparse.csr_matrix, member: sparse.csr_matrix,
                   provinces: list[str], items: Sequence[str]) -> pd.DataFrame:
    """``scores`` (doc_id = province, term, target) with, per row, the province's articles that use the term and the
    share of its uses in the largest single article (``single_article`` when over half)."""
    column = {item: index for index, item in enumerate(items)}
    row = {province: index for index, province in enumerate(provinces)}
    using, largest = [], []
    for province, term in zip(scores["doc_id"], scores["term"], strict=True):
        own = per_article[member[row[province]].indices][:, column[term]].toarray().ravel()
        using.append(int((own > 0).sum()))
        largest.append(float(own.max(initial=0)))
    share = (np.array(largest) / np.maximum(scores["target"].to_numpy(dtype=float), 1)).round(3)
    return scores.assign(using=using, top_share=share, single_article=share > SINGLE_ARTICLE)


def theme_tautologies(lexicon: Lexicon, regions: tuple[Region, ...]) -> pd.DataFrame:
    """Theme keywords that are a region's own words: a region's name, or a local initiative of the slogan lexicon.

    A theme holding them would measure where a text comes from, not what it is
    about; comparisons between regions leave such keywords out (``flagged``).
    """
    names = {form: region.name for region in regions for form in region.surface_forms}
    local = {form: slogan.region for slogan in lexicon.slogans if slogan.kind == "local" for form in slogan.forms}
    records = []
    for theme in lexicon.themes:
        for keyword in theme.keywords:
            region = next((r for form, r in names.items() if form in keyword), "")
            initiative = next((r for form, r in local.items() if form in keyword), "")
            if region or initiative:
                reason = f"names {region}" if region else f"a local initiative of {initiative}"
                records.append({"theme": theme.id, "keyword": keyword, "region": region or initiative, "reason": reason})
    return pd.DataFrame.from_records(records, columns=["theme", "keyword", "region", "reason"])


def regional_theme_hits(theme_hits: pd.DataFrame, keyword_hits: pd.DataFrame, flagged: pd.DataFrame) -> pd.DataFrame:
    """Theme hits per document without the keywords that name a region (``flagged``: :func:`theme_tautologies`),
    for comparisons between regions; ``keyword_hits`` holds each document's uses of (at least) those keywords."""
    hits = theme_hits.copy()
    for theme, keyword in flagged[["theme", "keyword"]].itertuples(index=False, name=None):
        if keyword in keyword_hits.columns and theme in hits.columns:
            hits[theme] -= keyword_hits.loc[hits.index, keyword].to_numpy().astype(int)
    return hits


def province_rates(articles: pd.DataFrame, theme_hits: pd.DataFrame, slogan_hits: pd.DataFrame) -> pd.DataFrame:
    """Per province and theme or slogan: pooled rate per 10,000 characters with its bootstrap interval, over the
    articles (indexed by doc_id) that have a province."""
    articles = articles[articles["province"] != ""]
    hits = pd.concat([theme_hits.add_prefix("theme:"), slogan_hits.add_prefix("slogan:")], axis=1)
    table = group_rates(hits.loc[articles.index], articles["han_chars"], articles["province"])
    kind_item = table["item"].str.split(":", n=1, expand=True)
    return table.assign(kind=kind_item[0], item=kind_item[1]).rename(columns={"group": "province"})[
        ["province", "kind", "item", "articles", "hits", "han_chars", "rate_per_10k", "low", "high", "using", "top_share",
         "single_article"]]
