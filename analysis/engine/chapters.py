"""The book's chapters executed in parallel, each one only when something it read has changed.

Jupyter Book's execution cache keys a chapter by its code cells alone, so a
changed lexicon or module would leave its old outputs in place; clearing the
whole cache instead re-executes every chapter for any change. Here each
chapter's kernel records what it read (:mod:`.reads`): the stored tables and
settings, the data files and the library modules. A chapter is executed again
when its code cells changed (the cache has no entry for them), or when one of
those inputs now has another digest; the others keep their cached outputs.
Executed chapters go into the same cache, as myst-nb reads them, one process
per core, the slowest first.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

from ..paths import cache_dir
from .reads import STORES, digest, stored_digest
from .results import STAT_INDEX
from .stat_index import file_digests

MYST_READER = {"type": "plugin", "name": "myst_nb_md"}  # how myst-nb reads a chapter: the cache keys must match
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # the colours of an IPython traceback
RECORDER = ("import json as _json\nfrom analysis.engine.reads import recorded as _recorded\n"
            "print(_json.dumps(_recorded()))")
KERNEL_COMPUTED = "computed in the kernel"  # a context table no run stored: its own reads are recorded
ENVIRONMENT = "environment"
CODE_CELL = re.compile(r"^```\{code-cell\}.*?^```", re.MULTILINE | re.DOTALL)
BOOK_LIBRARIES = ("pandas", "numpy", "matplotlib", "wordcloud", "jieba", "scikit-learn", "scipy", "myst-nb", "ipykernel")


@dataclass(frozen=True)
class Executed:
    """One chapter's execution: its path, seconds, and the first lines of its error (None when it succeeded)."""

    path: Path
    seconds: float
    error: str | None = None


@cache
def environment_digest() -> str:
    """Python's and the libraries' versions: a new version re-executes every chapter (read once a build: each
    version is a metadata file parsed)."""
    return digest(" ".join([sys.version, *(f"{name}={version(name)}" for name in BOOK_LIBRARIES)]).encode())


def current_digests(names: Iterable[str], stored: Mapping[str, str]) -> dict[str, str | None]:
    """Each read name's digest now: a stored table's from ``stored`` (a ``tables`` run's digests), a file's from its
    bytes (None when it is gone). A table no run stored was computed in the kernel from reads of its own."""
    names = sorted(names)
    files = [name.removeprefix("file:") for name in names if name.startswith("file:")]
    hashes = dict(zip(files, file_digests(files, cache_dir() / STAT_INDEX), strict=True))
    current: dict[str, str | None] = {}
    for name in names:
        store = name.partition(":")[0]
        if name == ENVIRONMENT:
            current[name] = environment_digest()
        elif store == "file":
            current[name] = hashes[name.removeprefix("file:")]
        elif store in STORES:
            current[name] = stored_digest(name, stored) or KERNEL_COMPUTED
        else:
            current[name] = None
    return current


