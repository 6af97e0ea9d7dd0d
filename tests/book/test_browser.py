"""The built HTML book in a real browser: every page loads cleanly, shows its images, links only to pages and anchors that
exist and carries Chinese text; search finds a Chinese and an English term; figures are not blank.

Pages are every .html file under _build/html/book plus search.html; a full-page screenshot of each is saved in
_build/screenshots for review. Run after `make book`: ``pytest -m book tests/book``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urldefrag, urlsplit

import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Error, Page, Request, Response

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"

# Checked per test, not at import: a module-level skip would show as "1 skipped" in `pytest -m "not book"` too.
BUILT = (HTML / "index.html").is_file()

FIRST_PAGE = "book/intro.html"
PAGES = [path.relative_to(HTML).as_posix() for path in sorted((HTML / "book").rglob("*.html"))] + ["search.html"]
HAN = re.compile("[\u4e00-\u9fff]")

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture(autouse=True)
def _built_book() -> None:
    if not BUILT:
        pytest.skip(f"no built book in {HTML}: run `make book` first")


def open_context(browser: Browser, base: str, width: int = WIDTHS["desktop"]) -> BrowserContext:
    """A fresh browser profile, as a desktop or as a phone, that aborts every request leaving the local server.

    The book must work offline (an archived copy, a reader without access to a CDN), and the tests must not depend on
    the network of the machine that runs them; a page that needs a third-party resource therefore fails.
    """
    phone = width < 600
    context = browser.new_context(viewport={"width": width, "height": 844 if phone else 900}, is_mobile=phone,
                                  has_touch=phone)
    context.route(lambda url: not url.startswith(base), lambda route: route.abort("blockedbyclient"))
    return context


@dataclass(frozen=True)
class Target:
    """What an internal link points at: its HTTP status and the ids (fragment targets) in it."""

    status: int
    ids: frozenset[str]


@dataclass
class Visit:
    """What one page did when opened in a fresh browser profile."""

    path: str
    width: int = WIDTHS["desktop"]
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    broken_links: list[str] = field(default_factory=list)
    missing_fragments: list[str] = field(default_factory=list)
    linked_pages: set[str] = field(default_factory=set)
    linked_downloads: set[str] = field(default_factory=set)
    text: str = ""
    page_width: int = 0
    unboxed_tables: int = 0
    figures: int = 0
    zoomable_figures: int = 0


class IdCollector(HTMLParser):
    """Collects every id, and every <a name>, of an HTML document: the fragments a link may point at."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (tag == "a" and name == "name")):
                self.ids.add(value)


class Site:
    """Opens each page once, in its own browser context, and requests each internal link target once for the whole run."""

    def __init__(self, browser: Browser, base: str) -> None:
        self.browser = browser
        self.base = base
        self.visits: dict[tuple[str, int], Visit] = {}
        self.targets: dict[str, Target] = {}

    def visit(self, path: str, width: int = WIDTHS["desktop"]) -> Visit:
        """Load ``path`` at ``width``, record errors, image states, links, text and layout, and save a screenshot."""
        if (path, width) not in self.visits:
            context = open_context(self.browser, self.base, width)
            try:
                self.visits[path, width] = self._load(context.new_page(), path, width)
            finally:
                context.close()
        return self.visits[path, width]

    def _load(self, page: Page, path: str, width: int) -> Visit:
        visit = Visit(path, width)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                visit.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

        def on_request_failed(request: Request) -> None:
            blocked = "" if request.url.startswith(self.base) else " (third-party request, blocked: see open_context)"
            visit.failed_requests.append(f"{request.url}: {request.failure}{blocked}")

        def on_response(response: Response) -> None:
            if response.status >= 400:
                visit.failed_requests.append(f"{response.url}: HTTP {response.status}")

        def on_page_error(error: Error) -> None:
            visit.console_errors.append(f"uncaught {error.name}: {error.message}")

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        page.on("requestfailed", on_request_failed)
        page.on("response", on_response)
        page.goto(self.base + path, wait_until="load")
        page.wait_for_load_state("networkidle")

        visit.broken_images = page.eval_on_selector_all(
            "img", "imgs => imgs.filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.currentSrc || img.src)"
        )
        visit.text = page.inner_text("body")
        visit.page_width = page.evaluate("document.scrollingElement.scrollWidth")
        visit.unboxed_tables = page.eval_on_selector_all(
            "article table", "tables => tables.filter(t => !t.closest('.pst-scrollable-table-container')).length")
        visit.figures = page.eval_on_selector_all("article figure img", "imgs => imgs.length")
        visit.zoomable_figures = page.eval_on_selector_all("article figure a.figure-zoom > img", "imgs => imgs.length")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = path.removesuffix(".html").replace("/", "_") + ("" if width == WIDTHS["desktop"] else f"-{width}")
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
        if width != WIDTHS["desktop"]:
            return visit
        hrefs: list[str] = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
        for href in dict.fromkeys(hrefs):
            url, fragment = urldefrag(href)
            if urlsplit(url)[:2] != urlsplit(self.base)[:2]:
                continue
            target = self._target(page, url)
            if target.status != 200:
                visit.broken_links.append(f"{href}: HTTP {target.status}")
            elif fragment and unquote(fragment) not in target.ids:
                visit.missing_fragments.append(href)
            if url.endswith(".html"):
                visit.linked_pages.add(url.removeprefix(self.base))
            if url.startswith(self.base + "downloads/"):
                visit.linked_downloads.add(url.removeprefix(self.base))
        return visit

    def _target(self, page: Page, url: str) -> Target:
        """Status and ids of an internal URL, requested through the page's request context (once per run)."""
        if url not in self.targets:
            response = page.request.get(url)
            ids: set[str] = set()
            if "html" in response.headers.get("content-type", ""):
                collector = IdCollector()
                collector.feed(response.text())
                ids = collector.ids
            self.targets[url] = Target(response.status, frozenset(ids))
        return self.targets[url]


