"""Where the term explorer's files live in the site, and the concordance split as the site serves it.

Kept apart from :mod:`.term_explorer` so that the book's build, which copies these files on every run, imports no
pandas.
"""

from __future__ import annotations

import json

TERM_INDEX = "explorer/term-index.json"  # under the site's root (journal/term_index.json among the tables)
TERM_LINES = "explorer/term-lines.json"  # served split: articles.json, lines/<term id>.json, words/<shard>.json
WORD_SHARD = 100  # words per file of their articles: a click loads one file of a few KB
SCRIPT = "_vendor/term-explorer.js"  # copied from _ext/static by the build (not _static: every page loads that)


def compact_json(value: object) -> bytes:
    """``value`` as compact UTF-8 JSON with sorted keys: the same value gives the same bytes."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def site_line_files(lines_json: bytes) -> dict[str, bytes]:
    """The concordance as the site serves it, by path under the site's root: the articles in one file, each named
    term's lines in its own (a click loads only the term's, at most a few hundred KB), and the words' articles in
    files of :data:`WORD_SHARD` words (``words/<term id // WORD_SHARD>.json``)."""
    concordance = json.loads(lines_json)
    folder = TERM_LINES.rsplit("/", 1)[0]
    files = {f"{folder}/articles.json": compact_json(concordance["articles"])}
    files.update({f"{folder}/lines/{term_id}.json": compact_json(lines) for term_id, lines in concordance["lines"].items()})
    shards: dict[int, dict[str, str]] = {}
    for term_id, positions in concordance["word_articles"].items():
        shards.setdefault(int(term_id) // WORD_SHARD, {})[term_id] = positions
    files.update({f"{folder}/words/{shard}.json": compact_json(words) for shard, words in shards.items()})
    return files
