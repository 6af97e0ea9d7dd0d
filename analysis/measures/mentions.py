"""Region mentions: which province a survey document credits with which measure.

The national overview walks through some 28 provinces, each sentence naming
one or more of them followed by what they did (浙江实施…, 广西、湖南…等地依托…).
A region is *credited* when it opens a sentence or a clause, or stands in a
list of regions that does; its *measure* is the text from its name to the next
credited region or the end of the sentence.
"""

from __future__ import annotations

import re

import pandas as pd

from ..corpus import Corpus
from ..text.chars import SENTENCE_END
from ..text.regions import Region, load_regions, region_by_form, region_pattern

SENTENCE = re.compile(rf"[^{SENTENCE_END}]+[{SENTENCE_END}]?")
CLAUSE_START = "，；：、"
COLUMNS = ["doc_id", "sentence", "region", "region_zh", "credited", "measure", "text"]


def region_mentions(corpus: Corpus, regions: tuple[Region, ...] | None = None,
                    levels: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per sentence and region named in it (``region_mentions.csv``).

    ``levels`` restricts the documents by catalog level (default: all).
    """
    regions = regions or load_regions()
    pattern = region_pattern(regions)
    lookup = region_by_form(regions)
    rows = []
    for document in corpus:
        if levels and document.catalog.get("level") not in levels:
            continue
        number = 0
        for paragraph in document.paragraphs:
            for sentence in SENTENCE.findall(paragraph):
                number += 1
                matches = list(pattern.finditer(sentence))
                credited = [_credited(sentence, m.start()) for m in matches]
                measures = _measures(sentence, [m for m, c in zip(matches, credited, strict=True) if c])
                seen: set[str] = set()
                for match, is_credited in zip(matches, credited, strict=True):
                    region = lookup[match.group(0)]
                    if region.name in seen:
                        continue
                    seen.add(region.name)
                    rows.append({"doc_id": document.doc_id, "sentence": number, "region": region.name,
                                 "region_zh": region.short_zh, "credited": is_credited,
                                 "measure": measures.get(match.start(), ""), "text": sentence.strip()})
    return pd.DataFrame.from_records(rows, columns=COLUMNS)


def _measures(sentence: str, credited: list[re.Match[str]]) -> dict[int, str]:
    """The measure after each credited region; regions listed together (A、B等地…) share it."""
    measures: dict[int, str] = {}
    for index in range(len(credited) - 1, -1, -1):
        match = credited[index]
        end = credited[index + 1].start() if index + 1 < len(credited) else len(sentence)
        between = sentence[match.end() : end]
        if index + 1 < len(credited) and between.strip() in ("、", ""):
            measures[match.start()] = measures[credited[index + 1].start()]
        else:
            measures[match.start()] = re.sub(r"^等地", "", between.strip("，、；。 ")).strip("，、 ")
    return measures


def _credited(sentence: str, start: int) -> bool:
    """A region name at the start of a sentence or clause, or after another region in a list."""
    return start == 0 or sentence[start - 1] in CLAUSE_START


def mentions_per_region(mentions: pd.DataFrame) -> pd.DataFrame:
    """Per document and region: sentences that mention it and sentences that credit it with a measure."""
    if mentions.empty:
        return pd.DataFrame(columns=["doc_id", "region", "region_zh", "mentions", "credited"])
    grouped = mentions.groupby(["doc_id", "region", "region_zh"], sort=False)
    table = grouped.agg(mentions=("sentence", "count"), credited=("credited", "sum")).reset_index()
    return table.sort_values(["doc_id", "credited", "mentions", "region"], ascending=[True, False, False, True],
                             ignore_index=True)
