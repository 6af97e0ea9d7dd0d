"""What every chapter starts from: the analysis of the seeds, of the journal and of the two together, computed once.

``python -m analysis tables`` (which the book build runs first) stores them in
the result cache; a chapter's kernel loads them (a fraction of a second)
instead of computing them again. Anything missing is computed here, so a chapter
still runs on its own. Each is handed out wrapped, so that its kernel notes what
the chapter read (:mod:`analysis.engine.reads`): the book's build re-executes a
chapter only when one of those tables changed.
"""

from __future__ import annotations

from functools import cache

from .catalog import load_catalog
from .corpus import load_corpus
from .engine.reads import Recorded
from .engine.results import ResultCache, journal_fingerprint, tables_fingerprint
from .errors import CorpusError
from .journal.pipeline import Context, Journal, analyse_journal
from .journal.store import SETTINGS, StoredJournal
from .lexicon import load_lexicon
from .pipeline import Analysis
from .registry import CONTEXT_STORE, SEEDS_STORE


@cache
def _keys() -> tuple[str, str]:
    journal = journal_fingerprint()
    return tables_fingerprint(load_catalog(), journal), journal


@cache
def book_analysis() -> Analysis:
    """The analysis of ``$ANALYSIS_SEEDS`` (or ``seeds/``)."""
    stored = ResultCache().load(_keys()[0], SEEDS_STORE)
    analysis = stored if isinstance(stored, Analysis) else Analysis(load_corpus(), load_lexicon(), progress=False)
    return Recorded(analysis, "seeds")


@cache
def book_journal() -> Journal | StoredJournal:
    """The journal's tables as the tables run stored them (each read on first use), or, without a stored run, the
    journal analysed here."""
    results, key = ResultCache(), _keys()[1]
    if results.load_bytes(key, SETTINGS) is None:
        return Recorded(analyse_journal(load_lexicon()), "journal")

    def load(name: str) -> bytes:
        data = results.load_bytes(key, name)
        if data is None:
            raise CorpusError(results.root / key, f"the stored journal lacks {name}",
                              "run python -m analysis tables again (make book does)")
        return data

    return Recorded(StoredJournal(load), "journal")


@cache
def book_context() -> Context:
    """The seeds held against the journal."""
    context = Context(book_analysis(), book_journal())
    stored = ResultCache().load(_keys()[0], CONTEXT_STORE)
    if isinstance(stored, dict):
        context.__dict__.update(stored)
    return Recorded(context, "context")
