"""Compute every table of a ``tables`` run and write them: the seeds', the journal's and the context's.

The journal's theme-free stages (:data:`THEME_FREE`) come from the result cache
when only the seeds or the theme keywords changed. The stored objects (the
analyses, pickled beside the tables) are what the book's chapters load instead
of computing again (see :mod:`analysis.book`).
"""

from __future__ import annotations

import json
import pickle
import zipfile
from functools import partial
from pathlib import Path

from threadpoolctl import threadpool_limits

from ..catalog import Catalog
from ..corpus import load_corpus
from ..csvfile import to_csv_bytes
from ..journal.pipeline import Context, Journal, analyse_journal
from ..journal.provinces import province_rates
from ..journal.store import FILES, FRAMES, journal_settings, journal_store, parquet_name
from ..lexicon import load_lexicon
from ..measures.similarity import similarity_table
from ..measures.topics import topic_model, topic_sample
from ..pipeline import TOKEN_FREE, Analysis
from ..present.bibliography import bibtex, source_url
from ..present.term_explorer import journal_term_index, journal_term_lines
from ..registry import (
    ARCHIVE,
    BIBLIOGRAPHY,
    CONTEXT_FOLDER,
    CONTEXT_STORE,
    CONTEXT_TABLES,
    DIGESTS_STORE,
    JOURNAL_FOLDER,
    JOURNAL_TABLES,
    SEED_TABLES,
    SEEDS_STORE,
    TERM_INDEX,
    TERM_LINES,
    TEXT_FOLDER,
)
from .engines import Engine
from .processes import Helper, Work, return_freed_memory
from .publish import write_atomically
from .reads import store_digests
from .results import ResultCache, journal_fingerprint

# the journal's stages that read no theme keyword (a test holds them to it), kept under the journal's fingerprint
# without themes.yaml: a new theme keyword computes again only what counts themes
THEME_FREE = ("_discovered", "group_keyness", "province_uptake", "index_terms", "term_issues", "term_provinces",
              "term_bursts")
EXPLORER_FILES = {TERM_INDEX: journal_term_index, TERM_LINES: journal_term_lines}  # made from those stages
THEMES_FILE = "themes.yaml"


def compute_and_write(catalog: Catalog, out: Path, results: ResultCache, key: str, journal_key: str, helper: Helper,
                      engine: Engine | None = None, cache_dir: Path | None = None, progress: bool | None = None) -> list[Path]:
    """Compute the tables of a run (the journal's from the cache when stored), write them to ``out``, store them;
    ``helper`` (started with :data:`HELPER_MODULES`) computes a few of them, ``engine`` runs the journal's
    per-article stage (default: this machine's cores).

    BLAS runs one thread per process: the run already keeps every core busy with
    its own processes, and more threads than cores made it 0.6 s slower.
    """
    with threadpool_limits(limits=1):
        return _compute_and_write(catalog, out, results, key, journal_key, helper, engine, cache_dir, progress)


def _compute_and_write(catalog: Catalog, out: Path, results: ResultCache, key: str, journal_key: str,
                       helper: Helper, engine: Engine | None, cache_dir: Path | None, progress: bool | None) -> list[Path]:
    lexicon = load_lexicon()
    analysis = Analysis(load_corpus(catalog), lexicon, cache_dir, progress)
    journal = analyse_journal(lexicon, cache_dir, engine=engine)  # its tokens come from the cache when only the seeds changed
    theme_free_key = journal_fingerprint(without=(THEMES_FILE,))
    reused = results.load_all(theme_free_key, [*THEME_FREE, *map(_store_name, EXPLORER_FILES)])
    for name in THEME_FREE if reused else ():
        journal.__dict__[name] = pickle.loads(reused[name])  # our own pickle, checked against its recorded hash
    context = Context(analysis, journal)
    paths = write_atomically(out, lambda staging: _write_into(analysis, journal, context, staging, helper, reused),
                             protect=[catalog.seeds])
    written = {"term_index_json": (out / TERM_INDEX).read_bytes()}  # a chapter reads the index as it was written
    stored_journal = journal_store(journal) | {FILES[name]: data for name, data in written.items()}
    results.store(journal_key, out / JOURNAL_FOLDER, stored_journal)
    if reused is None:
        results.store_objects(theme_free_key, {**{name: partial(_pickled, journal, name) for name in THEME_FREE},
                                               **{_store_name(file): (out / file).read_bytes for file in EXPLORER_FILES}})
    seeds, computed = pickle.dumps(analysis), context.computed()
    digests = store_digests(analysis.__getstate__(), {**{name: stored_journal[parquet_name(name)] for name in FRAMES},
                                                      **written}, computed, journal_settings(journal))
    results.store(key, out, {SEEDS_STORE: seeds, CONTEXT_STORE: pickle.dumps(computed),
                             DIGESTS_STORE: json.dumps(digests, indent=0).encode()})
    return paths


