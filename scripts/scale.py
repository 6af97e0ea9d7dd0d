"""How ``tables`` scales past one journal: ``python scripts/scale.py [--factors 1 4 16 64] [--dask 1 16] [--runs 3]``
(Linux only).

A k× journal is made of k perturbed copies of every article of ``corpora/djyj``:
copy i drops one paragraph (the i-th, counting round the article) and rotates
the rest by i, the closing author line kept last, so no two copies are the same
text and segmentation cannot be skipped; each copy gets its own file name and
address. For each factor it runs
``python -m analysis tables`` over the seeds and the k× journal from an empty
cache (cold), then again five times (warm, unsampled), and samples the whole process tree from
``/proc`` ten times a second: the peak of its summed PSS is the memory the run
needs. Figures are medians of ``--runs`` rounds where a cold run takes under
two minutes, else of one. The factors of ``--dask`` are run again with ``--engine dask`` (a local cluster of a
worker per core, started by the run: its workers are in the process tree). The report is ``benchmarks/scale.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from cores import process_tree  # scripts/cores.py: the run's processes, from /proc

from analysis.paths import JOURNAL_DIR, REPO_ROOT

SAMPLE = 0.1
WARM_RUNS = 5  # a warm run is short and noisy: the median of five after each cold one
HEADER_END = re.compile(r"^---\s*$", re.MULTILINE)
TICK = os.sysconf("SC_CLK_TCK")


def perturbed(text: str, copy: int) -> str:
    """Copy ``copy`` of an article: its header with the address made unique, and its body less one paragraph,
    rotated by ``copy`` paragraphs (copy 0 is the article itself)."""
    if copy == 0:
        return text
    match = HEADER_END.search(text)
    if match is None:
        return text
    header, body = text[:match.end()], text[match.end():]
    header = re.sub(r"(\*\*(?:链接|来源)\*\*\s*[:：]\s*https?://\S+?)(\s)", rf"\g<1>?copy={copy}\g<2>", header, count=1)
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    middle, last = paragraphs[:-1], paragraphs[-1:]  # the closing author line stays last: attribution reads it
    if len(middle) > 2:
        del middle[copy % len(middle)]
        shift = copy % len(middle)
        middle = middle[shift:] + middle[:shift]
    return header + "\n\n" + "\n\n".join(middle + last) + "\n"


def make_journal(target: Path, factor: int) -> int:
    """A k× journal in ``target/articles``; returns the number of articles."""
    articles = target / "articles"
    articles.mkdir(parents=True)
    count = 0
    for path in sorted((JOURNAL_DIR / "articles").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for copy in range(factor):
            (articles / f"{path.stem}-{copy:03d}.md").write_text(perturbed(text, copy), encoding="utf-8")
            count += 1
    return count


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_tables(journal: Path, cache: Path, out: Path, engine: str = "local") -> dict[str, float]:
    """One ``tables`` run: wall and CPU seconds (the process and its children) and the peak PSS of the tree."""
    env = {**os.environ, "ANALYSIS_JOURNAL": str(journal), "ANALYSIS_CACHE": str(cache)}
    start = time.perf_counter()
    before = os.times()
    process = subprocess.Popen([sys.executable, "-m", "analysis", "tables", "--out", str(out), "--engine", engine],
                               cwd=REPO_ROOT,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_pss(pid) for pid in process_tree(process.pid)))
        time.sleep(SAMPLE)
    wall = time.perf_counter() - start
    after = os.times()
    if process.returncode:
        raise RuntimeError(f"tables failed: {process.stderr.read().decode()[-400:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"wall": wall, "cpu": cpu, "pss": peak}


def timed_tables(journal: Path, cache: Path, out: Path, engine: str) -> float:
    """The wall seconds of one ``tables`` run, unsampled: polling ``/proc`` every 0.1 s would round a warm run's
    fraction of a second up to the next tenth."""
    env = {**os.environ, "ANALYSIS_JOURNAL": str(journal), "ANALYSIS_CACHE": str(cache)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis", "tables", "--out", str(out), "--engine", engine], cwd=REPO_ROOT,
                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def measure(journal: Path, articles: int, factor: int, engine: str, runs: int, scratch: Path) -> dict[str, float]:
    """Cold and warm runs of ``tables`` over a k× journal with ``engine``: the medians."""
    rounds = []
    for number in range(runs):
        cache = scratch / f"cache-{factor}-{engine}-{number}"
        out = scratch / f"out-{factor}"
        cold = run_tables(journal, cache, out, engine)
        warm = median(timed_tables(journal, cache, out, engine) for _ in range(WARM_RUNS))
        shutil.rmtree(cache, ignore_errors=True)
        rounds.append({**cold, "warm": warm})
        print(f"{factor}× {engine}: cold {cold['wall']:.1f} s wall, {cold['cpu']:.1f} s CPU, peak "
              f"{cold['pss'] / 2**20:.0f} MB; warm {warm:.2f} s", flush=True)
        if cold["wall"] > 120:
            break
    return {"factor": factor, "engine": engine, "articles": articles, "runs": len(rounds),
            **{key: median(r[key] for r in rounds) for key in ("cpu", "wall", "pss", "warm")}}


def measure_all(factors: list[int], dask: list[int], runs: int, scratch: Path) -> list[dict[str, float]]:
    """Every factor with the default engine, and those of ``dask`` with the Dask engine, one k× journal at a time."""
    results = []
    for factor in sorted(set(factors) | set(dask)):
        journal = scratch / f"journal-{factor}"
        articles = make_journal(journal, factor)
        engines = [engine for engine, wanted in (("local", factors), ("dask", dask)) if factor in wanted]
        results += [measure(journal, articles, factor, engine, runs, scratch) for engine in engines]
        shutil.rmtree(journal, ignore_errors=True)
    return results


def report(results: list[dict[str, float]]) -> str:
    base = next((r for r in results if r["factor"] == 1 and r["engine"] == "local"), results[0])
    lines = ["# Scale: `tables` over k× journals", "",
             f"Written by `python scripts/scale.py` on {platform.machine()}, {os.cpu_count()} cores, Python "
             f"{platform.python_version()}. A k× journal holds k perturbed copies of each of the journal's articles "
             "(each copy drops one paragraph and rotates the rest). Cold = empty cache; warm = the same run again "
             "(the median of five, timed without the sampler). Peak memory is the summed PSS of the run's process "
             "tree, sampled ten times a second. Medians of the "
             "runs given (one where a cold run takes over two minutes).", "",
             "| factor | engine | articles | runs | CPU (s) | wall (s) | CPU / 1× CPU | peak tree PSS (MB) | warm (s) |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['factor']}× | {r['engine']} | {r['articles']:,} | {r['runs']} | {r['cpu']:.1f} | {r['wall']:.1f} | "
                     f"{r['cpu'] / base['cpu']:.2f} | {r['pss'] / 2**20:,.0f} | {r['warm']:.2f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 4, 16, 64])
    parser.add_argument("--dask", type=int, nargs="*", default=[1, 16], help="factors to run with the Dask engine too")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default="benchmarks/scale.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="analysis-scale-") as directory:
        results = measure_all(args.factors, args.dask, args.runs, Path(directory))
    out = REPO_ROOT / args.out
    out.write_text(report(results), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
