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
import marshal
import os
import re
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain
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
# jieba's own block pattern (jieba.re_han_default), with the group that keeps the separators
JIEBA_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")


@lru_cache(maxsize=1 << 20)  # a token recurs in many documents; test it once
def is_word(token: str, stopwords: frozenset[str] = frozenset()) -> bool:
    """Two or more characters, at least one Han, and not a stopword (see :meth:`TokenCounts.word_counts`)."""
    return len(token) >= 2 and token not in stopwords and WORD.search(token) is not None


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
    _initialize(tokenizer)
    for term in terms:
        if registrable(term):
            tokenizer.add_word(term, freq=max(tokenizer.suggest_freq(term, tune=False), 10_000))
    _TOKENIZERS.clear()
    _BLOCKS.clear()
    _TOKENIZERS[terms] = tokenizer
    return tokenizer


def _initialize(tokenizer) -> None:
    """``tokenizer.initialize()``, reading jieba's dictionary cache in one piece.

    jieba unmarshals its cache straight from the open file, which reads it a few
    bytes at a time (0.7 s); unmarshalling the same bytes from memory takes 0.2 s,
    and every segmentation worker pays it.
    """
    import jieba

    cache = Path(tokenizer.tmp_dir or tempfile.gettempdir()) / "jieba.cache"  # jieba's name for the default dictionary
    if tokenizer.dictionary == jieba.DEFAULT_DICT and tokenizer.cache_file is None and cache.is_file():
        try:
            tokenizer.FREQ, tokenizer.total = marshal.loads(cache.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass
        else:
            tokenizer.initialized = True
            return
    tokenizer.initialize()


_BLOCKS: dict[str, list[str]] = {}  # jieba's tokens of each block seen, for the current tokenizer
MAX_BLOCKS = 1_000_000


def _cut(text: str, tokenizer) -> list[str]:
    """``tokenizer.lcut(text)``, one block at a time, each distinct block segmented once.

    jieba splits a text into blocks (runs of Han characters, letters and digits)
    and segments each on its own, so cutting block by block gives the same
    tokens. A fifth of the characters of a corpus like djyj lie in blocks that
    recur (stock clauses), and those are not segmented again.
    """
    tokens: list[str] = []
    for block in JIEBA_BLOCK.split(text):
        if block:
            cut = _BLOCKS.get(block)
            if cut is None:
                if len(_BLOCKS) >= MAX_BLOCKS:
                    _BLOCKS.clear()
                cut = _BLOCKS[block] = tokenizer.lcut(block)
            tokens.extend(cut)
    return tokens


def kept_spans(paragraph: str, terms: tuple[str, ...], compounds: str = "") -> list[tuple[int, int, str]]:
    """``(start, end, text)`` of the lexicon terms and compounds of a paragraph: leftmost-longest, no overlaps."""
    spans = list(term_matcher(terms).finditer(paragraph))
    found = [(m.start(), m.end(), m.group()) for m in re.finditer(compounds, paragraph)] if compounds else []
    if not found:
        return spans
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans + found, key=lambda span: (span[0], span[0] - span[1])):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def segment_paragraph(paragraph: str, terms: tuple[str, ...], compounds: str = "") -> list[str]:
    """Tokens of one paragraph: lexicon terms and compounds whole, jieba between them."""
    tokenizer = make_tokenizer(terms)
    tokens: list[str] = []
    position = 0
    for start, end, term in kept_spans(paragraph, terms, compounds):
        if start > position:
            tokens.extend(_cut(paragraph[position:start], tokenizer))
        tokens.append(term)
        position = end
    if position < len(paragraph):
        tokens.extend(_cut(paragraph[position:], tokenizer))
    return tokens


def segment_text(text: str, terms: tuple[str, ...], compounds: str = "") -> list[list[str]]:
    """Tokens of each paragraph (line) of a text; joining a paragraph's tokens gives it back."""
    return [segment_paragraph(paragraph, terms, compounds) for paragraph in text.split("\n")]


Segmented = tuple[Counter[str], list[Counter[str]]]  # one text: every token, and the lexicon terms per paragraph


