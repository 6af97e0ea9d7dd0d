"""Check the built PDF: a CJK font embedded, every chapter title and Chinese text present, a sane page
count, and no missing glyphs in the LaTeX log.

Usage: python scripts/check_pdf.py _build/latex/book.pdf
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = (20, 200)
CHINESE = ("两个确立", "习近平新时代中国特色社会主义思想", "基层党组织")


def chapter_titles() -> list[str]:
    """The first heading of every chapter listed in _toc.yml."""
    titles = []
    for line in (ROOT / "_toc.yml").read_text(encoding="utf-8").splitlines():
        match = re.search(r"(?:file|root):\s*(\S+)", line)
        if match:
            text = (ROOT / f"{match.group(1)}.md").read_text(encoding="utf-8")
            titles.append(re.search(r"^# (.+)$", text, re.M).group(1).strip())
    return titles


def problems(pdf: Path) -> list[str]:
    found = []
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    if not any("CJK" in line and " yes " in line for line in fonts.splitlines()[2:]):
        found.append(f"{pdf}: no embedded CJK font in pdffonts output")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text).replace("\u2011", "-")  # LaTeX sets hyphens in titles as non-breaking
    for title in chapter_titles():
        if re.sub(r"\s+", "", title) not in flat:
            found.append(f"{pdf}: chapter title missing from the text: {title}")
    for term in CHINESE:
        if term not in flat:
            found.append(f"{pdf}: Chinese text missing: {term}")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    if not PAGES[0] <= pages <= PAGES[1]:
        found.append(f"{pdf}: {pages} pages, expected {PAGES[0]}–{PAGES[1]}")
    log = pdf.with_suffix(".log")
    if log.is_file():
        missing = [line for line in log.read_text(errors="replace").splitlines() if "Missing character" in line]
        if missing:
            found.append(f"{log}: {len(missing)} missing characters, first: {missing[0].strip()}")
    return found


def main() -> int:
    pdf = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "_build" / "latex" / "book.pdf")
    if not pdf.is_file():
        print(f"{pdf}: not found — build it with `make pdf`", file=sys.stderr)
        return 1
    found = problems(pdf)
    for problem in found:
        print(problem, file=sys.stderr)
    if not found:
        print(f"{pdf}: CJK font embedded, all chapter titles and Chinese text present, no missing characters")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
