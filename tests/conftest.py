"""Shared fixtures: the real seed corpus, and a scratch copy of the seeds for bad-input tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from analysis import load_corpus

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DJYJ = ROOT / "corpora" / "djyj" / "articles"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Tests (and the commands they run) use a fresh cache, never the project's .cache/."""
    os.environ["ANALYSIS_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(SEEDS)


@pytest.fixture()
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the seeds folder."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target
