"""The PDF over a hostile title, and a PDF build that fails: a control character (U+0008) and dollar signs in a title
must not break xelatex, and a build that does fail must leave the previous PDF, never a partial one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IGNORE = shutil.ignore_patterns("_build", ".venv", ".cache", ".git", "__pycache__", ".pytest_cache", ".ruff_cache")
CITY = "003_ea13a1839fb37cfd.txt"

pytestmark = pytest.mark.skipif(not shutil.which("xelatex"), reason="xelatex is not installed (scripts/setup.sh tex)")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    scratch = tmp_path_factory.mktemp("pdf")
    project = scratch / "project"
    shutil.copytree(ROOT, project, ignore=IGNORE)
    seeds = scratch / "seeds"
    seeds.mkdir()
    page = (ROOT / "seeds" / CITY).read_text(encoding="utf-8")
    (seeds / CITY).write_text(page.replace("市委书记在全市组织工作会议上的讲话", "市委书记\b在全市$组织$工作会议上的讲话"),
                              encoding="utf-8")
    catalog = (ROOT / "seeds" / "catalog.csv").read_text(encoding="utf-8").splitlines()
    (seeds / "catalog.csv").write_text("\n".join([catalog[0], *(r for r in catalog if r.startswith("city,"))]) + "\n",
                                       encoding="utf-8")
    env = {**os.environ, "ANALYSIS_CACHE": str(scratch / "cache")}
    return project, seeds, env


def _build_pdf(project: Path, seeds: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "scripts/build_book.py", "pdf", "--seeds", str(seeds)], cwd=project, env=env,
                          capture_output=True, text=True)


def test_a_control_character_and_dollars_in_a_title_build(project):
    root, seeds, env = project
    build = _build_pdf(root, seeds, env)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    pdf = root / "_build" / "latex" / "book.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "市委书记在全市$组织$工作会议上的讲话" in text.replace(" ", "").replace("\n", "")


def test_a_failed_pdf_build_keeps_the_previous_pdf(project):
    root, seeds, env = project
    pdf = root / "_build" / "latex" / "book.pdf"
    previous = pdf.read_bytes()
    config = root / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\\usepackage{xeCJK}", "\\usepackage{xeCJK}\\undefinedmacro"),
                      encoding="utf-8")
    build = _build_pdf(root, seeds, env)
    assert build.returncode != 0
    assert pdf.read_bytes() == previous
    assert "kept the previous" in build.stderr