class ChapterRecords:
    """What each chapter read when it last ran, one JSON file per chapter under ``folder``."""

    def __init__(self, folder: Path, root: Path) -> None:
        self.folder, self.root = Path(folder), Path(root)

    def _path(self, chapter: Path) -> Path:
        return self.folder / f"{chapter.relative_to(self.root).as_posix().replace('/', '__')}.json"

    def read(self, chapter: Path) -> dict | None:
        try:
            record = json.loads(self._path(chapter).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return record if isinstance(record, dict) and isinstance(record.get("reads"), dict) else None

    def write(self, chapter: Path, reads: Mapping[str, str | None], seconds: float, cache_key: str = "") -> None:
        """Record what ``chapter`` read, its code cells' digest and the key of its entry in the execution cache."""
        from .publish import write_file

        record = {"seconds": round(seconds, 2), "code": code_digest(chapter), "cache_key": cache_key,
                  "reads": dict(sorted(reads.items()))}
        write_file(self._path(chapter), json.dumps(record, ensure_ascii=False, indent=0))

    def note_cached(self, chapter: Path, cache_key: str) -> None:
        """Record that ``chapter``'s present code cells are cached under ``cache_key`` (found by asking the cache)."""
        record = self.read(chapter)
        if record is not None:
            self.write(chapter, record["reads"], record.get("seconds") or 0.0, cache_key)

    def cached_as_recorded(self, chapter: Path, cache_path: Path) -> bool:
        """Whether ``chapter``'s code cells are those it ran with and its executed notebook is still in the cache: the
        cheap answer (reading every chapter as myst-nb does took 2.5 s of a build that changed nothing)."""
        record = self.read(chapter)
        return (record is not None and record.get("code") == code_digest(chapter) and bool(record.get("cache_key"))
                and (Path(cache_path) / "executed" / record["cache_key"] / "base.ipynb").is_file())

    def changed_inputs(self, chapter: Path, stored: Mapping[str, str]) -> list[str] | None:
        """The inputs of ``chapter`` whose digest changed since it ran (None when it has no record)."""
        record = self.read(chapter)
        if record is None:
            return None
        now = current_digests(record["reads"], stored)
        return [name for name, was in record["reads"].items() if now[name] != was]


def code_digest(chapter: Path) -> str:
    """A digest of a MyST chapter's code cells (their options included), which prose edits leave unchanged."""
    return digest("\n".join(CODE_CELL.findall(chapter.read_text(encoding="utf-8"))).encode())


def chapters_to_execute(chapters: list[Path], records: ChapterRecords, stored: Mapping[str, str],
                        cached: Callable[[Path], bool]) -> dict[Path, str]:
    """The chapters to execute, each with why: never run, code changed (``cached`` is False), or an input changed."""
    due = {}
    for chapter in chapters:
        changed = records.changed_inputs(chapter, stored)
        if changed is None:
            due[chapter] = "first run"
        elif not cached(chapter):
            due[chapter] = "its code changed"
        elif changed:
            due[chapter] = f"{_short(changed[0])} changed" + (f" (and {len(changed) - 1} more)" if len(changed) > 1 else "")
    return due


def _short(name: str) -> str:
    if name.startswith("file:"):
        path = Path(name.removeprefix("file:"))
        return f"{path.parent.name}/{path.name}"
    return name


def execute_chapters(due: Iterable[Path], records: ChapterRecords, stored: Mapping[str, str], cache_path: Path,
                     timeout: int, workers: int | None = None, report: Callable[[str], None] = print) -> list[Executed]:
    """Execute ``due`` chapters, one process per core (the slowest first, by their last run), cache each as myst-nb
    reads it and record what it read. A failing chapter is reported and left uncached."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from nbformat import reads

    due = sorted(due, key=lambda chapter: (-((records.read(chapter) or {}).get("seconds") or 0), chapter))
    if not due:
        return []
    cache = get_cache(str(cache_path))
    done = []
    workers = max(1, min(workers or os.cpu_count() or 1, len(due)))
    with ProcessPoolExecutor(workers) as pool:
        futures = [pool.submit(_execute, str(chapter), timeout) for chapter in due]
        for future in as_completed(futures):
            path, notebook, read, seconds, error = future.result()
            chapter = Path(path)
            if error is None:
                cache.add_nb_to_project(path, read_data=MYST_READER)
                entry = cache.cache_notebook_bundle(CacheBundleIn(reads(notebook, as_version=4), path,
                                                                  data={"execution_seconds": seconds}),
                                                    check_validity=False, overwrite=True)
                names = [*read["reads"], *(f"file:{file}" for file in read["modules"].values()), ENVIRONMENT]
                records.write(chapter, current_digests(names, stored), seconds, entry.hashkey)
            report(f"  {chapter.relative_to(records.root).as_posix()}: "
                   + (f"{seconds:.1f} s" if error is None else f"failed ({error})"))
            done.append(Executed(chapter, seconds, error))
    return done


def failed_cell(notebook: object, chapter: Path) -> str:
    """Where an executed chapter failed: the line of its .md where the cell that raised starts, and the cell's
    number among the code cells (``line 64, code cell 3``)."""
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    number = next((n for n, cell in enumerate(code, 1)
                   if any(output.get("output_type") == "error" for output in cell.get("outputs", []))), len(code))
    text = chapter.read_text(encoding="utf-8")
    start = text.find(code[number - 1].source) if code else -1
    return f"line {text.count(chr(10), 0, start) + 1}, code cell {number}" if start >= 0 else f"code cell {number}"


def _kernel_config(folder: str) -> object:
    """Kernels that talk over Unix sockets in ``folder``: over TCP each one warns, once per chapter, that its
    traffic is not encrypted."""
    from traitlets.config import Config

    return Config({"KernelManager": {"transport": "ipc", "ip": str(Path(folder) / "kernel")}})


def _execute(path: str, timeout: int) -> tuple[str, str | None, dict | None, float, str | None]:
    """Execute one chapter in a new kernel (in its folder), with a last cell that reports what it read and that is
    then dropped: the chapter as executed (nbformat JSON), its reads, the seconds, and the error if one cell failed."""
    import nbformat
    from jupyter_cache.readers import get_reader
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    notebook = get_reader(MYST_READER)(path)
    notebook.cells.append(nbformat.v4.new_code_cell(RECORDER))
    started = time.perf_counter()
    try:
        # no timing metadata: the cache keys a notebook by its cells, and myst-nb must find it by the unexecuted ones
        with tempfile.TemporaryDirectory(prefix="analysis-kernel-") as sockets:
            NotebookClient(notebook, timeout=timeout, record_timing=False, config=_kernel_config(sockets),
                           resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    except (CellExecutionError, CellTimeoutError) as error:
        lines = [line for line in str(error).splitlines() if line.strip()]
        message = ANSI.sub("", lines[-1])[:200] if lines else type(error).__name__
        return path, None, None, time.perf_counter() - started, f"{failed_cell(notebook, Path(path))}: {message}"
    seconds = time.perf_counter() - started
    recorder = notebook.cells.pop()
    output = "".join(out.get("text", "") for out in recorder.outputs if out.get("output_type") == "stream")
    return path, nbformat.writes(notebook), json.loads(output), seconds, None
