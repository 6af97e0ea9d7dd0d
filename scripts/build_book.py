"""Build the book (HTML or PDF) so that its numbers are never stale, executing only what changed.

It first writes the corpus tables (``_build/tables``), which the book links
for download, and which stops the build with one clear line on bad input.
Jupyter Book's execution cache keys a chapter by its code cells alone; so the
chapters are executed here, in parallel, each again only when its code or
something it read (a table, a data file, a library module) changed since it
last ran (:mod:`analysis.engine.chapters`). Sphinx then takes every chapter
from the cache and re-reads only the pages that changed.

Usage: python scripts/build_book.py [html|pdf] [--strict] [--seeds DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import chdir, contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
CHAPTER_READS = BUILD / ".chapter-reads"  # what each chapter read when it last ran
SITE_STAMP = BUILD / ".site-stamp"  # what the last HTML site was built from (site_stamp)
REREAD = BUILD / ".reread"  # chapters executed again, for Sphinx to re-read (_ext/executed_chapters.py), per builder
PDF = BUILD / "latex" / "book.pdf"
EXTRA = BUILD / "extra"  # html_extra_path: files copied to the site's root
SEARCH_DICTIONARY = BUILD / "search_userdict.txt"  # html_search_options: lexicon terms jieba keeps whole
BIBLIOGRAPHY = BUILD / "references.bib"  # bibtex_bibfiles: a new file date would make Sphinx re-read every citing page
EXECUTION_TIMEOUT = 600  # seconds a chapter may run (execute.timeout in _config.yml)
BUILDERS = {"html": "html", "pdf": "latex"}  # target → the Sphinx builder that makes it
SITE_SCRIPTS = ROOT / "_ext" / "static"  # one page's scripts, served from _vendor/ (all of _static is on every page)
LOGS = BUILD / "logs"  # each target's last Sphinx log, whole
ANSI = re.compile(r"\x1b\[[0-9;]*m")
GLUE_MISSING = re.compile(r"^(?P<where>\S+?:\d+): WARNING: No key (?P<key>'[^']*') found in glue data", re.M)
WARNING = re.compile(r"^(?:(?P<where>\S+?:\d+): )?(?:WARNING|ERROR): (?P<message>.*)$", re.M)
SHOWN = 3  # problems named at the end of a failed build; the log holds the rest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=("html", "pdf"), nargs="?", default="html")
    parser.add_argument("--strict", action="store_true", help="nitpicky, warnings are errors (-n -W --keep-going)")
    parser.add_argument("--seeds", help="seeds folder (default: $ANALYSIS_SEEDS or ./seeds)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from analysis.catalog import read_catalog
    from analysis.cli import main as analysis_command
    from analysis.engine.results import ResultCache, tables_fingerprint
    from analysis.errors import CorpusError
    from analysis.paths import seeds_dir
    from analysis.registry import DIGESTS_STORE

    seeds = Path(args.seeds).resolve() if args.seeds else seeds_dir().resolve()
    os.environ.update({"ANALYSIS_SEEDS": str(seeds), "PYTHONPATH": str(ROOT)})  # the kernels' environment too
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # each kernel compiling the library again costs a build seconds
    sys.dont_write_bytecode = False
    started = time.perf_counter()
    if returncode := analysis_command(["tables", "--out", str(BUILD / "tables")]):
        return returncode
    try:
        stored = ResultCache().load_bytes(tables_fingerprint(read_catalog(seeds)), DIGESTS_STORE)
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    command = ["jupyter-book", "build", str(ROOT), "--path-output", str(ROOT)]
    if args.target == "pdf":
        command += ["--builder", "pdflatex"]
    if args.strict:
        command += ["-n", "-W", "--keep-going"]
    previous = _set_aside(PDF) if args.target == "pdf" else None
    copy_if_changed(BUILD / "tables" / "references.bib", BIBLIOGRAPHY)
    if args.target == "html":
        write_site_extras()
    executed = execute_chapters(json.loads(stored) if stored else {})
    stamp = site_stamp(command)
    if (args.target == "html" and not executed and not (REREAD / "html").exists() and SITE_STAMP.is_file()
            and SITE_STAMP.read_text(encoding="utf-8") == stamp and (BUILD / "html" / "index.html").is_file()):
        print(f"the site is up to date: nothing it is built from changed (built html in "
              f"{time.perf_counter() - started:.1f} s)")
        return 0
    returncode = run_sphinx(command[2:], args.target)
    if args.target == "pdf":
        _keep_whole(PDF, previous, succeeded=returncode == 0)
    if returncode:
        return returncode
    (REREAD / BUILDERS[args.target]).unlink(missing_ok=True)
    if args.target == "html":
        # Sphinx skips both when no page is out of date: the site's extras, and the theme files (plain CSS and JS)
        sync_tree(EXTRA, BUILD / "html")
        sync_tree(ROOT / "_static", BUILD / "html" / "_static")
        SITE_STAMP.write_text(stamp, encoding="utf-8")
    elif (BUILD / "html" / "index.html").is_file():
        print("linking the new PDF from every HTML page")
        return main(["html", *(["--strict"] if args.strict else []), *(["--seeds", str(seeds)] if args.seeds else [])])
    print(f"built {args.target} in {time.perf_counter() - started:.1f} s")
    return 0


def run_sphinx(arguments: list[str], target: str) -> int:
    """Run Jupyter Book's build with ``arguments``, its output in ``_build/logs/<target>.log``, and say in a few lines
    what broke: a glue name no chapter defines fails the build, as a Sphinx error does. It runs in this process,
    which has read the environment already: a second interpreter importing Sphinx and its extensions was a fifth of
    a build after a prose edit."""
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"{target}.log"
    print(f"building the {target} with Sphinx (its log: {log.relative_to(ROOT)})", flush=True)
    with log.open("w", encoding="utf-8") as handle, _output_to(handle):
        returncode = _jupyter_book_build(arguments)
    problems = build_problems(ANSI.sub("", log.read_text(encoding="utf-8", errors="replace")), returncode)
    for line in problems[:SHOWN]:
        print(f"error: {line}", file=sys.stderr)
    if len(problems) > SHOWN:
        print(f"… and {len(problems) - SHOWN} more in {log.relative_to(ROOT)}", file=sys.stderr)
    return returncode or (1 if problems else 0)


def _jupyter_book_build(arguments: list[str]) -> int:
    """``jupyter-book build`` with ``arguments``: its exit status, an exception's traceback printed as the log's end."""
    from jupyter_book.cli.main import build

    try:
        with chdir(ROOT):  # the configuration's paths (the execution cache) are relative to the book
            build.main(arguments, prog_name="jupyter-book build", standalone_mode=False)
    except SystemExit as stopped:
        return stopped.code if isinstance(stopped.code, int) else 1
    except Exception:  # any failure of the build is reported from its log, as a subprocess's would be
        traceback.print_exc()
        return 1
    return 0


@contextmanager
def _output_to(handle: IO[str]) -> Iterator[None]:
    """Send this process's standard output and error, and those of the programs it starts (latexmk), to ``handle``."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    os.dup2(handle.fileno(), 1)
    os.dup2(handle.fileno(), 2)
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])


