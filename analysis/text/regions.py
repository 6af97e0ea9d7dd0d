"""The gazetteer of China's provincial-level units, and the names by which texts refer to them."""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..paths import lexicon_file

REGIONS_FILE = "regions.csv"


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
def load_regions(path: Path | None = None) -> tuple[Region, ...]:
    """The gazetteer of China's provincial-level units from ``regions.csv`` in the lexicon folder."""
    with Path(path or lexicon_file(REGIONS_FILE)).open(encoding="utf-8", newline="") as handle:
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
