"""The tables pipeline against the raw cost of segmentation: ``python scripts/bench.py``.

For each corpus (the seeds; the journal corpus in ``corpora/djyj``; the seeds
replicated to about 1,000 documents) it measures, in the same run:

- raw ``jieba.lcut`` over the same clean bodies, single process (the physical limit);
- the whole ``tables`` pipeline from a cold segmentation cache, in a subprocess;
- the same again with a warm cache;

and reports wall time, Han characters per second and the subprocess's peak
memory. The three are interleaved and repeated (``--repeats``, 3 by default),
and each figure is the median over the repeats: on a shared two-core machine
the same work varies by ±10% from minute to minute, and a ratio of two single
measurements taken a minute apart inherits both errors. Results are written to
a Markdown file (rewritten on every run).
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import jieba

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from analysis.catalog import append_rows
from analysis.corpus import load_corpus
from analysis.intake import add_documents
from analysis.journal.corpus import load_journal
from analysis.paths import JOURNAL_DIR, REPO_ROOT, seeds_dir
from analysis.text.chars import han_count

DJYJ = JOURNAL_DIR / "articles"
REPLICAS = 200


def _run_tables(seeds: Path, cache: Path, out: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of one ``tables`` run in a fresh process."""
    env = {**os.environ, "ANALYSIS_CACHE": str(cache)}
    command = [sys.executable, "-m", "analysis", "tables", "--out", str(out), "--seeds", str(seeds)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"tables failed on {seeds}: {process.stderr.read().decode()[-500:]}")
    return elapsed, usage.ru_maxrss * 1024


def _raw_segmentation(bodies: list[str]) -> float:
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    start = time.perf_counter()
    for body in bodies:
        jieba.lcut(body)
    return time.perf_counter() - start


def _djyj_seeds(target: Path) -> Path:
    """A seeds folder over the djyj articles, catalogued by ``add``'s inference (not timed)."""
    target.mkdir(parents=True)
    for path in sorted(DJYJ.glob("*.md")):
        shutil.copyfile(path, target / path.name)  # a copy: the catalog refuses files outside the seeds folder
    add_documents(target, sorted(target.glob("*.md")))
    return target


def _replicated_seeds(target: Path, replicas: int = REPLICAS) -> Path:
    """The seeds copied ``replicas`` times, each copy made distinct by a closing line with its number."""
    corpus = load_corpus()
    target.mkdir(parents=True)
    rows = []
    for number in range(replicas):
        for document in corpus:
            name = f"{number:04d}_{document.path.name}"
            data = document.path.read_bytes().rstrip() + f"\n第{number}份副本到此结束，谨供测试。\n".encode()
            (target / name).write_bytes(data)
            rows.append({**document.catalog, "doc_id": f"{document.doc_id}-{number:04d}", "file": name})
    append_rows(target, rows)
    return target


def bench_corpus(name: str, seeds: Path, scratch: Path, journal: list[str],
                 repeats: int = 3) -> dict[str, float | int | str]:
    """Medians over ``repeats`` rounds of (raw segmentation, cold run, warm run), each cold run on an empty cache.

    Every ``tables`` run analyses the seeds and the journal, so the raw cost is
    that of segmenting both (``journal``: the journal's clean bodies).
    """
    corpus = load_corpus(seeds)
    bodies = [d.body for d in corpus] + journal
    han = sum(han_count(b) for b in bodies)
    rounds = []
    for number in range(repeats):
        raw = _raw_segmentation(bodies)
        cache = scratch / f"cache-{name}-{number}"
        cold, cold_memory = _run_tables(seeds, cache, scratch / f"out-{name}")
        warm, warm_memory = _run_tables(seeds, cache, scratch / f"out-{name}")
        shutil.rmtree(cache, ignore_errors=True)
        rounds.append({"raw": raw, "cold": cold, "warm": warm, "ratio": cold / raw, "speedup": cold / warm,
                       "memory": max(cold_memory, warm_memory)})
    raw, cold, warm = (median(r[key] for r in rounds) for key in ("raw", "cold", "warm"))
    return {"corpus": name, "documents": len(corpus) + len(journal), "han_chars": han, "repeats": repeats, "raw_jieba_s": raw,
            "cold_s": cold, "warm_s": warm, "cold_vs_raw": median(r["ratio"] for r in rounds),
            "cold_vs_raw_max": max(r["ratio"] for r in rounds), "warm_speedup": median(r["speedup"] for r in rounds),
            "cold_han_per_s": han / cold, "raw_han_per_s": han / raw,
            "peak_mb": max(r["memory"] for r in rounds) / 2**20}


