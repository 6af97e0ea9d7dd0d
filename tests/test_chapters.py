"""Which chapters a build executes again: what a kernel records it read, the digests a tables run stores, and the
decision taken from both, on the real lexicon and seeds."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from analysis.engine import reads
from analysis.engine.chapters import ChapterRecords, chapters_to_execute, current_digests
from analysis.engine.publish import write_atomically
from analysis.engine.reads import Recorded, store_digests, stored_digest
from analysis.lexicon import load_lexicon
from tests.conftest import ROOT


@pytest.fixture
def clean_reads(monkeypatch):
    monkeypatch.setattr(reads, "_READS", set())


class _Seeds:
    def __init__(self) -> None:
        self.lexicon = load_lexicon()
        self.themes = "themes table"


def test_a_read_is_recorded_by_table_and_the_lexicon_by_part(clean_reads):
    seeds = Recorded(_Seeds(), "seeds")
    assert seeds.themes == "themes table"
    organizational = next(theme for theme in seeds.lexicon.themes if theme.id == "organizational")
    assert "组织建设" in (organizational.label_zh,)
    assert "两个确立" in seeds.lexicon.terms
    recorded = reads.recorded()
    tables = [name for name in recorded["reads"] if not name.startswith("file:")]
    assert tables == ["seeds:lexicon.terms", "seeds:lexicon.themes", "seeds:themes"]  # not the whole lexicon
    assert recorded["modules"]["module:analysis.lexicon"].endswith("analysis/lexicon.py")


def test_a_lexicon_method_is_recorded_as_the_part_it_reads(clean_reads):
    """The trends and slogans chapters look slogans up by term: a new theme keyword must not run them again."""
    seeds = Recorded(_Seeds(), "seeds")
    assert seeds.lexicon.slogan("两个确立").term == "两个确立"
    assert seeds.lexicon.forms_of("两个确立")[0] == "两个确立"
    assert [name for name in reads.recorded()["reads"] if not name.startswith("file:")] == ["seeds:lexicon.slogans"]


def test_reading_the_lexicon_records_its_files(clean_reads):
    load_lexicon()
    files = [name for name in reads.recorded()["reads"] if name.startswith("file:")]
    assert any(name.endswith("lexicon/themes.yaml") for name in files)


def test_the_stored_digests_cover_each_part_of_the_lexicon():
    lexicon = load_lexicon()
    digests = store_digests({"lexicon": lexicon, "themes": [1]}, {"counted": b"parquet"}, {}, {})
    assert {"seeds", "seeds:lexicon", "seeds:lexicon.themes", "seeds:lexicon.slogans", "seeds:lexicon.terms",
            "seeds:themes", "journal:counted"} <= set(digests)
    # a method stands on the whole lexicon; a table no run stored on the whole seeds; a kernel's own table on nothing
    assert stored_digest("seeds:lexicon.slogan", digests) == digests["seeds:lexicon"]
    assert stored_digest("seeds:tokens", digests) == digests["seeds"]
    assert stored_digest("context:_seeds", digests) is None


def _chapter(tmp_path: Path) -> tuple[Path, ChapterRecords]:
    chapter = tmp_path / "book" / "themes.md"
    chapter.parent.mkdir()
    chapter.write_text("---\njupytext:\n---\n", encoding="utf-8")
    return chapter, ChapterRecords(tmp_path / "records", tmp_path)


def test_a_chapter_runs_again_only_when_something_it_read_changed(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    chapter, records = _chapter(tmp_path)
    data = tmp_path / "themes.yaml"
    data.write_text("themes: []\n", encoding="utf-8")
    os.utime(data, (time.time() - 10, time.time() - 10))
    stored = {"seeds": "a", "seeds:themes": "t1", "seeds:lexicon.themes": "l1", "seeds:lexicon.slogans": "s1"}

    def due(digests: dict[str, str], cached: bool = True) -> dict[Path, str]:
        return chapters_to_execute([chapter], records, digests, lambda _: cached)

    assert due(stored) == {chapter: "first run"}
    names = ["seeds:themes", "seeds:lexicon.themes", f"file:{data}", "environment"]
    records.write(chapter, current_digests(names, stored), 1.5)
    assert due(stored) == {}
    assert due({**stored, "seeds:lexicon.slogans": "s2"}) == {}  # a part it did not read
    assert due({**stored, "seeds:lexicon.themes": "l2"}) == {chapter: "seeds:lexicon.themes changed"}
    assert due(stored, cached=False) == {chapter: "its code changed"}
    data.write_text("themes: [x]\n", encoding="utf-8")
    assert due(stored) == {chapter: f"{tmp_path.name}/themes.yaml changed"}
    assert json.loads(records._path(chapter).read_text())["seconds"] == 1.5


def test_an_output_file_whose_bytes_did_not_change_keeps_its_date(tmp_path):
    out = tmp_path / "tables"

    def fill(text: str):
        return lambda staging: [(staging / "same.csv").write_text("a,b\n"), (staging / "new.csv").write_text(text)]

    write_atomically(out, fill("1\n"))
    past = time.time_ns() - 3_600 * 10**9
    for name in ("same.csv", "new.csv"):
        os.utime(out / name, ns=(past, past))
    write_atomically(out, fill("2\n"))
    assert (out / "same.csv").stat().st_mtime_ns == past
    assert (out / "new.csv").stat().st_mtime_ns > past and (out / "new.csv").read_text() == "2\n"


def test_an_executed_chapter_is_cached_where_the_book_build_looks_for_it(tmp_path, monkeypatch):
    """A chapter executed here is found by myst-nb's lookup (the unexecuted chapter's cells), with its outputs and a
    record of what it read."""
    from jupyter_cache import get_cache

    from analysis.engine.chapters import MYST_READER, RECORDER, execute_chapters

    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    chapter, records = _chapter(tmp_path)
    chapter.write_text("---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
                       "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n\n# A\n\n"
                       "```{code-cell} ipython3\nfrom analysis.citation import citation\ncitation()\nprint(6 * 7)\n```\n",
                       encoding="utf-8")
    executed = execute_chapters([chapter], records, {}, tmp_path / "jupyter_cache", timeout=120, report=lambda _: None)
    assert [run.error for run in executed] == [None]
    cache = get_cache(str(tmp_path / "jupyter_cache"))
    cache.add_nb_to_project(str(chapter), read_data=MYST_READER)
    found = cache.get_cached_project_nb(str(chapter))
    assert found is not None
    cells = cache.get_cache_bundle(found.pk).nb.cells
    assert cells[-1].outputs[0]["text"] == "42\n" and not any(RECORDER in cell.source for cell in cells)
    reads_ = records.read(chapter)["reads"]
    assert any(name.endswith("CITATION.cff") for name in reads_) and "environment" in reads_
    assert records.cached_as_recorded(chapter, tmp_path / "jupyter_cache")  # without reading it as myst-nb does
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA sentence of prose.\n", encoding="utf-8")
    assert records.cached_as_recorded(chapter, tmp_path / "jupyter_cache")
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("6 * 7", "6 * 8"), encoding="utf-8")
    assert not records.cached_as_recorded(chapter, tmp_path / "jupyter_cache")


def test_a_digest_is_the_same_in_every_process():
    """Sets pickle in string-hash order, which changes with each process: the stopwords' digest must not."""
    import subprocess
    import sys

    code = ("from analysis.engine.reads import store_digests; from analysis.lexicon import load_lexicon; "
            "print(store_digests({'lexicon': load_lexicon()}, {}, {}, {})['seeds:lexicon.stopwords'])")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(runs) == 1 and len(runs.pop().strip()) == 64


def test_a_failing_chapter_names_the_line_and_cell_that_raised(tmp_path):
    from analysis.engine.chapters import _execute

    header = (ROOT / "book" / "_template.md").read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n"
    chapter = tmp_path / "broken.md"
    chapter.write_text(header + "\n# Broken\n\n```{code-cell} ipython3\ntotal = 1\n```\n\nProse.\n\n"
                       "```{code-cell} ipython3\nprint(totl)\n```\n", encoding="utf-8")
    _, notebook, read, _, error = _execute(str(chapter), 60)
    assert notebook is None and read is None
    assert error == "line 21, code cell 2: NameError: name 'totl' is not defined"
