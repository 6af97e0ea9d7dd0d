"""The journal's articles as a corpus: each Markdown file read and cleaned by the library, its catalog row generated.

A row holds what the article says about itself (title, year and issue, section
板块, author, URL) and what :mod:`analysis.text.attribution` infers from its
closing author line (post, province, city, the author's level). ``region`` is
the province's English name and ``level`` the document's scope (``province``,
``city``, ``national`` for a central organ, ``unknown`` otherwise), as in the
seeds' catalog, so every measure of the library applies unchanged.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from pathlib import Path

from ..background import worker_pool
from ..corpus import Corpus, Document
from ..errors import CorpusError
from ..lexicon import Lexicon
from ..measures.collocates import Cooccurrence, cooccurrence, neighbours
from ..measures.features import FeatureMatrix, document_features, stack_features
from ..measures.slogans import SloganMatcher
from ..measures.themes import theme_hits
from ..paths import cache_dir as default_cache_dir
from ..paths import journal_dir
from ..text.attribution import attribute, gazetteer
from ..text.chars import han_count
from ..text.cleaning import PreparedText, clean_raw, prepare_text
from ..text.reading import read_document
from ..text.regions import load_regions
from ..tokens.cache import Paragraphs, TokenCache
from ..tokens.counts import TokenCounts, Tokens
from ..tokens.segment import make_segmenter, segment_text
from .cleaning_check import kept_han_chars
from .genres import Genres

SCOPE = {"provincial": "province", "local": "city", "central": "national"}  # the author's level → the document's
NUMBER = re.compile(r"\d+")
CHUNK = 64


def journal_files(folder: Path | None = None) -> list[Path]:
    """The article files of the journal corpus (default: :func:`analysis.paths.journal_dir`), sorted by name."""
    articles = Path(folder or journal_dir()) / "articles"
    if not articles.is_dir():
        raise CorpusError(articles, "journal corpus not found", "restore corpora/djyj from git")
    return sorted(articles.glob("*.md"))


@cache
def _region_names() -> dict[str, str]:
    return {region.short_zh: region.name for region in load_regions()}


def journal_row(path: Path, meta: dict[str, str], text: str, title: str) -> dict[str, str]:
    """The catalog row of one article, from its header block and its author line."""
    author = meta.get("作者") or meta.get("author_line", "")
    found = attribute(text, author, title)
    year = NUMBER.search(meta.get("年度", "") or path.stem[:4])
    issue = NUMBER.search(meta.get("期数", "") or path.stem[5:7])
    year_text, issue_number = (year.group() if year else ""), (int(issue.group()) if issue else 0)
    return {
        "doc_id": path.stem, "file": path.name, "region": _region_names().get(found.province, "Unknown"),
        "level": SCOPE.get(found.level, "unknown"), "genre": "", "region_zh": found.province,
        "author": author, "author_role": found.post, "outlet": "党建研究", "published": f"{year_text}-{issue_number:02d}",
        "issue": f"{year_text}年第{issue_number}期", "year": year_text, "issue_number": str(issue_number),
        "section": meta.get("板块", ""), "province": found.province, "city": found.city, "author_level": found.level,
        "post_source": found.source, "title": title, "url": meta.get("链接", ""),
    }


def load_article(path: Path) -> Document:
    """Read, clean and catalogue one article."""
    return read_article(path)[0]


def read_article(path: Path) -> tuple[Document, PreparedText]:
    """Read, clean and catalogue one article; also return its prepared text (for the cleaning check)."""
    raw = read_document(path)
    prepared = prepare_text(raw.text, raw.markdown_leads)
    page = clean_raw(raw, prepared)
    if (han_chars := han_count(page.body)) == 0:
        raise CorpusError(path, "no article text found", "check that the file holds the article")
    row = journal_row(path, raw.markdown_meta, raw.text, page.found.get("title", ""))
    document = Document(row["doc_id"], path, row, raw, page)
    document.__dict__["han_chars"] = han_chars  # counted here, in a worker: the main process need not count again
    return document, prepared


def _load_chunk(paths: list[Path]) -> list[Document]:
    return [load_article(path) for path in paths]


@dataclass(frozen=True)
class Byproducts:
    """What the reading pass measures while it holds each page and its tokens, so that nothing reads them again:
    per article (in corpus order) the Han characters the page cleaner keeps (:mod:`.cleaning_check`) and the uses
    of each theme's keywords and of each slogan; over the journal the words near each slogan
    (:func:`~analysis.measures.collocates.neighbours`) and the paragraphs slogans share."""

    kept_han_chars: tuple[int, ...]
    slogan_neighbours: dict[str, Counter[str]]
    theme_hits: tuple[dict[str, int], ...]
    slogan_hits: tuple[dict[str, int], ...]
    slogan_cooccurrence: Cooccurrence


@dataclass(frozen=True)
class _Counted:
    """One article read by a worker, and what was counted in it (plain dicts: faster to send back than Counters)."""

    document: Document
    token_counts: dict[str, int]
    kept_han_chars: int
    theme_hits: dict[str, int]
    slogan_hits: dict[str, int]


@dataclass(frozen=True)
class _Batch:
    """A batch of articles read by a worker, with what is summed over the journal already summed over the batch."""

    articles: list[_Counted]
    features: FeatureMatrix
    neighbours: dict[str, dict[str, int]]
    cooccurrence: Cooccurrence


def assign_genre(document: Document, genres: Genres) -> bool:
    """Give an article its genre and its section (a section that names a page is left empty) in its catalog row;
    True when the genre is counted."""
    catalog = document.catalog
    catalog["section"] = genres.section_of(catalog["section"])
    catalog["genre"] = genres.genre_of({**catalog, "post": catalog["author_role"]}, document.han_chars)
    return catalog["genre"] in genres.counted


def _load_and_count(job: tuple[list[Path], Lexicon, Genres, Path]) -> _Batch:
    """Read, clean and catalogue each article, segment it (or read its tokens from the cache) and take its
    byproducts: one pass per worker, and only the documents and their counts travel back. The sums over the
    journal (words near slogans, paragraphs slogans share) take the counted genres only."""
    paths, lexicon, genres, root = job
    forms, slogans = slogan_forms(lexicon), frozenset(slogan.term for slogan in lexicon.slogans)
    matcher = SloganMatcher(lexicon.slogans)
    documents, prepared = zip(*(read_article(path) for path in paths), strict=True)
    batch = batch_tokens(documents, lexicon, TokenCache(root))
    articles, near, counted = [], {}, []
    for document, text, paragraphs in zip(documents, prepared, batch, strict=True):
        tokens = Counter(chain.from_iterable(paragraphs))
        if assign_genre(document, genres):
            counted.append(paragraphs)
            for term, words in neighbours(paragraphs, forms, lexicon.stopwords).items():
                near.setdefault(term, Counter()).update(words)
        articles.append(_Counted(document, dict(tokens), kept_han_chars(text), dict(theme_hits(tokens, lexicon)),
                                 dict(matcher.uses(document.body))))
    counts = TokenCounts(tuple(document.doc_id for document in documents),
                         tuple(article.token_counts for article in articles), None)
    return _Batch(articles, document_features(counts, lexicon), {term: dict(words) for term, words in near.items()},
                  cooccurrence(chain.from_iterable(counted), slogans))


def batch_tokens(documents: Sequence[Document], lexicon: Lexicon, cache: TokenCache) -> list[Paragraphs]:
    """The tokens of a batch of articles: from the batch's pack in the token cache, or segmented and packed."""
    texts = [document.body for document in documents]
    keys = [TokenCache.key(text, lexicon) for text in texts]
    batch = cache.read_pack(keys, texts)
    if batch is None:
        batch = [segment_text(text, lexicon.terms, lexicon.compound_pattern) for text in texts]
        cache.write_pack(keys, batch)
    return batch


