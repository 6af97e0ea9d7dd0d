"""The journal's stages a tables run keeps under a fingerprint without ``themes.yaml`` read no theme keyword: with
the theme lexicon edited, each one comes out the same, while the theme counts move."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys

from analysis.engine.compute import EXPLORER_FILES, THEME_FREE
from analysis.engine.results import journal_fingerprint
from analysis.journal.pipeline import analyse_journal
from analysis.lexicon import load_lexicon
from tests.conftest import ROOT


def test_the_theme_free_stages_read_no_theme_keyword(tmp_path, monkeypatch):
    folder = tmp_path / "lexicon"
    shutil.copytree(ROOT / "analysis" / "lexicon", folder)
    themes = folder / "themes.yaml"
    text = themes.read_text(encoding="utf-8")
    themes.write_text(text.replace("keywords: [组织建设,", "keywords: [党建工作,", 1), encoding="utf-8")
    real, edited = analyse_journal(load_lexicon()), analyse_journal(load_lexicon(folder))
    assert (edited.theme_hits["organizational"] != real.theme_hits["organizational"]).sum() > 100
    for name in THEME_FREE:
        assert pickle.dumps(getattr(edited, name)) == pickle.dumps(getattr(real, name)), name
    for file, make in EXPLORER_FILES.items():
        assert make(edited) == make(real), file
    # and the fingerprint they are kept under does not see the edit, where the journal's does
    monkeypatch.setenv("ANALYSIS_LEXICON", str(folder))
    edited_keys = journal_fingerprint(), journal_fingerprint(without=("themes.yaml",))
    monkeypatch.delenv("ANALYSIS_LEXICON")
    assert edited_keys[0] != journal_fingerprint() and edited_keys[1] == journal_fingerprint(without=("themes.yaml",))


def _tables(out, cache, lexicon):
    env = {**os.environ, "ANALYSIS_CACHE": str(cache), "ANALYSIS_LEXICON": str(lexicon)}
    done = subprocess.run([sys.executable, "-m", "analysis", "tables", "--out", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


def test_a_run_that_reuses_them_writes_what_a_run_from_nothing_writes(tmp_path):
    """After a new theme keyword, the run takes the theme-free stages from the cache (half the time of a run that
    computes them, on the real journal) and writes the same bytes as a run from an empty cache."""
    folder = tmp_path / "lexicon"
    shutil.copytree(ROOT / "analysis" / "lexicon", folder)
    _tables(tmp_path / "first", tmp_path / "cache", folder)
    themes = folder / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("keywords: [组织建设,", "keywords: [组织建设, 党建工作,", 1),
                      encoding="utf-8")
    reused = _tables(tmp_path / "reused", tmp_path / "cache", folder)
    computed = _tables(tmp_path / "computed", tmp_path / "empty-cache", folder)
    assert reused.keys() == computed.keys()
    assert [name for name in reused if reused[name] != computed[name]] == []
    real = _tables(tmp_path / "again", tmp_path / "cache", ROOT / "analysis" / "lexicon")
    assert [name for name in real if real[name] != reused[name]] == [
        "all-tables.zip", "context/baselines.csv", "context/controls.csv", "journal/province_keyness.csv",
        "journal/province_rates.csv", "paragraph_themes.csv", "themes.csv"]
