"""Output folders written all at once or not at all, and only where it is safe to write.

A folder is filled under a staging name beside its target and then swapped
into place, so a reader (or a run killed half-way) sees the old output or the
new one, never a mix. Only a folder that this library wrote (it holds the
marker file) or an empty one is ever replaced; the seeds, the repository and
the home folder, and any folder that holds them, never are. Staging folders
left by a killed run are cleaned up by the next one. A file whose bytes did
not change keeps its date. Files get the modes the
user's umask gives, like any file the user writes.
"""

from __future__ import annotations

import ctypes
import errno
import filecmp
import glob
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import CorpusError
from ..paths import REPO_ROOT

MARKER = ".analysis-output"
_RENAME_EXCHANGE = 2  # renameat2 flag: swap two paths in one step (Linux)
_AT_FDCWD = -100


OUTPUT_FIX = "choose a folder on a writable disk with free space, e.g. --out _build/tables"


def write_atomically(out: Path, fill: Callable[[Path], None], protect: Iterable[Path] = (), what: str = "output folder",
                     fix: str = OUTPUT_FIX) -> list[Path]:
    """Fill a staging folder beside ``out``, then swap it into place; return the files written.

    Raises :class:`~analysis.errors.CorpusError` (one line, nothing changed)
    when ``out`` is not safe to replace or cannot be written (``what`` it is, and ``fix``: what to do).
    """
    out = Path(os.path.abspath(out))
    check_replaceable(out, protect)
    staging = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(out)
        staging = out.with_name(f".{out.name}.staging-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()  # mode from the umask (tempfile.mkdtemp would make it private)
        fill(staging)
        keep_unchanged_dates(staging, out)
        (staging / MARKER).write_text("written by python -m analysis; replaced on the next run\n", encoding="utf-8")
        _swap_into_place(staging, out)
    except OSError as error:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        problem = error.strerror or str(error)
        raise CorpusError(out, f"cannot write the {what} ({problem})", fix) from None
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(p for p in out.rglob("*") if p.is_file() and p.name != MARKER)


def keep_unchanged_dates(staging: Path, out: Path) -> None:
    """Give each staged file whose bytes equal the current output's file that file's dates, so that a reader which
    goes by dates (Sphinx, make) sees only what changed as new."""
    if not out.is_dir():
        return
    for path in staging.rglob("*"):
        current = out / path.relative_to(staging)
        if path.is_file() and current.is_file() and filecmp.cmp(path, current, shallow=False):
            stat = current.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def write_file(path: Path, data: bytes | str) -> None:
    """Write one file so that a reader sees all of it or none: into this process's own temporary beside it, then
    renamed over it (text as UTF-8). On a full or read-only disk the temporary is removed and the error names the
    file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror or str(error), str(path)) from None


def check_replaceable(out: Path, protect: Iterable[Path] = ()) -> None:
    """Refuse, with one line, an output folder that is not ours to replace."""
    out = Path(os.path.abspath(out))
    guarded = [Path(os.path.abspath(p)) for p in (*protect, REPO_ROOT, Path.home())]
    for path in guarded:
        if out == path or out in path.parents:
            raise CorpusError(out, f"refusing to replace a folder that is or holds {path}",
                              "pass --out a folder of its own, e.g. --out _build/tables")
    if out.exists() and not out.is_dir():
        raise CorpusError(out, "exists and is not a folder", "pass --out a folder name")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise CorpusError(out, "refusing to replace a folder that python -m analysis did not write",
                          "pass --out an empty or new folder, or remove this one yourself")


def remove_leftovers(out: Path) -> None:
    """Clean up after killed runs: drop their staging folders, and put back an output left half-swapped."""
    for leftover in sorted(out.parent.glob(f".{glob.escape(out.name)}.*-*")):
        kind, _, pid = leftover.name[len(out.name) + 2:].rpartition("-")
        if kind not in ("staging", "old") or not pid.isdigit() or _alive(int(pid)):
            continue
        if kind == "old" and not out.exists() and (leftover / MARKER).is_file():
            os.replace(leftover, out)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # our own leftover from an earlier call
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _swap_into_place(staging: Path, target: Path) -> None:
    """Put ``staging`` where ``target`` is, in one step where the system allows it."""
    if not target.exists():
        os.replace(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old output
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.replace(target, old)  # a kill here leaves only old: the next run puts it back (remove_leftovers)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))
