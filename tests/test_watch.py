"""The author's loop (scripts/watch_book.py): which changes it sees, and which it rebuilds in its own process."""

from __future__ import annotations

import importlib.util
import os
import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
_spec = importlib.util.spec_from_file_location("watch_book", ROOT / "scripts" / "watch_book.py")
watch_book = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(watch_book)


def test_a_snapshot_sees_an_edit_a_new_file_and_a_removal_but_not_build_outputs(tmp_path):
    (tmp_path / "book").mkdir()
    page = tmp_path / "book" / "themes.md"
    page.write_text("# Themes\n", encoding="utf-8")
    gone = tmp_path / "book" / "old.md"
    gone.write_text("old\n", encoding="utf-8")
    (tmp_path / "book" / "__pycache__").mkdir()
    before = watch_book.snapshot([tmp_path])
    assert set(before) == {page, gone}

    page.write_text("# Themes\n\nOne more sentence.\n", encoding="utf-8")
    gone.unlink()
    added = tmp_path / "book" / "new.md"
    added.write_text("new\n", encoding="utf-8")
    (tmp_path / "book" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    (tmp_path / "_build").mkdir()
    (tmp_path / "_build" / "index.html").write_text("<html>", encoding="utf-8")
    assert watch_book.changed_paths(before, watch_book.snapshot([tmp_path])) == sorted([page, gone, added])


def test_a_same_size_rewrite_is_seen_by_its_date(tmp_path):
    page = tmp_path / "intro.md"
    page.write_text("abc\n", encoding="utf-8")
    before = watch_book.snapshot([page])
    page.write_text("abd\n", encoding="utf-8")
    os.utime(page, ns=(before[page][1] + 1_000_000, before[page][1] + 1_000_000))
    assert watch_book.changed_paths(before, watch_book.snapshot([page])) == [page]


def test_pages_and_configuration_rebuild_in_process_and_code_or_data_restart():
    assert not watch_book.needs_restart([ROOT / "book" / "themes.md", ROOT / "_toc.yml", ROOT / "_config.yml",
                                         ROOT / "_static" / "custom.css"])
    assert watch_book.needs_restart([ROOT / "book" / "themes.md", ROOT / "analysis" / "lexicon" / "themes.yaml"])
    assert watch_book.needs_restart([ROOT / "analysis" / "measures" / "themes.py"])
    assert watch_book.needs_restart([ROOT / "_ext" / "figure_alt.py"])
    assert watch_book.needs_restart([ROOT.parent / "elsewhere" / "seeds" / "hunan.md"])


def test_the_loop_watches_the_library_the_pages_the_seeds_and_the_journal(tmp_path):
    roots = watch_book.watched_roots(tmp_path / "seeds", tmp_path / "journal")
    assert {ROOT / "analysis", ROOT / "book", ROOT / "_ext", tmp_path / "seeds", tmp_path / "journal"} <= set(roots)
