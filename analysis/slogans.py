"""Slogans (提法): counts of lexicon slogans, and discovery of slogans the lexicon lacks.

Counting matches every surface form of every slogan in one leftmost-longest
pass, so an expanded form is not also counted as its short form. Discovery
finds numbered formulas (两个确立, 三会一课, “885”, 1+8+N, 4×4) and quoted
coinages (“渝跃行动”), and classifies each as central (in the lexicon as
central, or used in two or more regions) or local (one region only).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

from .corpus import Corpus
from .lexicon import Lexicon
from .normalize import han_count
from .patterns import LiteralMatcher

PER = 10_000
NUMERALS = "一二两三四五六七八九十百千双"
QUOTED = re.compile(r"[“「‘]([^“”「」‘’\n]{2,20})[”」’]")
ARABIC_FORMULA = re.compile(r"(?<![\d.])\d+(?:\s*[+×xX＋]\s*(?:\d+|[A-Z]))+(?![\d.])")
NUMBERED = re.compile(rf"^(?:[{NUMERALS}]+[个项条大]?[\u4e00-\u9fff]|\d)")
NOT_SLOGAN = re.compile(r"[，。；：！？、]|^\d+$(?<!\d{3})")


def slogan_matcher(lexicon: Lexicon) -> tuple[LiteralMatcher, dict[str, str]]:
    """A leftmost-longest matcher of every slogan form, and a map from form to canonical term."""
    form_to_term = {form: slogan.term for slogan in lexicon.slogans for form in slogan.forms}
    return LiteralMatcher(form_to_term), form_to_term


QUOTE_MARKS = str.maketrans("", "", "“”‘’「」『』")


def unquoted(text: str) -> str:
    """The text without quotation marks, so that “885”工作机制 matches the slogan 885工作机制."""
    return text.translate(QUOTE_MARKS)


def slogan_counts(corpus: Corpus, lexicon: Lexicon) -> pd.DataFrame:
    """Per document and lexicon slogan (zeros included): count and rate per 10,000 Han characters.

    Quotation marks are ignored: “两个确立” and 两个确立 are the same slogan.
    """
    matcher, form_to_term = slogan_matcher(lexicon)
    records = []
    for document in corpus:
        counts = Counter(form_to_term[form] for form in matcher.findall(unquoted(document.body)))
        han = han_count(document.body)
        for slogan in lexicon.slogans:
            count = counts.get(slogan.term, 0)
            records.append({"doc_id": document.doc_id, "region": document.region, "slogan": slogan.term,
                            "gloss": slogan.gloss, "kind": slogan.kind, "count": count,
                            "rate_per_10k": round(count / han * PER, 3) if han else 0.0})
    return pd.DataFrame.from_records(records)


def slogan_matrix(counts: pd.DataFrame) -> pd.DataFrame:
    """Slogan × document counts, slogans that occur somewhere, most frequent first."""
    matrix = counts.pivot(index="slogan", columns="doc_id", values="count")[counts["doc_id"].unique()]
    matrix = matrix[matrix.sum(axis=1) > 0]
    return matrix.loc[sorted(matrix.index, key=lambda s: (-matrix.loc[s].sum(), s))]


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
    records = []
    for phrase in sorted(usage):
        form = matcher.fullmatch(unquoted(phrase))
        term = form_to_term.get(form, "") if form else ""
        kind = kinds.get(term, "")
        central = (kind and kind != "local") or len(regions[phrase]) >= 2
        for document in corpus:
            if document.doc_id in usage[phrase]:
                records.append({"slogan": phrase, "pattern": patterns[phrase], "doc_id": document.doc_id,
                                "region": document.region, "count": usage[phrase][document.doc_id],
                                "regions": len(regions[phrase]), "in_lexicon": bool(term), "lexicon_term": term,
                                "lexicon_kind": kind, "scope": "central" if central else "local"})
    columns = ["slogan", "pattern", "doc_id", "region", "count", "regions", "in_lexicon", "lexicon_term",
               "lexicon_kind", "scope"]
    return pd.DataFrame.from_records(records, columns=columns)


def local_initiatives(discoveries: pd.DataFrame, counts: pd.DataFrame, lexicon: Lexicon) -> pd.DataFrame:
    """Per region, the slogans only it uses: lexicon local initiatives and local discoveries."""
    rows = []
    local_terms = {s.term for s in lexicon.slogans if s.kind == "local"}
    used = counts[(counts["count"] > 0) & counts["slogan"].isin(local_terms)]
    for row in used.itertuples():
        rows.append({"region": row.region, "slogan": row.slogan, "count": row.count, "source": "lexicon",
                     "gloss": row.gloss})
    known = {(r["region"], r["slogan"]) for r in rows}
    local = discoveries[(discoveries["scope"] == "local") & ~discoveries["lexicon_term"].isin(local_terms)]
    for row in local.itertuples():
        if (row.region, row.slogan) not in known:
            rows.append({"region": row.region, "slogan": row.slogan, "count": row.count, "source": "discovered",
                         "gloss": ""})
    frame = pd.DataFrame.from_records(rows, columns=["region", "slogan", "count", "source", "gloss"])
    return frame.sort_values(["region", "count", "slogan"], ascending=[True, False, True], ignore_index=True)
