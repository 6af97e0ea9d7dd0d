"""Stage 5, presentation: the tables in, what a reader sees out (figures, MyST tables, glued numbers, profiles).

- ``fonts``: a CJK font for matplotlib and wordcloud, found on the system;
- ``style``: page width, text sizes, palette and shared drawing helpers;
- ``plots``: one matplotlib Figure per function, from the tables;
- ``labels``: how documents are named;
- ``myst``: safe Markdown tables and glue helpers for the chapters;
- ``views``: the tables a chapter shows, with English headers;
- ``findings``: the numbers a chapter's prose quotes;
- ``profiles``: a generated section per document.
"""
