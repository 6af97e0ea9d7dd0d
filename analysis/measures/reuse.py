"""Text reuse: verbatim passages that two documents share, and how much of each is reused.

Texts are normalised to their Han characters, letters and digits (punctuation
and spaces dropped), every k-character window is hashed (k = ``min_chars``),
and windows shared by two documents are chained along their diagonal into
maximal spans, reported with their positions in both original texts.

Hashes are 64-bit; with a few million windows a collision has a probability
of about one in a million, so spans are not re-verified character by character.
Windows found in more than ``max_docs`` documents are stock formulae rather
than reuse between two texts; they still count towards each document's reused
share but are not paired, which keeps large corpora tractable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..corpus import Corpus
from ..text.chars import HAN_CLASS, HAN_RANGES

KEPT_RANGES = (*HAN_RANGES, (0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A))  # Han, digits, Latin letters
BASE = np.uint64(1_000_003)
PASSAGE_COLUMNS = ["doc_a", "doc_b", "chars", "start_a", "end_a", "start_b", "end_b", "alignments", "text"]


KEPT = re.compile(f"[^{HAN_CLASS}A-Za-z0-9]+")


def kept_text(text: str) -> str:
    """The text with only the characters reuse compares (Han, letters, digits): punctuation and spaces dropped."""
    return KEPT.sub("", text)


def normalised(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Code points of the kept characters (Han, letters, digits), and each one's offset in the text."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    keep = np.zeros(len(points), dtype=bool)
    for low, high in KEPT_RANGES:
        keep |= (points >= low) & (points <= high)
    offsets = np.flatnonzero(keep)
    return points[offsets].astype(np.uint64), offsets


def window_hashes(codes: np.ndarray, k: int) -> np.ndarray:
    """Polynomial hash (mod 2**64) of every k-long window."""
    n = len(codes) - k + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    hashes = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for t in range(k):
            hashes = hashes * BASE + codes[t : t + n]
    return hashes


@dataclass(frozen=True)
class ReuseIndex:
    """Every k-character window of every document, hashed, with how many documents share each hash."""

    offsets: list[np.ndarray]  # per document: offset in the body of each kept character
    lengths: list[int]  # per document: number of kept characters
    hashes: np.ndarray  # per window, grouped by document
    docs: np.ndarray
    positions: np.ndarray
    window_docs: np.ndarray  # per window: in how many documents its hash occurs


def reuse_index(corpus: Corpus, k: int = 8) -> ReuseIndex:
    """The input of both reuse tables, built once."""
    offsets, lengths, hashes, docs, positions = _index(corpus, k)
    return ReuseIndex(offsets, lengths, hashes, docs, positions, _document_frequency(hashes, docs))


def _index(corpus: Corpus, k: int) -> tuple[list[np.ndarray], list[int], np.ndarray, np.ndarray, np.ndarray]:
    offsets, lengths, all_hashes, all_docs, all_positions = [], [], [], [], []
    for number, document in enumerate(corpus):
        codes, offset = normalised(document.body)
        hashes = window_hashes(codes, k)
        offsets.append(offset)
        lengths.append(len(codes))
        all_hashes.append(hashes)
        all_docs.append(np.full(len(hashes), number, dtype=np.int32))
        all_positions.append(np.arange(len(hashes), dtype=np.int64))
    hashes = np.concatenate(all_hashes) if all_hashes else np.empty(0, dtype=np.uint64)
    docs = np.concatenate(all_docs) if all_docs else np.empty(0, dtype=np.int32)
    positions = np.concatenate(all_positions) if all_positions else np.empty(0, dtype=np.int64)
    return offsets, lengths, hashes, docs, positions


def _document_frequency(hashes: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """For each window, in how many distinct documents its hash occurs (one sort, no searching)."""
    if not len(hashes):
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((docs, hashes))
    h, d = hashes[order], docs[order]
    new_hash = np.r_[True, h[1:] != h[:-1]]
    first_in_doc = new_hash | np.r_[True, d[1:] != d[:-1]]
    run = np.cumsum(new_hash) - 1
    per_hash = np.bincount(run, weights=first_in_doc).astype(np.int64)
    counts = np.empty(len(hashes), dtype=np.int64)
    counts[order] = per_hash[run]
    return counts


def reused_share(corpus: Corpus, min_chars: int = 8, index: ReuseIndex | None = None) -> pd.DataFrame:
    """Per document: how many of its normalised characters lie in a window shared with another document.

    ``index`` is :func:`reuse_index` of the same corpus and ``min_chars``, when already built.
    """
    index = index or reuse_index(corpus, min_chars)
    lengths, docs, positions = index.lengths, index.docs, index.positions
    shared = index.window_docs >= 2
    lengths_array = np.asarray(lengths, dtype=np.int64)
    bases = np.r_[0, np.cumsum(lengths_array)]
    starts = bases[docs[shared]] + positions[shared]
    ends = np.minimum(starts + min_chars, bases[docs[shared] + 1])
    depth = np.cumsum(np.bincount(starts, minlength=bases[-1] + 1) - np.bincount(ends, minlength=bases[-1] + 1))
    covered = np.r_[0, np.cumsum(depth[: bases[-1]] > 0)]
    reused = covered[bases[1:]] - covered[bases[:-1]]
    share = np.divide(reused, lengths_array, out=np.zeros(len(lengths_array)), where=lengths_array > 0)
    return pd.DataFrame({"doc_id": corpus.doc_ids, "chars": lengths_array, "reused_chars": reused,
                         "reused_share": share.round(4)})


def shared_passages(corpus: Corpus, min_chars: int = 8, max_docs: int = 20,
                    index: ReuseIndex | None = None) -> pd.DataFrame:
    """Maximal verbatim spans of at least ``min_chars`` normalised characters shared by two documents.

    One row per pair and passage: the two documents, the span length (normalised
    characters), start and end offsets of its first alignment in each original
    body, how many alignments the pair has of it, and the text as it reads in
    the first document. Longest first.
    """
    index = index or reuse_index(corpus, min_chars)
    offsets, hashes, docs, positions = index.offsets, index.hashes, index.docs, index.positions
    if not len(hashes):
        return pd.DataFrame(columns=PASSAGE_COLUMNS)
    keep = (index.window_docs >= 2) & (index.window_docs <= max_docs)
    hashes, docs, positions = hashes[keep], docs[keep], positions[keep]
    order = np.lexsort((positions, docs, hashes))
    hashes, docs, positions = hashes[order], docs[order], positions[order]
    # every pair of windows within a run of equal hashes, built without a Python loop
    run_start = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    run_length = np.diff(np.r_[run_start, len(hashes)])
    run_end = np.repeat(run_start + run_length, run_length)
    partners = run_end - np.arange(len(hashes)) - 1  # later windows in the same run
    left = np.repeat(np.arange(len(hashes)), partners)
    offset = np.arange(len(left)) - np.repeat(np.cumsum(partners) - partners, partners)
    right = left + 1 + offset
    different = docs[left] != docs[right]
    left, right = left[different], right[different]
    if not len(left):
        return pd.DataFrame(columns=PASSAGE_COLUMNS)
    a, b = docs[left], docs[right]
    pa, pb = positions[left], positions[right]
    a, b, pa, pb = _sorted_alignments(a, b, pa, pb)
    diagonal = pb - pa
    new_run = np.ones(len(a), dtype=bool)
    new_run[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1]) | (diagonal[1:] != diagonal[:-1]) | (pa[1:] != pa[:-1] + 1)
    run_starts = np.flatnonzero(new_run)
    run_ends = np.append(run_starts[1:], len(a)) - 1
    # one row per pair and passage: a passage that recurs in a text aligns several times
    first_a, last_a = pa[run_starts], pa[run_ends] + min_chars - 1
    first_b, last_b = pb[run_starts], pb[run_ends] + min_chars - 1
    doc_a, doc_b = a[run_starts], b[run_starts]
    window_base = np.r_[0, np.cumsum([max(0, n - min_chars + 1) for n in index.lengths])]
    span = pd.DataFrame({"a": doc_a, "b": doc_b, "chars": last_a - first_a + 1,
                         "first": index.hashes[window_base[doc_a] + first_a],
                         "last": index.hashes[window_base[doc_a] + pa[run_ends]],
                         "fa": first_a, "la": last_a, "fb": first_b, "lb": last_b})
    span = span.sort_values(["chars", "a", "b", "fa", "fb"], ascending=[False, True, True, True, True], kind="stable")
    span["alignments"] = span.groupby(["a", "b", "chars", "first", "last"], sort=False)["chars"].transform("size")
    span = span.drop_duplicates(["a", "b", "chars", "first", "last"]).reset_index(drop=True)
    # back from normalised positions to offsets in the original bodies
    bases = np.r_[0, np.cumsum([len(o) for o in offsets])]
    flat_offsets = np.concatenate(offsets)
    start_a = flat_offsets[bases[span["a"]] + span["fa"]]
    end_a = flat_offsets[bases[span["a"]] + span["la"]] + 1
    bodies = [d.body for d in corpus]
    ids = np.array(corpus.doc_ids, dtype=object)
    return pd.DataFrame({
        "doc_a": ids[span["a"]], "doc_b": ids[span["b"]], "chars": span["chars"].to_numpy(),
        "start_a": start_a, "end_a": end_a,
        "start_b": flat_offsets[bases[span["b"]] + span["fb"]], "end_b": flat_offsets[bases[span["b"]] + span["lb"]] + 1,
        "alignments": span["alignments"].to_numpy(),
        "text": [bodies[d][s:e] for d, s, e in zip(span["a"].tolist(), start_a.tolist(), end_a.tolist(), strict=True)],
    }, columns=PASSAGE_COLUMNS)


def _sorted_alignments(a: np.ndarray, b: np.ndarray, pa: np.ndarray,
                       pb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Window pairs ordered by document pair, diagonal and position, so that runs along a diagonal are adjacent.

    The four keys are packed into one integer when they fit in 63 bits: one sort
    of 64-bit integers is several times faster than ``np.lexsort`` on four keys.
    """
    diagonal = pb - pa
    documents = int(max(a.max(), b.max())) + 1
    low = int(diagonal.min())
    widths = [documents.bit_length(), documents.bit_length(), int(diagonal.max() - low).bit_length(),
              int(pa.max()).bit_length()]
    if sum(widths) > 63:
        order = np.lexsort((pa, diagonal, b, a))
        return a[order], b[order], pa[order], pb[order]
    _, b_bits, d_bits, p_bits = widths
    key = a.astype(np.int64)
    for value, bits in ((b, b_bits), (diagonal - low, d_bits), (pa, p_bits)):
        key = (key << bits) | value.astype(np.int64)
    key.sort()
    pa = key & ((1 << p_bits) - 1)
    key >>= p_bits
    diagonal = (key & ((1 << d_bits) - 1)) + low
    key >>= d_bits
    b = key & ((1 << b_bits) - 1)
    a = key >> b_bits
    return a, b, pa, pa + diagonal