@pytest.fixture(scope="module")
def site(browser: Browser, site_url: str) -> Site:
    return Site(browser, site_url)


@pytest.fixture()
def page(browser: Browser, site_url: str) -> Iterator[Page]:
    """A page in a fresh browser context, for the tests that drive a page themselves."""
    context = open_context(browser, site_url)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("path", PAGES)
def test_no_console_errors(site: Site, path: str, width: int) -> None:
    """No console.error message (the favicon probe and the theme's first-visit mode included) and no uncaught
    exception."""
    assert site.visit(path, width).console_errors == []


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("path", PAGES)
def test_no_failed_requests(site: Site, path: str, width: int) -> None:
    assert site.visit(path, width).failed_requests == []


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("path", PAGES)
def test_images_loaded(site: Site, path: str, width: int) -> None:
    assert site.visit(path, width).broken_images == []


@pytest.mark.parametrize("path", PAGES)
def test_on_a_phone_no_page_is_wider_than_the_screen(site: Site, path: str) -> None:
    """At 390 px the page never scrolls sideways: wide tables scroll inside their own box, and figures open at full
    size on a tap."""
    visit = site.visit(path, WIDTHS["phone"])
    assert visit.page_width <= WIDTHS["phone"], f"the page is {visit.page_width} px wide"
    assert visit.unboxed_tables == 0
    assert visit.zoomable_figures == visit.figures


def test_on_a_phone_a_chart_wider_than_the_screen_says_it_scrolls_and_takes_focus(browser: Browser,
                                                                                 site_url: str) -> None:
    """The atlas's tile map is drawn 631 px wide: at 390 px it scrolls in its box, with a line saying so, and the
    keyboard can reach it; on a desktop it fits, and neither shows."""
    for width, scrolls in ((WIDTHS["phone"], True), (WIDTHS["desktop"], False)):
        context = open_context(browser, site_url, width)
        try:
            page = context.new_page()
            page.goto(site_url + "book/atlas.html")
            page.wait_for_load_state("networkidle")
            box = page.locator(".vega-figure").first
            box.locator("svg").wait_for()
            page.wait_for_timeout(300)
            assert (box.get_attribute("tabindex") == "0") is scrolls
            assert page.locator(".vega-figure + .chart-scroll-hint").first.is_visible() is scrolls
        finally:
            context.close()


def test_a_tapped_figure_opens_at_full_size(browser: Browser, site_url: str) -> None:
    context = open_context(browser, site_url, WIDTHS["phone"])
    try:
        page = context.new_page()
        page.goto(site_url + "book/themes.html")
        page.locator("article figure a.figure-zoom").first.tap()
        page.wait_for_url("**/_images/*.png")
        assert page.evaluate("document.images[0].naturalWidth") > 1000
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_links_the_pdf_and_the_tables(site: Site, path: str, site_url: str) -> None:
    """The PDF and the zip of every table, linked from each page's navigation (they resolve: see the links test)."""
    links = site.visit(path).linked_downloads
    assert {"downloads/book.pdf", "downloads/all-tables.zip"} <= links, links


@pytest.mark.parametrize("path", PAGES)
def test_internal_links_resolve(site: Site, path: str) -> None:
    assert site.visit(path).broken_links == []


@pytest.mark.parametrize("path", PAGES)
def test_link_fragments_exist(site: Site, path: str) -> None:
    """Every #fragment of an internal link names an element on its target page (theme links included)."""
    assert site.visit(path).missing_fragments == []


@pytest.mark.parametrize("path", [path for path in PAGES if path != "search.html"])
def test_page_shows_chinese_text(site: Site, path: str) -> None:
    assert HAN.search(site.visit(path).text), f"no Han character in the text of {path}"


