"""Segmentation: corpus → tokens, once per text, cached on disk and shared by every chapter.

jieba is the segmenter, with every lexicon term registered. Lexicon terms
overlap (新时代党的建设, 党的建设新的伟大工程), and jieba's best path may
split one to keep another, so lexicon terms are first matched leftmost-longest
and kept as tokens; jieba segments the text between them. 两个确立 or
习近平新时代中国特色社会主义思想 therefore always stay whole. Results are cached
per text under a key made of the text, the lexicon fingerprint and the jieba
version; with many texts to segment, both cores work.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from .catalog import REPO_ROOT
from .corpus import Corpus
from .lexicon import Lexicon
from .patterns import LiteralMatcher

SEGMENTER_VERSION = "2"
PARALLEL_MIN_CHARS = 200_000
# jieba's own pattern for what can be one token; a term outside it is split by design.
JIEBA_TOKEN = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%-]+$")
WORD = re.compile(r"[\u4e00-\u9fff]")


def default_cache_dir() -> Path:
    """``$ANALYSIS_CACHE`` or ``.cache/analysis`` in the project."""
    return Path(os.environ.get("ANALYSIS_CACHE") or REPO_ROOT / ".cache" / "analysis")


def registrable(term: str) -> bool:
    """Whether jieba can keep a term as one token (no quotes, dots or other punctuation)."""
    return bool(JIEBA_TOKEN.match(term))


_TOKENIZERS: dict[tuple[str, ...], object] = {}
_TERM_MATCHERS: dict[tuple[str, ...], LiteralMatcher] = {}


def term_matcher(terms: tuple[str, ...]) -> LiteralMatcher:
    """Leftmost-longest matcher of the lexicon terms (built once per lexicon)."""
    if terms not in _TERM_MATCHERS:
        _TERM_MATCHERS.clear()
        _TERM_MATCHERS[terms] = LiteralMatcher(terms)
    return _TERM_MATCHERS[terms]


def make_tokenizer(terms: tuple[str, ...]):
    """A quiet jieba tokenizer with every registrable term added as a high-frequency word."""
    if terms in _TOKENIZERS:
        return _TOKENIZERS[terms]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for term in terms:
        if registrable(term):
            tokenizer.add_word(term, freq=max(tokenizer.suggest_freq(term, tune=False), 10_000))
    _TOKENIZERS.clear()
    _TOKENIZERS[terms] = tokenizer
    return tokenizer


def segment_paragraph(paragraph: str, terms: tuple[str, ...]) -> list[str]:
    """Tokens of one paragraph: lexicon terms whole, jieba between them."""
    tokenizer = make_tokenizer(terms)
    tokens: list[str] = []
    position = 0
    for start, end, term in term_matcher(terms).finditer(paragraph):
        if start > position:
            tokens.extend(tokenizer.lcut(paragraph[position:start]))
        tokens.append(term)
        position = end
    if position < len(paragraph):
        tokens.extend(tokenizer.lcut(paragraph[position:]))
    return tokens


def segment_text(text: str, terms: tuple[str, ...]) -> list[list[str]]:
    """Tokens of each paragraph (line) of a text; joining a paragraph's tokens gives it back."""
    return [segment_paragraph(paragraph, terms) for paragraph in text.split("\n")]


def _segment_many(job: tuple[list[str], tuple[str, ...]]) -> list[list[list[str]]]:
    texts, terms = job
    return [segment_text(text, terms) for text in texts]


@dataclass(frozen=True)
class Tokens:
    """Tokens per document, paragraph by paragraph, in corpus order."""

    doc_ids: tuple[str, ...]
    paragraphs: tuple[list[list[str]], ...]

    def __getitem__(self, doc_id: str) -> list[list[str]]:
        return self.paragraphs[self._positions[doc_id]]

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {doc_id: index for index, doc_id in enumerate(self.doc_ids)}

    def flat(self, doc_id: str) -> list[str]:
        """All tokens of one document, paragraphs concatenated."""
        return [token for paragraph in self[doc_id] for token in paragraph]

    def words(self, doc_id: str, stopwords: frozenset[str] = frozenset()) -> list[str]:
        """Words of two or more characters with a Han character, minus stopwords: the unit of features.

        Single characters (党, 学) and stray Latin letters from damaged pages carry no distinction.
        """
        return [t for t in self.flat(doc_id) if len(t) >= 2 and WORD.search(t) and t not in stopwords]


def _cache_key(text: str, lexicon: Lexicon) -> str:
    import jieba

    digest = hashlib.sha256()
    for part in (SEGMENTER_VERSION, jieba.__version__, lexicon.fingerprint, text):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


