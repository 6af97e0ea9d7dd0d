"""Comparative analysis of Chinese party-building documents, as a pipeline of stages (quanteda's verbs):

1. ``text``: raw bytes → decoded, cleaned, simplified bodies and the metadata the pages give;
2. ``catalog``, ``corpus``: the catalog's rows joined with the clean bodies (``load_corpus``);
3. ``tokens``: bodies → tokens, segmented once per distinct text and cached;
4. ``measures``: corpus and token counts → one DataFrame per measure; ``journal``: the journal as baseline;
5. ``pipeline``, ``tables``, ``results``, ``publish``: every table computed once, written as CSV, cached;
6. ``present`` and ``book``: tables → figures, MyST tables and glued numbers for the book's chapters.

``paths`` holds every location and reads the environment; ``cli`` is ``python -m analysis``.
The names below are imported on first use, so that ``python -m analysis`` on a warm
cache starts without pandas.
"""

from importlib import import_module

_EXPORTS = {"Corpus": "corpus", "Document": "corpus", "cleaning_report": "corpus", "documents_table": "corpus",
            "load_corpus": "corpus", "CorpusError": "errors"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
