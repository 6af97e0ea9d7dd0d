"""The Dask engine on a real cluster: a scheduler and two workers started as separate processes on loopback.

The workers run in a folder outside the checkout, so they import the analysis
from the installed package, as the workers of a real cluster do. The journal is
a quarter of the real one (every fourth article, all six years), so that the
per-article stage has several batches to share out and to lose.
"""

from __future__ import annotations

import filecmp
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis.paths import CACHE_ENV, JOURNAL_DIR, JOURNAL_ENV, REPO_ROOT

distributed = pytest.importorskip("distributed")
START_SECONDS = 60


@dataclass
class Cluster:
    address: str
    workers: list[subprocess.Popen]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def journal(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("journal")
    (folder / "articles").mkdir()
    for path in sorted((JOURNAL_DIR / "articles").glob("*.md"))[::4]:
        shutil.copyfile(path, folder / "articles" / path.name)
    return folder


@pytest.fixture(scope="module")
def local_tables(journal, tmp_path_factory) -> Path:
    """The tables of the default engine over the quarter journal."""
    run = tmp_path_factory.mktemp("local")
    status, _, err = tables(journal, run / "cache", run / "out")
    assert status == 0, err
    return run / "out"


def start_cluster(folder: Path, allowed_failures: int) -> tuple[Cluster, list[subprocess.Popen]]:
    address = f"tcp://127.0.0.1:{free_port()}"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES"] = str(allowed_failures)
    common = {"cwd": folder, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                  "--port", address.rsplit(":", 1)[1], "--no-dashboard"], **common)
    workers = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                                 "--no-nanny", "--no-dashboard", "--name", f"worker-{n}"], **common) for n in range(2)]
    with distributed.Client(address, timeout=START_SECONDS) as client:
        client.wait_for_workers(2, timeout=START_SECONDS)
    return Cluster(address, workers), [scheduler, *workers]


@pytest.fixture()
def cluster(tmp_path, request) -> Iterator[Cluster]:
    """A scheduler and two single-threaded workers (no nanny: a killed worker stays dead), each its own process."""
    started, processes = start_cluster(tmp_path, getattr(request, "param", 3))
    try:
        yield started
    finally:
        for process in processes:
            process.kill()
            process.wait()


def tables(journal: Path, cache: Path, out: Path, *options: str) -> tuple[int, str, str]:
    """``python -m analysis tables`` in its own process, over the seeds and ``journal``, from the cache ``cache``."""
    env = {**os.environ, JOURNAL_ENV: str(journal), CACHE_ENV: str(cache)}
    done = subprocess.run([sys.executable, "-m", "analysis", "tables", "--out", str(out), *options], cwd=REPO_ROOT,
                          env=env, capture_output=True, text=True, timeout=600)
    return done.returncode, done.stdout, done.stderr


def same_files(left: Path, right: Path) -> list[str]:
    """The files that differ between two output folders, or that one lacks (empty when byte-identical)."""
    names = sorted({p.relative_to(left) for p in left.rglob("*") if p.is_file()} |
                   {p.relative_to(right) for p in right.rglob("*") if p.is_file()})
    return [str(name) for name in names
            if not (left / name).is_file() or not (right / name).is_file()
            or not filecmp.cmp(left / name, right / name, shallow=False)]


def tables_killing_a_worker(cluster: Cluster, journal: Path, cache: Path, out: Path) -> tuple[int, str, str, bool]:
    """``tables`` on the cluster, one of its workers killed (SIGKILL) while it computes a batch of articles; the
    last value says whether the kill happened mid-run."""
    env = {**os.environ, JOURNAL_ENV: str(journal), CACHE_ENV: str(cache)}
    with distributed.Client(cluster.address, timeout=START_SECONDS) as client:
        pids = client.run(os.getpid)
    run = subprocess.Popen([sys.executable, "-m", "analysis", "tables", "--out", str(out), "--engine", "dask",
                            "--scheduler", cluster.address], cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    killed = False
    with distributed.Client(cluster.address, timeout=START_SECONDS) as client:
        deadline = time.monotonic() + 300
        while run.poll() is None and not killed and time.monotonic() < deadline:
            busy = [address for address, tasks in client.processing().items() if tasks]
            if busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed = True
            time.sleep(0.02)
    stdout, stderr = run.communicate(timeout=600)
    return run.returncode, stdout, stderr, killed


def test_the_dask_engine_on_a_two_worker_cluster_gives_the_same_tables(journal, local_tables, cluster, tmp_path):
    status, out, err = tables(journal, tmp_path / "cache", tmp_path / "out", "--engine", "dask",
                              "--scheduler", cluster.address)
    assert status == 0, err
    assert "wrote" in out and "from cache" not in out
    assert same_files(local_tables, tmp_path / "out") == []
    assert (tmp_path / "out" / "journal" / "articles.csv").read_bytes().count(b"\n") == 1 + len(
        list((journal / "articles").glob("*.md")))


def test_a_worker_killed_mid_run_changes_nothing_dask_reschedules_its_batches(journal, local_tables, cluster,
                                                                              tmp_path):
    status, _, err, killed = tables_killing_a_worker(cluster, journal, tmp_path / "cache", tmp_path / "out")
    assert killed, "the run ended before a worker could be killed"
    assert status == 0, err
    assert cluster.workers[0].poll() is not None or cluster.workers[1].poll() is not None
    assert same_files(local_tables, tmp_path / "out") == []


@pytest.mark.parametrize("cluster", [0], indirect=True)  # the scheduler gives up on a batch whose worker died
def test_a_run_that_loses_its_workers_fails_in_one_line_and_keeps_the_last_output(journal, local_tables, cluster,
                                                                                   tmp_path):
    out = tmp_path / "out"
    shutil.copytree(local_tables, out)
    status, _, err, killed = tables_killing_a_worker(cluster, journal, tmp_path / "cache", out)
    assert killed
    lines = [line for line in err.splitlines() if line.strip()]
    assert status == 1 and len(lines) == 1 and lines[0].startswith("error: "), err
    assert "allowed-failures" in lines[0] and "Traceback" not in err
    assert same_files(local_tables, out) == []


def test_a_scheduler_that_does_not_answer_is_one_line(journal, tmp_path):
    status, _, err = tables(journal, tmp_path / "cache", tmp_path / "out", "--engine", "dask", "--scheduler",
                            f"tcp://127.0.0.1:{free_port()}")
    lines = [line for line in err.splitlines() if line.strip()]
    assert status == 1 and len(lines) == 1 and "no Dask scheduler answered" in lines[0], err
    assert not (tmp_path / "out").exists()


def test_a_scheduler_address_without_the_dask_engine_is_a_usage_error(journal, tmp_path):
    status, _, err = tables(journal, tmp_path / "cache", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:8786")
    assert status == 2 and "--engine dask" in err


def test_asyncios_report_of_an_unread_future_is_dropped_once_dask_is_used():
    """A lost worker's run printed its one-line error, then, at exit and now and then, asyncio's "Future exception
    was never retrieved" with a traceback (seen in CI): the filter on asyncio's logger drops that report only."""
    from analysis.engine.engines import UNREAD_FUTURES

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("asyncio", logging.ERROR, __file__, 1, message, None, None)

    assert not UNREAD_FUTURES.filter(record("Future exception was never retrieved\nfuture: <Future finished "
                                            "exception=TimeoutError('Timeout')>"))
    assert UNREAD_FUTURES.filter(record("Task was destroyed but it is pending!"))
