"""Accessibility of the built book: no WCAG 2.x A or AA violation that axe-core 4 finds on any page; every figure
image says what it shows, every interactive chart has a description of its own (not Vega's "Vega visualization")."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def opened(browser: Browser, url: str) -> Iterator[Page]:
    """A new tab on ``url``, loaded (no request pending), closed afterwards."""
    tab = browser.new_page()
    try:
        tab.goto(url)
        tab.wait_for_load_state("networkidle")
        yield tab
    finally:
        tab.close()


PAGES = sorted(path.relative_to(ROOT / "_build" / "html").as_posix()
               for path in (ROOT / "_build" / "html" / "book").rglob("*.html"))


@pytest.mark.parametrize("page", PAGES)
def test_figures_and_charts_have_text_alternatives(page, site_url, browser):
    with opened(browser, site_url + page) as tab:
        alts = tab.eval_on_selector_all("figure img", "images => images.map(image => image.alt)")
        assert all(alt and "_images/" not in alt for alt in alts), alts
        tab.wait_for_timeout(300)
        labels = tab.eval_on_selector_all(".vega-figure", "charts => charts.map(c => c.getAttribute('aria-label'))")
        assert all(label and label != "Vega visualization" for label in labels), labels


# WCAG 2.0-2.2, levels A and AA; label-content-name-mismatch (WCAG 2.1 A, 2.5.3) is one of axe's experimental rules
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
               "rules": {"label-content-name-mismatch": {"enabled": True}}}


@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_no_wcag_violation(page, site_url, browser):
    with opened(browser, site_url + page) as tab:
        tab.wait_for_timeout(300)  # the charts draw after the page's load
        violations = Axe().run(tab, options=AXE_OPTIONS).response["violations"]
        assert not violations, [(v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3]) for v in violations]


def test_every_chapter_page_is_checked():
    assert len(PAGES) >= 19 and "book/centre.html" in PAGES  # an unbuilt book would check nothing


def test_a_chart_tooltip_is_opaque_and_sans_serif(site_url, browser):
    with opened(browser, site_url + "book/atlas.html") as tab:
        chart = tab.locator(".vega-figure svg").first
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        tab.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.45)  # a tile near the middle
        tab.wait_for_selector("#vg-tooltip-element.visible", timeout=5000)
        style = tab.eval_on_selector("#vg-tooltip-element", "e => { const s = getComputedStyle(e); "
                                     "return [s.fontFamily, s.backgroundColor, s.opacity]; }")
        assert style[0].startswith('"Noto Sans CJK SC"') and style[1] == "rgb(255, 255, 255)" and style[2] == "1"


@pytest.mark.parametrize("page", ["book/atlas.html", "book/centre.html"])
def test_each_map_and_network_reads_as_sentences_and_has_its_data_as_a_table(page, site_url, browser):
    with opened(browser, site_url + page) as tab:
        tab.wait_for_timeout(500)
        labels = tab.eval_on_selector_all(".vega-figure [aria-label]", "marks => marks.map(m => m.getAttribute('aria-label'))")
        assert labels and not [label for label in labels if "col:" in label or "gloss: ;" in label]
        assert any(label.startswith(("湖南 Hunan: ", "江苏 cites ")) for label in labels)
        rows = tab.eval_on_selector_all(".vega-figure", "charts => charts.map(c => "
                                        "c.parentElement.querySelectorAll('details.chart-data tbody tr').length)")
        assert rows and all(count >= 10 for count in rows), rows


def test_a_prose_page_loads_no_icon_script_and_half_its_old_weight(site_url, browser):
    """The theme's fontawesome.js (1.49 MB, for custom SVG icons) made every page weigh 2.5 MB or more; its
    stylesheet and web fonts draw the book's icons."""
    tab = browser.new_page()
    sizes: dict[str, int] = {}
    tab.on("requestfinished", lambda request: sizes.__setitem__(request.url, request.sizes()["responseBodySize"]))
    try:
        tab.goto(site_url + "book/intro.html")
        tab.wait_for_load_state("networkidle")
        assert not [url for url in sizes if "fontawesome.js" in url]
        assert any("fa-solid-900.woff2" in url for url in sizes)  # the icons' font, which draws them instead
        assert sum(sizes.values()) < 1_250_000, sorted(sizes.items(), key=lambda item: -item[1])[:5]
    finally:
        tab.close()


def test_the_keyboard_reaches_a_province_profile_from_the_map(site_url, browser):
    """A click on a tile opens the province's profile; the map's data table gives the keyboard the same links."""
    with opened(browser, site_url + "book/atlas.html") as tab:
        summary = tab.locator("details.chart-data summary").first
        summary.focus()
        tab.keyboard.press("Enter")  # opens the table
        tab.keyboard.press("Tab")
        focused = tab.evaluate("document.activeElement.textContent + ' ' + document.activeElement.getAttribute('href')")
        assert focused.startswith("Shandong appendix/provinces.html#"), focused  # the most articles come first
        tab.keyboard.press("Enter")
        tab.wait_for_url("**/appendix/provinces.html#*")
        assert "山东" in tab.evaluate("document.querySelector(':target').querySelector('h2, h3').textContent")