def build_problems(log: str, returncode: int) -> list[str]:
    """What broke a build, one line each: every glue name a page uses and no chapter defines; when Sphinx failed,
    its warnings (a strict build stops on them) or else the last line of its error."""
    where = {match["where"]: match["key"] for match in GLUE_MISSING.finditer(log)}
    problems = [f"{_relative(place)}: no chapter glues {key} (a misspelled name, or a glue() call that did not run)"
                for place, key in where.items()]
    if returncode and not problems:
        problems = [f"{_relative(match['where'])}: {match['message']}" if match["where"] else match["message"]
                    for match in WARNING.finditer(log)]
    if returncode and not problems:
        problems = [f"the build failed: {_last_error(log) or f'exit status {returncode}'}"]
    return problems


def _last_error(log: str) -> str:
    """The error Sphinx stopped on: the exception's own line (before Sphinx's note on where it saved the
    traceback), else the log's last line that reads as an error."""
    lines = [line.strip() for line in log.split("The full traceback has been saved")[0].splitlines()]
    errors = [line for line in lines if re.match(r"^[\w.]*(Error|Exception|Interrupt)\b|^!|^error", line, re.I)]
    return errors[-1] if errors else ""


def _relative(place: str) -> str:
    """A log's ``/abs/path/file.md:12`` as ``book/file.md:12``."""
    return place.removeprefix(f"{ROOT}/")


