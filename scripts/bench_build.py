"""Benchmark the book's build: cold, warm, after a prose edit, after a lexicon edit, and the PDF.

Every scenario runs ``python scripts/build_book.py`` in a throw-away copy of the repository (without _build, .venv and
.cache), so the project's own build is never touched; each is timed N times (``--runs``) and reported as median, min and
max against the targets below. The lexicon scenario also checks that the edit reaches the built tables and page (the
build must never be stale) and counts the notebooks it re-executed. The slowest notebook is named from the
"Executed notebook in X seconds" lines of the cold builds (jupyter-cache records whole notebooks, not cells).
Results are written to benchmarks/build_times.md, rewritten on every run.

Usage: python scripts/bench_build.py [--runs N] [--keyword WORD] [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import platform
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXCLUDED = {"_build", ".venv", ".cache"}
PROSE_FILE = Path("book/themes.md")
PROSE_SENTENCE = "This sentence was added by the build benchmark."
LEXICON_FILE = Path("analysis/lexicon/themes.yaml")
LEXICON_THEME = "organizational"
THEMES_TABLE = Path("_build/tables/themes.csv")
THEMES_PAGE = Path("_build/html/book/themes.html")
LEXICONS_PAGE = Path("_build/html/book/appendix/lexicons.html")
CLEAN_TEXTS = Path("_build/tables/text")
PDF = Path("_build/latex/book.pdf")
# The keyword must occur in the clean texts, or adding it changes no number and a stale build cannot be told from a fresh
# one. 党建品牌 is absent from every theme but occurs only in the page chrome of one seed; 党建工作 occurs in the bodies.
DEFAULT_KEYWORD = "党建工作"
EXECUTED = re.compile(r"^  (?P<path>\S+\.md): (?P<seconds>[\d.]+) s$", re.MULTILINE)  # build_book.py's line per chapter
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# The cold build's yardstick: raw jieba.lcut over the journal's clean bodies, one process, its dictionary loaded first
RAW_JIEBA = """
import logging, time, jieba
from analysis.journal.corpus import load_journal
bodies = [document.body for document in load_journal()]
jieba.setLogLevel(logging.WARNING)
jieba.initialize()
started = time.perf_counter()
for body in bodies:
    jieba.lcut(body)
print(time.perf_counter() - started)
"""
RAW_TARGET = 6.0  # the cold build may take at most this many times raw jieba
# Scenario keys, labels and targets (the most a scenario may take, as a share of the cold build; None: no target), in
# report order.
SCENARIOS = {
    "cold": ("cold HTML build (no _build, no .cache), seeds and journal", None),
    "warm": ("warm HTML build, no change", 0.04),
    "prose": (f"HTML build after a prose-only edit ({PROSE_FILE})", 0.04),
    "watch": ("the same prose edit under `make watch`, from the save to the page written", 0.04),
    "lexicon": (f"HTML build after one theme keyword added ({LEXICON_FILE})", 0.5),
    "pdf": ("PDF build (after a warm HTML build)", None),
}


@dataclass
class Results:
    """Wall times per scenario and what the builds showed."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    raw: list[float] = field(default_factory=list)  # raw jieba, measured before each cold build
    notebook_seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    notebooks: int = 0
    prose_visible: list[bool] = field(default_factory=list)
    lexicon_checks: list[LexiconCheck] = field(default_factory=list)


@dataclass
class LexiconCheck:
    """One lexicon-edit build: did the table, the themes page and the lexicon page change; how many notebooks ran again."""

    table_changes: list[str]
    page_changed: bool
    listed: bool
    executed: int

    @property
    def fresh(self) -> bool:
        return bool(self.table_changes) and self.page_changed and self.listed