def count_segmented(paragraphs: list[list[str]], terms: frozenset[str]) -> Segmented:
    """Counts of every token of a text, and of the lexicon terms of each of its paragraphs."""
    return (Counter(chain.from_iterable(paragraphs)),
            [Counter(token for token in paragraph if token in terms) for paragraph in paragraphs])


def _segment_and_store(job: tuple[list[tuple[str, str]], tuple[str, ...], str, Path]) -> list[Segmented]:
    """Segment a batch of ``(cache key, text)``, cache the tokens, and return only their counts.

    Run in worker processes: the tokens go to disk there, and the much smaller
    counts are all that travels back to the main process.
    """
    items, terms, compounds, cache_dir = job
    term_set = frozenset(terms)
    counted = []
    for key, text in items:
        paragraphs = segment_text(text, terms, compounds)
        _write_cache(_cache_path(cache_dir, key), paragraphs)
        counted.append(count_segmented(paragraphs, term_set))
    return counted


class _PerDocument:
    """Values kept per document in corpus order, looked up by ``doc_id``."""

    doc_ids: tuple[str, ...]

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {doc_id: index for index, doc_id in enumerate(self.doc_ids)}


@dataclass(frozen=True)
class Tokens(_PerDocument):
    """Tokens per document, paragraph by paragraph, in corpus order."""

    doc_ids: tuple[str, ...]
    paragraphs: tuple[list[list[str]], ...]

    def __getitem__(self, doc_id: str) -> list[list[str]]:
        return self.paragraphs[self._positions[doc_id]]

    def flat(self, doc_id: str) -> list[str]:
        """All tokens of one document, paragraphs concatenated."""
        return [token for paragraph in self[doc_id] for token in paragraph]

    def count(self, lexicon: Lexicon) -> TokenCounts:
        """The token counts of every document (see :class:`TokenCounts`)."""
        terms = frozenset(lexicon.terms)
        return TokenCounts.of(self.doc_ids, [count_segmented(paragraphs, terms) for paragraphs in self.paragraphs])


@dataclass(frozen=True)
class TokenCounts(_PerDocument):
    """How often each token occurs per document, and each lexicon term per paragraph.

    Everything the tables need from segmentation (themes, features, the
    segmentation check), at a fraction of the size of the tokens themselves.
    """

    doc_ids: tuple[str, ...]
    documents: tuple[Counter[str], ...]
    paragraph_terms: tuple[list[Counter[str]], ...]

    @classmethod
    def of(cls, doc_ids: tuple[str, ...], counted: list[Segmented]) -> TokenCounts:
        """From :func:`count_segmented` of each document, in the order of ``doc_ids``."""
        return cls(doc_ids, tuple(c[0] for c in counted), tuple(c[1] for c in counted))

    def __getitem__(self, doc_id: str) -> Counter[str]:
        """Every token of one document with its count."""
        return self.documents[self._positions[doc_id]]

    def paragraphs(self, doc_id: str) -> list[Counter[str]]:
        """The lexicon terms of each paragraph of one document, with their counts."""
        return self.paragraph_terms[self._positions[doc_id]]

    def word_counts(self, doc_id: str, stopwords: frozenset[str] = frozenset()) -> dict[str, int]:
        """Counts of the words of one document: the unit of features.

        A word has two or more characters, one of them Han, and is not a
        stopword; single characters (党, 学) and stray Latin letters from damaged
        pages carry no distinction.
        """
        return {token: n for token, n in self[doc_id].items() if is_word(token, stopwords)}


def _cache_key(text: str, lexicon: Lexicon) -> str:
    import jieba

    digest = hashlib.sha256()
    for part in (SEGMENTER_VERSION, jieba.__version__, lexicon.fingerprint, text):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


