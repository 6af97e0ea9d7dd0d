"""Slogans (提法): counts of lexicon slogans, and discovery of slogans the lexicon lacks.

Each slogan is counted on its own: its forms (term, variants, later names) and
the phrases it does not count inside (``not_within``) are matched leftmost-
longest among themselves, so a long form of the slogan is one use of it, not
two, while a use nested in another slogan's longer form (自我革命 inside
习近平总书记关于党的自我革命的重要思想) still counts for both. Discovery
finds numbered formulas (两个确立, 三会一课, “885”, 1+8+N, 4×4) and quoted
coinages (“渝跃行动”), and classifies each as central (in the lexicon as
central, or used in two or more regions) or local (one region only).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..corpus import Corpus
from ..lexicon import Lexicon, Slogan
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


class SloganMatcher:
    """Counts every slogan's uses in a text in one pass over it (see the module's counting rules)."""

    def __init__(self, slogans: Sequence[Slogan]) -> None:
        self.form_to_term = {form: slogan.term for slogan in slogans for form in slogan.forms}
        self.forms = LiteralMatcher(self.form_to_term)
        self._owners: dict[str, list[tuple[str, bool]]] = defaultdict(list)  # word → (slogan, whether it is a form)
        for slogan in slogans:
            for form in slogan.forms:
                self._owners[form].append((slogan.term, True))
            for phrase in slogan.not_within:
                self._owners[phrase].append((slogan.term, False))
        self._words = LiteralMatcher(self._owners)

    def uses(self, text: str) -> Counter[str]:
        """Uses of each slogan in ``text``, quotation marks ignored."""
        matches: dict[str, list[tuple[int, int, bool]]] = defaultdict(list)
        for start, end, word in self._words.finditer_overlapping(unquoted(text)):
            for term, is_form in self._owners[word]:
                matches[term].append((start, -end, is_form))
        uses: Counter[str] = Counter()
        for term, found in matches.items():
            reached = -1
            for start, negative_end, is_form in sorted(found):  # leftmost, then longest
                if start >= reached:
                    reached = -negative_end
                    uses[term] += is_form
        return +uses


def unquoted(text: str) -> str:
    """The text without quotation marks, so that “885”工作机制 matches the slogan 885工作机制."""
    for mark in QUOTE_MARKS:  # str.replace is many times faster than str.translate on Han text
        text = text.replace(mark, "")
    return text


def slogan_counts(corpus: Corpus, lexicon: Lexicon) -> pd.DataFrame:
    """Per document and lexicon slogan (zeros included): count and rate per 10,000 Han characters.

    Quotation marks are ignored: “两个确立” and 两个确立 are the same slogan.
    """
    matcher = SloganMatcher(lexicon.slogans)
    uses = {(document.doc_id, term): n for document in corpus for term, n in matcher.uses(document.body).items()}
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


def _lexicon_term(phrase: str, matcher: SloganMatcher) -> str:
    """The lexicon slogan a discovered phrase is: a form itself, or the quoted head of one (“885”工作机制)."""
    form = matcher.forms.fullmatch(unquoted(phrase))
    if form:
        return matcher.form_to_term[form]
    forms = matcher.forms.words  # sorted, so the forms that extend the phrase follow it
    heads = set()
    for candidate in forms[bisect_right(forms, phrase):]:
        if not candidate.startswith(phrase):
            break
        heads.add(matcher.form_to_term[candidate])
    return heads.pop() if len(heads) == 1 else ""


def discover_slogans(corpus: Corpus, lexicon: Lexicon) -> pd.DataFrame:
    """Slogans found by pattern, with per-document counts and a central/local scope.

    Columns: slogan, pattern (numbered/quoted), doc_id, region, count (bare and
    quoted occurrences in that document), regions (how many regions use it),
    in_lexicon, lexicon_kind, scope (central/local).
    """
    matcher = SloganMatcher(lexicon.slogans)
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
    terms = {phrase: _lexicon_term(phrase, matcher) for phrase in phrases}
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


@dataclass(frozen=True)
class PlainCounts:
    """What :func:`count_check` sets against the slogans' totals, per slogan term and summed over texts (so it can
    be taken batch by batch and added up): the plain ``str.count`` of the term, its count once quotation marks are
    removed, and, for slogans with several forms or phrases they are not counted in, the term's uses on its own."""

    plain: Counter[str] = field(default_factory=Counter)
    bare: Counter[str] = field(default_factory=Counter)
    term_only: Counter[str] = field(default_factory=Counter)

    def __add__(self, other: PlainCounts) -> PlainCounts:
        return PlainCounts(self.plain + other.plain, self.bare + other.bare, self.term_only + other.term_only)


def plain_counts(texts: Iterable[str], slogans: Sequence[Slogan]) -> PlainCounts:
    """The :class:`PlainCounts` of ``texts``, one text at a time (no form spans a text's end)."""
    several = [slogan for slogan in slogans if len(slogan.forms) > 1 or slogan.not_within]
    matcher = SloganMatcher([replace(slogan, variants=(), renamed=()) for slogan in several])
    counts = PlainCounts()
    for text in texts:
        bare_text = unquoted(text)
        counts.plain.update({slogan.term: text.count(slogan.term) for slogan in slogans})
        counts.bare.update({slogan.term: bare_text.count(slogan.term) for slogan in slogans})
        counts.term_only.update(matcher.uses(bare_text))
    return counts


def count_check(texts: Sequence[str], slogans: Sequence[Slogan], totals: Mapping[str, int]) -> pd.DataFrame:
    """Each slogan's total (``totals``, counted by :class:`SloganMatcher` over ``texts``) against the plain count of
    its term over the same texts (see :func:`count_check_table`)."""
    return count_check_table(plain_counts(texts, slogans), slogans, totals)


def count_check_table(counts: PlainCounts, slogans: Sequence[Slogan], totals: Mapping[str, int]) -> pd.DataFrame:
    """Each slogan's total (``totals``) against the plain count of its term (``counts``, over the same texts), and
    what makes them differ: uses that only show once quotation marks are removed (“严”的主基调), uses of its other
    forms, and uses inside a phrase it is not counted in."""
    several = {slogan.term for slogan in slogans if len(slogan.forms) > 1 or slogan.not_within}
    records = []
    for slogan in slogans:
        plain, bare = counts.plain[slogan.term], counts.bare[slogan.term]
        own = counts.term_only[slogan.term] if slogan.term in several else bare
        total = int(totals.get(slogan.term, 0))
        parts = {"quotes": bare - plain, "other_forms": total - own, "not_within": own - bare}
        others = ", ".join(form for form in slogan.forms if form != slogan.term)
        why = [text for key, text in (("quotes", f"{_more(parts['quotes'])} that quotation marks split"),
                                      ("other_forms", f"{_more(parts['other_forms'])} of its other forms ({others})"),
                                      ("not_within", f"{_more(parts['not_within'])} inside "
                                                     f"{', '.join(slogan.not_within)}"))
               if parts[key]]
        records.append({"slogan": slogan.term, "total": total, "plain_count": plain, "difference": total - plain,
                        **parts, "why": "; ".join(why)})
    return pd.DataFrame.from_records(records, columns=["slogan", "total", "plain_count", "difference", "quotes",
                                                       "other_forms", "not_within", "why"])


def _more(count: int) -> str:
    """A difference in words ("3 more", "1 fewer"): a CSV cell that starts with + or - is taken for a formula."""
    return f"{abs(count)} {'more' if count > 0 else 'fewer'}"
