"""Stage 1, text: raw bytes in, a clean simplified body and what the page says about itself out.

- ``chars``: the Han and punctuation classes, Han counts;
- ``reading``: decode bytes (UTF-8, UTF-16, GB18030), strip HTML, split Markdown articles;
- ``markdown``: the journal's Markdown format: header metadata and bold lead sentences;
- ``normalize``: inline pinyin, traditional script, spacing and punctuation;
- ``headers``: metadata lines (byline, source, outlet and issue, dates, titles);
- ``chrome``: which lines are page chrome, and where the body is;
- ``cleaning``: one page from decoded text to body, metadata and removed lines;
- ``regions``: the gazetteer of provincial-level units;
- ``inference``: a proposed catalog row (region, level, genre) for a new document.
"""
