"""The README's screenshots of the built book: ``python scripts/readme_screenshots.py [--html _build/html]``.

Serves the built site on a free local port, opens it in the system's Chromium
(headless, through Playwright: no browser is downloaded) and saves two small
PNGs in ``docs/images``: the report's first screen, and the first figure of
"Slogans over time" with its caption. The images are reduced to a 64-colour
palette, so that each stays small in the repository. Run it after ``make book``.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import socketserver
import sys
import threading
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
SHOTS = {  # file in docs/images → (page, element to capture or None for the first screen)
    "book-first-screen.png": ("book/intro.html", None),
    "book-slogan-figure.png": ("book/trends.html", "figure"),
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the browser's requests are not news
        pass


def capture(html: Path, out: Path) -> list[Path]:
    """Take every screenshot of ``SHOTS`` from the site in ``html``; return the files written."""
    handler = functools.partial(_Quiet, directory=str(html))
    written = []
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            for name, (address, selector) in SHOTS.items():
                page.goto(f"{base}/{address}")
                page.wait_for_load_state("networkidle")
                target = out / name
                if selector is None:
                    page.screenshot(path=str(target))
                else:
                    page.locator(f"article {selector}").first.screenshot(path=str(target))
                Image.open(target).convert("RGB").quantize(colors=64).save(target, optimize=True)
                written.append(target)
            browser.close()
        server.shutdown()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html", help="the built site (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images", help="where the PNGs go (default: %(default)s)")
    args = parser.parse_args(argv)
    if not (args.html / "book" / "intro.html").is_file():
        print(f"error: {args.html}: no built book — run `make book` first", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for path in capture(args.html, args.out):
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