class PendingTokens:
    """Segmentation under way in worker processes, which cache the tokens on disk.

    ``counts()`` waits for the workers and returns the token counts; ``result()``
    returns the tokens themselves, read back from the cache.
    """

    def __init__(self, corpus: Corpus, lexicon: Lexicon, cache_dir: Path | None, jobs: int | None,
                 progress: bool | None) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.doc_ids = tuple(corpus.doc_ids)
        self.terms = lexicon.terms
        self.paths = [_cache_path(self.cache_dir, _cache_key(d.body, lexicon)) for d in corpus]
        texts: dict[str, str] = {}  # one job per distinct uncached text
        for path, document in zip(self.paths, corpus, strict=True):
            if not path.is_file():
                texts.setdefault(path.stem, document.body)
        self.todo = list(texts)
        size = sum(len(t) for t in texts.values())
        jobs = jobs or ((os.cpu_count() or 1) if size > PARALLEL_MIN_CHARS else 1)
        self.show = progress if progress is not None else len(self.todo) > 20
        self.pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 and self.todo else None
        self.jobs = [(batch, lexicon.terms, lexicon.compound_pattern, self.cache_dir)
                     for batch in _batches(list(texts.items()), jobs)]
        self.futures = [self.pool.submit(_segment_and_store, job) for job in self.jobs] if self.pool else None

    def wait(self) -> None:
        """Block until every worker is done (their results are kept)."""
        self._segmented  # noqa: B018

    @cached_property
    def _segmented(self) -> dict[str, Segmented]:
        from tqdm import tqdm

        bar = tqdm(total=len(self.todo), desc="segmenting", unit="doc", disable=not self.show, leave=False)
        counted: list[Segmented] = []
        for number, job in enumerate(self.jobs):
            counted.extend(self.futures[number].result() if self.futures else _segment_and_store(job))
            bar.update(len(job[0]))
        bar.close()
        if self.pool:
            self.pool.shutdown()
        return dict(zip(self.todo, counted, strict=True))

    def counts(self) -> TokenCounts:
        """Wait for the workers; count the tokens of the texts that were cached already."""
        segmented = self._segmented
        terms = frozenset(self.terms)
        return TokenCounts.of(self.doc_ids, [segmented.get(path.stem) or count_segmented(_read_cache(path), terms)
                                             for path in self.paths])

    def result(self) -> Tokens:
        """Wait for the workers and read every text's tokens from the cache."""
        self.wait()  # the workers must have written the cache
        return Tokens(self.doc_ids, tuple(_read_cache(path) for path in self.paths))


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


def _cache_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / "tokens" / key[:2] / f"{key}.json"


def _read_cache(path: Path) -> list[list[str]]:
    return json.loads(path.read_text(encoding="utf-8"))


def _write_cache(path: Path, paragraphs: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(paragraphs, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(temporary, path)


def term_occurrences(corpus: Corpus, lexicon: Lexicon) -> pd.DataFrame:
    """Per lexicon term: its occurrences in the bodies (``string_count``, nested ones included) and
    how many of them a leftmost-longest reading keeps whole (``matched``). Needs no tokens."""
    text = "\n".join(d.body for d in corpus)
    matched = Counter(term_matcher(lexicon.terms).findall(text))
    occurrences = Counter(term_matcher(lexicon.terms).findall_overlapping(text))
    return pd.DataFrame({"term": lexicon.terms, "string_count": [occurrences.get(t, 0) for t in lexicon.terms],
                         "matched": [matched.get(t, 0) for t in lexicon.terms]})


def segmentation_check(corpus: Corpus, counts: TokenCounts, lexicon: Lexicon,
                       occurrences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Lexicon terms whose token count differs from their exact-string count.

    The difference has two parts. ``inside_longer_term`` counts occurrences
    within a longer lexicon term (中国特色社会主义 inside 习近平新时代中国特色社会主义思想),
    which is expected. ``split`` counts the rest: occurrences the segmenter cut
    or swallowed. A non-zero ``split`` is a defect. ``occurrences`` is
    :func:`term_occurrences` of the same corpus, when already computed.
    """
    occurrences = occurrences if occurrences is not None else term_occurrences(corpus, lexicon)
    records = []
    for term, in_text, matched in occurrences[["term", "string_count", "matched"]].itertuples(index=False, name=None):
        as_token = sum(document.get(term, 0) for document in counts.documents)
        if in_text != as_token:
            records.append({"term": term, "string_count": in_text, "token_count": as_token,
                            "inside_longer_term": in_text - matched, "split": matched - as_token,
                            "registrable": registrable(term)})
    columns = ["term", "string_count", "token_count", "inside_longer_term", "split", "registrable"]
    return pd.DataFrame.from_records(records, columns=columns)
