"""Careless and hostile input, each case reproduced on a temporary copy of the seeds: one clear line and a non-zero
exit, nothing lost, nothing read from outside the corpus, no cache that lies.

Most cases call the command line in-process (``analysis.cli.main``), so that an uncaught exception fails the test
instead of printing a traceback; the kill cases run it as a process and kill it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import marshal
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.catalog import read_catalog
from analysis.cli import main
from analysis.corpus import load_corpus
from analysis.engine.publish import MARKER, remove_leftovers
from analysis.engine.results import tables_fingerprint
from analysis.lexicon import load_lexicon
from analysis.paths import JOURNAL_DIR as JOURNAL
from analysis.paths import JOURNAL_ENV, cache_dir
from analysis.tokens.cache import TokenCache
from tests.conftest import ROOT, SEEDS

HUNAN = "002_41c9ca33c2bbeaa4.txt"
CITY = "003_ea13a1839fb37cfd.txt"


JOURNAL_SAMPLE = ["2021-09-46f7f186.md", "2023-08-af89aead.md", "2024-01-dc499d32.md", "2024-06-3adedd5b.md"]


@pytest.fixture(scope="module", autouse=True)
def small_journal(tmp_path_factory):
    """Four journal articles as the baseline (two of them the seeds' counterparts): the journal's own behaviour is
    tested elsewhere, and every case here runs `tables` on a fresh copy of the seeds."""
    folder = tmp_path_factory.mktemp("journal")
    (folder / "articles").mkdir()
    for name in JOURNAL_SAMPLE:
        shutil.copyfile(JOURNAL / "articles" / name, folder / "articles" / name)
    previous = os.environ.get(JOURNAL_ENV)
    os.environ[JOURNAL_ENV] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop(JOURNAL_ENV, None)
    else:
        os.environ[JOURNAL_ENV] = previous


def run(*args: str | Path) -> tuple[int, str, str]:
    """``python -m analysis ARGS`` in this process: exit status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(a) for a in args])
    return status, out.getvalue(), err.getvalue()


def one_line_error(status: int, err: str, *words: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert status != 0 and len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], (word, lines[0])