MERGED_COLUMNS = ["doc_id", "start", "end", "chars", "text", "pairs"]


def merge_overlapping(passages: pd.DataFrame, bodies: dict[str, str]) -> pd.DataFrame:
    """Shared passages with overlapping fragments merged: each region of text shared once.

    The same sentence is often shared by several pairs, each with a slightly
    different maximal span (学习贯彻… and 深入学习贯彻…); a reader wants it once.
    In each document the spans of its shared passages are joined where they
    overlap; a joined span whose text lies inside a longer one (the same passage
    seen from another document) is folded into it. ``pairs`` lists every pair of
    documents that shares part of a passage. Longest first.
    """
    if passages.empty:
        return pd.DataFrame(columns=MERGED_COLUMNS)
    pairs = list(zip(passages["doc_a"], passages["doc_b"], strict=True))
    occurrences = pd.concat([
        pd.DataFrame({"pair": range(len(passages)), "doc_id": passages["doc_a"].to_numpy(),
                      "start": passages["start_a"].to_numpy(), "end": passages["end_a"].to_numpy()}),
        pd.DataFrame({"pair": range(len(passages)), "doc_id": passages["doc_b"].to_numpy(),
                      "start": passages["start_b"].to_numpy(), "end": passages["end_b"].to_numpy()}),
    ])
    spans = []
    for doc_id, found in occurrences.groupby("doc_id", sort=True):
        rows = sorted(zip(found["start"].tolist(), found["end"].tolist(), found["pair"].tolist(), strict=True))
        for start, end in contiguous((start, end) for start, end, _ in rows):
            touching = {pairs[p] for s, e, p in rows if s < end and e > start}
            text = bodies[doc_id][start:end]
            spans.append({"doc_id": doc_id, "start": start, "end": end, "chars": len(kept_text(text)),
                          "text": text, "pairs": touching})
    spans.sort(key=lambda span: (-span["chars"], span["doc_id"], span["start"]))
    kept: list[dict] = []
    for span in spans:
        core = kept_text(span["text"])
        home = next((k for k in kept if core in kept_text(k["text"])), None)
        if home is None:
            kept.append(span)
        else:
            home["pairs"] |= span["pairs"]
    return pd.DataFrame.from_records([{**k, "pairs": sorted(k["pairs"])} for k in kept], columns=MERGED_COLUMNS)


