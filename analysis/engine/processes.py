"""A helper process, started before it is needed, that computes a few tables while this process computes others.

The helper is forked as a run starts, before this process imports pandas,
while it has no other processes or threads to inherit, and imports the
libraries its tables need (pandas, scikit-learn, scipy's clustering) while this
process imports its own and reads the corpus: the first second of a run has
one busy core, and this fills the other. Its inputs are sent to it (feature
matrices and small tables, quick to pickle) and only the results come back.
Where processes cannot be forked, the tables are computed here on first use.

Every process a run starts (the helper, and the workers of :func:`worker_pool`)
asks the kernel to end it when the run's process ends, so that a killed run
leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.connection import Connection
from types import TracebackType

Work = tuple[object, str, Callable[..., object], tuple]  # (target, attribute, function, its arguments)


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends
PR_SET_NAME = 15  # prctl(2): the process's name, as top and /proc/PID/comm show it
HELPER_NAME, WORKER_NAME = "analysis-helper", "analysis-worker"


def return_freed_memory() -> None:
    """Hand the heap this process has freed back to the system (glibc's ``malloc_trim``; nothing elsewhere).

    Unpickling a corpus's batch results leaves the heap in small holes that glibc
    keeps for later; at 16× the journal that was 200 MB of a run's peak.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def _prctl(option: int, value: int | bytes) -> bool:
    """Call prctl(2); False where there is none (not Linux)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(option, value)
    except (OSError, AttributeError):
        return False
    return True


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent (``parent``, its pid) ends, on Linux; elsewhere nothing.

    Without it, a worker whose run was killed waits for work forever. The kernel
    watches the thread that started the process, so start pools from the thread
    that outlives them (every pool here is started from the main thread).
    """
    if _prctl(PR_SET_PDEATHSIG, signal.SIGKILL) and os.getppid() != parent:  # the parent ended before the request
        os._exit(1)


def _start_worker(parent: int) -> None:
    """A pool worker's start: it ends with ``parent`` and is named for ``top`` (and ``scripts/cores.py``)."""
    die_with_parent(parent)
    _prctl(PR_SET_NAME, WORKER_NAME.encode())


def worker_pool(jobs: int | None = None) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes (default: one per core) that end with this process."""
    return ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(os.getpid(),))


def _serve(connection: Connection, theirs: Connection, modules: Sequence[str], parent: int) -> None:
    """The helper's loop: import ``modules``, then for each batch of ``(function, args)`` received (until
    ``None``, or until the main process is gone), compute them all and send back all the results, or the first
    error, in one message.

    One message each way: a message larger than the pipe's buffer blocks its
    sender until the other side reads it, and neither side reads mid-batch.
    The main process's end of the pipe, inherited by the fork, is closed first:
    kept open here, it would hide the main process's death (a killed run) and
    leave this process waiting forever.
    """
    theirs.close()
    die_with_parent(parent)
    _prctl(PR_SET_NAME, HELPER_NAME.encode())
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle; it closes this one
    for module in modules:
        importlib.import_module(module)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)  # one BLAS thread: this process and the main one already fill the cores
    while (batch := _received(connection)) is not None:
        try:
            reply = (True, [function(*args) for function, args in batch])
        except Exception as error:  # sent back, and raised there
            reply = (False, error)
        del batch  # its inputs are not needed while the reply waits for the main process to read it
        return_freed_memory()
        try:
            connection.send(reply)
        except OSError:  # the main process is gone
            return


def _received(connection: Connection) -> object:
    """The next message, or None once the other end is closed."""
    try:
        return connection.recv()
    except EOFError:
        return None


class Helper:
    """One forked process that imports ``modules`` at once and later computes ``function(*args)`` for cached
    attributes."""

    def __init__(self, modules: Sequence[str] = ()) -> None:
        self._process = self._connection = None
        if "fork" in multiprocessing.get_all_start_methods():
            self._connection, theirs = multiprocessing.Pipe()
            self._process = multiprocessing.get_context("fork").Process(
                target=_serve, args=(theirs, self._connection, tuple(modules), os.getpid()), daemon=True)
            self._process.start()
            theirs.close()

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Stop the helper (at once when a run fails; it holds nothing that needs saving)."""
        if self._process is None:
            return
        with contextlib.suppress(OSError):  # the helper is gone already
            self._connection.send(None)
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._connection.close()
        self._process = None

    def compute(self, work: Sequence[Work]) -> Callable[[], None]:
        """Send each ``(target, attribute, function, args)`` not yet computed to the helper; return a function that
        waits for the results and keeps each where ``functools.cached_property`` keeps it (the target's ``__dict__``).
        Without a helper, nothing is sent: each attribute is computed here when first used."""
        todo = [item for item in work if item[1] not in item[0].__dict__]
        if self._process is None or not todo:
            return lambda: None
        try:
            self._connection.send([(function, args) for _, _, function, args in todo])
        except OSError:
            raise HelperError() from None

        def join() -> None:
            try:
                succeeded, values = self._connection.recv()
            except (EOFError, OSError):
                raise HelperError() from None
            if not succeeded:
                raise values
            for (target, attribute, _, _), value in zip(todo, values, strict=True):
                target.__dict__[attribute] = value

        return join


class HelperError(RuntimeError):
    """The helper process ended before it sent its tables back (killed, or out of memory)."""

    def __init__(self) -> None:
        super().__init__("the helper process ended before it sent its tables back")
