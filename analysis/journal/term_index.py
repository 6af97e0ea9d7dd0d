"""Any term's course through the journal: per-issue and per-province counts of tens of thousands of terms, with
their bursts, for the reader's term explorer.

The index holds the registry's slogans, the formulations discovery found and
the registry lacks, and every word of the feature matrix that at least
:data:`MIN_ARTICLES` counted articles use, up to :data:`MAX_WORDS` of them (the
most widely used first). The unit is the article: per issue and per province,
an entry gives the counted articles that use the term and its uses there, so a
reader's "temperature" is the share of an issue's articles that use the term,
as the trends and bursts chapters count it. Only non-zero cells are kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from ..measures.features import FeatureMatrix
from .bursts import burst_rows

MIN_ARTICLES = 2  # a word one article uses has no course to follow: that article is all of it
MAX_WORDS = 40_000  # the most widely used words first: a bigger corpus keeps the download to a few MB
SOURCES = ("registry", "discovered", "word")
TERM_COLUMNS = ["term_id", "term", "source", "articles", "uses"]


def index_matrix(features: FeatureMatrix, slogan_hits: pd.DataFrame, discovered: pd.DataFrame,
                 min_articles: int = MIN_ARTICLES, max_words: int = MAX_WORDS) -> tuple[sparse.csc_matrix, pd.DataFrame]:
    """The counted articles × indexed terms (uses, sparse; rows in ``features.doc_ids`` order) and the terms: the
    registry's slogans (``slogan_hits``), the discovered formulations (``discovered``, columns the registry lacks)
    and the words at least ``min_articles`` articles use, a term listed once, under its first source."""
    rows = list(features.doc_ids)
    registry = slogan_hits.reindex(rows, fill_value=0)
    found = discovered.reindex(rows, fill_value=0).loc[:, [t for t in discovered.columns if t not in registry.columns]]
    using = np.asarray((features.counts > 0).sum(axis=0)).ravel()
    taken = set(registry.columns) | set(found.columns)
    candidates = [(int(-using[column]), word, column) for column, word in enumerate(features.vocabulary)
                  if using[column] >= min_articles and word not in taken]
    words = sorted(candidates)[:max_words]
    word_columns = [column for _, _, column in sorted(words, key=lambda item: item[1])]
    matrix = sparse.hstack([sparse.csc_matrix(registry.to_numpy(dtype=np.int64)),
                            sparse.csc_matrix(found.to_numpy(dtype=np.int64)),
                            features.counts.tocsc()[:, word_columns].astype(np.int64)], format="csc")
    names = [*registry.columns, *found.columns, *(features.vocabulary[column] for column in word_columns)]
    sources = ["registry"] * registry.shape[1] + ["discovered"] * found.shape[1] + ["word"] * len(word_columns)
    terms = pd.DataFrame({"term_id": np.arange(len(names)), "term": names, "source": sources,
                          "articles": np.asarray((matrix > 0).sum(axis=0)).ravel(),
                          "uses": np.asarray(matrix.sum(axis=0)).ravel()}, columns=TERM_COLUMNS)
    return matrix, terms


def grouped_counts(matrix: sparse.csc_matrix, groups: pd.Series, order: list[str], name: str) -> pd.DataFrame:
    """Per group (``groups``: each row's group, in the matrix's row order) and term: the articles that use the term
    (``using``) and its uses, the non-zero cells only, by term then group (in ``order``)."""
    position = {group: number for number, group in enumerate(order)}
    codes = np.array([position.get(group, -1) for group in groups], dtype=np.int64)
    kept = np.nonzero(codes >= 0)[0]
    indicator = sparse.csr_matrix((np.ones(len(kept), dtype=np.int64), (codes[kept], kept)),
                                  shape=(len(order), matrix.shape[0]))
    uses = (indicator @ matrix).tocoo()
    using = (indicator @ (matrix > 0).astype(np.int64)).tocsr()
    frame = pd.DataFrame({"term_id": uses.col, name: np.asarray(order, dtype=object)[uses.row],
                          "_row": uses.row, "uses": uses.data})
    frame["using"] = np.asarray(using[frame["_row"].to_numpy(), frame["term_id"].to_numpy()]).ravel()
    frame = frame[frame["uses"] > 0].sort_values(["term_id", "_row"], ignore_index=True)
    return frame[["term_id", name, "using", "uses"]]


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


LINE_WINDOW = 24  # characters of context on each side of a line's term
LINE_COLUMNS = ["term_id", "doc_id", "left", "match", "right"]


def first_lines(texts: Iterable[tuple[str, str]], wanted: Mapping[str, Sequence[int]],
                forms: Mapping[int, Sequence[str]], window: int = LINE_WINDOW) -> pd.DataFrame:
    """Each wanted term's first line in each article that uses it: ``texts`` gives (doc_id, clean body) one article
    at a time, ``wanted`` the term ids each article uses, ``forms`` each term's surface forms (its first form
    found, the longest first where two start together). Paragraph breaks show as ``¶``."""
    rows = []
    for doc_id, body in texts:
        for term_id in wanted.get(doc_id, ()):
            found = [(start, -len(form), form) for form in forms[term_id] if (start := body.find(form)) >= 0]
            if not found:
                continue
            start, _, form = min(found)
            rows.append((term_id, doc_id, body[max(0, start - window):start].replace("\n", "¶"), form,
                         body[start + len(form):start + len(form) + window].replace("\n", "¶")))
    return pd.DataFrame.from_records(rows, columns=LINE_COLUMNS).sort_values(["term_id", "doc_id"], ignore_index=True)