def execute_chapters(stored: dict[str, str]) -> bool:
    """Execute the chapters whose code or inputs changed (``stored``: the digests of the tables run), one process
    per core, into the execution cache, and list them for Sphinx to re-read. A chapter that fails here is left
    uncached: the build executes it again and reports its error as usual. True when any chapter was executed."""
    from jupyter_cache import get_cache

    from analysis.engine.chapters import MYST_READER, ChapterRecords, chapters_to_execute
    from analysis.engine.chapters import execute_chapters as execute

    records = ChapterRecords(CHAPTER_READS, ROOT)

    def cached(chapter: Path) -> bool:
        if records.cached_as_recorded(chapter, BUILD / ".jupyter_cache"):
            return True
        cache = get_cache(str(BUILD / ".jupyter_cache"))  # code changed, or the cache was cleared: ask it
        cache.add_nb_to_project(str(chapter), read_data=MYST_READER)
        entry = cache.get_cached_project_nb(str(chapter))
        if entry is not None:
            records.note_cached(chapter, entry.hashkey)
        return entry is not None

    every = chapters()
    due = chapters_to_execute(every, records, stored, cached)
    if not due:
        print(f"all {len(every)} chapters are up to date")
        return False
    reasons = sorted(set(due.values()))
    print(f"executing {len(due)} of {len(every)} chapters on {os.cpu_count()} cores"
          + (f" ({reasons[0]})" if len(reasons) == 1 else ""))
    started = time.perf_counter()
    executed = execute(due, records, stored, BUILD / ".jupyter_cache", EXECUTION_TIMEOUT)
    failed = sorted((run for run in executed if run.error), key=lambda run: run.path)
    print(f"executed {len(executed) - len(failed)} chapters in {time.perf_counter() - started:.1f} s")
    names = sorted(run.path.relative_to(ROOT).with_suffix("").as_posix() for run in executed if not run.error)
    REREAD.mkdir(parents=True, exist_ok=True)
    for builder in BUILDERS.values():
        listed = REREAD / builder
        known = set(listed.read_text(encoding="utf-8").split()) if listed.is_file() else set()
        listed.write_text("".join(f"{name}\n" for name in sorted(known | set(names))), encoding="utf-8")
    for run in failed[:SHOWN]:
        print(f"error: {run.path.relative_to(ROOT).as_posix()}: {run.error}", file=sys.stderr)
    if failed:
        raise SystemExit(f"{len(failed)} chapter(s) failed: fix the cell named above and run `make book` again")
    return True


def site_stamp(command: list[str]) -> str:
    """A digest of everything Sphinx builds the site from besides the execution cache (sources, theme files,
    extensions, the tables and files it links, the site's extras) and of the build command: equal stamps and
    no chapter executed mean the last site stands as it is."""
    from analysis.engine.reads import digest
    from analysis.engine.results import STAT_INDEX
    from analysis.engine.stat_index import file_digests
    from analysis.paths import cache_dir

    roots = [ROOT / name for name in ("book", "_static", "_templates", "_ext", "_config.yml", "_toc.yml")]
    roots += [BUILD / "tables", BIBLIOGRAPHY, SEARCH_DICTIONARY, EXTRA]
    files = sorted(path for root in roots for path in ([root] if root.is_file() else root.rglob("*"))
                   if path.is_file() and "__pycache__" not in path.parts)
    hashes = file_digests(files, cache_dir() / STAT_INDEX)
    lines = [f"{path.relative_to(ROOT).as_posix()} {sha}" for path, sha in zip(files, hashes, strict=True)]
    return digest("\n".join([" ".join(command[1:]), *lines]).encode())


