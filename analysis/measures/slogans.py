"""Slogans (提法): counts of lexicon slogans, and discovery of slogans the lexicon lacks.

Counting matches every surface form of every slogan in one leftmost-longest
pass, so an expanded form is not also counted as its short form. Discovery
finds numbered formulas (两个确立, 三会一课, “885”, 1+8+N, 4×4) and quoted
coinages (“渝跃行动”), and classifies each as central (in the lexicon as
central, or used in two or more regions) or local (one region only).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict

import numpy as np
import pandas as pd

from ..corpus import Corpus
from ..lexicon import Lexicon
from ..text.chars import QUOTE_MARKS
from ..text.patterns import LiteralMatcher

PER = 10_000
DISCOVERY_COLUMNS = ["slogan", "pattern", "doc_id", "region", "count", "regions", "in_lexicon", "lexicon_term",
                     "lexicon_kind", "scope"]
NUMERALS = "一二两三四五六七八九十百千双"
QUOTED = re.compile(r"[“「‘]([^“”「」‘’\n]{2,20})[”」’]")
ARABIC_FORMULA = re.compile(r"(?<![\d.])\d+(?:\s*[+×xX＋]\s*(?:\d+|[A-Z]))+(?![\d.])")
NUMBERED = re.compile(rf"^(?:[{NUMERALS}]+[个项条大]?[\u4e00-\u9fff]|\d)")
NOT_SLOGAN = re.compile(r"[，。；：！？、]|^\d+$(?<!\d{3})")


def slogan_matcher(lexicon: Lexicon) -> tuple[LiteralMatcher, dict[str, str]]:
    """A leftmost-longest matcher of every slogan form, and a map from form to canonical term."""
    form_to_term = {form: slogan.term for slogan in lexicon.slogans for form in slogan.forms}
    return LiteralMatcher(form_to_term), form_to_term


def unquoted(text: str) -> str:
    """The text without quotation marks, so that “885”工作机制 matches the slogan 885工作机制."""
    for mark in QUOTE_MARKS:  # str.replace is many times faster than str.translate on Han text
        text = text.replace(mark, "")
    return text


def slogan_uses(text: str, matcher: LiteralMatcher, form_to_term: dict[str, str]) -> Counter[str]:
    """Uses of each lexicon slogan in one text, as :func:`slogan_counts` counts them (see :func:`slogan_matcher`)."""
    return Counter(form_to_term[form] for form in matcher.findall(unquoted(text)))


def slogan_counts(corpus: Corpus, lexicon: Lexicon) -> pd.DataFrame:
    """Per document and lexicon slogan (zeros included): count and rate per 10,000 Han characters.

    Quotation marks are ignored: “两个确立” and 两个确立 are the same slogan.
    """
    matcher, form_to_term = slogan_matcher(lexicon)
    uses = {(document.doc_id, term): n for document in corpus
            for term, n in slogan_uses(document.body, matcher, form_to_term).items()}
    grid = pd.MultiIndex.from_product([corpus.doc_ids, [s.term for s in lexicon.slogans]], names=["doc_id", "slogan"])
    frame = pd.Series([uses.get(key, 0) for key in grid], index=grid, name="count", dtype="int64").reset_index()
    documents = {d.doc_id: d for d in corpus}
    frame.insert(1, "region", frame["doc_id"].map(lambda doc_id: documents[doc_id].region))
    frame.insert(3, "kind", frame["slogan"].map({s.term: s.kind for s in lexicon.slogans}))
    han = frame["doc_id"].map({d.doc_id: d.han_chars for d in corpus})
    frame["rate_per_10k"] = (frame["count"] / han.where(han > 0) * PER).fillna(0.0).round(3)
    return frame


def _candidates(text: str) -> dict[str, str]:
    """Quoted phrases and bare Arabic formulas in a text, each with its pattern name."""
    found: dict[str, str] = {}
    for match in QUOTED.finditer(text):
        phrase = match.group(1).strip()
        if NOT_SLOGAN.search(phrase) and not ARABIC_FORMULA.fullmatch(phrase):
            continue
        found.setdefault(phrase, "numbered" if NUMBERED.match(phrase) else "quoted")
    for match in ARABIC_FORMULA.finditer(text):
        found.setdefault(match.group(0).replace(" ", ""), "numbered")
    return found


def _lexicon_term(phrase: str, matcher: LiteralMatcher, form_to_term: dict[str, str]) -> str:
    """The lexicon slogan a discovered phrase is: a form itself, or the quoted head of one (“885”工作机制)."""
    form = matcher.fullmatch(unquoted(phrase))
    if form:
        return form_to_term[form]
    forms = matcher.words  # sorted, so the forms that extend the phrase follow it
    heads = set()
    for candidate in forms[bisect_right(forms, phrase):]:
        if not candidate.startswith(phrase):
            break
        heads.add(form_to_term[candidate])
    return heads.pop() if len(heads) == 1 else ""


def discover_slogans(corpus: Corpus, lexicon: Lexicon) -> pd.DataFrame:
    """Slogans found by pattern, with per-document counts and a central/local scope.

    Columns: slogan, pattern (numbered/quoted), doc_id, region, count (bare and
    quoted occurrences in that document), regions (how many regions use it),
    in_lexicon, lexicon_kind, scope (central/local).
    """
    matcher, form_to_term = slogan_matcher(lexicon)
    kinds = {slogan.term: slogan.kind for slogan in lexicon.slogans}
    patterns: dict[str, str] = {}
    for document in corpus:
        for phrase, name in _candidates(document.body).items():
            patterns.setdefault(phrase, name)
    usage: dict[str, dict[str, int]] = defaultdict(dict)
    regions: dict[str, set[str]] = defaultdict(set)
    candidates = LiteralMatcher(patterns)
    for document in corpus:
        for phrase, count in Counter(candidates.findall(document.body)).items():
            usage[phrase][document.doc_id] = count
            regions[phrase].add(document.region)
    documents = {d.doc_id: d for d in corpus}
    frame = pd.DataFrame([(phrase, doc_id, count) for phrase, per_doc in usage.items() for doc_id, count in per_doc.items()],
                         columns=["slogan", "doc_id", "count"])
    if frame.empty:
        return pd.DataFrame(columns=DISCOVERY_COLUMNS)
    phrases = frame["slogan"].drop_duplicates()
    terms = {phrase: _lexicon_term(phrase, matcher, form_to_term) for phrase in phrases}
    frame["pattern"] = frame["slogan"].map(patterns)
    frame["region"] = frame["doc_id"].map(lambda doc_id: documents[doc_id].region)
    frame["regions"] = frame["slogan"].map(lambda phrase: len(regions[phrase]))
    frame["lexicon_term"] = frame["slogan"].map(terms)
    frame["in_lexicon"] = frame["lexicon_term"] != ""
    frame["lexicon_kind"] = frame["lexicon_term"].map(kinds).fillna("")
    central = frame["lexicon_kind"].isin(["central", "numbered"]) | (frame["regions"] >= 2)
    frame["scope"] = np.where(central, "central", "local")
    order = {doc_id: index for index, doc_id in enumerate(corpus.doc_ids)}
    frame["_order"] = frame["doc_id"].map(order)
    frame = frame.sort_values(["slogan", "_order"], ignore_index=True)
    return frame[DISCOVERY_COLUMNS]
