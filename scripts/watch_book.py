"""Rebuild the HTML book whenever a source changes, and serve it on http://127.0.0.1:PORT: the author's loop.

A one-shot ``make book`` starts a new interpreter and imports Sphinx, myst-nb and their extensions on every run,
which is most of a rebuild after a prose edit. This loop keeps them imported: it polls the sources' size and date
(as the stat manifest does, nothing is read or hashed) and rebuilds in this process when only pages, theme files or
the book's configuration changed. Any other change (library code, a lexicon, a seed, the journal, an extension)
restarts the process, so that no module or in-process cache of it can be stale; the chapters always run in fresh
kernels. A failed build is reported as ``make book`` reports it, and the loop waits for the next change.

Usage: python scripts/watch_book.py [--port 8000] [--no-serve] [--seeds DIR]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_book  # the build this loop repeats

ROOT = build_book.ROOT
POLL_SECONDS = 0.2
SETTLE_SECONDS = 0.05  # an editor's save can be a write and a rename: wait until the files stop changing
# Read again by every build (Sphinx reads the pages, the theme files and the configuration each time): rebuilt here.
IN_PROCESS = ("book", "_static", "_templates", "_config.yml", "_toc.yml")
SKIPPED_PARTS = {"_build", ".venv", ".cache", ".git", "__pycache__", ".ipynb_checkpoints", ".pytest_cache"}


def watched_roots(seeds: Path, journal: Path) -> list[Path]:
    """Everything a build reads: the project's sources (library, lexicons, pages, theme, extensions, scripts), the
    seeds and the journal, wherever their environment variables put them."""
    names = ("analysis", "book", "_static", "_templates", "_ext", "scripts", "_config.yml", "_toc.yml", "pyproject.toml",
             "requirements.txt")
    return [*(ROOT / name for name in names), seeds, journal]


def snapshot(roots: Iterable[Path]) -> dict[Path, tuple[int, int]]:
    """Size and modification time (ns) of every file under ``roots``, build outputs and caches left out."""
    stats: dict[Path, tuple[int, int]] = {}
    for root in roots:
        if root.is_file():
            candidates: Iterable[Path] = [root]
        elif root.is_dir():
            candidates = (path for path in root.rglob("*") if not SKIPPED_PARTS.intersection(path.parts))
        else:
            continue
        for path in candidates:
            try:
                stat = path.stat()
            except OSError:  # removed while listed: the next poll sees it gone
                continue
            if path.is_file():
                stats[path] = (stat.st_size, stat.st_mtime_ns)
    return stats


def changed_paths(before: dict[Path, tuple[int, int]], after: dict[Path, tuple[int, int]]) -> list[Path]:
    """Files added, removed or changed (size or date) between two snapshots, in path order."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def needs_restart(paths: Iterable[Path]) -> bool:
    """Whether a change can only be built by a new process: anything but pages, theme files and the configuration
    (code and data files that this process may have imported or cached)."""
    for path in paths:
        try:
            relative = path.resolve().relative_to(ROOT)
        except ValueError:
            return True  # seeds or journal outside the project
        if relative.parts[0] not in IN_PROCESS:
            return True
    return False


def serve(port: int) -> http.server.ThreadingHTTPServer:
    """Serve ``_build/html`` on 127.0.0.1 from a background thread, quietly."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(build_book.BUILD / "html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def preload() -> None:
    """A Sphinx run over the built site, which is up to date (it reads and writes no page): it imports Jupyter Book,
    the extensions and whatever they load lazily, so that the first edit is rebuilt as fast as the next ones."""
    with open(os.devnull, "w", encoding="utf-8") as nowhere, build_book._output_to(nowhere):
        build_book._jupyter_book_build([str(ROOT), "--path-output", str(ROOT)])


def build(arguments: list[str]) -> None:
    """One build as ``make book`` runs it; a failure is reported and the loop goes on."""
    started = time.perf_counter()
    try:
        status = build_book.main(arguments)
    except SystemExit as stopped:  # a chapter failed: build_book has said which
        status = stopped.code if isinstance(stopped.code, int) else 1
    took = time.perf_counter() - started
    print(f"watch: {'rebuilt' if status == 0 else 'the build failed'} in {took:.2f} s; waiting for a change", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    parser.add_argument("--no-serve", action="store_true", help="rebuild only; serve nothing")
    parser.add_argument("--seeds", help="seeds folder (default: $ANALYSIS_SEEDS or ./seeds)")
    args = parser.parse_args(argv)
    arguments = ["html", *(["--seeds", args.seeds] if args.seeds else [])]

    sys.path.insert(0, str(ROOT))
    from analysis.paths import journal_dir, seeds_dir

    roots = watched_roots(Path(args.seeds).resolve() if args.seeds else seeds_dir().resolve(), journal_dir().resolve())
    build(arguments)
    preload()
    if not args.no_serve:
        serve(args.port)
        print(f"watch: serving http://127.0.0.1:{args.port}/ (Ctrl+C stops)", flush=True)
    before = snapshot(roots)
    print(f"watch: watching {len(before)} files for changes", flush=True)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            after = snapshot(roots)
            if after == before:
                continue
            time.sleep(SETTLE_SECONDS)
            after = snapshot(roots)
            paths = changed_paths(before, after)
            shown = ", ".join(_relative(path) for path in paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
            if needs_restart(paths):
                print(f"watch: {shown} changed: restarting to load it", flush=True)
                os.execv(sys.executable, [sys.executable, str(Path(__file__).resolve()), *(argv or sys.argv[1:])])
            print(f"watch: {shown} changed", flush=True)
            build(arguments)
            before = after
    except KeyboardInterrupt:
        return 0


def _relative(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
