"""Comparative analysis of Chinese party-building documents, as a pipeline of stages (quanteda's verbs):

1. ``text``: raw bytes → decoded, cleaned, simplified bodies and the metadata the pages give;
2. ``catalog``, ``corpus``: the catalog's rows joined with the clean bodies (``load_corpus``);
3. ``tokens``: bodies → tokens, segmented once per distinct text and cached;
4. ``measures``: corpus and token counts → one DataFrame per measure;
5. ``pipeline``, ``tables``, ``results``, ``publish``: every table computed once, written as CSV, cached;
6. ``present``: tables → figures, MyST tables and glued numbers for the book's chapters.

``paths`` holds every location and reads the environment; ``cli`` is ``python -m analysis``.
"""

from .corpus import Corpus, Document, cleaning_report, documents_table, load_corpus
from .errors import CorpusError

__all__ = ["Corpus", "CorpusError", "Document", "cleaning_report", "documents_table", "load_corpus"]
