"""The seeds in the journal's context: baselines that separate region from date, post and genre; each seed's
counterpart in the journal and how closely the cleaning reproduces it; where shared passages were printed first.

Three baselines per seed: (a) the journal articles of its province, (b) every
provincial-leadership article of its year, (c) the whole journal, each without
the seed's own counterpart in the journal (leave-one-out). A theme or
slogan is *distinctive* against a baseline when the seed's rate is above the
bootstrap interval of the baseline's pooled rate and above 90% of the
baseline's articles (``below`` the other way round).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..corpus import Corpus
from ..measures.reuse import kept_text
from ..text.patterns import LiteralMatcher
from .rates import PER, SINGLE_ARTICLE, bootstrap_interval, pooled_rate
from .texts import ArticleTexts

BASELINES = ("province", "leaders_same_year", "journal")
COUNTERPART_SCORE = 90.0  # rapidfuzz ratio (0–100) above which an article is the seed itself, as the journal printed it
TAIL = 0.9


def baseline_members(articles: pd.DataFrame, province: str, year: str) -> dict[str, pd.Index]:
    """The articles of each baseline of a seed from ``province`` (short name, may be empty) written in ``year``."""
    return {"province": articles.index[(articles["province"] == province) & (province != "")],
            "leaders_same_year": articles.index[(articles["author_level"] == "provincial") & (articles["year"] == year)],
            "journal": articles.index}


def seed_baselines(seeds: pd.DataFrame, seed_hits: pd.DataFrame, articles: pd.DataFrame,
                   article_hits: pd.DataFrame, counterparts: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Per seed, baseline and item (``theme:…``, ``slogan:…``): the seed's rate, the baseline's pooled rate with its
    interval, the share of baseline articles below the seed, and the verdict (above, below, within); the baseline
    articles that use the item and the share of its uses in the largest one (``single_article`` over half).

    ``seeds`` is indexed by doc_id with ``province``, ``year`` and ``han_chars``; ``seed_hits`` and
    ``article_hits`` are documents × items with the same columns. A seed's counterpart in the journal
    (``counterparts``: seed → article) is left out of every baseline that would hold it (``left_out``): a seed
    is not compared with itself. Seeds that share a baseline share its bootstrap.
    """
    counterparts = counterparts or {}
    items = list(seed_hits.columns)
    kinds, names = zip(*(item.partition(":")[::2] for item in items), strict=True) if items else ((), ())
    hits_all, han_all = article_hits.to_numpy(dtype=float), articles["han_chars"].to_numpy(dtype=float)
    individual_all = hits_all / np.maximum(han_all, 1)[:, None] * PER
    position = {doc_id: i for i, doc_id in enumerate(articles.index)}
    summaries: dict[tuple[str, ...], tuple] = {}  # small per-item vectors only: a baseline may be the whole journal
    parts = []
    for doc_id, seed in seeds.iterrows():
        seed_rate = seed_hits.loc[doc_id].to_numpy(dtype=float) / max(seed["han_chars"], 1) * PER
        own = counterparts.get(doc_id, "")
        for baseline, members in baseline_members(articles, seed["province"], seed["year"]).items():
            left_out = own if own in members else ""
            members = members.drop(left_out) if left_out else members
            rows = np.array([position[m] for m in members], dtype=np.int64)
            key = (baseline, *members)
            if key not in summaries:
                block, han = hits_all[rows], han_all[rows]
                totals = block.sum(axis=0)
                share = np.divide(block.max(axis=0, initial=0), totals, out=np.zeros(len(items)), where=totals > 0)
                summaries[key] = (pooled_rate(block, han) if len(rows) else np.full(len(items), np.nan),
                                  *bootstrap_interval(block, han), (block > 0).sum(axis=0), share)
                del block
            pooled, low, high, using, share = summaries[key]
            count = len(rows)
            individual = individual_all[rows]
            below = (individual < seed_rate).sum(axis=0) / count if count else np.full(len(items), np.nan)
            above = (individual > seed_rate).sum(axis=0) / count if count else np.full(len(items), np.nan)
            del individual
            verdict = np.where((seed_rate > high) & (below >= TAIL), "above",
                               np.where((seed_rate < low) & (above >= TAIL), "below", "within"))
            if not count:
                verdict = np.full(len(items), "no baseline")
            parts.append(pd.DataFrame({
                "doc_id": doc_id, "baseline": baseline, "articles": count, "left_out": left_out, "kind": kinds,
                "item": names, "seed_rate": seed_rate.round(3), "baseline_rate": np.round(pooled, 3),
                "low": np.round(low, 3), "high": np.round(high, 3), "share_below": np.round(below, 3),
                "verdict": verdict, "using": using, "top_share": np.round(share, 3),
                "single_article": share > SINGLE_ARTICLE}))
    columns = ["doc_id", "baseline", "articles", "left_out", "kind", "item", "seed_rate", "baseline_rate", "low",
               "high", "share_below", "verdict", "using", "top_share", "single_article"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def seed_controls(baselines: pd.DataFrame, looked: pd.DataFrame) -> pd.DataFrame:
    """Per seed and item that looked distinctive among the seeds: its verdict against each baseline, and whether
    it stays distinctive (above all three) or only looked so (within or below one of them).

    ``looked`` has ``doc_id``, ``kind`` and ``item`` of what the seed-only comparison singled out.
    """
    wide_verdicts = baselines.pivot_table(index=["doc_id", "kind", "item"], columns="baseline", values="verdict",
                                          aggfunc="first")
    table = looked.merge(wide_verdicts.reset_index(), on=["doc_id", "kind", "item"], how="left")
    present = [b for b in BASELINES if b in table.columns]
    tested = table[present].apply(lambda row: [v for v in row if v not in ("no baseline", None) and v == v], axis=1)
    table["stays"] = tested.map(lambda verdicts: bool(verdicts) and all(v == "above" for v in verdicts))
    table["explained_by"] = table[present].apply(
        lambda row: ", ".join(b for b in present if row[b] in ("within", "below")), axis=1)
    return table


def looked_distinctive(seed_hits: pd.DataFrame, seeds: pd.DataFrame, ratio: float = 2.0, min_hits: int = 3) -> pd.DataFrame:
    """What a seeds-only comparison singles out: items a seed uses at least ``ratio`` times the rate of the median
    other seed, with ``min_hits`` uses."""
    if len(seed_hits) < 2:  # nothing looks distinctive among one document
        return pd.DataFrame(columns=["doc_id", "kind", "item", "seed_rate", "others_median"])
    hits = seed_hits.to_numpy(dtype=float)
    rates = hits / seeds.loc[seed_hits.index, "han_chars"].clip(lower=1).to_numpy(dtype=float)[:, None] * PER
    others = _median_of_others(rates)
    rows, columns = np.nonzero((hits >= min_hits) & (rates >= ratio * others))
    items = np.asarray(seed_hits.columns, dtype=object)[columns]
    return pd.DataFrame({"doc_id": np.asarray(seed_hits.index, dtype=object)[rows],
                         "kind": [item.partition(":")[0] for item in items],
                         "item": [item.partition(":")[2] for item in items],
                         "seed_rate": rates[rows, columns].round(3), "others_median": others[rows, columns].round(3)},
                        columns=["doc_id", "kind", "item", "seed_rate", "others_median"])


def _median_of_others(values: np.ndarray) -> np.ndarray:
    """For each row, the column medians of all the other rows (0 with a single row), from one sort per column."""
    count = len(values)
    if count < 2:
        return np.zeros_like(values)
    order = np.argsort(values, axis=0, kind="stable")
    ordered = np.take_along_axis(values, order, axis=0)
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(count)[:, None].repeat(values.shape[1], axis=1), axis=0)

    def remaining(index: int) -> np.ndarray:  # the index-th value of the column once the row's own is taken out
        shifted = np.where(index >= rank, index + 1, index)
        return np.take_along_axis(ordered, shifted, axis=0)

    return (remaining((count - 2) // 2) + remaining((count - 1) // 2)) / 2


ANCHOR_CHARS = 12  # a shingle this long seldom recurs by chance between two different articles
ANCHORS = 64  # evenly spaced shingles per seed: enough to tell whether an article holds the seed's text
CANDIDATES = 3  # articles per seed compared in full


def counterparts(seeds: Corpus, journal: ArticleTexts, documents: pd.DataFrame) -> pd.DataFrame:
    """Per seed: the most similar journal article and whether it is the seed's counterpart (the same text as the
    journal printed it: rapidfuzz ratio of the clean bodies ≥ 90). ``documents`` holds the journal's ``doc_id``,
    ``file``, ``title`` and ``issue``. The articles compared in full are :func:`likely_copies`.
    """
    hits = shared_anchors({document.doc_id: document.body for document in seeds}, journal)
    ranked = likely_copies(hits)
    rows = documents.reset_index(drop=True)
    bodies = journal.bodies(rows.loc[sorted({i for found in ranked.values() for i in found}), "doc_id"])
    records = []
    for document in seeds:
        scored = [(fuzz.ratio(document.body, bodies[rows.at[i, "doc_id"]], processor=None), i)
                  for i in ranked[document.doc_id]]
        score, index = max(scored, key=lambda pair: (pair[0], -pair[1]), default=(0.0, -1))
        article = rows.loc[index] if index >= 0 else None
        records.append({"doc_id": document.doc_id, "file": article["file"] if article is not None else "",
                        "journal_id": article["doc_id"] if article is not None else "",
                        "title": _text(article, "title"), "issue": _text(article, "issue"),
                        "shared_anchors": hits[document.doc_id].get(index, 0), "score": round(float(score), 2),
                        "counterpart": score >= COUNTERPART_SCORE})
    return pd.DataFrame.from_records(records)


def shared_anchors(bodies: Mapping[str, str], journal: Iterable[tuple[str, str]]) -> dict[str, dict[int, int]]:
    """Per text of ``bodies`` (by id): how many of its evenly spaced 12-character shingles (Han, letters, digits)
    each journal text holds, by the journal text's position in ``journal``; texts that hold none are left out.

    Comparing every text with every article in full is slow; instead the shingles are looked for in every article
    in one Aho–Corasick pass, reading the journal once, one text at a time.
    """
    anchors: dict[str, set[str]] = {}
    for doc_id, body in bodies.items():
        text = kept_text(body)
        step = max(1, (len(text) - ANCHOR_CHARS) // ANCHORS)
        for start in range(0, max(1, len(text) - ANCHOR_CHARS + 1), step):
            anchors.setdefault(text[start:start + ANCHOR_CHARS], set()).add(doc_id)
    matcher = LiteralMatcher(anchors)
    hits: dict[str, dict[int, int]] = {doc_id: {} for doc_id in bodies}
    for index, (_, body) in enumerate(journal):
        for anchor in set(matcher.findall_overlapping(kept_text(body))):
            for doc_id in anchors[anchor]:
                hits[doc_id][index] = hits[doc_id].get(index, 0) + 1
    return hits


def likely_copies(hits: Mapping[str, Mapping[int, int]]) -> dict[str, list[int]]:
    """Per text: the positions of the journal articles that hold most of its shingles, at most ``CANDIDATES``,
    those worth comparing in full."""
    return {doc_id: sorted(found, key=lambda i: (-found[i], i))[:CANDIDATES] for doc_id, found in hits.items()}


def _text(row: pd.Series | None, column: str) -> str:
    """A row's value of ``column``, or "" when there is no row, no such column or no value."""
    value = row.get(column, "") if row is not None else ""
    return value if isinstance(value, str) else ""


def cleaning_agreement(seeds: Corpus, journal: ArticleTexts, pairs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """For each seed with a counterpart: character-level agreement of its clean body with the journal's text, and
    every difference (the edit operations of a Levenshtein alignment, with the text on each side)."""
    summary, differences = [], []
    matched = pairs[pairs["counterpart"]]
    bodies = journal.bodies(matched["journal_id"])
    for pair in matched.itertuples():
        ours, theirs = seeds[pair.doc_id].body, bodies[pair.journal_id]
        operations = [op for op in Levenshtein.opcodes(ours, theirs) if op.tag != "equal"]
        distance = Levenshtein.distance(ours, theirs)
        summary.append({"doc_id": pair.doc_id, "journal_id": pair.journal_id, "seed_chars": len(ours),
                        "journal_chars": len(theirs), "edits": distance, "differences": len(operations),
                        "agreement": round(1 - distance / max(len(ours), len(theirs), 1), 5)})
        for op in operations:
            differences.append({"doc_id": pair.doc_id, "position": op.src_start, "operation": op.tag,
                                "seed_text": ours[op.src_start:op.src_end], "journal_text": theirs[op.dest_start:op.dest_end],
                                "context": ours[max(0, op.src_start - 8):op.src_end + 8].replace("\n", "¶")})
    return (pd.DataFrame.from_records(summary, columns=["doc_id", "journal_id", "seed_chars", "journal_chars", "edits",
                                                        "differences", "agreement"]),
            pd.DataFrame.from_records(differences, columns=["doc_id", "position", "operation", "seed_text",
                                                            "journal_text", "context"]))


def provenance(passages: pd.DataFrame, journal: ArticleTexts, articles: pd.DataFrame) -> pd.DataFrame:
    """For each distinct passage the seeds share: the first issue of the journal that printed it, the article, and in
    how many articles it appears (matched on Han characters, letters and digits, punctuation ignored)."""
    texts = sorted(set(passages["text"])) if len(passages) else []
    keys = {text: kept_text(text) for text in texts}
    matcher = LiteralMatcher(keys.values())
    published = articles.set_index("doc_id")
    first: dict[str, tuple[str, str]] = {}  # the earliest (issue, doc_id) that printed each passage
    seen: dict[str, int] = {}
    for doc_id, body in journal:
        if doc_id not in published.index:
            continue
        printed = (published.at[doc_id, "published"], doc_id)
        for key in set(matcher.findall_overlapping(kept_text(body))):
            first[key] = min(first.get(key, printed), printed)
            seen[key] = seen.get(key, 0) + 1
    records = []
    for text in texts:
        key = keys[text]
        doc_id = first.get(key, ("", ""))[1]
        records.append({"text": text, "chars": len(key), "first_issue": published.at[doc_id, "published"] if doc_id else "",
                        "first_article": doc_id, "first_title": published.at[doc_id, "title"] if doc_id else "",
                        "journal_articles": seen.get(key, 0)})
    return pd.DataFrame.from_records(records, columns=["text", "chars", "first_issue", "first_article", "first_title",
                                                       "journal_articles"])
