"""Local formulas: the numbered formulas, branded pairs and named mechanisms that belong to one region.

Pattern discovery (:func:`analysis.measures.slogans.discover_slogans`) finds every
quoted phrase and numbered formula; most are not a region's own. A *local
formula* must meet all of these:

1. it is found in one region's documents (in a survey document, the region is
   the province the sentence credits, not the survey);
2. it is not in the national registry (the slogan lexicon's central and
   numbered entries);
3. it is not common across the journal's other provinces (used by authors from
   fewer than ``COMMON_PROVINCES`` of them);
4. it has the shape of a formula: a numbered formula (三级五岗, “885”, 1+6), a
   branded pair (湘直家教·清风齐家), or a named mechanism (…工程, …行动, …机制).

The lexicon's own local initiatives are local formulas of their region while they meet rule 3.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..corpus import Corpus
from ..engine.reads import record_file
from ..errors import CorpusError
from ..lexicon import Lexicon
from ..measures.slogans import ARABIC_FORMULA, NUMBERED, unquoted
from ..paths import lexicon_file
from ..text.patterns import LiteralMatcher

COMMON_PROVINCES = 3
FORMULA_CHECKS_FILE = "formula_checks.csv"
MECHANISM = re.compile(r"(?:机制|工程|行动|计划|模式|品牌|体系|战略|工作法|经验|平台|中心|大讲堂|讲堂|工作室|直播间|联动|"
                       r"联建|制度|项目|清单|报表|网格|矩阵|专班)$")
BRANDED = re.compile(r"[·+＋×]")
COLUMNS = ["region", "slogan", "count", "source", "shape", "journal_provinces", "gloss"]


def formula_shape(phrase: str) -> str:
    """``numbered``, ``branded`` or ``mechanism`` when a phrase has the shape of a formula, else ``""``."""
    if NUMBERED.match(phrase) or ARABIC_FORMULA.search(phrase):
        return "numbered"
    if BRANDED.search(phrase):
        return "branded"
    if MECHANISM.search(phrase):
        return "mechanism"
    return ""


def credited_region(phrase: str, doc_id: str, mentions: pd.DataFrame) -> str:
    """The one region a survey document credits with the measure where ``phrase`` appears; "" when none is, or
    when several share it (湖南、天津实施…“三百工程”: a formula of two regions is neither's own)."""
    rows = mentions[(mentions["doc_id"] == doc_id) & mentions["credited"]]
    credited = {row.region for row in rows.itertuples() if phrase in unquoted(row.measure) or phrase in row.measure}
    return credited.pop() if len(credited) == 1 else ""


def journal_provinces(phrases: list[str], journal: Iterable[tuple[str, str]],
                      articles: pd.DataFrame) -> dict[str, set[str]]:
    """For each phrase, the provinces (short names) of the journal articles (``journal``: doc_id and clean body)
    that use it."""
    matcher = LiteralMatcher(phrases)
    province = articles.set_index("doc_id")["province"]
    found: dict[str, set[str]] = {phrase: set() for phrase in phrases}
    for doc_id, body in journal:
        where = province.get(doc_id, "")
        if where:
            for phrase in set(matcher.findall_overlapping(unquoted(body))):
                found[phrase].add(where)
    return found


def local_formulas(discoveries: pd.DataFrame, slogans: pd.DataFrame, lexicon: Lexicon, corpus: Corpus,
                   mentions: pd.DataFrame, journal: Iterable[tuple[str, str]], articles: pd.DataFrame,
                   region_names: dict[str, str]) -> pd.DataFrame:
    """Per region, the formulas that are its own (see the module's rules), most used first.

    ``region_names`` maps a region's English name to its short Chinese name, to
    leave the region's own province out of the journal count.
    """
    surveys = {d.doc_id for d in corpus if d.catalog.get("level") == "national"}
    glosses = {s.term: s.gloss for s in lexicon.slogans}
    local_terms = {s.term: s.region for s in lexicon.slogans if s.kind == "local"}
    rows = []
    used = slogans[(slogans["count"] > 0) & slogans["slogan"].isin(local_terms)]
    for term, group in used.groupby("slogan", sort=True):
        rows.append({"region": local_terms[term] or group["region"].iloc[0], "slogan": term,
                     "count": int(group["count"].sum()), "source": "lexicon", "shape": "lexicon",
                     "gloss": glosses[term]})
    candidates = discoveries[~discoveries["in_lexicon"]].copy()
    candidates["region"] = [credited_region(phrase, doc_id, mentions) if doc_id in surveys else region
                            for phrase, doc_id, region in candidates[["slogan", "doc_id", "region"]].itertuples(
                                index=False, name=None)]
    candidates = candidates[candidates["region"] != ""]
    by_phrase = candidates.groupby("slogan", sort=True).agg(regions=("region", "nunique"), region=("region", "first"),
                                                             count=("count", "sum"))
    by_phrase = by_phrase[(by_phrase["regions"] == 1) & by_phrase.index.map(lambda p: bool(formula_shape(p)))]
    for phrase, row in by_phrase.iterrows():
        rows.append({"region": row["region"], "slogan": phrase, "count": int(row["count"]), "source": "discovered",
                     "shape": formula_shape(phrase), "gloss": ""})
    table = pd.DataFrame.from_records(rows, columns=[c for c in COLUMNS if c != "journal_provinces"])
    found = journal_provinces(table["slogan"].tolist(), journal, articles) if len(table) else {}
    table["journal_provinces"] = [len(found.get(phrase, set()) - {region_names.get(region, "")})
                                  for phrase, region in table[["slogan", "region"]].itertuples(index=False, name=None)]
    table = table[table["journal_provinces"] < COMMON_PROVINCES]  # 千万工程 began in Zhejiang; it is everyone's now
    return table.sort_values(["region", "count", "slogan"], ascending=[True, False, True], ignore_index=True)[COLUMNS]


def load_formula_checks(path: Path | None = None) -> pd.DataFrame:
    """The hand-checked local formulas: ``region, slogan, local`` (yes/no) and a note saying why."""
    path = Path(path or lexicon_file(FORMULA_CHECKS_FILE))
    record_file(path)
    try:
        return pd.read_csv(path, keep_default_na=False, dtype=str)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise CorpusError(path, f"cannot read the hand-checked formulas ({error.__class__.__name__})",
                          "restore it from git") from None
