"""Fixtures for the browser tests of the built book: a local web server for _build/html and a headless Chromium.

The tests read an already-built site (``make book``); they never build it themselves.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
# The system Chromium (never a downloaded one), without sandbox (containers, root), GPU or background downloads and updates.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update", "--no-first-run"]


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``book`` marker, so that ``-m book`` / ``-m "not book"`` select the tests of the built book."""
    config.addinivalue_line("markers", "book: tests of the built book (browser tests need `make book` first)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``book``, present and future, without relying on each module to do it."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.book)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that does not log every request to stderr."""

    def log_message(self, format: str, *args: object) -> None:
        """Drop the access log line."""


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    """The base URL (ending in /) of _build/html served on 127.0.0.1 at a free port, for the whole session."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(HTML)))
    thread = threading.Thread(target=server.serve_forever, name="book-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless system Chromium, launched once for the session."""
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is not installed (scripts/setup.sh browser installs it)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
