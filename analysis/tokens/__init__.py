"""Stage 3, tokens: clean bodies in, tokens and token counts out, each distinct text segmented once.

- ``spans``: where a text's lexicon terms and compounds are (leftmost-longest), without the segmenter;
- ``segment``: one text → tokens, lexicon terms and compounds whole, jieba between them;
- ``cache``: the token cache on disk, every entry checked when read;
- ``workers``: segmentation over processes, overlapping the token-free tables;
- ``counts``: :class:`Tokens` and :class:`TokenCounts`, what the measures read;
- ``check``: lexicon terms that segmentation split (there should be none).
"""
