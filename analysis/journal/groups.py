"""Two groups of documents compared word by word: keyness (G², log ratio) of group A against group B.

A group is a selection such as ``province=湖南``, ``year<=2022``,
``level=provincial|local`` or ``genre=case,year>=2024`` (conditions joined
by commas all hold; ``|`` lists the values a field may take). Fields are the
document's ``province``, ``year``, ``issue`` (YYYY-MM), ``level`` (the author's),
``genre``, ``doc`` (its id) and ``corpus`` (``seeds`` or ``journal``). The
documents are the journal's articles, the seeds, or both (:func:`seed_groups`
gives the seeds the journal's fields), so ``doc=hunan`` against ``province=湖南``
sets a seed against its province's articles. Unless a group names a genre, it
holds only the counted genres (and every seed), as every rate of the report
does. A document in both groups is compared as A's: it is left out of B, so the
groups never share a document.

The test is the report's (:func:`analysis.measures.keyness.keyness_of`), but
the article is the unit a reader weighs: each word gives how many articles of
each group use it, and a word whose uses in A come mostly (more than half)
from one article is flagged, not reported as a difference of the groups.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from ..lexicon import Lexicon
from ..measures.features import FeatureMatrix, document_features, stack_features
from ..measures.keyness import keyness_of
from ..tokens.counts import Tokens
from .texts import ArticleTexts

FIELDS = {"province": "province", "year": "year", "issue": "published", "level": "author_level", "genre": "genre",
          "doc": "doc_id", "corpus": "corpus"}
SEED_LEVELS = {"province": "provincial", "city": "local", "national": "central"}  # a seed's level, as an author's
OPERATORS: dict[str, Callable[[pd.Series, str], pd.Series]] = {
    "<=": operator.le, ">=": operator.ge, "!=": operator.ne, "=": operator.eq, "<": operator.lt, ">": operator.gt}
CONDITION = re.compile(r"^\s*(?P<field>[a-z]+)\s*(?P<op><=|>=|!=|=|<|>)\s*(?P<value>.+?)\s*$")
ONE_ARTICLE = 0.5  # a word whose uses in A come more than this share from one article is flagged


class SelectionError(ValueError):
    """A selection that cannot be read, in one line that says how to write it."""


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    values: tuple[str, ...]

    def holds(self, articles: pd.DataFrame) -> pd.Series:
        column = articles[FIELDS[self.field]].astype(str)
        if self.op in ("=", "!="):
            found = column.isin(self.values)
            return found if self.op == "=" else ~found
        return OPERATORS[self.op](column, self.values[0])


def parse_selection(text: str) -> tuple[Condition, ...]:
    """``field OP value[|value…]`` conditions joined by commas (see the module's docstring)."""
    conditions = []
    for part in (p for p in re.split(r"[,，]", text) if p.strip()):
        found = CONDITION.match(part)
        if found is None or found["field"] not in FIELDS:
            raise SelectionError(f"cannot read {part.strip()!r}: write field=value with a field among "
                                 f"{', '.join(FIELDS)}, e.g. 'province=湖南' or 'year<=2022'")
        values = tuple(v.strip() for v in found["value"].split("|") if v.strip())
        if found["op"] not in ("=", "!=") and len(values) != 1:
            raise SelectionError(f"{part.strip()!r}: {found['op']} takes one value")
        conditions.append(Condition(found["field"], found["op"], values))
    if not conditions:
        raise SelectionError("an empty selection: write e.g. 'province=湖南' or 'year<=2022'")
    return tuple(conditions)


def journal_groups(articles: pd.DataFrame, counted_genres: frozenset[str]) -> pd.DataFrame:
    """The journal's article rows as selectable documents: their fields, ``corpus`` and ``counted`` (a counted
    genre)."""
    rows = articles[[column for column in FIELDS.values() if column != "corpus"]]
    return rows.assign(corpus="journal", counted=rows["genre"].isin(counted_genres))


def seed_groups(catalog: pd.DataFrame) -> pd.DataFrame:
    """The seeds' catalog rows (``doc_id``, ``region_zh``, ``level``, ``genre``, ``published``) with the journal's
    fields: the province in Chinese (none for the national overview or an anonymous city), the year and month of
    publication, and the level of a provincial, city or national document as its author's."""
    published = catalog["published"].fillna("").astype(str)
    province = catalog["region_zh"].fillna("").astype(str).where(catalog["level"] == "province", "")
    return pd.DataFrame({
        "doc_id": catalog["doc_id"], "province": province, "year": published.str[:4],
        "published": published.str[:7].where(published.str.len() >= 7, ""),
        "author_level": catalog["level"].map(SEED_LEVELS).fillna(catalog["level"]), "genre": catalog["genre"],
        "corpus": "seeds", "counted": True})


def select(documents: pd.DataFrame, conditions: tuple[Condition, ...]) -> pd.Series:
    """Which documents (rows of :func:`journal_groups` or :func:`seed_groups`) a selection holds, as a boolean
    Series on their index: every condition, and a counted genre unless a condition names the genre."""
    chosen = pd.Series(True, index=documents.index)
    for condition in conditions:
        chosen &= condition.holds(documents)
    if not any(condition.field == "genre" for condition in conditions):
        chosen &= documents["counted"]
    return chosen


def group_features(texts: ArticleTexts, doc_ids: Iterable[str], lexicon: Lexicon) -> FeatureMatrix:
    """The feature matrix of the chosen articles, in corpus order, counted from their tokens batch by batch: the
    reading pass keeps the counted genres' only, and a group may name another genre."""
    wanted = set(doc_ids)
    parts = []
    for pack in texts.packs:
        if chosen := [(doc_id, paragraphs) for doc_id, paragraphs in texts.tokens([pack]) if doc_id in wanted]:
            parts.append(document_features(Tokens(*map(tuple, zip(*chosen, strict=True))).count(), lexicon))
    return stack_features(parts)


def compare_groups(features: FeatureMatrix, in_a: np.ndarray, in_b: np.ndarray, min_count: int = 5,
                   top: int | None = None) -> pd.DataFrame:
    """The words of A against B: counts, the articles of each group that use each word, signed G² (positive when
    A uses it more), log ratio, p, and whether one article carries more than half of A's uses. ``in_a`` and
    ``in_b`` mark rows of ``features``; an article in both counts for A only. Words used fewer than ``min_count``
    times in A are left out; strongest first; with ``top``, only the ``top`` words each group uses more.

    The groups' totals are two products of the matrix with the groups' indicators, so no group's rows are
    copied; only the words reported are looked up article by article."""
    in_b = in_b & ~in_a
    counts = sparse.csr_matrix(features.counts)
    totals = np.vstack([counts.T @ in_a.astype(np.int64), counts.T @ in_b.astype(np.int64)])
    # only words with min_count uses in A can be reported: the test runs on those, against both groups' sizes
    candidates = np.flatnonzero(totals[0] >= min_count)
    words = np.asarray(features.vocabulary, dtype=object)[candidates]
    table = keyness_of(totals[:, candidates], ["A", "B"], words, totals=totals.sum(axis=1), min_count=min_count)
    table = table[table["doc_id"] == "A"]
    if table.empty:
        return pd.DataFrame(columns=["word", "a", "b", "a_articles", "b_articles", "g2", "log_ratio", "p", "one_article"])
    if top is not None:
        table = pd.concat([table[table["g2"] > 0].head(top), table[table["g2"] < 0].tail(top)])
    column = dict(zip(words, candidates, strict=True))
    chosen = counts[:, [column[word] for word in table["term"]]]
    a_uses, b_uses = chosen[np.flatnonzero(in_a)], chosen[np.flatnonzero(in_b)]
    most = np.asarray(a_uses.max(axis=0).todense()).ravel()
    result = pd.DataFrame({
        "word": table["term"].to_numpy(), "a": table["target"].astype(int).to_numpy(),
        "b": table["reference"].astype(int).to_numpy(),
        "a_articles": np.asarray((a_uses > 0).sum(axis=0)).ravel(),
        "b_articles": np.asarray((b_uses > 0).sum(axis=0)).ravel(),
        "g2": table["g2"].to_numpy(), "log_ratio": table["log_ratio"].round(3).to_numpy(), "p": table["p"].to_numpy()})
    result["one_article"] = most > ONE_ARTICLE * result["a"]
    return result.sort_values(["g2", "word"], ascending=[False, True], ignore_index=True)
