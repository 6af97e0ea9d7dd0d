"""The reader's own questions in the built HTML (book/terms.html): any term's temperature and lines, by mouse and by
keyboard, at desktop and phone widths, with nothing fetched from outside the local server; and the compare menu."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

PAGE = "book/terms.html"
EXPLORER = Path(__file__).resolve().parents[2] / "_build" / "html" / "explorer"


def stored_lines(term: str) -> list[list]:
    """The articles of the lines the site stores for a named term (as the page's script reads them)."""
    index = json.loads((EXPLORER / "term-index.json").read_text(encoding="utf-8"))
    articles = json.loads((EXPLORER / "articles.json").read_text(encoding="utf-8"))
    lines = json.loads((EXPLORER / "lines" / f"{index['terms'].index(term)}.json").read_text(encoding="utf-8"))
    return [articles[line[0]] for line in lines]


@contextmanager
def explorer(browser: Browser, site_url: str, width: int = 1280) -> Iterator[tuple[Page, list[str]]]:
    """The terms page at ``width``, its first term drawn; with every URL the page requested."""
    tab = browser.new_page(viewport={"width": width, "height": 900})
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    try:
        tab.goto(site_url + PAGE)
        tab.wait_for_selector(".term-explorer-issues svg", timeout=20_000)
        yield tab, requested
    finally:
        tab.close()


def show(tab: Page, term: str) -> str:
    tab.fill("#term-explorer-input", term)
    tab.press("#term-explorer-input", "Enter")
    tab.wait_for_function("t => document.querySelector('.term-explorer-status').textContent.includes(t)", arg=term)
    return tab.text_content(".term-explorer-status")


def test_a_typed_term_shows_its_counts_bursts_and_provinces(browser, site_url):
    with explorer(browser, site_url) as (tab, _):
        assert show(tab, "主题教育").startswith("主题教育 (Thematic education campaign): 529 uses in 178 of the journal's "
                                              "counted articles")
        details = tab.text_content(".term-explorer-details")
        assert "2023-05" in details and "Top provinces" in details and "Jiangsu" in details
        years = tab.eval_on_selector_all(".term-explorer-details details tbody tr td:first-child",
                                         "cells => cells.map(c => c.textContent)")
        assert years[0] == "2020" and years[-1] == "2026"
        # a word has no stored collocates or lines, and says how to get them
        show(tab, "基层治理")
        assert "python -m analysis collocates 基层治理" in tab.text_content(".term-explorer-details")
        picked = tab.eval_on_selector("#term-explorer-issue", "s => s.options[s.selectedIndex].textContent")
        tab.click(".term-explorer-picker button")
        tab.wait_for_selector(".term-explorer-kwic li")
        assert "kwic --corpus journal 基层治理" in tab.text_content(".term-explorer-lines")
        using = int(picked.split("(")[1].split(" of ")[0])  # "2020-12 (1 of 15 articles)"
        assert tab.locator(".term-explorer-kwic li").count() == min(using, 3)


def test_a_term_outside_the_index_is_said_in_one_line(browser, site_url):
    with explorer(browser, site_url) as (tab, _):
        status = show(tab, "不存在的词语")
        assert "is not in the index" in status and "kwic --corpus journal 不存在的词语" in status


def test_a_click_on_an_issue_shows_that_issues_lines_with_title_and_post(browser, site_url):
    with explorer(browser, site_url) as (tab, requested):
        show(tab, "主题教育")
        bar = tab.locator(".term-explorer-issues path[aria-label^='issue: 2023-05; share of its articles']")
        bar.click()
        tab.wait_for_selector(".term-explorer-kwic li")
        lines = tab.eval_on_selector_all(".term-explorer-kwic li", "items => items.map(i => i.textContent)")
        kept = [article for article in stored_lines("主题教育") if article[2] == "2023-05"]
        assert len(lines) == len(kept) == 5  # 6 articles use it: the first 5 are kept
        assert all("主题教育" in line and "2023-05" in line for line in lines)
        assert "up to 5 articles per issue are kept" in tab.text_content(".term-explorer-lines")
        assert tab.eval_on_selector(".term-explorer-kwic mark", "m => m.textContent") == "主题教育"
        assert tab.eval_on_selector_all(".term-explorer-source a", "links => links.every(a => a.href.startsWith('http'))")
        assert all(url.startswith(site_url) for url in requested), [u for u in requested if not u.startswith(site_url)]


def test_the_keyboard_reaches_an_issues_and_a_provinces_lines(browser, site_url):
    with explorer(browser, site_url) as (tab, _):
        show(tab, "主题教育")
        tab.focus("#term-explorer-issue")
        tab.select_option("#term-explorer-issue", "2023-05")
        tab.keyboard.press("Tab")
        tab.keyboard.press("Enter")
        tab.wait_for_selector(".term-explorer-kwic li")
        assert tab.locator(".term-explorer-kwic li").count() == 5
        assert tab.evaluate("document.activeElement.classList.contains('term-explorer-lines')")
        button = tab.locator(".term-explorer-read").first
        label = button.get_attribute("aria-label")
        button.focus()
        tab.keyboard.press("Enter")
        tab.wait_for_function("() => document.querySelector('.term-explorer-lines h3').textContent.includes('Jiangsu')")
        assert label == "Read the lines of 主题教育 by authors from Jiangsu"
        jiangsu = [article for article in stored_lines("主题教育") if article[4] == "江苏"]
        assert tab.locator(".term-explorer-kwic li").count() == len(jiangsu) > 0


def test_on_a_phone_the_explorer_fits_the_screen(browser, site_url):
    with explorer(browser, site_url, width=390) as (tab, _):
        widths = tab.eval_on_selector_all(".term-explorer svg", "svgs => svgs.map(s => s.getBoundingClientRect().right)")
        assert widths and max(widths) <= 390, widths


@pytest.mark.parametrize("width", [1280, 390])
def test_the_compare_menu_shows_the_picked_groups_words(browser, site_url, width):
    with explorer(browser, site_url, width) as (tab, _):
        first = tab.text_content(".compare-menu-status")
        assert first.startswith("Group A, Before the 20th Party Congress (to 2022-09), against group B, From the 20th")
        assert "脱贫攻坚" in tab.text_content(".compare-menu-result")
        tab.select_option("#compare-menu-a", "Case studies")
        options = tab.eval_on_selector_all("#compare-menu-b option", "options => options.map(o => o.value)")
        assert options == ["Signed articles", "Editorials", "The rest of the journal"]
        tab.select_option("#compare-menu-b", "The rest of the journal")
        rows = tab.eval_on_selector_all(".compare-menu-result tbody tr", "rows => rows.map(r => r.textContent)")
        assert len(rows) == 24 and rows[0].startswith("行业") and "one article carries most of A's uses" in rows[0]
