"""Where a cold ``tables`` run spends the machine's cores: ``python scripts/cores.py [--runs 3]`` (Linux only).

Each run is ``python -m analysis tables`` from an empty cache, in a fresh
process. Every process of the run is sampled ten times a second from ``/proc``:
the main process, the helper and the pool workers (they name themselves, see
:mod:`analysis.engine.processes`). The report (``benchmarks/cores.md``) gives per
run the wall time, the CPU seconds of each kind of process, and the floor
those CPU seconds set on this machine, CPU seconds / cores: no scheduling of
the same work can finish sooner. For the median run it also draws the time
line, so the stretches where a core waits are in plain view.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from analysis.engine.processes import HELPER_NAME, WORKER_NAME
from analysis.paths import REPO_ROOT

SAMPLE = 0.1  # seconds between samples
BIN = 0.5  # seconds per row of the time line
KINDS = ("main", "helper", "workers")
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    """One sampled run: wall and CPU seconds, and per sample the CPU seconds each kind of process used since the
    sample before."""

    wall: float = 0.0
    cpu: float = 0.0
    samples: list[tuple[float, Counter[str]]] = field(default_factory=list)

    def by_kind(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for _, used in self.samples:
            total.update(used)
        return total


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process descended from it."""
    found = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return found
    for child in children:
        found += process_tree(int(child))
    return found


def _cpu_and_name(pid: int) -> tuple[float, str] | None:
    """CPU seconds (user + system) and name of a process, or None once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name, fields = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / TICK, name


def _kind(pid: int, root: int, name: str) -> str:
    if pid == root:
        return "main"
    return {HELPER_NAME: "helper", WORKER_NAME: "workers"}.get(name, "other")


def sample_run(scratch: Path) -> Run:
    """Run ``tables`` cold (empty cache under ``scratch``) and sample its processes."""
    env = {**os.environ, "ANALYSIS_CACHE": str(scratch / "cache")}
    command = [sys.executable, "-m", "analysis", "tables", "--out", str(scratch / "out")]
    before = os.times()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    run, seen = Run(), {}
    while process.poll() is None:
        used: Counter[str] = Counter()
        for pid in process_tree(process.pid):
            if (found := _cpu_and_name(pid)) is not None:
                cpu, name = found
                used[_kind(pid, process.pid, name)] += cpu - seen.get(pid, 0.0)
                seen[pid] = cpu
        run.samples.append((time.perf_counter() - start, used))
        time.sleep(SAMPLE)
    run.wall = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"tables failed: {process.stderr.read().decode()[-500:]}")
    after = os.times()  # the run has been waited for, and it waited for every process it started
    run.cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return run


def time_line(run: Run, cores: int) -> list[str]:
    """Rows of the time line: per ``BIN`` seconds, the cores each kind of process kept busy."""
    bins: dict[int, Counter[str]] = {}
    for at, used in run.samples:
        bins.setdefault(int(at / BIN), Counter()).update(used)
    rows = ["| from (s) | main | helper | workers | idle cores |", "|---:|---:|---:|---:|---:|"]
    for number in sorted(bins):
        busy = {kind: bins[number][kind] / BIN for kind in KINDS}
        idle = max(cores - sum(busy.values()) - bins[number]["other"] / BIN, 0.0)
        rows.append(f"| {number * BIN:.1f} | " + " | ".join(f"{busy[kind]:.1f}" for kind in KINDS) + f" | {idle:.1f} |")
    return rows


def report(runs: list[Run], cores: int) -> str:
    lines = [
        "# Where a cold `tables` run spends the cores",
        "",
        f"Written by `python scripts/cores.py` on {platform.machine()}, {cores} cores, Python "
        f"{platform.python_version()}. Each run is `python -m analysis tables` over the seeds and the journal from "
        f"an empty cache; its processes are sampled every {SAMPLE:.1f} s. CPU is user + system seconds of the run "
        "and everything it started; the floor is CPU / cores, the wall time no scheduling of the same work can "
        "beat. The kinds add up to slightly less than the total: a process's last tenth of a second before it "
        "ends is not sampled.",
        "",
        "| run | wall (s) | CPU (s) | main | helper | workers | floor (s) | idle core-seconds |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for number, run in enumerate(runs, start=1):
        kinds = run.by_kind()
        lines.append(f"| {number} | {run.wall:.2f} | {run.cpu:.2f} | "
                     + " | ".join(f"{kinds[kind]:.2f}" for kind in KINDS)
                     + f" | {run.cpu / cores:.2f} | {cores * run.wall - run.cpu:.2f} |")
    middle = sorted(runs, key=lambda run: run.wall)[len(runs) // 2]
    lines += ["", f"Time line of the median run ({middle.wall:.2f} s): cores kept busy per {BIN:.1f} s.", ""]
    lines += time_line(middle, cores)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sample the processes of cold tables runs.")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default="benchmarks/cores.md", help="report to rewrite")
    args = parser.parse_args(argv)
    if not Path("/proc/self/stat").exists():
        print("scripts/cores.py reads /proc: run it on Linux", file=sys.stderr)
        return 2
    runs = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="cores-") as scratch:
            runs.append(sample_run(Path(scratch)))
    text = report(runs, os.cpu_count() or 1)
    out = REPO_ROOT / args.out
    out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