def rewrite_catalog(seeds: Path, edit) -> None:
    with (seeds / "catalog.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows = edit(rows)
    with (seeds / "catalog.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# output folders --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["seeds", "parent", "repository", "unmarked", "file"])
def test_tables_never_replaces_a_folder_that_is_not_its_own(seeds_copy, tmp_path, target):
    unmarked = tmp_path / "mine"
    unmarked.mkdir()
    (unmarked / "thesis.docx").write_text("two years of work")
    (tmp_path / "notes.txt").write_text("a file")
    out = {"seeds": seeds_copy, "parent": seeds_copy.parent, "repository": ROOT, "unmarked": unmarked,
           "file": tmp_path / "notes.txt"}[target]
    before = {path: snapshot(path) for path in (seeds_copy, unmarked)}
    status, _, err = run("tables", "--out", out, "--seeds", seeds_copy)
    one_line_error(status, err, str(out))
    assert {path: snapshot(path) for path in before} == before
    assert (tmp_path / "notes.txt").read_text() == "a file"


def test_output_is_readable_by_others_and_replaces_only_its_own_folder(seeds_copy, tmp_path):
    out = tmp_path / "tables"
    out.mkdir()  # an empty folder may be used
    previous = os.umask(0o022)
    try:
        assert run("tables", "--out", out, "--seeds", seeds_copy)[0] == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert stat.S_IMODE((out / "documents.csv").stat().st_mode) == 0o644
    assert stat.S_IMODE((out / "text").stat().st_mode) == 0o755
    assert (out / MARKER).is_file()
    assert run("tables", "--out", out, "--seeds", seeds_copy)[0] == 0  # its own folder: replaced


def test_a_killed_run_leaves_the_old_output_and_the_next_run_cleans_up(seeds_copy, tmp_path):
    out = tmp_path / "tables"
    assert run("tables", "--out", out, "--seeds", seeds_copy)[0] == 0
    old = snapshot(out)
    (seeds_copy / CITY).write_bytes((seeds_copy / CITY).read_bytes().replace("使命光荣".encode(), "使命光荣而艰巨".encode()))
    env = {**os.environ, "ANALYSIS_CACHE": str(tmp_path / "cold-cache")}  # a cold run: time to kill it mid-way
    process = subprocess.Popen([sys.executable, "-m", "analysis", "tables", "--out", str(out), "--seeds", str(seeds_copy)],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".tables.staging-*")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert snapshot(out) == old  # the old output, whole
    deadline = time.monotonic() + 10
    while _processes_running(str(out)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _processes_running(str(out))  # the run's helper and workers went with it
    assert list(tmp_path.glob(".tables.staging-*"))  # what the kill left behind
    assert run("tables", "--out", out, "--seeds", seeds_copy)[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".tables")) == []
    assert "使命光荣而艰巨" in (out / "text" / "city.txt").read_text(encoding="utf-8")


def _processes_running(argument: str) -> list[int]:
    """Processes (but zombies) whose command line holds ``argument``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            alive = (entry / "stat").read_text().split(") ")[-1][0] != "Z"
            if alive and argument in (entry / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(entry.name))
        except OSError:  # ended meanwhile
            continue
    return found


def test_an_output_left_half_swapped_is_put_back(seeds_copy, tmp_path):
    out = tmp_path / "tables"
    assert run("tables", "--out", out, "--seeds", seeds_copy)[0] == 0
    old = snapshot(out)
    os.replace(out, tmp_path / ".tables.old-999999999")  # killed between the two renames of the fallback swap
    remove_leftovers(out)  # what the next run does first
    assert snapshot(out) == old


# reading outside the corpus --------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["parent", "absolute", "symlink"])
def test_catalog_files_outside_the_seeds_folder_are_refused(seeds_copy, tmp_path, kind):
    outside = tmp_path / "secret.txt"
    outside.write_text("机密文件内容，不应被读取和发布。" * 10, encoding="utf-8")
    name = {"parent": "../secret.txt", "absolute": str(outside), "symlink": "link.txt"}[kind]
    if kind == "symlink":
        (seeds_copy / "link.txt").symlink_to(outside)
    (seeds_copy / CITY).unlink()
    rewrite_catalog(seeds_copy, lambda rows: [[name if cell == CITY else cell for cell in row] for row in rows])
    for command in ("check", "tables"):
        args = [command, "--seeds", seeds_copy] + (["--out", tmp_path / "out"] if command == "tables" else [])
        status, _, err = run(*args)
        one_line_error(status, err, "row 5", "outside the seeds folder")
    assert not (tmp_path / "out").exists()


# caches that lie -------------------------------------------------------------------------------------------------

def _stored(seeds: Path) -> Path:
    """The result-cache folder of a seeds folder's tables."""
    return cache_dir() / "tables" / tables_fingerprint(read_catalog(seeds))


def test_editing_a_published_table_leaves_the_cache_alone(seeds_copy, tmp_path):
    out = tmp_path / "tables"
    assert run("tables", "--out", out, "--seeds", seeds_copy)[0] == 0
    assert run("tables", "--out", out, "--seeds", seeds_copy)[1].endswith("(unchanged inputs: from cache)\n")
    good = (out / "documents.csv").read_bytes()
    (out / "documents.csv").write_text("vandalised\n")
    assert (_stored(seeds_copy) / "documents.csv").read_bytes() == good
    assert run("tables", "--out", out, "--seeds", seeds_copy)[0] == 0
    assert (out / "documents.csv").read_bytes() == good


@pytest.mark.parametrize("damage", ["truncate", "delete"])
def test_a_damaged_result_cache_is_computed_again(seeds_copy, tmp_path, damage):
    out = tmp_path / "tables"
    assert run("tables", "--out", out, "--seeds", seeds_copy)[0] == 0
    good = snapshot(out)
    keyness = _stored(seeds_copy) / "keyness.csv"  # the seeds' part: the journal's is cached on its own
    if damage == "truncate":
        keyness.write_bytes(keyness.read_bytes()[:100])
    else:
        keyness.unlink()
    status, printed, err = run("tables", "--out", out, "--seeds", seeds_copy)
    assert status == 0 and "from cache" not in printed
    assert "computing them again" in err and "keyness.csv" in err
    assert snapshot(out) == good


def test_a_corrupt_token_cache_entry_is_segmented_again(seeds_copy, tmp_path):
    out = tmp_path / "tables"
    assert run("tables", "--out", out, "--seeds", seeds_copy)[0] == 0
    good = snapshot(out)
    lexicon = load_lexicon()
    for document in load_corpus(seeds_copy):
        TokenCache(cache_dir()).path(TokenCache.key(document.body, lexicon)).write_text('[["broken"', encoding="utf-8")
    shutil.rmtree(_stored(seeds_copy))  # so that the tables need the tokens
    status, _, err = run("tables", "--out", out, "--seeds", seeds_copy)
    assert status == 0 and "segmenting the text again" in err
    assert snapshot(out) == good
    shutil.rmtree(_stored(seeds_copy))
    status, _, err = run("tables", "--out", out, "--seeds", seeds_copy)
    assert status == 0 and err == ""  # repaired: no warning the second time


def test_a_jieba_cache_planted_in_tmpdir_is_not_read(seeds_copy, tmp_path):
    planted = tmp_path / "tmp"
    planted.mkdir()
    (planted / "jieba.cache").write_bytes(marshal.dumps(({"党": 1, "建": 1}, 2)))  # a dictionary that knows no words
    out, reference = tmp_path / "tables", tmp_path / "reference"
    assert run("tables", "--out", reference, "--seeds", seeds_copy)[0] == 0
    env = {**os.environ, "TMPDIR": str(planted), "ANALYSIS_CACHE": str(tmp_path / "cold-cache")}
    result = subprocess.run([sys.executable, "-m", "analysis", "tables", "--out", str(out), "--seeds", str(seeds_copy)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (out / "top_terms.csv").read_bytes() == (reference / "top_terms.csv").read_bytes()
    # the reference segmenter (jieba itself) keeps its dictionary cache in the project's cache, not in $TMPDIR
    code = ("from analysis.tokens.reference import jieba_tokenizer; "
            "print('|'.join(jieba_tokenizer(()).lcut('全面从严治党向纵深发展')))")
    reference_run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert reference_run.stdout.strip() == "全面|从严治党|向|纵深|发展", reference_run.stderr  # planted: 从|严治党
    assert (tmp_path / "cold-cache" / "jieba" / "jieba.cache").is_file()


# published CSVs --------------------------------------------------------------------------------------------------

def test_formula_cells_are_defused_and_numbers_stay_numbers(seeds_copy, tmp_path):
    rewrite_catalog(seeds_copy, lambda rows: [rows[0] + ["remark", "score"]] + [
        row + (["=HYPERLINK(\"http://x\")", "-1.5"] if row[0] == "city" else ["@SUM(A1)", "+2"]) for row in rows[1:]])
    page = (seeds_copy / CITY).read_text(encoding="utf-8")
    (seeds_copy / CITY).write_text("=cmd|' /C calc'!A0\n" + page, encoding="utf-8")
    out = tmp_path / "tables"
    assert run("tables", "--out", out, "--seeds", seeds_copy)[0] == 0
    documents = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False).set_index("doc_id")
    assert documents.loc["city", "remark"] == "'=HYPERLINK(\"http://x\")" and documents.loc["city", "score"] == "-1.5"
    assert documents.loc["hunan", "remark"] == "'@SUM(A1)" and documents.loc["hunan", "score"] == "+2"
    removed = (out / "removed_lines.csv").read_text(encoding="utf-8")
    assert "'=cmd|" in removed and ",=cmd|" not in removed
    assert "'=" not in (out / "text" / "city.txt").read_text(encoding="utf-8")  # the clean text is the true text


# add -------------------------------------------------------------------------------------------------------------

def test_add_refuses_two_files_with_one_name(seeds_copy, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copyfile(SEEDS / HUNAN, tmp_path / folder / "new.txt")
    before = snapshot(seeds_copy)
    status, _, err = run("add", tmp_path / "a" / "new.txt", tmp_path / "b" / "new.txt", "--seeds", seeds_copy)
    one_line_error(status, err, "same file name")
    assert snapshot(seeds_copy) == before


def test_a_catalog_with_a_repeated_column_is_refused(seeds_copy):
    rewrite_catalog(seeds_copy, lambda rows: [rows[0] + ["region"]] + [[*row, "Nowhere"] for row in rows[1:]])
    one_line_error(*run("check", "--seeds", seeds_copy)[::2], "region", "more than once")


def test_add_interrupted_after_the_copy_is_finished_by_the_next_run(seeds_copy, tmp_path):
    new = tmp_path / "new.txt"
    new.write_bytes((SEEDS / HUNAN).read_bytes().replace("湖南".encode(), "湖北".encode()))
    shutil.copyfile(new, seeds_copy / "new.txt")  # what a kill between the copy and the catalog write leaves
    one_line_error(*run("check", "--seeds", seeds_copy)[::2], "new.txt", "no catalog row")
    status, printed, _ = run("add", new, "--seeds", seeds_copy)
    assert status == 0 and "added hubei" in printed
    assert run("check", "--seeds", seeds_copy)[0] == 0


# characters that break the build ---------------------------------------------------------------------------------

def test_control_and_bidi_characters_are_stripped_where_text_is_read(seeds_copy, tmp_path):
    page = (seeds_copy / CITY).read_text(encoding="utf-8")
    title = next(line for line in page.splitlines() if "组织工作会议" in line)
    page = page.replace(title, title[:3] + "\b\u202e" + title[3:], 1).replace("同志们", "同志\u202e们", 1)
    (seeds_copy / CITY).write_text(page, encoding="utf-8")
    rewrite_catalog(seeds_copy, lambda rows: [[cell.replace("某市", "某\u202e市\b") for cell in row] for row in rows])
    out = tmp_path / "tables"
    assert run("tables", "--out", out, "--seeds", seeds_copy)[0] == 0
    documents = pd.read_csv(out / "documents.csv", keep_default_na=False).set_index("doc_id")
    assert documents.loc["city", "invisible_removed"] == 3 and documents.loc["city", "region_zh"] == "某市"
    assert title in documents.loc["city", "title"] or documents.loc["city", "title"] in title
    everything = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.*") if p.suffix in (".csv", ".txt"))
    assert "\b" not in everything and "\u202e" not in everything


def test_dollar_signs_in_labels_are_plain_text(seeds_copy):
    from analysis.pipeline import analyse
    from analysis.present import plots
    from analysis.present.labels import labels
    from analysis.present.myst import figure_png

    rewrite_catalog(seeds_copy, lambda rows: [[("$x^$" if cell == "Hunan" else cell) for cell in row] for row in rows])
    analysis = analyse(seeds_copy)
    assert labels(analysis)["hunan"] == "$x^$"
    for figure in (plots.theme_heatmap(analysis.themes, labels(analysis)),
                   plots.similarity_heatmap(analysis.similarity, labels(analysis))):
        assert figure_png(figure).startswith(b"\x89PNG")


# one line, not a traceback ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("case, words", [
    ("no rows", ["lists no documents"]),
    ("long doc_id", ["row 2", "at most 64"]),
    ("extra fields", ["row 3", "fields"]),
    ("huge field", ["cannot be parsed as CSV"]),
])
def test_bad_catalogs_give_one_line(seeds_copy, tmp_path, case, words):
    if case == "no rows":
        rewrite_catalog(seeds_copy, lambda rows: rows[:1])
        for path in seeds_copy.glob("*.txt"):
            path.unlink()
    elif case == "long doc_id":
        rewrite_catalog(seeds_copy, lambda rows: [rows[0], ["x" * 300, *rows[1][1:]], *rows[2:]])
    elif case == "extra fields":
        rewrite_catalog(seeds_copy, lambda rows: [rows[0], rows[1], rows[2] + ["extra", "more"], *rows[3:]])
    else:
        rewrite_catalog(seeds_copy, lambda rows: [rows[0], [*rows[1][:-1], "长" * 1_100_000], *rows[2:]])
    for command in ("check", "tables"):
        args = [command, "--seeds", seeds_copy] + (["--out", tmp_path / "out"] if command == "tables" else [])
        one_line_error(*run(*args)[::2], *words)


@pytest.mark.parametrize("argv, words", [
    (["kwic", "两个确立", "--window", "-5"], ["--window"]),
    (["kwic", ""], ["needs a term"]),
    (["kwic"], ["term"]),
    (["tables"], ["--out"]),
])
def test_bad_command_lines_give_one_line(argv, words):
    status, _, err = run(*argv)
    one_line_error(status, err, *words)
    assert status == 2


needs_root = pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="needs root to mount a tmpfs")


@needs_root
@pytest.mark.parametrize("disk", ["read-only", "full"])
def test_an_output_folder_on_a_read_only_or_full_disk_gives_one_line(seeds_copy, tmp_path, disk):
    mount = tmp_path / "disk"
    mount.mkdir()
    options = "ro,size=1m" if disk == "read-only" else "size=16k"
    if subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("mounting a tmpfs is not allowed here")
    try:
        status, _, err = run("tables", "--out", mount / "tables", "--seeds", seeds_copy)
        one_line_error(status, err, "Read-only file system" if disk == "read-only" else "No space left on device")
        assert [p.name for p in mount.iterdir()] == []  # nothing half-written left
    finally:
        subprocess.run(["umount", str(mount)], check=True)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root and setpriv")
def test_an_output_folder_without_permission_gives_one_line(seeds_copy, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)  # not writable, even by root once it loses the power to override file permissions
    command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", sys.executable, "-m", "analysis", "tables",
               "--out", str(locked / "tables"), "--seeds", str(seeds_copy)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    one_line_error(result.returncode, result.stderr, "Permission denied", str(locked))


# encodings -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "big5", "gb18030"])
def test_check_and_tables_agree_on_every_encoding(seeds_copy, tmp_path, encoding):
    text = (SEEDS / HUNAN).read_text(encoding="utf-8")  # traditional script, so Big5 can hold it
    (seeds_copy / HUNAN).write_bytes(text.encode(encoding, errors="ignore"))
    assert run("check", "--seeds", seeds_copy)[0] == 0
    assert run("tables", "--out", tmp_path / "out", "--seeds", seeds_copy)[0] == 0
    documents = pd.read_csv(tmp_path / "out" / "documents.csv").set_index("doc_id")
    assert documents.loc["hunan", "encoding"] == encoding and documents.loc["hunan", "han_chars"] > 3000


def test_what_check_refuses_tables_refuses_with_the_same_line(seeds_copy, tmp_path):
    (seeds_copy / HUNAN).write_bytes(bytes(range(256)) * 40)
    check = run("check", "--seeds", seeds_copy)
    tables = run("tables", "--out", tmp_path / "out", "--seeds", seeds_copy)
    one_line_error(check[0], check[2], HUNAN, "cannot decode")
    assert tables[2] == check[2] and tables[0] == check[0]