class PendingTokens:
    """Segmentation under way in worker processes; ``result()`` waits and writes the cache."""

    def __init__(self, corpus: Corpus, lexicon: Lexicon, cache_dir: Path | None, jobs: int | None,
                 progress: bool | None) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.doc_ids = tuple(corpus.doc_ids)
        self.keys = [_cache_key(d.body, lexicon) for d in corpus]
        self.done: dict[int, list[list[str]]] = {}
        texts: dict[str, str] = {}  # one job per distinct text
        for index, (key, document) in enumerate(zip(self.keys, corpus, strict=True)):
            path = self._path(key)
            if path.is_file():
                self.done[index] = json.loads(path.read_text(encoding="utf-8"))
            else:
                texts.setdefault(key, document.body)
        self.todo = list(texts)
        size = sum(len(t) for t in texts.values())
        jobs = jobs or ((os.cpu_count() or 1) if size > PARALLEL_MIN_CHARS else 1)
        self.show = progress if progress is not None else len(self.todo) > 20
        self.pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 and self.todo else None
        batches = _batches([texts[k] for k in self.todo], jobs)
        self.futures = ([self.pool.submit(_segment_many, (batch, lexicon.terms)) for batch in batches]
                        if self.pool else None)
        self.batches, self.terms = batches, lexicon.terms

    def _path(self, key: str) -> Path:
        return self.cache_dir / "tokens" / key[:2] / f"{key}.json"

    def result(self) -> Tokens:
        from tqdm import tqdm

        bar = tqdm(total=len(self.todo), desc="segmenting", unit="doc", disable=not self.show, leave=False)
        segmented: list[list[list[str]]] = []
        for number, batch in enumerate(self.batches):
            segmented.extend(self.futures[number].result() if self.futures else _segment_many((batch, self.terms)))
            bar.update(len(batch))
        bar.close()
        if self.pool:
            self.pool.shutdown()
        by_key = dict(zip(self.todo, segmented, strict=True))
        for key, paragraphs in by_key.items():
            _write_cache(self._path(key), paragraphs)
        for index, key in enumerate(self.keys):
            if index not in self.done:
                self.done[index] = by_key[key]
        return Tokens(self.doc_ids, tuple(self.done[i] for i in range(len(self.keys))))


def _batches(texts: list[str], jobs: int) -> list[list[str]]:
    """Batches of similar total length, several per worker so that the load evens out."""
    if not texts:
        return []
    target = max(1, sum(len(t) for t in texts) // (jobs * 8))
    batches, current, size = [], [], 0
    for text in texts:
        current.append(text)
        size += len(text)
        if size >= target:
            batches.append(current)
            current, size = [], 0
    if current:
        batches.append(current)
    return batches


def tokenize_in_background(corpus: Corpus, lexicon: Lexicon, cache_dir: Path | None = None,
                           jobs: int | None = None, progress: bool | None = None) -> PendingTokens:
    """Start segmenting the uncached texts in worker processes and return at once."""
    return PendingTokens(corpus, lexicon, cache_dir, jobs, progress)


def tokenize(corpus: Corpus, lexicon: Lexicon, cache_dir: Path | None = None, jobs: int | None = None,
             progress: bool | None = None) -> Tokens:
    """Segment every distinct text once; reuse cached results; use all cores for large batches.

    ``jobs`` defaults to the number of cores when more than ``PARALLEL_MIN_CHARS``
    characters need segmenting, else 1. ``progress`` shows a tqdm bar (default:
    when more than 20 documents need segmenting).
    """
    return tokenize_in_background(corpus, lexicon, cache_dir, jobs, progress).result()


def _write_cache(path: Path, paragraphs: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(paragraphs, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(temporary, path)


def segmentation_check(corpus: Corpus, tokens: Tokens, lexicon: Lexicon) -> pd.DataFrame:
    """Lexicon terms whose token count differs from their exact-string count.

    The difference has two parts. ``inside_longer_term`` counts occurrences
    within a longer lexicon term (中国特色社会主义 inside 习近平新时代中国特色社会主义思想),
    which is expected. ``split`` counts the rest: occurrences the segmenter cut
    or swallowed. A non-zero ``split`` is a defect.
    """
    text = "\n".join(d.body for d in corpus)
    matched = Counter(term_matcher(lexicon.terms).findall(text))
    occurrences = Counter(term_matcher(lexicon.terms).findall_overlapping(text))
    token_counts: Counter[str] = Counter()
    for doc_id in tokens.doc_ids:
        token_counts.update(tokens.flat(doc_id))
    records = []
    for term in lexicon.terms:
        in_text, as_token = occurrences.get(term, 0), token_counts.get(term, 0)
        if in_text != as_token:
            records.append({"term": term, "string_count": in_text, "token_count": as_token,
                            "inside_longer_term": in_text - matched.get(term, 0),
                            "split": matched.get(term, 0) - as_token, "registrable": registrable(term)})
    columns = ["term", "string_count", "token_count", "inside_longer_term", "split", "registrable"]
    return pd.DataFrame.from_records(records, columns=columns)
