"""The journal analysed once: the per-article tables of the library over its articles, and every aggregate the
atlas and trends chapters show, each computed on first use and kept."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ..engine.engines import Engine
from ..lexicon import Lexicon
from ..measures.collocates import CollocateIndex, collocate_index, collocate_table, collocates, slogan_pairs
from ..measures.features import FeatureMatrix
from ..measures.references import load_reference_rules
from ..measures.slogans import count_check_table
from ..measures.topics import topic_model, topic_themes
from ..pipeline import Analysis
from ..sampling import sample_within
from ..text.regions import load_regions
from .bursts import burst_table
from .cleaning_check import check_table
from .context import cleaning_agreement, counterparts, looked_distinctive, provenance, seed_baselines, seed_controls
from .corpus import Byproducts, JournalReading, load_and_count_journal, slogan_forms
from .discovery import DiscoverySettings, discover_formulations, load_discovery
from .formulas import local_formulas
from .genres import Genres, genre_table, genre_uses, load_genres
from .group_keyness import MenuGroup, group_keyness, load_compare_menu
from .provinces import (
    load_tiles,
    province_keyness,
    province_rates,
    province_table,
    regional_theme_hits,
    theme_tautologies,
)
from .term_index import TermIndex, index_bursts, term_index
from .trends import Event, issue_table, load_events, slogan_change, slogan_rates, slogan_span, split_event
from .uptake import province_uptake, uptake_table

ARTICLE_COLUMNS = ["doc_id", "genre", "province", "city", "author_level", "post", "post_source", "year",
                   "issue_number", "issue", "published", "section", "author", "title", "url", "han_chars", "paragraphs"]


def wide(table: pd.DataFrame, item: str, value: str, order: list[str]) -> pd.DataFrame:
    """A long per-document table (doc_id, item, value) as documents × items, items in ``order``."""
    return table.pivot(index="doc_id", columns=item, values=value).reindex(columns=order).fillna(0).astype(int)


def per_article(doc_ids: Sequence[str], counts: np.ndarray, items: list[str], name: str) -> pd.DataFrame:
    """Articles (sorted by doc_id) × ``items``: each article's counts (a row per article, in ``doc_ids`` order),
    as :func:`wide` makes them from a long table."""
    order = sorted(range(len(doc_ids)), key=doc_ids.__getitem__)
    return pd.DataFrame(counts[order].reshape(len(order), len(items)), index=pd.Index([doc_ids[row] for row in order],
                        name="doc_id"), columns=pd.Index(items, name=name))


@dataclass
class Journal:
    """The journal read (its rows, features and texts: :class:`~.corpus.JournalReading`) and its aggregates."""

    analysis: JournalReading
    byproducts: Byproducts  # what the reading pass counted (see analyse_journal)
    events: tuple[Event, ...] = field(default_factory=load_events)
    tiles: pd.DataFrame = field(default_factory=load_tiles)
    genres: Genres = field(default_factory=load_genres)
    discovery: DiscoverySettings = field(default_factory=load_discovery)
    compare_menu: tuple[MenuGroup, ...] = field(default_factory=load_compare_menu)

    @cached_property
    def articles(self) -> pd.DataFrame:
        """One row per item the journal printed (``journal/articles.csv``): its genre, metadata, post, province,
        level and size."""
        documents = self.analysis.documents.rename(columns={"author_role": "post"})
        documents["issue_number"] = documents["issue_number"].astype(int)
        return documents[ARTICLE_COLUMNS].reset_index(drop=True)

    @cached_property
    def counted(self) -> pd.DataFrame:
        """The items of the counted genres, indexed by doc_id: the population of every rate of the journal."""
        articles = self.articles.set_index("doc_id")
        return articles[articles["genre"].isin(self.genres.counted)]

    @cached_property
    def genres_table(self) -> pd.DataFrame:
        return genre_table(self.articles, self.genres)

    @cached_property
    def genre_uses(self) -> pd.DataFrame:
        return genre_uses(self.articles, self.all_slogan_hits, self.genres)

    @cached_property
    def theme_tautologies(self) -> pd.DataFrame:
        return theme_tautologies(self.analysis.lexicon, load_regions())

    @cached_property
    def theme_hits(self) -> pd.DataFrame:
        """Counted articles × themes: keyword hits, without the keywords that name a region (see
        ``theme_tautologies``)."""
        byproducts, doc_ids = self.byproducts, self.analysis.doc_ids
        themes = [theme.id for theme in self.analysis.lexicon.themes]
        hits = per_article(doc_ids, byproducts.theme_hits, themes, "theme").loc[self.counted.index]
        flagged = per_article(doc_ids, byproducts.flagged_hits, list(byproducts.flagged), "keyword")
        return regional_theme_hits(hits, flagged, self.theme_tautologies)

    @cached_property
    def all_slogan_hits(self) -> pd.DataFrame:
        """Every item × slogans: uses, whatever the item's genre."""
        slogans = [slogan.term for slogan in self.analysis.lexicon.slogans]
        return per_article(self.analysis.doc_ids, self.byproducts.slogan_hits, slogans, "slogan")

    @cached_property
    def slogan_hits(self) -> pd.DataFrame:
        """Counted articles × slogans: uses."""
        return self.all_slogan_hits.loc[self.counted.index]

    @cached_property
    def provinces(self) -> pd.DataFrame:
        return province_table(self.articles, self.tiles, self.genres.counted)

    @cached_property
    def province_rates(self) -> pd.DataFrame:
        """Per province and theme or slogan: pooled rate per 10,000 characters with its bootstrap interval."""
        return province_rates(self.counted, self.theme_hits, self.slogan_hits)

    @property
    def features(self) -> FeatureMatrix:
        """The document-feature matrix of the counted articles (the reading pass counts no other)."""
        return self.analysis.features

    @cached_property
    def province_keyness(self) -> pd.DataFrame:
        return province_keyness(self.counted, self.features, self.theme_hits, self.slogan_hits,
                                self.tiles["province"].tolist())

    @cached_property
    def issues(self) -> pd.DataFrame:
        return issue_table(self.articles, self.genres.counted)

    @cached_property
    def slogans_by_year(self) -> pd.DataFrame:
        return slogan_rates(self.counted, self.slogan_hits, "year", self.issues)

    @cached_property
    def slogans_by_issue(self) -> pd.DataFrame:
        return slogan_rates(self.counted, self.slogan_hits, "published", self.issues)

    @cached_property
    def slogan_span(self) -> pd.DataFrame:
        return slogan_span(self.counted, self.slogan_hits)

    @cached_property
    def references(self) -> pd.DataFrame:
        """Every item's references to the centre, found as its articles were read (all genres: the genre is in
        ``articles``)."""
        return self.byproducts.references

    @cached_property
    def _tracked(self) -> tuple[pd.DataFrame, dict[str, str], dict[str, tuple[str, str]]]:
        """What uptake follows: counted articles × formulations (the registry's central slogans, the discovered
        formulations the registry lacks, the meetings), where each comes from, and the event that starts its
        clock (a meeting's date; an event of events.yaml that names it)."""
        lexicon, counted = self.analysis.lexicon, self.counted.index
        registry = self.slogan_hits[[slogan.term for slogan in lexicon.slogans if slogan.kind == "central"]]
        new = self.emerging.loc[~self.emerging["in_registry"], "term"].tolist()
        discovered = self._discovered[2][new].reindex(counted, fill_value=0)
        mentions = self.references[(self.references["kind"] == "meeting") & self.references["doc_id"].isin(counted)]
        meetings = pd.crosstab(mentions["doc_id"], mentions["name"]).reindex(counted, fill_value=0)
        uses = pd.concat([registry, discovered, meetings], axis=1)
        uses = uses.loc[:, ~uses.columns.duplicated()]
        sources = {**dict.fromkeys(registry.columns, "registry"), **dict.fromkeys(discovered.columns, "discovered"),
                   **dict.fromkeys(meetings.columns, "meeting")}
        events = {event.zh: (event.label, event.date) for event in self.events}
        events |= {meeting.name: (meeting.name, meeting.date) for meeting in load_reference_rules().meetings
                   if meeting.date}
        return uses, sources, events

    @cached_property
    def uptake(self) -> pd.DataFrame:
        """Per tracked formulation: its clock's start, its first central and first provincial-or-local issue, the
        lag between them in issues, and how much of the provinces took it up within 3 and 6 issues."""
        uses, sources, events = self._tracked
        return uptake_table(uses, sources, events, self.counted, self.issues)

    @cached_property
    def province_uptake(self) -> pd.DataFrame:
        """Per province: the median lag from a formulation's clock to its first use by the province's authors."""
        return province_uptake(self._tracked[0], self.uptake, self.counted, self.issues)

    @cached_property
    def count_check(self) -> pd.DataFrame:
        """Each slogan's journal total against the plain count of its term over the counted articles' clean bodies,
        and why they differ."""
        return count_check_table(self.byproducts.plain_counts, self.analysis.lexicon.slogans,
                                 self.slogan_hits.sum().to_dict())

    @cached_property
    def slogan_change(self) -> pd.DataFrame:
        return slogan_change(self.counted, self.slogan_hits, split_event(self.events), self.issues)

    @cached_property
    def discovery_sample(self) -> pd.DataFrame:
        """The counted articles discovery reads: all of them, or, past ``sample_chars`` Han characters, those whose
        doc_id hashes lowest within it (see :func:`~analysis.sampling.sample_within`)."""
        counted = self.counted
        return counted.iloc[sample_within(list(counted.index), counted["han_chars"].tolist(),
                                          self.discovery.sample_chars)]

    @cached_property
    def _discovered(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        bodies = self.analysis.texts.bodies(self.discovery_sample.index)
        return discover_formulations(bodies, self.discovery_sample, self.issues, self.analysis.lexicon, self.discovery)

    @cached_property
    def emerging(self) -> pd.DataFrame:
        """The formulations the journal uses, discovered in its text and ranked by their strongest burst."""
        return self._discovered[0]

    @cached_property
    def bursts(self) -> pd.DataFrame:
        """The bursts of the registry's slogans, then of the discovered formulations the registry lacks."""
        registry = burst_table(self.slogan_hits, self.counted["published"], self.issues)
        discovered = self._discovered[1]
        new = discovered[~discovered["term"].isin(set(self.emerging.loc[self.emerging["in_registry"], "term"]))]
        return pd.concat([registry, new], ignore_index=True)

    @cached_property
    def topics(self) -> pd.DataFrame:
        return topic_model(self.features, self.analysis.lexicon)

    @cached_property
    def topic_themes(self) -> pd.DataFrame:
        return topic_themes(self.topics, self.analysis.lexicon)

    @cached_property
    def _collocate_index(self) -> CollocateIndex:
        lexicon = self.analysis.lexicon
        keep = frozenset(form for slogan in lexicon.slogans for form in slogan.forms)
        counted = set(self.counted.index)
        paragraphs = (paragraph for doc_id, tokens in self.analysis.texts.tokens() if doc_id in counted
                      for paragraph in tokens)
        return collocate_index(paragraphs, lexicon.stopwords, keep)

    def collocates_of(self, term: str, window: int = 5, min_count: int = 5) -> pd.DataFrame:
        """The collocates of a slogan (all its forms) or of any word, in every paragraph of the counted articles."""
        lexicon = self.analysis.lexicon
        forms = lexicon.forms_of(term)
        return collocates(self._collocate_index, forms, term, window=window, min_count=min_count)

    @cached_property
    def collocates(self) -> pd.DataFrame:
        """The 20 strongest collocates of each of the 12 slogans the journal uses most."""
        top = self.slogan_span.sort_values(["uses", "slogan"], ascending=[False, True])["slogan"].head(12)
        forms, near = slogan_forms(self.analysis.lexicon), self.byproducts.slogan_neighbours
        return pd.concat([collocate_table(near.get(term, Counter()), self._word_counts, sorted(forms[term]), term)
                          .head(20) for term in top], ignore_index=True)

    @cached_property
    def _word_counts(self) -> Counter[str]:
        """Every word's uses in the journal, as the collocate index counts them: the feature matrix's words (its
        column sums), and the slogan forms that are not words."""
        features, form_uses = self.features, self.byproducts.slogan_form_uses
        counts = Counter(dict(zip(features.vocabulary, features.counts.sum(axis=0).A1.tolist(), strict=True)))
        for form in sorted(frozenset().union(*slogan_forms(self.analysis.lexicon).values()) - counts.keys()):
            if form_uses[form]:
                counts[form] = form_uses[form]
        return counts

    @cached_property
    def _term_index(self) -> TermIndex:
        lexicon, counted = self.analysis.lexicon, set(self.features.doc_ids)
        discovered = self.emerging.loc[~self.emerging["in_registry"], "term"].tolist()
        return term_index(self.features, self.slogan_hits, discovered,
                          ((doc_id, body) for doc_id, body in self.analysis.texts if doc_id in counted),
                          self.counted["published"], self.counted["province"], self.issues["published"].tolist(),
                          self.tiles["province"].tolist(),
                          {slogan.term: lexicon.forms_of(slogan.term) for slogan in lexicon.slogans})

    @cached_property
    def index_terms(self) -> pd.DataFrame:
        """The term explorer's terms (registry, discovered, the words enough articles use): articles and uses."""
        return self._term_index.terms

    @cached_property
    def term_issues(self) -> pd.DataFrame:
        """Per indexed term and issue it appears in: the counted articles that use it, and its uses."""
        return self._term_index.issues

    @cached_property
    def term_provinces(self) -> pd.DataFrame:
        """Per indexed term and province it appears in: the counted articles that use it, and its uses."""
        return self._term_index.provinces

    @cached_property
    def term_bursts(self) -> pd.DataFrame:
        """Every burst of every indexed term, issue by issue."""
        return index_bursts(self.term_issues, self.index_terms, self.issues)

    def take_concordance(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The explorer's concordance, handed over once and then forgotten (at scale it is among the largest things
        the run holds, and only its file needs it): the first line of each registry slogan (any of its forms) and
        discovered formulation in a few of the articles that use it per issue, and a few articles per issue of each
        word (term_id, and the article's row of ``features``; a word's lines: ``python -m analysis kwic``)."""
        index = self._term_index
        taken = index.lines, index.word_articles
        index.lines = index.word_articles = None
        if taken[0] is None:
            raise RuntimeError("the concordance was handed over already: write its file once")
        return taken

    @cached_property
    def term_collocates(self) -> pd.DataFrame:
        """The 10 strongest collocates of every registry slogan the journal uses (the reading pass counted their
        neighbours; any other term's are one command away: ``python -m analysis collocates``)."""
        forms, near = slogan_forms(self.analysis.lexicon), self.byproducts.slogan_neighbours
        used = [term for term in self.slogan_hits.columns if near.get(term)]
        tables = [collocate_table(near[term], self._word_counts, sorted(forms[term]), term).head(10) for term in used]
        tables = [table for table in tables if len(table)]  # an empty one would make every column an object column
        return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=["term", "collocate"])

    @cached_property
    def group_keyness(self) -> pd.DataFrame:
        """Every comparison of two groups of articles the book's menu offers (``compare_groups.yaml``)."""
        return group_keyness(self.features, self.articles, frozenset(self.genres.counted), self.compare_menu)

    @cached_property
    def slogan_pairs(self) -> pd.DataFrame:
        return slogan_pairs(self.byproducts.slogan_cooccurrence)

    @cached_property
    def lead_detection(self) -> pd.DataFrame:
        return self.byproducts.leads

    @cached_property
    def cleaning_check(self) -> pd.DataFrame:
        documents = self.analysis.documents
        return check_table(documents["doc_id"].tolist(), documents["han_chars"].tolist(), self.byproducts.kept_han_chars)


def analyse_journal(lexicon: Lexicon, cache_dir: Path | None = None, folder: Path | None = None,
                    engine: Engine | None = None) -> Journal:
    """The journal analysed by the library, its articles read, segmented and counted in one pass by ``engine``
    (default: this machine's cores)."""
    genres = load_genres()
    return Journal(*load_and_count_journal(lexicon, genres, cache_dir, folder, engine), genres=genres)


@dataclass
class Context:
    """The seeds held against the journal: baselines, counterparts, cleaning agreement, provenance, lexicon checks."""

    seeds: Analysis
    journal: Journal

    def computed(self) -> dict[str, pd.DataFrame]:
        """The tables computed so far, to store them (see :func:`analysis.engine.tables.write_tables_cached`); not the
        intermediates, such as the journal's searchable texts, which are corpus-sized."""
        return {name: value for name, value in self.__dict__.items() if isinstance(value, pd.DataFrame)}

    @cached_property
    def _seeds(self) -> pd.DataFrame:
        """The seeds' province (short name, when it is one of the tiles), year and size, indexed by doc_id."""
        documents = self.seeds.documents.set_index("doc_id")
        provinces = set(self.journal.tiles["province"])
        return pd.DataFrame({"province": documents["region_zh"].where(documents["region_zh"].isin(provinces), ""),
                             "year": documents["published"].str[:4], "han_chars": documents["han_chars"]})

    @cached_property
    def _seed_hits(self) -> pd.DataFrame:
        lexicon = self.seeds.lexicon
        themes = regional_theme_hits(wide(self.seeds.themes, "theme", "hits", [t.id for t in lexicon.themes]),
                                     self.seeds.keyword_hits, self.journal.theme_tautologies).add_prefix("theme:")
        slogans = wide(self.seeds.slogans, "slogan", "count", [s.term for s in lexicon.slogans]).add_prefix("slogan:")
        return pd.concat([themes, slogans], axis=1).loc[self._seeds.index]

    @cached_property
    def _article_hits(self) -> pd.DataFrame:
        return pd.concat([self.journal.theme_hits.add_prefix("theme:"), self.journal.slogan_hits.add_prefix("slogan:")],
                         axis=1)

    @cached_property
    def baselines(self) -> pd.DataFrame:
        pairs = self.counterparts[self.counterparts["counterpart"]]
        return seed_baselines(self._seeds, self._seed_hits, self.journal.counted, self._article_hits,
                              dict(zip(pairs["doc_id"], pairs["journal_id"], strict=True)))

    @cached_property
    def controls(self) -> pd.DataFrame:
        return seed_controls(self.baselines, looked_distinctive(self._seed_hits, self._seeds))

    @cached_property
    def leave_one_out(self) -> pd.DataFrame:
        """Per seed and item that looked distinctive: whether it stays distinctive with the seed's own journal
        article left out of its baselines (the report's rule) and with it kept in."""
        with_itself = seed_baselines(self._seeds, self._seed_hits, self.journal.counted, self._article_hits)
        kept = seed_controls(with_itself, looked_distinctive(self._seed_hits, self._seeds))
        table = self.controls[["doc_id", "kind", "item", "stays"]].merge(
            kept[["doc_id", "kind", "item", "stays"]].rename(columns={"stays": "stays_with_itself"}),
            on=["doc_id", "kind", "item"], how="left")
        return table

    @cached_property
    def counterparts(self) -> pd.DataFrame:
        return counterparts(self.seeds.corpus, self.journal.analysis.texts, self.journal.analysis.documents)

    @cached_property
    def _agreement(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        return cleaning_agreement(self.seeds.corpus, self.journal.analysis.texts, self.counterparts)

    @cached_property
    def agreement(self) -> pd.DataFrame:
        return self._agreement[0]

    @cached_property
    def differences(self) -> pd.DataFrame:
        return self._agreement[1]

    @cached_property
    def provenance(self) -> pd.DataFrame:
        return provenance(self.seeds.shared_passages, self.journal.analysis.texts, self.journal.articles)

    @cached_property
    def theme_tautologies(self) -> pd.DataFrame:
        return self.journal.theme_tautologies

    @cached_property
    def local_formulas(self) -> pd.DataFrame:
        names = {region.name: region.short_zh for region in load_regions()}
        return local_formulas(self.seeds.slogan_discoveries, self.seeds.slogans, self.seeds.lexicon, self.seeds.corpus,
                              self.seeds.region_mentions, self.journal.analysis.texts, self.journal.articles, names)
