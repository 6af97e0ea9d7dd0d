"""Build the whole book over a seeds folder with one more document — a hostile one — without code changes.

The extra page is an Anhui article scraped with chrome, in traditional script with pinyin notes, with
no headings, and carrying HTML, Markdown and MyST syntax in its title and text. The book must show it
everywhere as text (escaped), never execute or render it, and give the new region its place in the
corpus table, the theme tables and the region profiles.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.book
IGNORE = shutil.ignore_patterns("_build", ".venv", ".cache", ".git", "__pycache__", ".pytest_cache", ".ruff_cache")

PAGE = "\n".join([
    "首頁 | 新聞 | 理論 | 黨建 | 視頻",
    "當前位置：首頁 > 理論",
    "安徽：抓黨建促發展<b>加粗</b>",
    "發布時間：2024-05-06 來源：安徽黨建網",
    "安徽省堅持大抓基層的鮮明導向，推動基層黨組織全面進步全面過硬，堅定擁護“兩個確立”、堅決做到“兩個維護”。",
    "各級機(jī)關(guān)黨組織扎實推進高質量發展<script>alert(1)</script>，深入學習習近平新時代中國特色社會主義思想。",
    "安徽持續推進全面從嚴治黨<img src=x onerror=alert(2)>，以{glue:text}`documents`和`code`以及$x^2$為例，堅持“徽黨建”工作品牌。",
    "(作者為中共安徽省委常委、組織部長)",
    "版權所有 安徽黨建網 皖ICP備00000000號",
])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    scratch = tmp_path_factory.mktemp("extra")
    project = scratch / "project"
    shutil.copytree(ROOT, project, ignore=IGNORE)
    seeds = scratch / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    (seeds / "anhui.txt").write_text(PAGE, encoding="utf-8")
    env = {**os.environ, "ANALYSIS_CACHE": str(scratch / "cache")}
    added = subprocess.run([sys.executable, "-m", "analysis", "add", str(seeds / "anhui.txt"), "--seeds", str(seeds)],
                           cwd=project, env=env, capture_output=True, text=True)
    assert added.returncode == 0, added.stderr
    build = subprocess.run([sys.executable, "scripts/build_book.py", "html", "--strict", "--seeds", str(seeds)],
                           cwd=project, env=env, capture_output=True, text=True)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return project / "_build"


def page(built: Path, name: str) -> str:
    return (built / "html" / "book" / f"{name}.html").read_text(encoding="utf-8")


def test_new_region_appears_everywhere(built):
    import pandas as pd

    documents = pd.read_csv(built / "tables" / "documents.csv", keep_default_na=False).set_index("doc_id")
    assert documents.loc["anhui", "region"] == "Anhui" and documents.loc["anhui", "script"] == "traditional"
    assert "Anhui" in page(built, "corpus")
    themes = pd.read_csv(built / "tables" / "themes.csv")
    assert len(themes[themes["doc_id"] == "anhui"]) == themes["theme"].nunique()  # a row of the heatmap
    assert "Anhui" in page(built, "themes")  # the emphasis table beside the heatmap
    profiles = page(built, "profiles")
    assert 'id="anhui"' in profiles and "抓党建促发展" in profiles
    structure = pd.read_csv(built / "tables" / "structure.csv").set_index("doc_id")
    assert structure.loc["anhui", "sections"] == 0  # no headings: an empty outline, not an error


def test_hostile_text_is_escaped_on_every_page(built):
    html = {p.name: p.read_text(encoding="utf-8") for p in (built / "html" / "book").rglob("*.html")}
    for name, text in html.items():
        for raw in ("<script>alert", "<img src=x", "<b>加粗</b>", "{glue:text}`documents`"):
            assert raw not in text, (name, raw)
    assert "&lt;b&gt;加粗&lt;/b&gt;" in html["profiles.html"]  # the title, shown as text


def test_hostile_text_does_not_run_in_a_browser(built, browser):
    dialogs = []
    tab = browser.new_page()
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for name in ("corpus", "slogans", "profiles", "similarity"):
        tab.goto((built / "html" / "book" / f"{name}.html").as_uri())
    tab.close()
    assert dialogs == []
