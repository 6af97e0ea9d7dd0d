"""The journal's articles as a corpus: each Markdown file read and cleaned by the library, its catalog row generated.

A row holds what the article says about itself (title, year and issue, section
板块, author, URL) and what :mod:`analysis.text.attribution` infers from its
closing author line (post, province, city, the author's level). ``region`` is
the province's English name and ``level`` the document's scope (``province``,
``city``, ``national`` for a central organ, ``unknown`` otherwise), as in the
seeds' catalog, so every measure of the library applies unchanged.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from itertools import chain
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd
from tqdm import tqdm

from ..corpus import Corpus, Document, documents_table
from ..engine.engines import Engine, LocalEngine
from ..engine.processes import return_freed_memory
from ..errors import CorpusError
from ..lexicon import Lexicon
from ..measures.collocates import Cooccurrence, cooccurrence, neighbours
from ..measures.features import FeatureMatrix, document_features, stack_features
from ..measures.references import REFERENCE_COLUMNS, ReferenceRules, load_reference_rules, text_references, year_of
from ..measures.slogans import PlainCounts, SloganMatcher, plain_counts
from ..measures.themes import keyword_matrix, theme_matrix
from ..paths import cache_dir as default_cache_dir
from ..paths import journal_dir
from ..text.attribution import SCOPE, attribute, gazetteer
from ..text.chars import han_count
from ..text.cleaning import PreparedText, clean_raw, prepare_text
from ..text.links import checked_url
from ..text.markdown import REPEATED, header_url
from ..text.reading import read_document
from ..text.regions import load_regions
from ..tokens.cache import Paragraphs, TokenCache
from ..tokens.counts import TokenCounts
from ..tokens.spans import term_matcher
from .cleaning_check import kept_han_chars
from .genres import Genres
from .leads import lead_detection
from .provinces import theme_tautologies
from .texts import ArticleTexts, Pack, write_texts

T = TypeVar("T")
CHUNK = 64


def journal_files(folder: Path | None = None) -> list[Path]:
    """The article files of the journal corpus (default: :func:`analysis.paths.journal_dir`), sorted by name.

    Nothing outside the corpus folder is opened: a file that links out of it is refused, as on the seed side.
    """
    articles = Path(folder or journal_dir()) / "articles"
    if not articles.is_dir():
        raise CorpusError(articles, "journal corpus not found", "restore corpora/djyj from git")
    paths = sorted(articles.glob("*.md"))
    if not paths:
        raise CorpusError(articles, "holds no article (*.md)", "put the journal's Markdown articles in this folder")
    inside = articles.resolve()
    for path in paths:
        if path.resolve().parent != inside:
            raise CorpusError(path, "links to a file outside the corpus folder",
                              "copy the article into the folder instead of linking to it")
    return paths


@cache
def _region_names() -> dict[str, str]:
    return {region.short_zh: region.name for region in load_regions()}


FIRST_YEAR = 1949  # no party journal of this kind is older: an earlier year is a typing error


def _field_number(path: Path, meta: dict[str, str], key: str, fallback: str, pattern: str, lowest: int,
                  highest: int) -> int:
    """A number of the header (年度, 期数), or of the file name where the header lacks the field, in a plausible
    range; anything else is one error naming the file and the field."""
    value = meta.get(key, "") or fallback
    match = re.fullmatch(pattern, value.strip())
    if match is None or not lowest <= int(match.group(1)) <= highest:
        what, example = ("a year", "2024年") if key == "年度" else ("an issue number", "第6期")
        raise CorpusError(path, f"{key} {value!r} is not {what} from {lowest} to {highest}",
                          f"write it as the journal does ({example})")
    return int(match.group(1))


def journal_row(path: Path, meta: dict[str, str], text: str, title: str,
                warnings: list[str] | None = None) -> dict[str, str]:
    """The catalog row of one article, from its header block and its author line. A year or issue that cannot be
    read is an error; an address that is not a plain web address is left out, with a warning in ``warnings``."""
    author = meta.get("作者") or meta.get("author_line", "")
    found = attribute(text, author, title)
    year = _field_number(path, meta, "年度", path.stem[:4], r"(\d{4})\s*年?", FIRST_YEAR, date.today().year + 1)
    issue_number = _field_number(path, meta, "期数", path.stem[5:7], r"(?:第\s*)?(\d{1,2})\s*期?", 1, 53)
    url = checked_url(meta.get("链接", ""))
    if meta.get("链接") and not url and warnings is not None:
        warnings.append(f"{path}: 链接 {meta['链接'][:80]!r} is not a plain http(s) address — the article is shown "
                        "without a link")
    for key in meta.get(REPEATED, "").split():
        if warnings is not None:
            warnings.append(f"{path}: the header gives {key} more than once — the last value is kept")
    return {
        "doc_id": path.stem, "file": path.name, "region": _region_names().get(found.province, "Unknown"),
        "level": SCOPE.get(found.level, "unknown"), "genre": "", "region_zh": found.province,
        "author": author, "author_role": found.post, "outlet": "党建研究", "published": f"{year}-{issue_number:02d}",
        "issue": f"{year}年第{issue_number}期", "year": str(year), "issue_number": str(issue_number),
        "section": meta.get("板块", ""), "province": found.province, "city": found.city, "author_level": found.level,
        "post_source": found.source, "title": title, "url": url,
    }


def load_article(path: Path) -> Document:
    """Read, clean and catalogue one article."""
    return read_article(path)[0]


def read_article(path: Path) -> tuple[Document, PreparedText, list[str]]:
    """Read, clean and catalogue one article; also return its prepared text (for the cleaning check) and the
    warnings its header gives."""
    raw = read_document(path)
    prepared = prepare_text(raw.text, raw.markdown_leads)
    page = clean_raw(raw, prepared)
    if (han_chars := han_count(page.body)) == 0:
        raise CorpusError(path, "no article text found", "check that the file holds the article")
    warnings: list[str] = []
    row = journal_row(path, raw.markdown_meta, raw.text, page.found.get("title", ""), warnings)
    document = Document(row["doc_id"], path, row, raw, page)
    document.__dict__["han_chars"] = han_chars  # counted here, in a worker: the main process need not count again
    return document, prepared, warnings


def _load_chunk(paths: list[Path]) -> list[Document]:
    return [load_article(path) for path in paths]


@dataclass(frozen=True)
class Byproducts:
    """What the reading pass measures while it holds each page and its tokens, so that nothing reads them again:
    per article (in corpus order) the Han characters the page cleaner keeps (:mod:`.cleaning_check`), the uses
    of each theme's keywords, of each keyword that names a region (``flagged``: they are left out where regions are
    compared) and of each slogan (articles × items), and the detector's leads; over the counted
    articles the words near each slogan (:func:`~analysis.measures.collocates.neighbours`), the paragraphs
    slogans share and each slogan form's uses as a token, and the plain counts the slogans' totals are checked
    against; and what every article cites. The articles' own token counts stay where they were counted: the
    feature matrix holds them."""

    kept_han_chars: tuple[int, ...]
    slogan_neighbours: dict[str, Counter[str]]
    theme_hits: np.ndarray
    flagged: tuple[str, ...]
    flagged_hits: np.ndarray
    slogan_hits: np.ndarray
    slogan_cooccurrence: Cooccurrence
    slogan_form_uses: Counter[str]
    plain_counts: PlainCounts
    references: pd.DataFrame
    leads: pd.DataFrame


@dataclass(frozen=True)
class JournalReading:
    """The journal as the reading pass leaves it: its lexicon, one row per item (the documents table, in corpus
    order), the feature matrix of the items of the counted genres (those every rate and keyness is over: the
    others' words would only be held), and the texts of all, read back from the token cache on demand."""

    lexicon: Lexicon
    documents: pd.DataFrame
    features: FeatureMatrix
    texts: ArticleTexts

    @property
    def doc_ids(self) -> list[str]:
        return self.documents["doc_id"].tolist()


@dataclass(frozen=True)
class _Batch:
    """A batch of articles read by a worker: its rows and per-article counts, its token pack, and what is summed
    over the journal already summed over the batch. No article text travels back."""

    documents: pd.DataFrame
    pack: Pack
    kept_han_chars: list[int]
    theme_hits: np.ndarray
    flagged_hits: np.ndarray
    slogan_hits: np.ndarray
    leads: pd.DataFrame
    warnings: list[str]
    features: FeatureMatrix
    neighbours: dict[str, dict[str, int]]
    cooccurrence: Cooccurrence
    form_uses: dict[str, int]
    plain_counts: PlainCounts
    references: pd.DataFrame  # a frame, not row dicts: columns pickle and stack as arrays, not as many small objects


@dataclass
class _Sums:
    """What the reading pass sums over the journal, each batch folded in as it arrives (in the engine's order, the
    same on every run) and then dropped from its batch."""

    near: dict[str, Counter[str]] = field(default_factory=dict)
    form_uses: Counter[str] = field(default_factory=Counter)
    cooccurrence: Cooccurrence = field(default_factory=Cooccurrence)
    plain_counts: PlainCounts = field(default_factory=PlainCounts)

    def fold(self, batch: _Batch) -> _Batch:
        """Add a batch's sums; the batch without them, its counts held as 32-bit integers (a word's uses in one
        article)."""
        for term, words in batch.neighbours.items():
            self.near.setdefault(term, Counter()).update(words)
        self.form_uses.update(batch.form_uses)
        self.cooccurrence += batch.cooccurrence
        self.plain_counts += batch.plain_counts
        counts = batch.features.counts
        counts.data = counts.data.astype(np.int32)
        return replace(batch, neighbours={}, form_uses={}, cooccurrence=Cooccurrence(), plain_counts=PlainCounts())


def assign_genre(document: Document, genres: Genres) -> bool:
    """Give an article its genre and its section (a section that names a page is left empty) in its catalog row;
    True when the genre is counted."""
    catalog = document.catalog
    catalog["section"] = genres.section_of(catalog["section"])
    catalog["genre"] = genres.genre_of({**catalog, "post": catalog["author_role"]}, document.han_chars)
    return catalog["genre"] in genres.counted


def _load_and_count(job: tuple[list[Path], Lexicon, Genres, ReferenceRules, Path, tuple[str, ...]]) -> _Batch:
    """Read, clean and catalogue each article, segment it (or read its tokens from the cache) and take its
    byproducts: one pass per worker, and only the rows and counts travel back. The sums over the journal (words
    near slogans, paragraphs slogans share) take the counted genres only."""
    paths, lexicon, genres, rules, root, flagged = job
    forms, slogans = slogan_forms(lexicon), frozenset(slogan.term for slogan in lexicon.slogans)
    terms = [slogan.term for slogan in lexicon.slogans]
    matcher = SloganMatcher(lexicon.slogans)
    documents, prepared, warnings = zip(*(read_article(path) for path in paths), strict=True)
    batch, pack = batch_tokens(documents, lexicon, TokenCache(root))
    near, counted, counted_bodies, token_counts, form_uses, cited = {}, [], [], {}, Counter(), []
    slogan_rows = []
    all_forms = sorted(frozenset().union(*forms.values()))
    for document, paragraphs in zip(documents, batch, strict=True):
        tokens = Counter(chain.from_iterable(paragraphs))
        if assign_genre(document, genres):
            token_counts[document.doc_id] = tokens
            counted.append(paragraphs)
            counted_bodies.append(document.body)
            for term, words in neighbours(paragraphs, forms, lexicon.stopwords).items():
                near.setdefault(term, Counter()).update(words)
            form_uses.update({form: tokens[form] for form in all_forms if tokens[form]})
        cited += [{"doc_id": document.doc_id, **row}
                  for row in text_references(document.body, year_of(document.catalog["year"]), rules)]
        uses = matcher.uses(document.body)
        slogan_rows.append([uses.get(term, 0) for term in terms])
    doc_ids = tuple(document.doc_id for document in documents)
    counts = TokenCounts(tuple(token_counts), tuple(token_counts.values()))
    write_texts(pack := Pack(pack, doc_ids), [document.body for document in documents])
    return _Batch(documents_table(Corpus(root, documents)), pack, [kept_han_chars(t) for t in prepared],
                  *_theme_rows(documents, lexicon, flagged),
                  np.array(slogan_rows, dtype=np.int32).reshape(len(doc_ids), len(terms)),
                  lead_detection(documents), [said for said_here in warnings for said in said_here],
                  document_features(counts, lexicon), {term: dict(words) for term, words in near.items()},
                  cooccurrence(chain.from_iterable(counted), slogans), dict(form_uses),
                  plain_counts(counted_bodies, lexicon.slogans),
                  pd.DataFrame.from_records(cited, columns=REFERENCE_COLUMNS))


def _theme_rows(documents: Sequence[Document], lexicon: Lexicon, flagged: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Per article, the uses of each theme's keywords and of each ``flagged`` keyword (both 32-bit): a batch's few
    columns travel back, not its keyword matrix."""
    keywords = keyword_matrix((document.body for document in documents), lexicon)
    column = {keyword: index for index, keyword in enumerate(lexicon.keyword_theme)}
    flagged_columns = keywords[:, [column[keyword] for keyword in flagged]].toarray().astype(np.int32)
    return theme_matrix(keywords, lexicon), flagged_columns.reshape(len(documents), len(flagged))


def batch_tokens(documents: Sequence[Document], lexicon: Lexicon, cache: TokenCache) -> tuple[list[Paragraphs], Path]:
    """The tokens of a batch of articles, and the pack of the token cache that holds them: read from the pack, or
    segmented and packed."""
    texts = [document.body for document in documents]
    keys = [TokenCache.key(text, lexicon) for text in texts]
    batch = cache.read_pack(keys, texts)
    if batch is None:
        from ..tokens.segment import segment_text  # here: a chapter reading the stored journal never loads rjieba

        batch = [segment_text(text, lexicon.terms, lexicon.compound_pattern) for text in texts]
        cache.write_pack(keys, batch)
    return batch, cache.pack_path(keys)


def distinct_articles(paths: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """The articles once each: a file whose header gives the address of an earlier one (by file name) is the same
    article scraped twice, left out with a warning naming both."""
    first: dict[str, Path] = {}
    kept, warnings = [], []
    for path in paths:
        with path.open("rb") as handle:
            url = checked_url(header_url(handle.read(4096).decode("utf-8", errors="replace")))
        if url and url in first:
            warnings.append(f"{path}: the same article as {first[url].name} (both at {url}) — counted once, as "
                            f"{first[url].name}")
            continue
        if url:
            first[url] = path
        kept.append(path)
    return kept, warnings


def _stacked(frames: list[pd.DataFrame], columns: Sequence[str]) -> pd.DataFrame:
    """The batches' frames one under the other (the empty ones left out: they carry no column types)."""
    frames = [frame for frame in frames if len(frame)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(columns))


def slogan_forms(lexicon: Lexicon) -> dict[str, frozenset[str]]:
    """Each lexicon slogan and its forms (what its collocates are counted around)."""
    return {slogan.term: frozenset(slogan.forms) for slogan in lexicon.slogans}


def load_and_count_journal(lexicon: Lexicon, genres: Genres, cache_dir: Path | None = None, folder: Path | None = None,
                           engine: Engine | None = None) -> tuple[JournalReading, Byproducts]:
    """The journal read, segmented and counted in one pass by ``engine`` (default: this machine's cores; tokens
    cached): its rows, feature matrix and texts, and the pass's byproducts. The features are counted per batch
    where the batch runs and stacked here; the articles' texts and token counts never leave the batch
    (:class:`~.texts.ArticleTexts` reads them back from the cache)."""
    folder = Path(folder or journal_dir())
    paths, warnings = distinct_articles(journal_files(folder))
    root = Path(cache_dir or default_cache_dir())
    engine = engine or LocalEngine()
    rules = load_reference_rules()
    flagged = tuple(theme_tautologies(lexicon, load_regions())["keyword"])
    chunks = [(paths[i:i + CHUNK], lexicon, genres, rules, root, flagged) for i in range(0, len(paths), CHUNK)]
    from ..tokens.segment import make_segmenter

    gazetteer(), make_segmenter(lexicon.terms), term_matcher(lexicon.matched_terms)  # built once here, inherited by forked workers
    # the largest batches first, so that the last ones, run while the other workers finish, are the shortest
    order = sorted(range(len(chunks)), key=lambda i: (-sum(path.stat().st_size for path in chunks[i][0]), i))
    sums = _Sums()
    kept: dict[int, _Batch] = {}
    results = zip(order, engine.map(_load_and_count, [chunks[i] for i in order]), strict=True)
    for number, batch in _progress(results, len(chunks)):
        kept[number] = sums.fold(batch)
    batches = [kept.pop(i) for i in range(len(chunks))]
    for warning in warnings + [said for batch in batches for said in batch.warnings]:
        print(f"warning: {warning}", file=sys.stderr)
    themes, terms = len(lexicon.themes), len(lexicon.slogans)
    byproducts = Byproducts(
        tuple(chars for batch in batches for chars in batch.kept_han_chars), sums.near,
        np.concatenate([batch.theme_hits for batch in batches]) if batches else np.zeros((0, themes), np.int32),
        flagged,
        np.concatenate([batch.flagged_hits for batch in batches]) if batches else np.zeros((0, len(flagged)), np.int32),
        np.concatenate([batch.slogan_hits for batch in batches]) if batches else np.zeros((0, terms), np.int32),
        sums.cooccurrence, sums.form_uses, sums.plain_counts,
        _stacked([batch.references for batch in batches], REFERENCE_COLUMNS),
        pd.concat([batch.leads for batch in batches], ignore_index=True) if batches else lead_detection([]))
    documents = (pd.concat([batch.documents for batch in batches], ignore_index=True) if batches
                 else documents_table(Corpus(folder, ())))
    texts = ArticleTexts(tuple(batch.pack for batch in batches))
    features = [batch.features for batch in batches]
    del batches, kept  # the features are now the list's alone: stacking empties it as it copies
    reading = JournalReading(lexicon, documents, stack_features(features, np.int32), texts)
    return_freed_memory()
    return reading, byproducts


def load_journal(folder: Path | None = None, jobs: int | None = None) -> Corpus:
    """Every article of the journal corpus, in file order, read on all cores."""
    folder = Path(folder or journal_dir())
    paths = journal_files(folder)
    chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
    read = _progress(LocalEngine(jobs).map(_load_chunk, chunks), len(chunks))
    return Corpus(Path(folder), tuple(d for chunk in read for d in chunk))


def _progress(batches: Iterable[T], total: int) -> Iterator[T]:
    """``batches`` as they come, under a bar on a terminal only (a log gets none), for more than a few batches."""
    return tqdm(batches, total=total, desc="reading the journal", unit="batch", leave=False,
                disable=None if total > 4 else True)
