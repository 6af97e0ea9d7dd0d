"""Segmentation scheduled over processes: every distinct uncached text once, both cores for large corpora.

Workers segment batches of texts, write the tokens to the cache themselves and
send back only their counts; the main process meanwhile computes the tables
that need no tokens (see :mod:`analysis.engine.compute`).
"""

from __future__ import annotations

import os
from collections import Counter
from functools import cached_property
from pathlib import Path

from ..corpus import Corpus
from ..lexicon import Lexicon
from ..paths import cache_dir as default_cache_dir
from ..tokens.cache import Paragraphs, TokenCache
from ..tokens.counts import TokenCounts, Tokens, count_segmented
from ..tokens.segment import segment_text
from .processes import worker_pool

PARALLEL_MIN_CHARS = 200_000
Job = tuple[list[tuple[str, str]], tuple[str, ...], str, Path]  # (key, text) pairs, terms, compounds, cache root


def _segment_and_store(job: Job) -> list[Counter[str]]:
    """Segment a batch of ``(cache key, text)``, cache the tokens, and return only their counts.

    Run in worker processes: the tokens go to disk there, and the much smaller
    counts are all that travels back to the main process.
    """
    items, terms, compounds, root = job
    cache = TokenCache(root)
    counted = []
    for key, text in items:
        paragraphs = segment_text(text, terms, compounds)
        cache.write(key, paragraphs)
        counted.append(count_segmented(paragraphs))
    return counted


class PendingTokens:
    """Segmentation under way in worker processes, which cache the tokens on disk.

    ``counts()`` waits for the workers and returns the token counts; ``result()``
    returns the tokens themselves, read back from the cache.
    """

    def __init__(self, corpus: Corpus, lexicon: Lexicon, cache_dir: Path | None = None, jobs: int | None = None,
                 progress: bool | None = None) -> None:
        root = Path(cache_dir) if cache_dir else default_cache_dir()
        self.cache = TokenCache(root)
        self.lexicon = lexicon
        self.doc_ids = tuple(corpus.doc_ids)
        self.texts = [d.body for d in corpus]
        self.keys = [TokenCache.key(text, lexicon) for text in self.texts]
        texts: dict[str, str] = {}  # one job per distinct uncached text
        for key, text in zip(self.keys, self.texts, strict=True):
            if not self.cache.path(key).is_file():
                texts.setdefault(key, text)
        self.todo = list(texts)
        size = sum(len(t) for t in texts.values())
        jobs = jobs or ((os.cpu_count() or 1) if size > PARALLEL_MIN_CHARS else 1)
        self.show = progress if progress is not None else len(self.todo) > 20
        self.pool = worker_pool(jobs) if jobs > 1 and self.todo else None
        self.jobs = [(batch, lexicon.terms, lexicon.compound_pattern, root) for batch in _batches(list(texts.items()), jobs)]
        self.futures = [self.pool.submit(_segment_and_store, job) for job in self.jobs] if self.pool else None

    def wait(self) -> None:
        """Block until every worker is done (their results are kept)."""
        self._segmented  # noqa: B018

    @cached_property
    def _segmented(self) -> dict[str, Counter[str]]:
        from tqdm import tqdm  # here, not at the top: a run with nothing to segment never pays its import

        bar = tqdm(total=len(self.todo), desc="segmenting", unit="doc", disable=not self.show, leave=False)
        counted: list[Counter[str]] = []
        for number, job in enumerate(self.jobs):
            counted.extend(self.futures[number].result() if self.futures else _segment_and_store(job))
            bar.update(len(job[0]))
        bar.close()
        if self.pool:
            self.pool.shutdown()
        return dict(zip(self.todo, counted, strict=True))

    def _cached(self, key: str, text: str) -> Paragraphs:
        """A text's tokens from the cache, segmented again (and stored) when the entry fails its check."""
        paragraphs = self.cache.read(key, text)
        if paragraphs is None:
            paragraphs = segment_text(text, self.lexicon.terms, self.lexicon.compound_pattern)
            self.cache.write(key, paragraphs)
        return paragraphs

    def counts(self) -> TokenCounts:
        """Wait for the workers; count the tokens of the texts that were cached already."""
        segmented = self._segmented
        return TokenCounts(self.doc_ids, tuple(segmented[key] if key in segmented else
                                               count_segmented(self._cached(key, text))
                                               for key, text in zip(self.keys, self.texts, strict=True)))

    def result(self) -> Tokens:
        """Wait for the workers and read every text's tokens from the cache."""
        self.wait()  # the workers must have written the cache
        return Tokens(self.doc_ids, tuple(self._cached(key, text) for key, text in zip(self.keys, self.texts, strict=True)))


def _batches(items: list[tuple[str, str]], jobs: int) -> list[list[tuple[str, str]]]:
    """Batches of ``(key, text)`` of similar total length, several per worker so that the load evens out."""
    if not items:
        return []
    target = max(1, sum(len(text) for _, text in items) // (jobs * 8))
    batches, current, size = [], [], 0
    for item in items:
        current.append(item)
        size += len(item[1])
        if size >= target:
            batches.append(current)
            current, size = [], 0
    if current:
        batches.append(current)
    return batches