class Bench:
    """Runs ``scripts/build_book.py`` in a copy of the repository, and reads and writes files there."""

    def __init__(self, copy: Path) -> None:
        self.copy = copy
        # Everything inside the copy: its own seeds and segmentation cache, whatever the caller's environment says.
        self.env = {key: value for key, value in os.environ.items() if key not in ("ANALYSIS_SEEDS", "ANALYSIS_CACHE")}
        self.env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{self.env.get('PATH', '')}"

    def build(self, target: str = "html") -> tuple[float, str]:
        """Wall seconds and log of one ``scripts/build_book.py`` run; a failed build stops the benchmark."""
        started = time.perf_counter()
        process = subprocess.run(
            [sys.executable, "scripts/build_book.py", target],
            cwd=self.copy,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        elapsed = time.perf_counter() - started
        log = ANSI.sub("", process.stdout)
        if process.returncode:
            raise SystemExit(f"{target} build failed in {self.copy}:\n{log[-3000:]}")
        return elapsed, log

    def raw_jieba(self) -> float:
        """Seconds of raw ``jieba.lcut`` over the journal's clean bodies (:data:`RAW_JIEBA`), in the copy."""
        done = subprocess.run([sys.executable, "-c", RAW_JIEBA], cwd=self.copy, env=self.env, capture_output=True,
                              text=True)
        if done.returncode:
            raise SystemExit(f"raw jieba failed in {self.copy}:\n{done.stderr[-3000:]}")
        return float(done.stdout.split()[-1])

    def read(self, path: Path) -> str:
        return (self.copy / path).read_text(encoding="utf-8")

    def write(self, path: Path, text: str) -> None:
        (self.copy / path).write_text(text, encoding="utf-8")


class Watcher:
    """``scripts/watch_book.py --no-serve`` running in the copy: its output lines, read as they come."""

    TIMEOUT = 300  # seconds a rebuild may take before the benchmark gives up

    def __init__(self, bench: Bench) -> None:
        self.process = subprocess.Popen([sys.executable, "scripts/watch_book.py", "--no-serve"], cwd=bench.copy,
                                        env=bench.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.process.stdout], daemon=True).start()
        self.wait_for("watch: watching")

    def wait_for(self, start: str) -> str:
        """Wait for the loop's next line that starts with ``start``; its "the build failed" stops the benchmark."""
        while True:
            line = ANSI.sub("", self.lines.get(timeout=self.TIMEOUT))
            if line.startswith("watch: the build failed"):
                raise SystemExit(f"the watched build failed: {line.strip()}")
            if line.startswith(start):
                return line

    def rebuilt(self) -> str:
        return self.wait_for("watch: rebuilt")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def executed_notebooks(log: str) -> dict[str, float]:
    """Seconds per notebook executed in a build, keyed by its path in the repository."""
    return {match["path"]: float(match["seconds"]) for match in EXECUTED.finditer(log)}


def with_prose_edit(text: str) -> str:
    """``text`` with the benchmark sentence appended to its last paragraph (which must be prose)."""
    lines = text.rstrip("\n").split("\n")
    last = lines[-1]
    if not last.strip() or last.lstrip().startswith(("```", ":::", ":", "#", "|", "<")):
        raise SystemExit(f"{PROSE_FILE} does not end with a prose paragraph: {last!r}")
    lines[-1] = f"{last} {PROSE_SENTENCE}"
    return "\n".join(lines) + "\n"


def theme_keywords(text: str) -> dict[str, list[str]]:
    """Keywords per theme id of a themes lexicon."""
    return {theme["id"]: theme["keywords"] for theme in yaml.safe_load(text)["themes"]}


def with_keyword(text: str, keyword: str) -> str:
    """The themes lexicon with ``keyword`` appended to the keyword list of ``LEXICON_THEME``, comments and layout kept."""
    if any(keyword in keywords for keywords in theme_keywords(text).values()):
        raise SystemExit(f"{keyword} is already a keyword in {LEXICON_FILE}: pick another with --keyword")
    pattern = re.compile(rf"(- id: {LEXICON_THEME}\n(?:(?!\n\s*- id:).)*?keywords: \[[^\]]*)\]", re.DOTALL)
    edited = pattern.sub(rf"\1, {keyword}]", text, count=1)
    if keyword not in theme_keywords(edited).get(LEXICON_THEME, []):
        raise SystemExit(f"could not add {keyword} to the {LEXICON_THEME} theme of {LEXICON_FILE}")
    return edited


def table_changes(before: str, after: str) -> list[str]:
    """The cells of themes.csv that differ, as 'doc · theme · column: old → new'."""
    old = {(row["doc_id"], row["theme"]): row for row in csv.DictReader(io.StringIO(before))}
    changes = []
    for row in csv.DictReader(io.StringIO(after)):
        previous = old.get((row["doc_id"], row["theme"]), {})
        changes += [
            f"{row['doc_id']} · {row['theme']} · {column}: {previous.get(column)} → {value}"
            for column, value in row.items()
            if previous.get(column) != value
        ]
    return changes