def journal_tokens(corpus: Corpus, lexicon: Lexicon, cache_dir: Path | None = None) -> Tokens:
    """The tokens of every article of a journal corpus read by :func:`load_and_count_journal`, from the packs it
    stored (same batches, same order), segmenting any batch that is missing."""
    cache, documents = TokenCache(Path(cache_dir or default_cache_dir())), list(corpus)
    batches = [batch_tokens(documents[i:i + CHUNK], lexicon, cache) for i in range(0, len(documents), CHUNK)]
    return Tokens(tuple(corpus.doc_ids), tuple(paragraphs for batch in batches for paragraphs in batch))


def slogan_forms(lexicon: Lexicon) -> dict[str, frozenset[str]]:
    """Each lexicon slogan and its forms (what its collocates are counted around)."""
    return {slogan.term: frozenset(slogan.forms) for slogan in lexicon.slogans}


def load_and_count_journal(lexicon: Lexicon, genres: Genres, cache_dir: Path | None = None, folder: Path | None = None,
                           jobs: int | None = None) -> tuple[Corpus, TokenCounts, FeatureMatrix, Byproducts]:
    """The journal corpus, its token counts (per document; not per paragraph, which no journal table reads), its
    feature matrix and the reading pass's byproducts, read and segmented in one pass on all cores (tokens
    cached); the features are counted per batch in the workers and stacked here."""
    folder = Path(folder or journal_dir())
    paths = journal_files(folder)
    root = Path(cache_dir or default_cache_dir())
    jobs = jobs or os.cpu_count() or 1
    chunks = [(paths[i:i + CHUNK], lexicon, genres, root) for i in range(0, len(paths), CHUNK)]
    gazetteer(), make_segmenter(lexicon.terms)  # built once here, inherited by the forked workers
    if jobs == 1 or len(chunks) < 2:
        batches = [_load_and_count(chunk) for chunk in chunks]
    else:
        # the largest batches first, so that the last ones, run while the other workers finish, are the shortest
        order = sorted(range(len(chunks)), key=lambda i: (-sum(path.stat().st_size for path in chunks[i][0]), i))
        with worker_pool(jobs) as pool:
            done = dict(zip(order, pool.map(_load_and_count, [chunks[i] for i in order]), strict=True))
        batches = [done[i] for i in range(len(chunks))]
    articles = [article for batch in batches for article in batch.articles]
    corpus = Corpus(folder, tuple(article.document for article in articles))
    counts = TokenCounts(tuple(corpus.doc_ids), tuple(Counter(article.token_counts) for article in articles), None)
    near: dict[str, Counter[str]] = {}
    for batch in batches:
        for term, words in batch.neighbours.items():
            near.setdefault(term, Counter()).update(words)
    features = stack_features([batch.features for batch in batches])
    return corpus, counts, features, Byproducts(tuple(article.kept_han_chars for article in articles), near,
                                      tuple(article.theme_hits for article in articles),
                                      tuple(article.slogan_hits for article in articles),
                                      sum((batch.cooccurrence for batch in batches), Cooccurrence()))


def load_journal(folder: Path | None = None, jobs: int | None = None) -> Corpus:
    """Every article of the journal corpus, in file order, read on all cores."""
    folder = Path(folder or journal_dir())
    paths = journal_files(folder)
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(paths) < CHUNK:
        return Corpus(Path(folder), tuple(_load_chunk(paths)))
    chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
    with worker_pool(jobs) as pool:
        return Corpus(Path(folder), tuple(d for chunk in pool.map(_load_chunk, chunks) for d in chunk))
