"""Build the whole book, strictly, over corpora the chapters were not written for: one document, and three
provincial articles with no national overview. No chapter may depend on which documents are present or in what order.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IGNORE = shutil.ignore_patterns("_build", ".venv", ".cache", ".git", "__pycache__", ".pytest_cache", ".ruff_cache")
VARIANTS = {"one-document": ["hunan"], "no-national": ["heilongjiang", "hunan", "chongqing"]}


def _seeds(target: Path, doc_ids: list[str]) -> Path:
    """A seeds folder with the given documents of the project's seeds, catalogued in the given order."""
    with (ROOT / "seeds" / "catalog.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, {row["doc_id"]: row for row in reader}
    target.mkdir()
    with (target / "catalog.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for doc_id in doc_ids:
            writer.writerow(rows[doc_id])
            shutil.copyfile(ROOT / "seeds" / rows[doc_id]["file"], target / rows[doc_id]["file"])
    return target


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def variant(request, tmp_path_factory) -> tuple[str, Path]:
    scratch = tmp_path_factory.mktemp(request.param)
    project = scratch / "project"
    shutil.copytree(ROOT, project, ignore=IGNORE)
    seeds = _seeds(scratch / "seeds", VARIANTS[request.param])
    env = {**os.environ, "ANALYSIS_CACHE": str(scratch / "cache")}
    build = subprocess.run([sys.executable, "scripts/build_book.py", "html", "--strict", "--seeds", str(seeds)],
                           cwd=project, env=env, capture_output=True, text=True)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return request.param, project / "_build"


def _page(built: Path, name: str) -> str:
    return (built / "html" / "book" / f"{name}.html").read_text(encoding="utf-8")


PROFILE_IDS = {"chongqing": "chongqing", "national": "national-overview", "hunan": "hunan", "city": "city-speech",
               "heilongjiang": "heilongjiang"}


def _text(built: Path, name: str) -> str:
    """A page's visible text, tags removed and spaces collapsed."""
    html = (built / "html" / "book" / f"{name}.html").read_text(encoding="utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_every_chapter_builds_and_profiles_only_the_documents_present(variant):
    name, built = variant
    profiles = (built / "html" / "book" / "profiles.html").read_text(encoding="utf-8")
    for doc_id, anchor in PROFILE_IDS.items():
        assert (f'id="{anchor}"' in profiles) == (doc_id in VARIANTS[name]), doc_id


def test_the_national_chapter_says_there_is_no_survey(variant):
    _, built = variant
    text = _text(built, "national")
    assert "(catalog level national ) are: none" in text or "(catalog level national) are: none" in text
    assert "This corpus has no survey document, so no province is credited." in text


COMPARATIVE_PAGES = ("intro", "corpus", "themes", "slogans", "structure", "similarity", "vocabulary", "national",
                     "profiles")
SEED_LABELS = {"national": "National (overview)", "city": "City (speech)"}


def test_no_page_names_a_document_the_corpus_lacks(variant):
    name, built = variant
    for page in COMPARATIVE_PAGES:
        text = _text(built, page)
        for doc_id, label in SEED_LABELS.items():
            if doc_id not in VARIANTS[name]:
                assert label not in text, (page, label)


def test_comparative_sentences_fit_the_corpus(variant):
    name, built = variant
    intro, structure = _text(built, "intro"), _text(built, "structure")
    if name == "one-document":
        assert "1 Chinese party-building document of 2024: 1 article (Hunan)" in intro
        assert "Hunan numbers its top-level sections 一、二、… and opens 9 paragraphs with lead sentences." in structure
        assert "With one document there is no pair to compare." in _text(built, "similarity")
        for page in COMPARATIVE_PAGES:
            text = _text(built, page)
            assert " the most " not in text.replace("the most used", ""), page
            assert "median of the other documents" not in text, page
    else:
        assert "3 Chinese party-building documents of 2022–2024: 3 articles" in intro
        assert "2 of the 3 documents number their top-level sections" in structure
        assert "1 uses unnumbered headings" in structure
        assert "Heilongjiang dates from before the 20th Party Congress" in _text(built, "themes")