def run_once(bench: Bench, keyword: str, results: Results) -> None:
    """One pass over every scenario; each edit is reverted and rebuilt (untimed) so the next scenario starts warm."""
    shutil.rmtree(bench.copy / "_build", ignore_errors=True)
    shutil.rmtree(bench.copy / ".cache", ignore_errors=True)
    results.raw.append(bench.raw_jieba())  # just before the cold build: the machine's speed at the time
    seconds, log = bench.build()
    results.times["cold"].append(seconds)
    executed = executed_notebooks(log)
    results.notebooks = len(executed)
    for notebook, notebook_seconds in executed.items():
        results.notebook_seconds[notebook].append(notebook_seconds)

    results.times["warm"].append(bench.build()[0])

    original = bench.read(PROSE_FILE)
    bench.write(PROSE_FILE, with_prose_edit(original))
    try:
        results.times["prose"].append(bench.build()[0])
        results.prose_visible.append(PROSE_SENTENCE in bench.read(THEMES_PAGE))
    finally:
        bench.write(PROSE_FILE, original)
    bench.build()

    watcher = Watcher(bench)
    try:
        started = time.perf_counter()
        bench.write(PROSE_FILE, with_prose_edit(original))
        watcher.rebuilt()
        results.times["watch"].append(time.perf_counter() - started)
        results.prose_visible.append(PROSE_SENTENCE in bench.read(THEMES_PAGE))
        bench.write(PROSE_FILE, original)
        watcher.rebuilt()
    finally:
        bench.write(PROSE_FILE, original)
        watcher.close()

    if not any(keyword in text.read_text(encoding="utf-8") for text in (bench.copy / CLEAN_TEXTS).glob("*.txt")):
        raise SystemExit(f"{keyword} occurs in no clean text: the lexicon edit would change nothing; pick another with --keyword")
    table, page = bench.read(THEMES_TABLE), bench.read(THEMES_PAGE)
    original = bench.read(LEXICON_FILE)
    bench.write(LEXICON_FILE, with_keyword(original, keyword))
    try:
        seconds, log = bench.build()
        results.times["lexicon"].append(seconds)
        results.lexicon_checks.append(
            LexiconCheck(
                table_changes(table, bench.read(THEMES_TABLE)),
                page != bench.read(THEMES_PAGE),
                keyword in bench.read(LEXICONS_PAGE),
                len(executed_notebooks(log)),
            )
        )
    finally:
        bench.write(LEXICON_FILE, original)
    bench.build()

    results.times["pdf"].append(bench.build("pdf")[0])
    if not (bench.copy / PDF).is_file():
        raise SystemExit(f"the PDF build succeeded but wrote no {PDF}")


