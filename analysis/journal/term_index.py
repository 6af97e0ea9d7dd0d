"""Any term's course through the journal: per-issue and per-province counts of tens of thousands of terms, with
their bursts and lines, for the reader's term explorer.

The index holds the registry's slogans (counted as every table counts them),
the formulations discovery found and the registry lacks (counted here in every
counted article, leftmost-longest, whatever sample discovery read), and every
word of the feature matrix that at least :data:`MIN_ARTICLES` counted articles
use, up to :data:`MAX_WORDS` of them (the most widely used first). The unit is
the article: per issue and per province, a cell gives the counted articles
that use the term and its uses there, so a reader's "temperature" is the share
of an issue's articles that use it, as the trends chapter counts it.

Memory stays bounded by the index, not the corpus: the feature matrix is summed
:data:`BLOCK` articles at a time, the texts are read one article at a time, and
the lines and a word's articles are kept for at most :data:`LINES_PER_ISSUE`
and :data:`WORDS_PER_ISSUE` articles per term and issue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from ..text.patterns import LiteralMatcher
from .bursts import burst_rows

MIN_ARTICLES = 2  # a word one article uses has no course to follow: that article is all of it
MAX_WORDS = 40_000  # the most widely used words first: a bigger corpus keeps the download to a few MB
LINES_PER_ISSUE = 5  # a named term's lines kept per issue (the first articles read)
WORDS_PER_ISSUE = 3  # a word's articles kept per issue
LINE_WINDOW = 24  # characters of context on each side of a line's term
BLOCK = 5_000  # articles of the feature matrix summed at a time
TERM_COLUMNS = ["term_id", "term", "source", "articles", "uses"]
LINE_COLUMNS = ["term_id", "doc_id", "left", "match", "right"]


def group_codes(values: Iterable[object], order: Sequence[object]) -> np.ndarray:
    """Each value's position in ``order`` (-1 where it has none)."""
    position = {value: number for number, value in enumerate(order)}
    return np.fromiter((position.get(value, -1) for value in values), dtype=np.int64)


def _indicator(codes: np.ndarray, groups: int) -> sparse.csr_matrix:
    kept = np.flatnonzero(codes >= 0)
    return sparse.csr_matrix((np.ones(len(kept), dtype=np.int64), (codes[kept], kept)), shape=(groups, len(codes)))


def word_columns(counts: sparse.csr_matrix, vocabulary: Sequence[str], taken: set[str],
                 min_articles: int = MIN_ARTICLES, max_words: int = MAX_WORDS) -> list[int]:
    """The feature matrix's columns the index keeps: words at least ``min_articles`` articles use and not already
    among the named terms, the ``max_words`` most widely used, in vocabulary order."""
    using = np.zeros(counts.shape[1], dtype=np.int64)
    for start in range(0, counts.shape[0], BLOCK):
        using += np.bincount(counts[start:start + BLOCK].indices, minlength=counts.shape[1])
    candidates = sorted((-int(using[column]), word, column) for column, word in enumerate(vocabulary)
                        if using[column] >= min_articles and word not in taken)
    return sorted(column for _, _, column in candidates[:max_words])


