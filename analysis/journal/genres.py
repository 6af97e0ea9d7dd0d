"""Genres of the journal's items (signed article, editorial, case study, news item, reprinted central document,
table of contents), from their section and their shape, by the editable rules of ``genres.yaml``.

A journal prints more than articles. Its annual tables of contents repeat every
title of the year; its news items and reprinted central documents are the
centre's words, not its authors'. Only the genres marked ``counted`` enter the
journal's rates; the others are reported apart (:func:`genre_table`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CorpusError
from ..lexicon import read_yaml
from ..paths import lexicon_dir

GENRES_FILE = "genres.yaml"
RULE_FIELDS = ("section", "title", "author", "post")


@dataclass(frozen=True)
class Genre:
    """A genre: its id, an English label, and whether its items enter the journal's rates."""

    id: str
    label: str
    counted: bool
    plural: str = ""


@dataclass(frozen=True)
class GenreRule:
    """A genre, the patterns (field → regular expression) an item must all match to take it, and the least Han
    characters it must have."""

    genre: str
    patterns: tuple[tuple[str, str], ...]
    min_chars: int = 0


@dataclass(frozen=True)
class Genres:
    """The genres, the rules that assign them (first match wins; the last genre is the default) and the section
    values that name a page rather than a section."""

    genres: tuple[Genre, ...]
    rules: tuple[GenreRule, ...]
    placeholder_sections: frozenset[str]

    @property
    def default(self) -> str:
        return self.genres[-1].id

    @property
    def counted(self) -> tuple[str, ...]:
        """The ids of the genres whose items enter the rates."""
        return tuple(genre.id for genre in self.genres if genre.counted)

    @property
    def labels(self) -> dict[str, str]:
        return {genre.id: genre.label for genre in self.genres}

    @cached_property
    def _compiled(self) -> tuple[tuple[str, tuple[tuple[str, re.Pattern[str]], ...], int], ...]:
        return tuple((rule.genre, tuple((field, re.compile(pattern)) for field, pattern in rule.patterns),
                      rule.min_chars) for rule in self.rules)

    def genre_of(self, fields: Mapping[str, str], han_chars: int) -> str:
        """The genre of one item (``fields``: its section, title, author and post): the first rule that matches,
        else the default genre."""
        return next((genre for genre, patterns, least in self._compiled if han_chars >= least
                     and all(pattern.search(fields.get(field) or "") for field, pattern in patterns)), self.default)

    def section_of(self, section: str) -> str:
        """The section, or "" where the field names a page (目 录) rather than a section."""
        return "" if section.strip() in self.placeholder_sections else section


def load_genres(path: Path | None = None) -> Genres:
    """The genres and rules of ``genres.yaml`` in the lexicon folder; a malformed file is one error naming it."""
    path = Path(path or lexicon_dir() / GENRES_FILE)
    data = read_yaml(path)
    genres = []
    for number, entry in enumerate(data.get("genres") or [], start=1):
        if not isinstance(entry, dict) or not str(entry.get("id") or "").strip():
            raise CorpusError(path, f"genre #{number} has no id", "give every genre an 'id:'")
        label = str(entry.get("label") or entry["id"]).strip()
        genres.append(Genre(str(entry["id"]).strip(), label, bool(entry.get("counted", True)),
                            str(entry.get("plural") or f"{label}s").strip()))
    if not genres:
        raise CorpusError(path, "no genres are listed", "list the genres under 'genres:'")
    known = {genre.id for genre in genres}
    rules = []
    for number, entry in enumerate(data.get("rules") or [], start=1):
        if not isinstance(entry, dict) or entry.get("genre") not in known:
            raise CorpusError(path, f"rule #{number} names no listed genre", f"use one of {', '.join(sorted(known))}")
        patterns = tuple((field, str(entry[field])) for field in RULE_FIELDS if entry.get(field) is not None)
        unknown = sorted(set(entry) - {"genre", "min_chars", *RULE_FIELDS})
        if unknown or not patterns:
            raise CorpusError(path, f"rule #{number} has {'the unknown field ' + unknown[0] if unknown else 'no condition'}",
                              f"give it one or more of {', '.join(RULE_FIELDS)}")
        for field, pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise CorpusError(path, f"rule #{number}: {field} {pattern!r} is not a valid regular expression "
                                        f"({error})", "fix the pattern (Python re syntax)") from None
        min_chars = entry.get("min_chars", 0)
        if not isinstance(min_chars, int) or min_chars < 0:
            raise CorpusError(path, f"rule #{number}: min_chars must be a whole number", "write it as min_chars: 3000")
        rules.append(GenreRule(entry["genre"], patterns, min_chars))
    placeholders = frozenset(str(value).strip() for value in data.get("placeholder_sections") or [])
    return Genres(tuple(genres), tuple(rules), placeholders)


def genre_table(articles: pd.DataFrame, genres: Genres) -> pd.DataFrame:
    """Per genre: its label, whether it is counted, its items, their Han characters, and the sections they come
    from (most items first)."""
    records = []
    for genre in genres.genres:
        own = articles[articles["genre"] == genre.id]
        sections = own["section"].replace("", "(none)").value_counts()
        sections = sections.sort_index().sort_values(ascending=False, kind="stable")
        records.append({"genre": genre.id, "label": genre.label, "counted": genre.counted, "items": len(own),
                        "han_chars": int(own["han_chars"].sum()),
                        "sections": "; ".join(f"{name} ({count})" for name, count in sections.items())})
    return pd.DataFrame.from_records(records, columns=["genre", "label", "counted", "items", "han_chars", "sections"])


def genre_uses(articles: pd.DataFrame, hits: pd.DataFrame, genres: Genres) -> pd.DataFrame:
    """Per slogan and genre: its uses and the items that use it, counted or not (``hits``: every item × slogans,
    indexed by doc_id). What the rates leave out is reported here."""
    genre = articles.set_index("doc_id")["genre"].reindex(hits.index)
    uses = hits.groupby(genre).sum().reindex([g.id for g in genres.genres], fill_value=0)
    items = (hits > 0).groupby(genre).sum().reindex([g.id for g in genres.genres], fill_value=0)
    table = pd.DataFrame({"slogan": np.repeat(hits.columns.to_numpy(dtype=object), len(uses)),
                          "genre": np.tile(uses.index.to_numpy(dtype=object), len(hits.columns)),
                          "uses": uses.to_numpy().T.ravel(), "items": items.to_numpy().T.ravel()})
    table["counted"] = table["genre"].isin(genres.counted)
    return table