def _helper_work(analysis: Analysis, journal: Journal) -> list[Work]:
    """The tables the helper computes, each with its function and inputs: scikit-learn's, and the provinces'
    bootstrap, so that both processes finish together (its inputs are small to send, unlike the corpus: of the
    articles' rows, only the two columns the rates read)."""
    return [(analysis, "similarity", similarity_table, (analysis.features,)),
            (journal, "topics", topic_model, (topic_sample(journal.features), journal.analysis.lexicon)),
            (journal, "province_rates", province_rates,
             (journal.counted[["province", "han_chars"]], journal.theme_hits, journal.slogan_hits))]


AFTER_HELPER = ("topic_themes",)  # computed from a table the helper computes
BEFORE_HELPER = ("emerging",)  # discovery, while the helper is idle: its n-gram index is the run's largest transient


def _store_name(file: str) -> str:
    return Path(file).name


def _pickled(journal: Journal, name: str) -> bytes:
    return pickle.dumps(getattr(journal, name))


def _write_into(analysis: Analysis, journal: Journal, context: Context, staging: Path, helper: Helper,
                reused: dict[str, bytes] | None) -> None:
    """Every table in the order that keeps both cores busy: the seeds' token-free tables while their segmentation
    runs; then, from the features, the helper's tables there while this process does the rest. The explorer's files
    come from ``reused`` (the theme-free stages of an earlier run) when given."""
    from tqdm import tqdm

    # a bar on a terminal only (a log gets none), named after the table being computed
    bar = tqdm(total=len(SEED_TABLES) + len(JOURNAL_TABLES) + len(CONTEXT_TABLES), desc="computing the tables",
               unit="table", leave=False, disable=None)

    def write(table, source) -> None:
        bar.set_postfix_str(table.file, refresh=True)
        (staging / table.file).write_bytes(to_csv_bytes(getattr(source, table.attribute)))
        bar.update()

    analysis.start_tokenizing()
    for folder in (TEXT_FOLDER, JOURNAL_FOLDER, CONTEXT_FOLDER):
        (staging / folder).mkdir()
    for document in analysis.corpus:
        (staging / TEXT_FOLDER / f"{document.doc_id}.txt").write_text(document.body + "\n", encoding="utf-8")
    seeds = [table for table in SEED_TABLES if table.attribute in TOKEN_FREE]
    for table in seeds:
        write(table, analysis)
    first = [table for table in JOURNAL_TABLES if table.attribute in BEFORE_HELPER]
    for table in first:
        write(table, journal)
    return_freed_memory()
    work = _helper_work(analysis, journal)
    join = helper.compute(work)
    return_freed_memory()  # the work's pickles, sent
    sent = {(id(target), attribute) for target, attribute, _, _ in work}
    later = [(table, source) for source, tables in ((analysis, SEED_TABLES), (journal, JOURNAL_TABLES))
             for table in tables if table not in seeds + first and (id(source), table.attribute) not in sent
             and table.attribute not in AFTER_HELPER]
    later += [(table, context) for table in CONTEXT_TABLES]
    for table, source in later:
        write(table, source)
    join()
    for table, source in [(t, analysis) for t in SEED_TABLES] + [(t, journal) for t in JOURNAL_TABLES]:
        if not (staging / table.file).exists():
            write(table, source)
    bar.close()
    urls = source_url(analysis.documents, context.counterparts, journal.articles)
    (staging / BIBLIOGRAPHY).write_text(bibtex(analysis.documents, urls), encoding="utf-8")
    for file, make in EXPLORER_FILES.items():
        (staging / file).write_bytes(reused[_store_name(file)] if reused else make(journal))
    write_archive(staging, staging / ARCHIVE)


def write_archive(folder: Path, archive: Path) -> None:
    """Every file of ``folder`` in one zip, the same bytes for the same files (sorted, fixed timestamps)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p != archive and not p.name.startswith("."))
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            bundle.writestr(info, path.read_bytes())