def grouped_features(counts: sparse.csr_matrix, columns: list[int], codes: np.ndarray,
                     groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Per group (``codes``: each row's group, -1 for none) and column of ``columns``: the uses, and the rows that
    use it, summed :data:`BLOCK` rows at a time (groups × columns, dense)."""
    uses = np.zeros((groups, len(columns)), dtype=np.int64)
    using = np.zeros((groups, len(columns)), dtype=np.int64)
    for start in range(0, counts.shape[0], BLOCK):
        block = counts[start:start + BLOCK][:, columns]
        indicator = _indicator(codes[start:start + BLOCK], groups)
        uses += (indicator @ block).toarray()
        block.data = np.ones_like(block.data)
        using += (indicator @ block).toarray()
    return uses, using


def grouped_hits(hits: np.ndarray, codes: np.ndarray, groups: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`grouped_features` of a dense rows × terms count array."""
    indicator = _indicator(codes, groups)
    return np.asarray(indicator @ hits, dtype=np.int64), np.asarray(indicator @ (hits > 0).view(np.int8), dtype=np.int64)


def cells(uses: np.ndarray, using: np.ndarray, order: Sequence[str], term_ids: np.ndarray, name: str) -> pd.DataFrame:
    """The non-zero cells of a groups × terms pair of arrays as a long frame (term_id, group, using, uses), by term
    then group."""
    group, column = np.nonzero(uses > 0)
    frame = pd.DataFrame({"term_id": term_ids[column], name: np.asarray(order, dtype=object)[group],
                          "_group": group, "using": using[group, column], "uses": uses[group, column]})
    return frame.sort_values(["term_id", "_group"], ignore_index=True).drop(columns="_group")


def capped_rows(counts: sparse.csr_matrix, columns: list[int], codes: np.ndarray, groups: int,
                cap: int = WORDS_PER_ISSUE) -> tuple[np.ndarray, np.ndarray]:
    """(column position, row) pairs: for each column of ``columns`` and each group, its first ``cap`` rows that use
    it (in row order), one group at a time; sorted by column, then row."""
    kept_columns, kept_rows = [], []
    for group in range(groups):
        rows = np.flatnonzero(codes == group)
        if not len(rows):
            continue
        block = counts[rows][:, columns].tocsc()
        block.sort_indices()
        per_column = np.diff(block.indptr)
        rank = np.arange(block.nnz) - np.repeat(block.indptr[:-1], per_column)
        keep = rank < cap
        kept_columns.append(np.repeat(np.arange(len(columns)), per_column)[keep])
        kept_rows.append(rows[block.indices[keep]])
    if not kept_columns:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    column, row = np.concatenate(kept_columns), np.concatenate(kept_rows)
    order = np.lexsort((row, column))
    return column[order], row[order]


@dataclass
class NamedPass:
    """What one read of the counted articles gives for the named terms: the discovered formulations' uses per
    article (rows, terms, counts: a sparse matrix's triplets) and every kept line."""

    rows: np.ndarray
    terms: np.ndarray
    counts: np.ndarray
    lines: pd.DataFrame


def named_pass(texts: Iterable[tuple[str, str]], row_of: Mapping[str, int], issue_codes: np.ndarray,
               registry_used: Mapping[int, Sequence[int]], registry_forms: Sequence[Sequence[str]],
               discovered: Sequence[str], first_discovered_id: int, cap: int = LINES_PER_ISSUE,
               window: int = LINE_WINDOW) -> NamedPass:
    """Read each counted article once (``texts``: doc_id and clean body; ``row_of``: its row): count the
    discovered formulations (leftmost-longest), and keep each named term's first line in the article while the
    term has fewer than ``cap`` lines in the article's issue. ``registry_used`` lists the registry terms (ids) each
    row uses, as the slogan tables count them; a discovered term's id is ``first_discovered_id`` + its position."""
    matcher = LiteralMatcher(discovered)
    number = {term: position for position, term in enumerate(discovered)}
    taken: Counter[tuple[int, int]] = Counter()
    rows, terms, counts, lines = [], [], [], []

    def keep(term_id: int, issue: int, doc_id: str, body: str, start: int, form: str) -> None:
        if issue >= 0 and taken[term_id, issue] < cap:
            taken[term_id, issue] += 1
            lines.append((term_id, doc_id, body[max(0, start - window):start].replace("\n", "¶"), form,
                          body[start + len(form):start + len(form) + window].replace("\n", "¶")))

    for doc_id, body in texts:
        row = row_of.get(doc_id)
        if row is None:
            continue
        issue = int(issue_codes[row])
        for term_id in registry_used.get(row, ()):
            if issue < 0 or taken[term_id, issue] >= cap:
                continue
            found = [(start, -len(form), form) for form in registry_forms[term_id] if (start := body.find(form)) >= 0]
            if found:
                start, _, form = min(found)
                keep(term_id, issue, doc_id, body, start, form)
        first: dict[str, int] = {}
        used: Counter[str] = Counter()
        for start, _, term in matcher.finditer(body):
            used[term] += 1
            first.setdefault(term, start)
        for term in sorted(used, key=number.__getitem__):
            rows.append(row)
            terms.append(number[term])
            counts.append(used[term])
            keep(first_discovered_id + number[term], issue, doc_id, body, first[term], term)
    frame = pd.DataFrame.from_records(lines, columns=LINE_COLUMNS).sort_values(["term_id", "doc_id"], ignore_index=True)
    return NamedPass(np.asarray(rows, dtype=np.int64), np.asarray(terms, dtype=np.int64),
                     np.asarray(counts, dtype=np.int64), frame)


def index_bursts(issue_counts: pd.DataFrame, terms: pd.DataFrame, issues: pd.DataFrame) -> pd.DataFrame:
    """Every indexed term's bursts over the issues (Kleinberg's model, as :mod:`.bursts` finds them for the
    registry), from its per-issue counts."""
    order = issues["published"].tolist()
    position = {issue: number for number, issue in enumerate(order)}
    shape = (len(order), len(terms))
    rows = issue_counts["published"].map(position).to_numpy()
    columns = issue_counts["term_id"].to_numpy()
    using = sparse.csr_matrix((issue_counts["using"].to_numpy(dtype=float), (rows, columns)), shape=shape).toarray()
    uses = sparse.csr_matrix((issue_counts["uses"].to_numpy(dtype=float), (rows, columns)), shape=shape).toarray()
    printed = issues["articles"].to_numpy(dtype=float)
    bursts = burst_rows(using, uses, printed, order, terms["term"].to_numpy(dtype=object))
    bursts.insert(0, "term_id", terms.set_index("term").loc[bursts["term"], "term_id"].to_numpy())
    return bursts.drop(columns=["source"])


@dataclass
class TermIndex:
    """The explorer's tables: the terms, their cells by issue and by province, the kept lines of the named terms and
    the kept articles of the words (term_id and the article's row of the feature matrix: no strings, since at
    scale they are millions)."""

    terms: pd.DataFrame
    issues: pd.DataFrame
    provinces: pd.DataFrame
    lines: pd.DataFrame | None
    word_articles: pd.DataFrame | None


def term_index(features: object, registry: pd.DataFrame, discovered: Sequence[str], texts: Iterable[tuple[str, str]],
               issue_of: pd.Series, province_of: pd.Series, issue_order: list[str], province_order: list[str],
               forms: Mapping[str, Sequence[str]]) -> TermIndex:
    """The index over the counted articles of ``features`` (its rows; ``issue_of`` and ``province_of`` by doc_id):
    the registry's slogans (``registry``: the slogan table's uses, articles × slogans; ``forms``: each slogan's
    forms, for its lines), the ``discovered`` formulations and the words, read from ``texts`` once."""
    doc_ids = list(features.doc_ids)
    hits = registry.reindex(doc_ids, fill_value=0).to_numpy(dtype=np.int32)
    issue_codes = group_codes(issue_of.reindex(doc_ids), issue_order)
    province_codes = group_codes(province_of.reindex(doc_ids), province_order)
    names = list(registry.columns)
    discovered = [term for term in discovered if term not in set(names)]
    registry_used = {row: np.flatnonzero(hits[row]).tolist() for row in np.flatnonzero(hits.any(axis=1))}
    named = named_pass(texts, {doc_id: row for row, doc_id in enumerate(doc_ids)}, issue_codes, registry_used,
                       [forms[name] for name in names], discovered, len(names))
    found = sparse.csr_matrix((named.counts, (named.rows, named.terms)), shape=(len(doc_ids), len(discovered)))
    columns = word_columns(features.counts, features.vocabulary, set(names) | set(discovered))
    words = [features.vocabulary[column] for column in columns]

    def grouped(codes: np.ndarray, groups: int) -> tuple[np.ndarray, np.ndarray]:
        parts = [grouped_hits(hits, codes, groups), grouped_features(found, list(range(len(discovered))), codes, groups),
                 grouped_features(features.counts, columns, codes, groups)]
        return np.hstack([part[0] for part in parts]), np.hstack([part[1] for part in parts])

    by_issue, by_province = grouped(issue_codes, len(issue_order)), grouped(province_codes, len(province_order))
    term_ids = np.arange(len(names) + len(discovered) + len(words))
    terms = pd.DataFrame({"term_id": term_ids, "term": names + discovered + words,
                          "source": ["registry"] * len(names) + ["discovered"] * len(discovered) + ["word"] * len(words),
                          "articles": by_issue[1].sum(axis=0), "uses": by_issue[0].sum(axis=0)}, columns=TERM_COLUMNS)
    column, row = capped_rows(features.counts, columns, issue_codes, len(issue_order))
    first_word = len(names) + len(discovered)
    word_articles = pd.DataFrame({"term_id": (first_word + column).astype(np.int32), "row": row.astype(np.int32)})
    return TermIndex(terms, cells(*by_issue, issue_order, term_ids, "published"),
                     cells(*by_province, province_order, term_ids, "province"), named.lines, word_articles)