def test_every_page_reachable_from_the_first(site: Site) -> None:
    """Following links from the first chapter reaches every book page: none is orphaned outside the navigation."""
    reached, queue = {FIRST_PAGE}, [FIRST_PAGE]
    while queue:
        for linked in site.visit(queue.pop()).linked_pages - reached:
            reached.add(linked)
            queue.append(linked)
    assert {path for path in PAGES if path.startswith("book/")} - reached == set()


def test_index_redirects_to_first_page(page: Page, site_url: str) -> None:
    page.goto(site_url + "index.html")
    page.wait_for_url(site_url + FIRST_PAGE)


# The index is segmented with jieba (html_search_language: zh, the lexicon's terms kept whole) and the query by
# _static/zh-search.js against the index's own terms: a Chinese phrase finds the pages that hold it.
@pytest.mark.parametrize(("query", "expected"), [
    ("两个确立", "book/slogans.html"), ("乡村振兴", "book/appendix/lexicons.html"), ("推进乡村振兴", "book/national.html"),
    ("基层党建", "book/appendix/lexicons.html"), ("keyness", "book/appendix/methods.html"),
])
def test_search_finds(page: Page, site_url: str, query: str, expected: str) -> None:
    page.goto(f"{site_url}search.html?q={quote(query)}")
    # The theme hides this heading (the page has its own <h1>); Sphinx sets its text when the search has finished.
    page.locator("#search-results h2", has_text="Search Results").wait_for(state="attached")
    results = page.eval_on_selector_all("#search-results ul.search li a", "links => links.map(link => link.href)")
    assert results, f"search for {query!r} found nothing"
    assert any(urldefrag(url)[0] == site_url + expected for url in results), results


def test_search_box_takes_chinese(page: Page, site_url: str) -> None:
    """Typing into the header's search box, as a reader does, lists the pages."""
    page.goto(site_url + "book/intro.html")
    page.keyboard.press("Control+k")
    box = page.locator("input[name='q']:visible").first
    box.fill("乡村振兴")
    box.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    page.locator("#search-results h2", has_text="Search Results").wait_for(state="attached")
    assert page.locator("#search-results ul.search li").count() >= 3


def test_one_search_field_and_no_empty_top_bar(page: Page, site_url: str) -> None:
    """At 1280 px the page starts with its content: no top bar holding a second search field."""
    page.goto(site_url + "book/themes.html")
    fields = page.locator("button.search-button-field:visible")
    assert fields.count() == 1  # the sidebar's
    assert page.locator("article h1:visible").first.bounding_box()["y"] < 200


def test_figure_not_blank(page: Page, site_url: str) -> None:
    """The first figure of the themes chapter, as rendered, has many colours and dark marks (axes, labels, cells)."""
    page.goto(site_url + "book/themes.html")
    figure = page.locator("figure img").first
    # A missing image renders its alt text, which has colours and dark pixels too: require the real, decoded image.
    assert figure.evaluate("img => img.complete && img.naturalWidth > 200"), "the figure's image did not load"
    png = figure.screenshot()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=image.width * image.height) or []
    dark = sum(image.convert("L").histogram()[:80])
    assert len(colours) > 20, f"only {len(colours)} distinct colours"
    assert dark > image.width * image.height / 1000, f"only {dark} dark pixels"


def test_the_term_explorer_shows_a_words_gloss_counts_and_lines(page: Page, site_url: str) -> None:
    """Hover a word: its gloss and counts; click it: its lines in context, drawn offline by the book's own bundle."""
    page.goto(site_url + "book/vocabulary.html")
    points = page.locator(".vega-figure .mark-symbol path")
    points.first.wait_for()
    assert points.count() >= 50
    word = points.nth(points.count() - 1)
    word.hover()
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible")
    assert "gloss" in tooltip.inner_text() and "uses here" in tooltip.inner_text()
    word.click()
    lines = page.locator(".vega-figure .mark-text text", has_text="【")
    lines.first.wait_for()
    assert HAN.search(lines.first.text_content() or "")
    assert page.locator(".vega-figure select").count() == 1  # the document menu


def test_a_province_on_the_map_opens_its_profile(page: Page, site_url: str) -> None:
    page.goto(site_url + "book/atlas.html")
    tile = page.locator(".vega-figure .mark-text text").nth(5)
    tile.wait_for()
    tile.hover()
    page.locator("#vg-tooltip-element").wait_for(state="visible")
    assert "top slogans" in page.locator("#vg-tooltip-element").inner_text()
    with page.expect_navigation():
        tile.click()
    assert "/book/appendix/provinces.html#" in page.url
    assert page.evaluate("!!document.getElementById(decodeURIComponent(location.hash.slice(1)))")
