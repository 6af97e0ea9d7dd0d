"""Infer a catalog row from a cleaned page: region, level, genre, and the found metadata.

Used by ``python -m analysis add`` to propose a row for the author to review.
The region comes from the byline first (the author's post), then the title,
then the body, never from page chrome: a Chongqing article reposted on a
Liaoning site is a Chongqing article.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .cleaning import CleanedPage

LEXICON_DIR = Path(__file__).parent / "lexicon"


@dataclass(frozen=True)
class Region:
    """A provincial-level unit with the names by which texts refer to it."""

    name: str
    name_zh: str
    short_zh: str
    abbr: str
    aliases_zh: tuple[str, ...]
    kind: str

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """Forms to look for in text, longest first: 黑龙江省, 黑龙江, 龙江."""
        forms = {self.name_zh, self.short_zh, *self.aliases_zh}
        return tuple(sorted((f for f in forms if len(f) >= 2), key=len, reverse=True))


@lru_cache(maxsize=4)
def load_regions(path: Path = LEXICON_DIR / "regions.csv") -> tuple[Region, ...]:
    """The gazetteer of China's provincial-level units from ``lexicon/regions.csv``."""
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Region(row["region"], row["region_zh"], row["short_zh"], row["abbr"],
                   tuple(a for a in row["aliases_zh"].split(";") if a), row["kind"])
            for row in csv.DictReader(handle)
        )


def region_pattern(regions: tuple[Region, ...]) -> re.Pattern[str]:
    """One alternation of every region's surface forms, longest first."""
    forms = sorted({f for r in regions for f in r.surface_forms}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, forms)))


def region_by_form(regions: tuple[Region, ...]) -> dict[str, Region]:
    """Map each surface form (湖南, 湖南省, 龙江…) to its region."""
    return {form: region for region in regions for form in region.surface_forms}


def regions_in(text: str, regions: tuple[Region, ...] | None = None) -> Counter[str]:
    """Count mentions of each region (by English name) in a text."""
    regions = regions or load_regions()
    lookup = region_by_form(regions)
    return Counter(lookup[m.group(0)].name for m in region_pattern(regions).finditer(text))


SPEECH = re.compile(r"讲话|致辞|发言|报告会上|动员会上")
OVERVIEW = re.compile(r"综述|综览|巡礼|各省区市|各地区各部门")
CITY_POST = re.compile(r"(?<![省区])市委(书记|常委|副书记)|全市")
NATIONAL_SPREAD = 8
SPEAKER = re.compile(r"^(?P<speaker>[^在]{2,16})在.{2,30}(讲话|致辞|发言)")


def infer_row(page: CleanedPage) -> dict[str, str]:
    """Propose catalog values for a cleaned page from its byline, title and body."""
    found = page.found
    regions = load_regions()
    title = found.get("title", "")
    heading = " ".join([title, found.get("subtitle", "")])
    byline = found.get("author_role", "")
    body_regions = regions_in(page.body, regions)
    region: Region | None = None
    for text in (byline, title):
        counts = regions_in(text, regions)
        if counts:
            name = counts.most_common(1)[0][0]
            region = next(r for r in regions if r.name == name)
            break
    spread = len(body_regions)
    if OVERVIEW.search(heading) or (region is None and spread >= NATIONAL_SPREAD):
        level, region_name, region_zh = "national", "National", "全国"
    elif region is not None:
        city_post = CITY_POST.search(byline or title) and region.kind != "municipality"
        level = "city" if city_post else "province"
        region_name, region_zh = region.name, region.short_zh
    elif body_regions and body_regions.most_common(1)[0][1] >= 3:
        name = body_regions.most_common(1)[0][0]
        region = next(r for r in regions if r.name == name)
        level, region_name, region_zh = "province", region.name, region.short_zh
    elif CITY_POST.search(" ".join([byline, title, page.body[:200]])):
        level, region_name, region_zh = "city", "City", "某市"
    else:
        level, region_name, region_zh = "province", "", ""
    if SPEECH.search(title) or page.body.startswith(("同志们", "各位")):
        genre = "speech"
    elif level == "national" or OVERVIEW.search(heading):
        genre = "overview"
    else:
        genre = "article"
    if not byline and genre == "speech" and (speaker := SPEAKER.match(title)):
        byline = speaker["speaker"]
    return {
        "region": region_name,
        "level": level,
        "genre": genre,
        "region_zh": region_zh,
        "author": found.get("author", ""),
        "author_role": byline,
        "outlet": found.get("outlet", ""),
        "published": found.get("published", ""),
        "issue": found.get("issue", ""),
        "title": title,
        "script": page.script,
    }