def run_benchmarks(which: str, out: Path, repeats: int = 3) -> int:
    results = []
    with tempfile.TemporaryDirectory(prefix="analysis-bench-") as directory:
        scratch = Path(directory)
        journal = [d.body for d in load_journal()]
        plans = {"seeds": seeds_dir,
                 "replicated": lambda: _replicated_seeds(scratch / "replicated"),
                 "djyj": lambda: _djyj_seeds(scratch / "djyj") if DJYJ.is_dir() else None}
        for name in ("seeds", "djyj", "replicated"):
            if which not in (name, "all"):
                continue
            seeds = plans[name]()
            if seeds is None:
                print(f"{name}: skipped ({DJYJ} not found)")
                continue
            result = bench_corpus(name, seeds, scratch, journal, repeats)
            results.append(result)
            print(_line(result))
        shutil.rmtree(scratch, ignore_errors=True)
    if results:
        out = REPO_ROOT / out if not out.is_absolute() else out
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(_report(results), encoding="utf-8")
        print(f"wrote {out}")
    return 0


def _line(r: dict) -> str:
    return (f"{r['corpus']}: {r['documents']} docs, {r['han_chars']:,} Han chars; medians of {r['repeats']}: "
            f"raw jieba {r['raw_jieba_s']:.2f} s; cold pipeline {r['cold_s']:.2f} s ({r['cold_vs_raw']:.2f}× raw, "
            f"worst {r['cold_vs_raw_max']:.2f}×); warm {r['warm_s']:.2f} s ({r['warm_speedup']:.1f}× faster); "
            f"peak {r['peak_mb']:.0f} MB")


def _report(results: list[dict]) -> str:
    lines = [
        "# Benchmark: the `tables` pipeline against raw segmentation",
        "",
        f"Written by `python scripts/bench.py` on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}. Each pipeline run is a fresh process (`python -m analysis tables`); "
        "cold = empty cache (segmentation, jieba's dictionary, tables), warm = second run. "
        "Raw = `jieba.lcut` over the same clean bodies, "
        "one process, dictionary already loaded. Raw, cold and warm are measured in turn, "
        f"{results[0]['repeats']} rounds per corpus; each figure is the median of its rounds (the ratios are medians "
        "of the per-round ratios), and the worst round's ratio is given too.",
        "",
        "Every run analyses its seeds and the journal (1,317 articles): the corpus column names the seeds.",
        "",
        "| corpus | docs | Han chars | raw jieba (s) | cold pipeline (s) | cold / raw | worst cold / raw | warm (s) "
        "| warm speed-up | cold Han chars/s | peak memory (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r['corpus']} | {r['documents']} | {r['han_chars']:,} | {r['raw_jieba_s']:.2f} | "
                     f"{r['cold_s']:.2f} | {r['cold_vs_raw']:.2f} | {r['cold_vs_raw_max']:.2f} | {r['warm_s']:.2f} | "
                     f"{r['warm_speedup']:.1f}× | {r['cold_han_per_s']:,.0f} | {r['peak_mb']:.0f} |")
    lines += ["", "Targets (the journal issue): the seeds and the journal cold in at most 0.3 × raw; warm at most "
              "1/8 of cold (speed-up ≥ 8×); peak memory under 1.5 GB.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the tables pipeline against raw jieba segmentation.")
    parser.add_argument("--corpus", choices=("seeds", "djyj", "replicated", "all"), default="all")
    parser.add_argument("--out", default="benchmarks/results.md", help="results file to rewrite")
    parser.add_argument("--repeats", type=int, default=3, help="rounds per corpus; figures are medians")
    args = parser.parse_args(argv)
    return run_benchmarks(args.corpus, Path(args.out), args.repeats)


if __name__ == "__main__":
    sys.exit(main())