def copy_if_changed(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` only when the bytes differ, so that an unchanged file keeps its date."""
    data = source.read_bytes()
    if not target.is_file() or target.read_bytes() != data:
        target.write_bytes(data)


def write_files(root: Path, files: dict[str, bytes], owned: Path) -> None:
    """Write each of ``files`` (path under ``root`` → bytes) whose bytes changed, and remove the files under
    ``owned`` that are no longer among them, so that an unchanged file keeps its date."""
    for name, data in files.items():
        path = root / name
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    wanted = {root / name for name in files}
    for path in owned.rglob("*") if owned.is_dir() else ():
        if path.is_file() and path not in wanted:
            path.unlink()


def sync_tree(source: Path, target: Path) -> None:
    """Copy every file of ``source`` into ``target`` unless the copy there has its size and date already (a copy
    keeps its source's date): a build after a prose edit copies nothing."""
    for path in source.rglob("*"):
        copy = target / path.relative_to(source)
        if path.is_file():
            stat, there = path.stat(), copy.stat() if copy.is_file() else None
            if there is None or (there.st_size, there.st_mtime_ns) != (stat.st_size, stat.st_mtime_ns):
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, copy)


def chapters() -> list[Path]:
    """Every MyST notebook of the book (a page with a ``jupytext`` header), in path order."""
    return sorted(path for path in (ROOT / "book").rglob("*.md")
                  if not path.name.startswith("_") and path.read_text(encoding="utf-8").startswith("---\njupytext:"))


def write_site_extras() -> None:
    """What the site serves besides the pages: the PDF (when built), the tables' zip, the term explorer's index and
    concordance, a favicon at the root (the redirecting index.html declares none), the charting library of the
    interactive figures (no CDN), and the search dictionary of the lexicon's terms."""
    from analysis.lexicon import load_lexicon
    from analysis.present.explorer_files import TERM_INDEX, site_line_files
    from analysis.registry import TERM_INDEX as TABLES_TERM_INDEX
    from analysis.registry import TERM_LINES as TABLES_TERM_LINES

    downloads = EXTRA / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    (EXTRA / "_vendor").mkdir(parents=True, exist_ok=True)
    for source, target in ((PDF, downloads / "book.pdf"), (BUILD / "tables" / "all-tables.zip",
                                                           downloads / "all-tables.zip"),
                           *((script, EXTRA / "_vendor" / script.name) for script in sorted(SITE_SCRIPTS.glob("*.js")))):
        if source.is_file():
            copy_if_changed(source, target)
        else:
            target.unlink(missing_ok=True)
    index, lines = BUILD / "tables" / TABLES_TERM_INDEX, BUILD / "tables" / TABLES_TERM_LINES
    explorer = {TERM_INDEX: index.read_bytes()} if index.is_file() else {}
    explorer.update(site_line_files(lines.read_bytes()) if lines.is_file() else {})
    write_files(EXTRA, explorer, EXTRA / TERM_INDEX.split("/")[0])
    _write_favicon(EXTRA / "favicon.ico")
    from analysis.present.interactive import VEGA_BUNDLE, write_vega_bundle

    write_vega_bundle(EXTRA / VEGA_BUNDLE, BUILD / "vega-bundle.version")
    terms = sorted({t for t in load_lexicon().terms if t and not any(c.isspace() for c in t)})
    SEARCH_DICTIONARY.write_text("".join(f"{t}\n" for t in terms), encoding="utf-8")


def _write_favicon(path: Path) -> None:
    """The book's mark (two white bars on red, as _static/favicon.svg) as an .ico, drawn, so the bytes never vary."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 63, 63), radius=12, fill=(178, 34, 34, 255))
    draw.rectangle((16, 16, 29, 47), fill="white")
    draw.rectangle((34, 16, 47, 47), fill="white")
    image.save(path, sizes=[(16, 16), (32, 32), (48, 48)])


def _set_aside(pdf: Path) -> Path | None:
    """Move the last good PDF out of the way of the build, so that a failed build cannot leave half a PDF in its place."""
    if not pdf.is_file():
        return None
    kept = pdf.with_name(f".{pdf.name}.previous")
    os.replace(pdf, kept)
    return kept


def _keep_whole(pdf: Path, previous: Path | None, succeeded: bool) -> None:
    """After a PDF build: the new PDF if it succeeded, else the previous one (or none), never a partial one."""
    if succeeded:
        if previous is not None:
            previous.unlink(missing_ok=True)
        return
    pdf.unlink(missing_ok=True)
    if previous is not None:
        os.replace(previous, pdf)
        print(f"the PDF build failed: kept the previous {pdf}", file=sys.stderr)
    else:
        print("the PDF build failed: no PDF was written", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
