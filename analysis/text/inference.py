"""Infer a catalog row from a cleaned page: region, level, genre, and the found metadata.

Used by ``python -m analysis add`` to propose a row for the author to review.
The author's post, province, city and level come from the attribution the
journal's reader uses (:func:`~.attribution.attribute`: the closing author
line, else the page's byline), so a document reads the same whether it is
added as a seed or read in the journal. Where that finds no province, the
region comes from the title, then the body, never from page chrome: a
Chongqing article reposted on a Liaoning site is a Chongqing article.
"""

from __future__ import annotations

import re

from .attribution import SCOPE, Attribution, attribute, is_author_line, level_of, place_of
from .cleaning import CleanedPage
from .regions import Region, load_regions, regions_in

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
    closing = "\n".join(line.text for line in page.removed if is_author_line(line.text))  # the cleaner took them out
    attribution = attribute(f"{page.body}\n{closing}", byline or found.get("author", ""), title)
    if _decides(attribution) and not OVERVIEW.search(heading):
        level, region_name, region_zh = _placed(attribution, regions)
        return _row(page, region_name, level, region_zh, attribution.city, attribution.post)
    byline = byline or attribution.post  # a post with no province (a school, a ministry's institute) is still its post
    region: Region | None = None
    place = place_of(byline) if byline else None  # a city or county in the byline maps to its province
    if place and place.province:
        region = next((r for r in regions if r.short_zh == place.province), None)
    for text in (byline, title):
        counts = regions_in(text, regions)
        if counts and region is None:
            name = counts.most_common(1)[0][0]
            region = next(r for r in regions if r.name == name)
            break
    city = (place.city or "") if place and region and place.province == region.short_zh else ""
    spread = len(body_regions)
    if OVERVIEW.search(heading) or (region is None and spread >= NATIONAL_SPREAD):
        level, region_name, region_zh = "national", "National", "全国"
    elif region is not None:
        city_post = (CITY_POST.search(byline or title) or (byline and level_of(byline, region.short_zh) == "local")) \
            and region.kind != "municipality"
        level = "city" if city_post else "province"
        region_name, region_zh = region.name, region.short_zh
    elif body_regions and body_regions.most_common(1)[0][1] >= 3:
        name = body_regions.most_common(1)[0][0]
        region = next(r for r in regions if r.name == name)
        level, region_name, region_zh = "province", region.name, region.short_zh
    elif CITY_POST.search(" ".join([byline, title, page.body[:200]])):
        level, region_name, region_zh = "city", "City", "某市"
    else:
        level, region_name, region_zh = "unknown", "", ""  # no region found: no level either
    if not byline and _genre(page, level) == "speech" and (speaker := SPEAKER.match(title)):
        byline = speaker["speaker"]
    return _row(page, region_name, level, region_zh, city, byline)


def _decides(attribution: Attribution) -> bool:
    """Whether the author's post settles the row, as it does in the journal: any post but an anonymised city's
    (市委书记, which only the text around it can place)."""
    return bool(attribution.post) and (bool(attribution.province) or not CITY_POST.search(attribution.post))


def _placed(attribution: Attribution, regions: list[Region]) -> tuple[str, str, str]:
    """Level, region and its Chinese name of a page whose author's post decides them."""
    level = SCOPE.get(attribution.level, "unknown")  # a school or firm: a province, but no level of government
    region = next((r for r in regions if r.short_zh == attribution.province), None)
    if region is None:
        return (level, "National", "全国") if level == "national" else (level, "", "")  # a central organ, or none
    return level, region.name, region.short_zh


def _row(page: CleanedPage, region: str, level: str, region_zh: str, city: str, post: str) -> dict[str, str]:
    found = page.found
    return {
        "region": region,
        "level": level,
        "genre": _genre(page, level),
        "region_zh": region_zh,
        "city": city,
        "author": found.get("author", ""),
        "author_role": post,
        "outlet": found.get("outlet", ""),
        "published": found.get("published", ""),
        "issue": found.get("issue", ""),
        "title": found.get("title", ""),
        "script": page.script,
    }


def _genre(page: CleanedPage, level: str) -> str:
    title = page.found.get("title", "")
    if SPEECH.search(title) or page.body.startswith(("同志们", "各位")):
        return "speech"
    if level == "national" or OVERVIEW.search(" ".join([title, page.found.get("subtitle", "")])):
        return "overview"
    return "article"
