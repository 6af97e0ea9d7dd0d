"""Check the built PDF: a CJK font embedded, every chapter title and Chinese text present, a sane page
count, no missing glyphs in the LaTeX log; and its structure: a title page, a table of contents headed
"Contents", the introduction as one chapter, the parts of the HTML with a lettered appendix, the profiles as
bookmarked headings, a numbered caption on every table and no overfull line over 5 pt.

Usage: python scripts/check_pdf.py _build/latex/book.pdf
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = (20, 200)
MAX_OVERFULL_PT = 5.0
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
        overfull = [float(n) for n in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log.read_text(errors="replace"))]
        if overfull and max(overfull) > MAX_OVERFULL_PT:
            found.append(f"{log}: an overfull line of {max(overfull):.1f} pt (at most {MAX_OVERFULL_PT} pt allowed)")
    tex = pdf.with_suffix(".tex")
    if tex.is_file():
        source = tex.read_text(encoding="utf-8")
        tables = source.count("\\begin{longtable}")
        captions = len(re.findall(r"\\begin\{longtable\}[^\n]*\n[^\n]*\n\\caption\{", source))
        if tables != captions or "\\begin{tabulary}" in source or "\\begin{tabular}" in source:
            found.append(f"{tex}: {tables - captions} of {tables} long tables have no caption, or a table cannot break")
    return found + structure_problems(pdf, text)


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """The PDF's bookmarks as (depth, title, number of children)."""
    from pypdf import PdfReader

    entries: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for index, item in enumerate(items):
            if isinstance(item, list):
                walk(item, depth + 1)
                continue
            children = items[index + 1] if index + 1 < len(items) and isinstance(items[index + 1], list) else []
            entries.append((depth, item.title, sum(1 for child in children if not isinstance(child, list))))

    walk(PdfReader(pdf).outline, 0)
    return entries


def structure_problems(pdf: Path, text: str) -> list[str]:
    found = []
    pages = text.split("\f")
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    title = re.search(r'^title:\s*"?([^"\n]+)"?', config, re.M).group(1)
    if title not in pages[0]:
        found.append(f"{pdf}: the first page is not a title page with the title {title!r}")
    plain = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout  # no columns
    glued = re.findall(r"[A-Za-z]—[A-Za-z]|[A-Za-z]“|”[A-Za-z]", plain)
    if glued:
        found.append(f"{pdf}: a dash or a quote lost its spacing: {glued[:3]}")
    if not any(re.search(r"^\s*CONTENTS\s*$", page, re.M | re.I) for page in pages[1:4]):
        found.append(f"{pdf}: no table of contents headed Contents in the first pages")
    bookmarks = outline(pdf)
    top = [entry[1] for entry in bookmarks if entry[0] == 0]
    captions = re.findall(r"caption:\s*(.+)", (ROOT / "_toc.yml").read_text(encoding="utf-8"))
    numerals = ("I", "II", "III", "IV", "V", "VI")[:len(captions)]
    expected = ["Introduction", *[f"{n} {c.strip()}" for n, c in zip(numerals, captions, strict=True)]]
    if top != expected:
        found.append(f"{pdf}: top-level bookmarks {top}, expected {expected}")
    if "APPENDIX" not in text or not re.search(r"^\s*A\s*$", text, re.M):
        found.append(f"{pdf}: the appendix chapters are not lettered")
    children = {title: count for _, title, count in bookmarks}
    for chapter in ("Region profiles", "Province profiles"):
        if children.get(chapter, 0) == 0:
            found.append(f"{pdf}: {chapter} has no bookmarked headings")
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