def report(results: Results, runs: int, keyword: str) -> str:
    """The Markdown report: times against targets, the lexicon check, the machine, and notebook execution times."""
    checks = results.lexicon_checks
    cold = statistics.median(results.times["cold"])
    shares = {key: statistics.median(results.times[key]) / cold for key in SCENARIOS}
    verdicts = {key: "pass" if shares[key] <= target else "FAIL" for key, (_, target) in SCENARIOS.items() if target}
    if not all(check.fresh for check in checks):
        verdicts["lexicon"] += " (but stale)"
    if not all(results.prose_visible):
        verdicts["prose"] += " (but the edit is missing from the page: stale)"
    targets = {key: f"≤ {target:.0%} of cold" if target else "" for key, (_, target) in SCENARIOS.items()}

    lines = [
        "# Build times",
        "",
        f"Measured by `scripts/bench_build.py --runs {runs}` on {datetime.date.today().isoformat()}, each scenario {runs} time(s)",
        "in a copy of the repository without `_build`, `.venv` and `.cache`.",
        "",
        f"Machine: {os.cpu_count()} cores ({cpu_model()}), {platform.system()} {platform.release()},"
        f" Python {platform.python_version()}.",
        "",
        "| scenario | median (s) | min (s) | max (s) | share of cold | target | result |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for key, (label, _) in SCENARIOS.items():
        times = results.times[key]
        row = f"{statistics.median(times):.1f} | {min(times):.1f} | {max(times):.1f}"
        lines.append(f"| {label} | {row} | {shares[key]:.0%} | {targets[key]} | {verdicts.get(key, '')} |")

    ratios = [cold_run / raw for cold_run, raw in zip(results.times["cold"], results.raw, strict=True)]
    ratio = statistics.median(ratios)
    lines += [
        "",
        f"Cold HTML build against raw `jieba.lcut` over the journal's clean bodies (one process, its dictionary loaded"
        f" first), measured just before each cold build: raw {statistics.median(results.raw):.2f} s (median;"
        f" {', '.join(f'{raw:.2f}' for raw in results.raw)}), cold / raw **{ratio:.1f}×** (median of the runs'"
        f" ratios: {', '.join(f'{r:.1f}' for r in ratios)}); target ≤ {RAW_TARGET:.0f}×:"
        f" {'pass' if ratio <= RAW_TARGET else 'FAIL'}.",
    ]
    executed = sorted({check.executed for check in checks})
    changes = [change for change in checks[-1].table_changes if " · hits: " in change] or checks[-1].table_changes
    lines += [
        "",
        f"Lexicon edit: `{keyword}` appended to the `{LEXICON_THEME}` theme of `{LEXICON_FILE.as_posix()}`, then reverted.",
        "",
        f"- notebooks re-executed: {' / '.join(map(str, executed))} of {results.notebooks}"
        + (" (everything)" if executed == [results.notebooks] else " (not everything)"),
        f"- `{THEMES_TABLE.as_posix()}` changed in {sum(bool(check.table_changes) for check in checks)} of {runs} run(s);"
        f" in the last, {'; '.join(changes[:6]) or 'no cell'}{' …' if len(changes) > 6 else ''}",
        f"- `{THEMES_PAGE.as_posix()}` changed in {sum(check.page_changed for check in checks)} of {runs} run(s)",
        f"- `{LEXICONS_PAGE.as_posix()}` lists the keyword in {sum(check.listed for check in checks)} of {runs} run(s)",
        "",
        f"Prose edit: one sentence appended to the last paragraph of `{PROSE_FILE.as_posix()}`, then reverted; it appeared",
        f"in the built page in {sum(results.prose_visible)} of {2 * runs} build(s) (one-shot and watched). No notebook runs",
        "again: nothing a chapter read changed. Under `make watch` the time runs from the file's save to the loop's",
        "\"rebuilt\" line, so it includes the loop's polling (every 0.2 s).",
        "",
        "## Notebook execution (cold build)",
        "",
    ]
    medians = sorted(
        ((statistics.median(seconds), notebook) for notebook, seconds in results.notebook_seconds.items()), reverse=True
    )
    lines += [
        f"Slowest notebook: `{medians[0][1]}`, {medians[0][0]:.2f} s (median); all {len(medians)} together:"
        f" {sum(seconds for seconds, _ in medians):.1f} s, run {os.cpu_count()} at a time.",
        "",
        "| notebook | execution, median (s) |",
        "| --- | ---: |",
        *(f"| `{notebook}` | {seconds:.2f} |" for seconds, notebook in medians),
        "",
    ]
    return "\n".join(lines)


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, or the platform's processor string."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario (default 3)")
    parser.add_argument(
        "--keyword",
        default=DEFAULT_KEYWORD,
        help=f"added to the {LEXICON_THEME} theme: absent from the lexicon, present in the texts",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "build_times.md", help="report file")
    args = parser.parse_args(argv)

    results = Results()
    with tempfile.TemporaryDirectory(prefix="bench-build-") as scratch:
        copy = Path(scratch) / ROOT.name
        shutil.copytree(ROOT, copy, ignore=lambda folder, names: EXCLUDED & set(names) if Path(folder) == ROOT else set())
        bench = Bench(copy)
        with_keyword(bench.read(LEXICON_FILE), args.keyword)  # fail now, not after the first builds
        for run in range(1, args.runs + 1):
            started = time.perf_counter()
            run_once(bench, args.keyword, results)
            print(f"run {run}/{args.runs}: {time.perf_counter() - started:.0f} s", flush=True)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report(results, args.runs, args.keyword), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
