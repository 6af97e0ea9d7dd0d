"""One object that computes each table of the report once, on first use.

``analyse()`` loads the corpus and the lexicon; every attribute after that is
a table computed by the library's pure functions and kept for reuse, so a
chapter (or ``python -m analysis tables``) pays for segmentation once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from . import corpus as corpus_tables
from .corpus import Corpus, load_corpus
from .lexicon import Lexicon, load_lexicon
from .measures.features import FeatureMatrix, document_features, top_terms
from .measures.keyness import keyness
from .measures.mentions import mentions_per_region, region_mentions
from .measures.references import load_reference_rules, references, year_of
from .measures.reuse import ReuseIndex, reuse_index, reused_share, shared_passages
from .measures.similarity import similarity_table
from .measures.slogans import discover_slogans, slogan_counts
from .measures.structure import outline, structure_metrics
from .measures.themes import keyword_table, paragraph_themes, theme_counts
from .tokens.check import segmentation_check, term_occurrences
from .tokens.counts import TokenCounts, Tokens

if TYPE_CHECKING:
    from .engine.segmentation import PendingTokens

# the tables that need no tokens: computed while segmentation runs in other processes
TOKEN_FREE = ("documents", "cleaning_report", "removed_lines", "metadata_conflicts", "slogans", "slogan_discoveries",
              "headings", "structure", "shared_passages", "reuse", "region_mentions",
              "region_counts", "term_occurrences", "references", "themes", "paragraph_themes")


@dataclass
class Analysis:
    """The corpus, the lexicon, and every derived table (computed lazily, once)."""

    corpus: Corpus
    lexicon: Lexicon
    cache_dir: Path | None = None
    progress: bool | None = field(default=None)
    _pending_tokens: PendingTokens | None = field(default=None, repr=False)

    @cached_property
    def tokens(self) -> Tokens:
        self.start_tokenizing()
        return self._pending_tokens.result()

    @cached_property
    def token_counts(self) -> TokenCounts:
        if "tokens" in self.__dict__:
            return self.tokens.count()
        self.start_tokenizing()
        return self._pending_tokens.counts()

    def __getstate__(self) -> dict:
        """What a pickle keeps: corpus, lexicon and computed tables; not the workers, nor the tokens (cached on disk)."""
        state = {k: v for k, v in self.__dict__.items() if k not in ("tokens", "token_counts", "_reuse_index")}
        state["_pending_tokens"] = None
        return state

    def start_tokenizing(self) -> None:
        """Segment in background processes while other tables are computed (see ``tokens``)."""
        if self._pending_tokens is None:
            from .engine.segmentation import PendingTokens  # here: a chapter that loads the stored tables never segments

            self._pending_tokens = PendingTokens(self.corpus, self.lexicon, self.cache_dir, progress=self.progress)

    @cached_property
    def features(self) -> FeatureMatrix:
        return document_features(self.token_counts, self.lexicon)

    @cached_property
    def documents(self) -> pd.DataFrame:
        return corpus_tables.documents_table(self.corpus)

    @cached_property
    def cleaning_report(self) -> pd.DataFrame:
        return corpus_tables.cleaning_report(self.corpus)

    @cached_property
    def removed_lines(self) -> pd.DataFrame:
        return corpus_tables.removed_lines(self.corpus)

    @cached_property
    def metadata_conflicts(self) -> pd.DataFrame:
        return corpus_tables.metadata_conflicts(self.corpus)

    @cached_property
    def themes(self) -> pd.DataFrame:
        return theme_counts(self.corpus, self.keyword_hits, self.lexicon)

    @cached_property
    def keyword_hits(self) -> pd.DataFrame:
        """Documents × theme keywords: each keyword's uses."""
        return keyword_table(self.corpus, self.lexicon)

    @cached_property
    def paragraph_themes(self) -> pd.DataFrame:
        return paragraph_themes(self.corpus, self.lexicon)

    @cached_property
    def slogans(self) -> pd.DataFrame:
        return slogan_counts(self.corpus, self.lexicon)

    @cached_property
    def slogan_discoveries(self) -> pd.DataFrame:
        return discover_slogans(self.corpus, self.lexicon)

    @cached_property
    def references(self) -> pd.DataFrame:
        """What each document cites from the centre: documents, meetings, speeches (see :mod:`.measures.references`)."""
        return references(((document.doc_id, document.body, year_of(document.catalog.get("published", "")))
                           for document in self.corpus), load_reference_rules())

    @cached_property
    def headings(self) -> pd.DataFrame:
        return outline(self.corpus)

    @cached_property
    def structure(self) -> pd.DataFrame:
        return structure_metrics(self.corpus, self.headings)

    @cached_property
    def top_terms(self) -> pd.DataFrame:
        return top_terms(self.features)

    @cached_property
    def keyness(self) -> pd.DataFrame:
        return keyness(self.features)

    @cached_property
    def similarity(self) -> pd.DataFrame:
        return similarity_table(self.features)

    @cached_property
    def _reuse_index(self) -> ReuseIndex:
        return reuse_index(self.corpus)

    @cached_property
    def shared_passages(self) -> pd.DataFrame:
        return shared_passages(self.corpus, index=self._reuse_index)

    @cached_property
    def reuse(self) -> pd.DataFrame:
        return reused_share(self.corpus, index=self._reuse_index)

    @cached_property
    def region_mentions(self) -> pd.DataFrame:
        return region_mentions(self.corpus)

    @cached_property
    def region_counts(self) -> pd.DataFrame:
        return mentions_per_region(self.region_mentions)

    @cached_property
    def term_occurrences(self) -> pd.DataFrame:
        return term_occurrences(self.corpus, self.lexicon)

    @cached_property
    def segmentation_check(self) -> pd.DataFrame:
        return segmentation_check(self.corpus, self.token_counts, self.lexicon, occurrences=self.term_occurrences)


def analyse(seeds: Path | str | None = None, lexicon: Path | str | None = None, cache_dir: Path | None = None,
            progress: bool | None = None) -> Analysis:
    """Load the corpus (``seeds`` or ``$ANALYSIS_SEEDS``) and the lexicon; tables follow on demand."""
    return Analysis(load_corpus(seeds), load_lexicon(lexicon), cache_dir, progress)
