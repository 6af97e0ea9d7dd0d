"""Stage 4, measures: a corpus and its token counts in, one DataFrame per measure out.

- ``features``: the document-feature matrix (word counts) and each document's top words;
- ``themes``: theme keyword hits per document and each paragraph's dominant theme;
- ``slogans``: lexicon slogan counts, slogan discovery and local initiatives;
- ``structure``: headings, lead sentences, enumerations, sections;
- ``keyness``: G², p and log ratio of each word against the rest of the corpus;
- ``similarity``: TF-IDF cosine between documents, in clustering order;
- ``reuse``: verbatim passages shared by two documents, and each one's reused share;
- ``mentions``: which province a survey document credits with which measure;
- ``kwic``: a concordance of any term.
"""
