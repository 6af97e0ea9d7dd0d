"""Comparative analysis of Chinese party-building documents.

The pipeline follows quanteda's verbs: ``load_corpus`` (catalog + cleaned
bodies) → tokens → document-feature tables, each step a function from text or
DataFrames to DataFrames.
"""

from .corpus import Corpus, Document, cleaning_report, documents_table, load_corpus
from .errors import CorpusError

__all__ = ["Corpus", "CorpusError", "Document", "cleaning_report", "documents_table", "load_corpus"]
