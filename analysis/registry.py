"""Which tables the report writes, where, and what each holds: one registry that the writer, the Downloads page
and the tests read.
"""

from __future__ import annotations

from dataclasses import dataclass

JOURNAL_FOLDER, CONTEXT_FOLDER, TEXT_FOLDER = "journal", "context", "text"  # text/<doc_id>.txt: each clean body
BIBLIOGRAPHY = "references.bib"  # the seeds as BibTeX entries, keyed by doc_id: what the chapters cite
ARCHIVE = "all-tables.zip"  # every table, text and the bibliography in one file
TERM_INDEX = "journal/term_index.json"  # the term explorer's index (analysis.present.term_explorer)
TERM_LINES = "journal/term_lines.json"  # and its concordance


@dataclass(frozen=True)
class Table:
    """One CSV file of the report: its path, the attribute that computes it, and what it holds."""

    file: str
    attribute: str
    description: str


REFERENCES_DESCRIPTION = ("one row per reference to the centre: a document in 《…》 under its canonical title (or a "
                          "book), a meeting (dated; 'since' where it names a period, 党的十八大以来), or the General "
                          "Secretary's speech or instructions (with the occasion where named)")

SEED_TABLES: tuple[Table, ...] = (
    Table("documents.csv", "documents", "one row per document: catalog columns, resolved title, author's role, "
          "outlet, date and issue, script and encoding, character counts, paragraphs and what cleaning removed"),
    Table("cleaning_report.csv", "cleaning_report", "per document and reason, the lines and characters taken out "
          "of the page"),
    Table("removed_lines.csv", "removed_lines", "every line taken out of every page, with its reason or the "
          "metadata field it fed"),
    Table("metadata_conflicts.csv", "metadata_conflicts", "where the catalog and a document's own text disagree "
          "(the catalog wins)"),
    Table("themes.csv", "themes", "per document and theme: keyword hits, rate per 10,000 Han characters and "
          "share of the document's hits"),
    Table("paragraph_themes.csv", "paragraph_themes", "per paragraph: position, length and dominant theme"),
    Table("slogans.csv", "slogans", "per document and lexicon slogan: count and rate per 10,000 Han characters"),
    Table("slogan_discoveries.csv", "slogan_discoveries", "numbered formulas and quoted coinages found by "
          "pattern, with their documents, regions and central or local scope"),
    Table("references.csv", "references", REFERENCES_DESCRIPTION),
    Table("headings.csv", "headings", "every heading and lead sentence, with its level and the share of the "
          "document it opens"),
    Table("structure.csv", "structure", "per document: sections, subsections, paragraphs, sentence length, "
          "lead sentences and inline enumerations"),
    Table("top_terms.csv", "top_terms", "per document, its 20 most frequent words (stopwords removed)"),
    Table("keyness.csv", "keyness", "per document, each word against the rest of the corpus: counts, G², p "
          "and log ratio"),
    Table("similarity.csv", "similarity", "document × document TF-IDF cosine similarity, in clustering order"),
    Table("shared_passages.csv", "shared_passages", "verbatim passages shared by two documents, with their "
          "positions in both"),
    Table("reuse.csv", "reuse", "per document, the share of its text that recurs verbatim in another"),
    Table("region_mentions.csv", "region_mentions", "one row per sentence and province named in it, and "
          "whether the sentence credits it with a measure"),
    Table("region_counts.csv", "region_counts", "per document and province: sentences that mention it and "
          "sentences that credit it"),
    Table("segmentation_check.csv", "segmentation_check", "lexicon terms whose token count differs from their "
          "count in the text, and why"),
)
JOURNAL_TABLES: tuple[Table, ...] = (
    Table("journal/articles.csv", "articles", "one row per item the journal printed: doc_id (the file's stem), genre, "
          "province, city, the author's level and post, year and issue, section, author, title, URL and size"),
    Table("journal/genres.csv", "genres_table", "per genre (signed article, editorial, case study, news item, "
          "reprinted central document, table of contents): whether its items enter the rates, items, Han characters "
          "and the sections they come from"),
    Table("journal/genre_uses.csv", "genre_uses", "per slogan and genre: uses and the items that use it, including "
          "the genres no rate counts"),
    Table("journal/issues.csv", "issues", "every issue from the first to the last: items, articles of the counted "
          "genres, their Han characters, and whether the corpus lacks the issue"),
    Table("journal/provinces.csv", "provinces", "per province: articles of the counted genres, their Han characters and "
          "their authors' levels, and its other items (news items, reprints)"),
    Table("journal/province_rates.csv", "province_rates", "per province and theme or slogan: pooled rate per 10,000 "
          "Han characters with its 95% bootstrap interval over articles"),
    Table("journal/province_keyness.csv", "province_keyness", "per province, the words, themes and slogans it uses "
          "more than the other provinces: counts, G², p and log ratio"),
    Table("journal/slogans_by_year.csv", "slogans_by_year", "per year and slogan: issues, articles, uses, rate per "
          "10,000 Han characters and its bootstrap interval, articles using it, share of the largest single article"),
    Table("journal/slogans_by_issue.csv", "slogans_by_issue", "per issue and slogan: articles, uses, rate and its "
          "bootstrap interval (none where the issue is missing or prints no counted article), articles using it, "
          "share of the largest single article"),
    Table("journal/slogan_span.csv", "slogan_span", "per slogan: first and last issue, issues, articles and uses"),
    Table("journal/references.csv", "references", REFERENCES_DESCRIPTION),
    Table("journal/uptake.csv", "uptake", "per formulation the journal follows (the registry's central slogans, "
          "discovered formulations, meetings): the event that starts its clock, its first issue, first central and "
          "first provincial-or-local issue, the lag in issues, and the share of provincial and local articles "
          "using it within 3 and 6 issues"),
    Table("journal/province_uptake.csv", "province_uptake", "per province: the median lag in issues from a "
          "formulation's clock to its first use by the province's authors, its 95% bootstrap interval, the "
          "formulations and first-use articles behind it, and whether there are enough to rank it"),
    Table("journal/count_check.csv", "count_check", "per slogan: its journal total against the plain count of its "
          "term over the counted articles' clean bodies, and the uses that make them differ (quotation marks, other "
          "forms, phrases it is not counted inside)"),
    Table("journal/slogan_change.csv", "slogan_change", "per slogan, before the split event and from it on: issues, "
          "articles, articles using it, uses and rate; the log ratio, p of a permutation test over issues, whether it "
          "rose, fell or held steady, the share of the largest single article; the token-level G² test beside it"),
    Table("journal/emerging.csv", "emerging", "the formulations the journal uses, discovered in its text (quoted "
          "terms and cohesive n-grams), best first: rank, uses, articles, first issue, first issue by a provincial or "
          "local author, strongest burst and rise, cohesion, neighbour entropies, whether the registry holds it"),
    Table("journal/bursts.csv", "bursts", "per slogan of the registry and per discovered formulation, each burst of "
          "the articles that use it, issue by issue (Kleinberg's two-state model): first and last issue, weight, "
          "articles, uses, share of the term's uses and rise"),
    Table("journal/topics.csv", "topics", "the topic model: each topic's top words with their weights and themes"),
    Table("journal/topic_themes.csv", "topic_themes", "per topic: its top words and the lexicon theme it matches"),
    Table("journal/collocates.csv", "collocates", "per slogan of the 12 the journal uses most: its 20 strongest "
          "collocates within five words (uses near it, in all, expected, G², p, MI, log ratio)"),
    Table("journal/group_keyness.csv", "group_keyness", "per comparison of two groups of articles that the book's "
          "menu offers (analysis/lexicon/compare_groups.yaml): the 12 words each group uses most over the other, with "
          "their uses and articles in both, signed G² (positive when A uses it more), log ratio and the one-article "
          "flag"),
    Table("journal/slogan_pairs.csv", "slogan_pairs", "pairs of slogans that share paragraphs more often than "
          "chance: paragraphs with both and with each, expected, G², p"),
    Table("journal/lead_detection.csv", "lead_detection", "per paragraph of the articles that bold their lead "
          "sentences: the bold lead or the lead the detector finds with the bold stripped, and which of the two"),
    Table("journal/cleaning_check.csv", "cleaning_check", "per article read as a scraped page: Han characters, "
          "those the page cleaner keeps, and the share kept"),
)
CONTEXT_TABLES: tuple[Table, ...] = (
    Table("context/baselines.csv", "baselines", "per seed, baseline and theme or slogan: the seed's rate, the "
          "baseline's pooled rate, its bootstrap interval, the share of baseline articles below the seed, the verdict"),
    Table("context/controls.csv", "controls", "what looked distinctive among the seeds, and whether it stays "
          "distinctive against the province, the provincial leaders of the year and the whole journal"),
    Table("context/leave_one_out.csv", "leave_one_out", "per seed and theme or slogan that looked distinctive: "
          "whether it stays distinctive with the seed's own journal article left out of its baselines, and with it in"),
    Table("context/counterparts.csv", "counterparts", "per seed, the most similar journal article and whether it is "
          "the seed as the journal printed it"),
    Table("context/agreement.csv", "agreement", "per seed with a counterpart: character-level agreement of the clean "
          "body with the journal's text"),
    Table("context/differences.csv", "differences", "every difference between a clean seed and its counterpart"),
    Table("context/provenance.csv", "provenance", "per passage the seeds share: the first journal issue that printed "
          "it, and in how many articles"),
    Table("context/local_formulas.csv", "local_formulas", "per region, its own formulas: local initiatives of the "
          "lexicon and discovered numbered formulas, branded pairs and named mechanisms that no other region and at "
          "most two of the journal's other provinces use"),
    Table("context/theme_tautologies.csv", "theme_tautologies", "theme keywords that are a region's own words, left "
          "out when regions are compared"),
)
TABLES = SEED_TABLES + JOURNAL_TABLES + CONTEXT_TABLES
SEEDS_STORE, CONTEXT_STORE = "analysis.pkl", "context.pkl"  # the journal's tables: analysis.journal.store
DIGESTS_STORE = "digests.json"  # a digest per stored table, by the name a chapter reads it by (analysis.engine.reads)
