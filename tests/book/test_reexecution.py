"""The built book's record of what each chapter read, which decides what a later build executes again."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RECORDS = ROOT / "_build" / ".chapter-reads"


def test_the_built_book_records_what_each_chapter_read():
    """After ``make book``: every chapter has a record, the themes chapter read the theme tables and the themes of the
    lexicon, the corpus chapter neither."""
    folder = RECORDS
    chapters = [path for path in (ROOT / "book").rglob("*.md")
                if not path.name.startswith("_") and path.read_text(encoding="utf-8").startswith("---\njupytext:")]
    assert len(list(folder.glob("*.json"))) == len(chapters) >= 18
    themes = json.loads((folder / "book__themes.md.json").read_text(encoding="utf-8"))["reads"]
    corpus = json.loads((folder / "book__corpus.md.json").read_text(encoding="utf-8"))["reads"]
    assert {"seeds:themes", "seeds:lexicon.themes"} <= set(themes)
    assert not {"seeds:themes", "seeds:lexicon.themes"} & set(corpus)
    assert any(name.endswith("analysis/present/views.py") for name in themes)