PAIR_COLUMNS = ["doc_a", "doc_b", "passages", "chars"]


def pair_sharing(passages: pd.DataFrame, bodies: dict[str, str]) -> pd.DataFrame:
    """Per pair of documents, how much verbatim text they share: the passages once overlapping fragments are joined
    (in the first document), and their kept characters (Han, digits, letters). Most shared first."""
    records = []
    for (doc_a, doc_b), spans in passages.groupby(["doc_a", "doc_b"], sort=True):
        joined = contiguous(zip(spans["start_a"].tolist(), spans["end_a"].tolist(), strict=True))
        records.append({"doc_a": doc_a, "doc_b": doc_b, "passages": len(joined),
                        "chars": sum(len(kept_text(bodies[doc_a][start:end])) for start, end in joined)})
    frame = pd.DataFrame.from_records(records, columns=PAIR_COLUMNS)
    return frame.sort_values(["chars", "doc_a", "doc_b"], ascending=[False, True, True]).reset_index(drop=True)


def contiguous(spans) -> list[tuple[int, int]]:
    """The union of (start, end) spans as disjoint intervals, in order."""
    intervals: list[list[int]] = []
    for start, end in sorted(spans):
        if intervals and start < intervals[-1][1]:
            intervals[-1][1] = max(intervals[-1][1], end)
        else:
            intervals.append([start, end])
    return [(start, end) for start, end in intervals]
