"""Where the journal's per-article stage runs: this machine's processes, or a Dask cluster.

The stage is a list of independent jobs (a batch of articles each, read, cleaned,
segmented and counted), and its results are summed in job order by the caller,
so an engine only has to run every job once and hand the results back in the
order it was given them, one at a time as they come (the caller folds each into
its sums and lets it go: the results of a whole corpus are never held at once).
That order is what makes the tables byte-identical whichever engine computed them.

- ``local`` (the default, and the fastest on one machine): a pool of forked
  worker processes (:func:`~.processes.worker_pool`), which inherit the
  segmenter and the gazetteer already built.
- ``dask``: the jobs are tasks on a ``dask.distributed`` cluster, the one at
  ``--scheduler tcp://HOST:PORT``, or a ``LocalCluster`` of one single-threaded
  worker process per core. Workers read the articles and write the token cache
  at the paths the jobs name, so on a cluster of several machines the corpus and
  the cache live on a filesystem they all mount at the same path, and every
  worker has the project installed (``pip install .``). A worker lost mid-run
  has its tasks rescheduled by Dask; a task that kills workers more often than
  the scheduler allows (``distributed.scheduler.allowed-failures``) ends the run
  with one line, and the last output stays as it was.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol, TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")
ENGINES = ("local", "dask")
CONNECT_SECONDS = 10


class Engine(Protocol):
    """Runs independent jobs and yields their results in the order of the jobs, as they come."""

    name: str

    def map(self, function: Callable[[Job], Result], jobs: Sequence[Job]) -> Iterator[Result]: ...


class EngineError(RuntimeError):
    """The engine could not run the jobs: a scheduler out of reach, or workers lost more often than allowed."""


class LocalEngine:
    """Forked worker processes on this machine (``jobs``: how many; default one per core); one job runs here."""

    name = "local"

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = jobs or os.cpu_count() or 1

    def map(self, function: Callable[[Job], Result], jobs: Sequence[Job]) -> Iterator[Result]:
        if self.jobs == 1 or len(jobs) < 2:
            yield from map(function, jobs)
            return
        from .processes import worker_pool  # here: a warm run never starts workers, nor imports multiprocessing

        with worker_pool(self.jobs) as pool:
            yield from pool.map(function, jobs)


class DaskEngine:
    """The tasks of a ``dask.distributed`` client: connected to ``scheduler``, or to a local cluster it starts."""

    name = "dask"

    def __init__(self, client: object) -> None:
        self.client = client

    def map(self, function: Callable[[Job], Result], jobs: Sequence[Job]) -> Iterator[Result]:
        from distributed import KilledWorker

        # pure=False: every job is a new task (hashing the lexicon each job carries would cost more than it saves)
        futures = self.client.map(function, list(jobs), pure=False, key=[f"{function.__name__}-{n}" for n in range(len(jobs))])
        try:
            for number, future in enumerate(futures):
                yield future.result()
                futures[number] = None  # its result is the caller's now: the cluster may let it go
                future.release()
        except KilledWorker as error:
            raise EngineError(f"the Dask cluster lost the workers running {error.task!r} more often than it allows "
                              "(distributed.scheduler.allowed-failures) — check the workers' memory and logs, "
                              "then run again") from None
        finally:
            self.client.cancel([future for future in futures if future is not None])


class UnreadFutures(logging.Filter):
    """Drops asyncio's report of a future whose exception nobody read. A Dask client closed after its cluster lost
    a worker can leave one (a call that timed out), and asyncio prints it, traceback and all, at exit: after the
    run's own one-line error, which already says what happened."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Future exception was never retrieved")


UNREAD_FUTURES = UnreadFutures()


@contextmanager
def open_engine(name: str = "local", scheduler: str | None = None) -> Iterator[Engine]:
    """The engine ``name`` (``local`` or ``dask``), closed on leaving: for ``dask``, a client of ``scheduler``
    (``tcp://HOST:PORT``) or of a ``LocalCluster`` of one worker process per core."""
    if name not in ENGINES:
        raise EngineError(f"no engine {name!r} — choose one of: {', '.join(ENGINES)}")
    if name == "local":
        yield LocalEngine()
        return
    with _dask_client(scheduler) as client:
        yield DaskEngine(client)


@contextmanager
def _dask_client(scheduler: str | None) -> Iterator[object]:
    from distributed import Client, LocalCluster

    logging.getLogger("asyncio").addFilter(UNREAD_FUTURES)

    if scheduler is None:
        with LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                          dashboard_address=None, silence_logs=logging.WARNING) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as error:
        raise EngineError(f"{scheduler}: no Dask scheduler answered ({str(error).splitlines()[0] if str(error) else 'timed out'}) "
                          "— start one with `dask scheduler`, or check the address (tcp://HOST:PORT)") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except TimeoutError:
            raise EngineError(f"{scheduler}: the Dask scheduler has no worker — start one with "
                              f"`dask worker {scheduler}` on each machine") from None
        yield client
