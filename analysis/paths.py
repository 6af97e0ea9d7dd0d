"""Every location the library reads or writes, and the one module that reads the environment.

Five environment variables move the defaults: ``ANALYSIS_SEEDS`` (the corpus
folder), ``ANALYSIS_JOURNAL`` (the journal corpus, the baseline), ``ANALYSIS_CACHE``
(segmentation, results and font caches), ``ANALYSIS_LEXICON`` (a folder of lexicon
files) and ``ANALYSIS_CJK_FONT`` (the font for Chinese labels). They are read when a path is asked for, not at import,
so a test or a command can set them first.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
BUNDLED_LEXICON_DIR = PACKAGE_DIR / "lexicon"
JOURNAL_DIR = REPO_ROOT / "corpora" / "djyj"

SEEDS_ENV = "ANALYSIS_SEEDS"
JOURNAL_ENV = "ANALYSIS_JOURNAL"
CACHE_ENV = "ANALYSIS_CACHE"
LEXICON_ENV = "ANALYSIS_LEXICON"
FONT_ENV = "ANALYSIS_CJK_FONT"

# the files a lexicon folder holds: read by the Lexicon, and hashed into every result's fingerprint
LEXICON_FILES = ("slogans.yaml", "themes.yaml", "stopwords.txt", "compounds.yaml", "emerging_checks.csv", "kept_whole.txt")
# read from the same folder by the journal's stages, not part of the Lexicon
DATA_FILES = ("genres.yaml", "discovery.yaml", "events.yaml", "tiles.csv", "regions.csv", "glossary.yaml",
              "lead_checks.csv", "formula_checks.csv", "references.yaml", "fixed_pairs.yaml")
DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm")  # a seeds folder's documents


def _from_env(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else None


def seeds_dir() -> Path:
    """``$ANALYSIS_SEEDS`` when set, else the project's ``seeds/`` folder."""
    return _from_env(SEEDS_ENV) or REPO_ROOT / "seeds"


def journal_dir() -> Path:
    """``$ANALYSIS_JOURNAL`` when set, else the project's ``corpora/djyj`` (a folder with ``articles/*.md``)."""
    return _from_env(JOURNAL_ENV) or JOURNAL_DIR


def cache_dir() -> Path:
    """``$ANALYSIS_CACHE`` when set, else ``.cache/analysis`` in the project."""
    return _from_env(CACHE_ENV) or REPO_ROOT / ".cache" / "analysis"


def lexicon_dir() -> Path:
    """``$ANALYSIS_LEXICON`` when set, else the lexicon shipped in ``analysis/lexicon``."""
    return _from_env(LEXICON_ENV) or BUNDLED_LEXICON_DIR


def lexicon_file(name: str) -> Path:
    """A data file of the lexicon folder in use (every lexicon file is read from there, never from the bundle
    behind the user's back)."""
    return lexicon_dir() / name


def cjk_font_override() -> Path | None:
    """The font file ``$ANALYSIS_CJK_FONT`` names, if any."""
    return _from_env(FONT_ENV)


def pin_source_date() -> None:
    """Fix the date that SVG and PDF files record (``SOURCE_DATE_EPOCH``), unless already set."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
