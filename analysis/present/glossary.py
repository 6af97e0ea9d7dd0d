"""English glosses of the Chinese strings the book shows, from one data file (``analysis/lexicon/glossary.yaml``)
and the lexicons (slogans, theme keywords, provinces).

A chapter glosses a string the first time it shows it: :func:`glossed` gives
``中文 (English)`` when a gloss is known, and the string alone otherwise.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd

from ..errors import CorpusError
from ..lexicon import Lexicon, read_yaml
from ..paths import lexicon_file
from ..text.regions import load_regions

GLOSSARY_FILE = "glossary.yaml"


@cache
def _file_glossary(path: Path) -> dict[str, str]:
    entries = read_yaml(path).get("glossary") or {}
    if not isinstance(entries, dict):
        raise CorpusError(path, "'glossary:' must map each term to its gloss", "write each entry as 术语: gloss")
    return {str(term).strip(): " ".join(str(gloss).split()) for term, gloss in entries.items()}


def glossary(lexicon: Lexicon | None = None) -> dict[str, str]:
    """Every gloss the book knows: the glossary file, province names, and (with a lexicon) short slogan glosses."""
    known = {region.short_zh: region.name for region in load_regions()}
    known.update({region.name_zh: region.name for region in load_regions()})
    if lexicon is not None:
        known.update({slogan.term: short_gloss(slogan.gloss) for slogan in lexicon.slogans})
    known.update(_file_glossary(lexicon_file(GLOSSARY_FILE)))
    return known


def short_gloss(gloss: str) -> str:
    """A slogan's gloss up to its first colon or comma clause: the name, not the explanation."""
    for mark in (":", ";", ", i.e.", " — "):
        gloss = gloss.split(mark)[0]
    gloss = gloss.strip()
    if gloss.count("(") > gloss.count(")"):  # an aside the cut left open
        gloss = gloss[:gloss.rindex("(")]
    return re.sub(r"\s+\([^()]*\)$", "", gloss).strip()  # a trailing aside: (2023-24), (named at …)


ISSUE = re.compile(r"(\d{4})年第(\d{1,2})期")


def glossed(text: str, glosses: dict[str, str]) -> str:
    """``text (gloss)`` when the gloss is known (or the text is an issue number, 2024年第6期), else ``text``."""
    if text in glosses:
        return f"{text} ({glosses[text]})"
    if issue := ISSUE.fullmatch(text):
        return f"{text} ({issue[1]}, no. {int(issue[2])})"
    return text


class PageGlosses:
    """Glosses a string the first time a page shows it, and leaves it bare after that."""

    def __init__(self, glosses: dict[str, str]):
        self.glosses = glosses
        self.seen: set[str] = set()

    def __call__(self, text: str) -> str:
        if text in self.seen:
            return text
        self.seen.add(text)
        return glossed(text, self.glosses)


def formula_glosses(formulas: pd.DataFrame) -> dict[str, str]:
    """The glosses the local-formula table carries (from the lexicon or the hand-checked list)."""
    if "gloss" not in formulas:
        return {}
    known = formulas[formulas["gloss"].fillna("").astype(str).str.strip() != ""]
    return {str(s): short_gloss(str(g)) for s, g in zip(known["slogan"], known["gloss"], strict=True)}
