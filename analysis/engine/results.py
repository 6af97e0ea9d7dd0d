"""The result cache: the tables of an earlier run, kept under a fingerprint of every input they depend on.

A warm run whose code, lexicons, catalog and documents are unchanged copies
the stored tables instead of computing them. Every stored file is listed in a
manifest with its size and SHA-256; a restore checks each one and, on any
mismatch (a truncated, edited or deleted file), says so in one warning line and
lets the tables be computed again. Files are copied, never linked, so editing
a published table cannot change the cache. The journal's theme-free stages are
kept on their own, under a fingerprint that leaves ``themes.yaml`` out
(:data:`analysis.engine.compute.THEME_FREE`), so that a new theme keyword
computes only what counts themes.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path

from ..catalog import Catalog
from ..paths import BUNDLED_LEXICON_DIR, DATA_FILES, LEXICON_FILES, PACKAGE_DIR, journal_dir, lexicon_dir
from ..paths import cache_dir as default_cache_dir
from .publish import MARKER, write_atomically
from .stat_index import file_digests, folder_digest

LIBRARIES = ("jieba", "rjieba", "opencc", "pandas", "numpy", "scikit-learn", "scipy", "ahocorasick-rs", "zhon", "cpca",
             "charset-normalizer", "rapidfuzz")
MANIFEST = ".manifest.json"
CACHE_FIX = "free space on its disk, or point ANALYSIS_CACHE at a folder on another one"
STORES = ".stores"  # pickled objects kept beside a result, never copied to the output
STAT_INDEX = "stat-index.json"
FOLDER_RECORDS = "stat-folders"


def _code_and_lexicons(lexicons: Path | None, without: tuple[str, ...] = ()) -> list[tuple[str, Path]]:
    lexicons = lexicons or lexicon_dir()
    files = [(path.relative_to(PACKAGE_DIR).as_posix(), path) for path in sorted(PACKAGE_DIR.rglob("*.py"))]
    files += [(f"lexicon/{path.name}", path) for path in sorted(BUNDLED_LEXICON_DIR.glob("*.*"))
              if path.name not in LEXICON_FILES + DATA_FILES]
    return files + [(f"lexicon/{name}", lexicons / name) for name in LEXICON_FILES + DATA_FILES if name not in without]


def _digest(files: list[tuple[str, Path | str]], *extra: str) -> str:
    """One hash of the files' names and contents (each file's hash taken through the stat index: only a file whose
    size, mtime or inode changed is read), the library versions and ``extra``."""
    digest = hashlib.sha256()
    hashes = file_digests([path for _, path in files], default_cache_dir() / STAT_INDEX) if files else []
    for (name, _), file_hash in zip(files, hashes, strict=True):
        digest.update(name.encode() + b"\0" + (file_hash or "<missing>").encode() + b"\0")
    digest.update(_library_versions().encode())
    for text in extra:
        digest.update(text.encode() + b"\0")
    return digest.hexdigest()


@cache
def _library_versions() -> str:
    """``name=version`` of each library, from the names of the installed ``*.dist-info`` folders: reading each
    one's metadata through :mod:`importlib.metadata` takes a tenth of a second, most of a warm run."""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = [entry.name for entry in os.scandir(folder or ".") if entry.name.endswith(".dist-info")]
        except OSError:
            continue
        for name in names:
            project, _, installed = name.removesuffix(".dist-info").rpartition("-")
            found.setdefault(_normalized(project), installed)
    missing = [library for library in LIBRARIES if _normalized(library) not in found]
    if missing:
        from importlib.metadata import version  # an install without dist-info folders (an egg, a zip)

        found.update({_normalized(library): version(library) for library in missing})
    return "".join(f"{library}={found[_normalized(library)]}" for library in LIBRARIES)


def _normalized(project: str) -> str:
    return re.sub(r"[-_.]+", "_", project).lower()


def inputs_fingerprint(catalog: Catalog, lexicons: Path | None = None) -> str:
    """A hash of everything the seeds' tables depend on: code, lexicons and other data files, catalog, documents,
    library versions. Reading the files is cheap next to computing the tables."""
    files = [("catalog.csv", catalog.path), *((f"seeds/{path.name}", path) for path in catalog.files)]
    return _digest(_code_and_lexicons(lexicons) + files)


def journal_fingerprint(folder: Path | None = None, lexicons: Path | None = None, without: tuple[str, ...] = ()) -> str:
    """A hash of everything the journal's tables depend on: code, lexicons, the articles, library versions; with
    ``without``, of everything but those lexicon files (what the journal's theme-free stages depend on)."""
    articles = folder_digest(Path(folder or journal_dir()) / "articles", ".md", default_cache_dir() / FOLDER_RECORDS)
    return _digest(_code_and_lexicons(lexicons, without), f"journal:{articles}", *(f"without:{name}" for name in without))


def tables_fingerprint(catalog: Catalog, journal: str | None = None) -> str:
    """The fingerprint of a whole ``tables`` run: the seeds' inputs and the journal's (``journal``, when known)."""
    return _digest([], inputs_fingerprint(catalog), journal or journal_fingerprint())


class ResultCache:
    """Stored table folders under ``<cache>/tables/<fingerprint>``, each with a manifest of sizes and hashes."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.root = Path(cache_dir or default_cache_dir()) / "tables"

    def restore(self, fingerprint: str, out: Path) -> list[Path] | None:
        """Copy a stored, intact result to ``out`` (atomically) and return its paths; None when there is none."""
        stored = self.root / fingerprint
        manifest = _read_manifest(stored)
        if manifest is None:
            return None
        files = manifest["files"]
        try:
            if (paths := _already_in(stored, out, files)) is not None:
                return paths
            return write_atomically(out, lambda staging: _copy_files(stored, staging, files, files))
        except _Mismatch as problem:
            return self._discard(stored, str(problem))

    def load(self, fingerprint: str, name: str) -> object | None:
        """An object stored beside a result (a pickled analysis), if it is there and matches its manifest entry."""
        data = self.load_bytes(fingerprint, name)
        return None if data is None else pickle.loads(data)  # our own file, checked against its recorded hash

    def load_bytes(self, fingerprint: str, name: str) -> bytes | None:
        """A file stored beside a result, if it is there and matches its manifest entry."""
        stored = self.root / fingerprint
        manifest = _read_manifest(stored)
        if manifest is None or name not in manifest["stores"]:
            return None
        try:
            data = (stored / STORES / name).read_bytes()
        except OSError:
            return self._discard(stored, f"lack {name}")
        if [len(data), hashlib.sha256(data).hexdigest()] != manifest["stores"][name]:
            return self._discard(stored, f"have a changed {name}")
        return data

    def store(self, fingerprint: str, out: Path, stores: dict[str, bytes] | None = None) -> None:
        """Keep a copy of a written result folder, and the pickled objects ``stores``, with their manifest."""
        files = [path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file() and path.name != MARKER]
        self._keep(fingerprint, lambda staging: _copy_files(out, staging, files),
                   {name: (lambda data=data: data) for name, data in (stores or {}).items()})

    def store_objects(self, fingerprint: str, makers: Mapping[str, Callable[[], bytes]]) -> None:
        """Keep what each of ``makers`` gives (name → bytes) under ``fingerprint``, with no table folder: each made,
        written and dropped in turn, so that they are never all held at once."""
        self._keep(fingerprint, lambda staging: {}, makers)

    def _keep(self, fingerprint: str, copy: Callable[[Path], dict[str, list]],
              makers: Mapping[str, Callable[[], bytes]]) -> None:
        def fill(staging: Path) -> None:
            manifest = {"files": copy(staging), "stores": {}}
            (staging / STORES).mkdir()
            for name, make in makers.items():
                data = make()
                (staging / STORES / name).write_bytes(data)
                manifest["stores"][name] = [len(data), hashlib.sha256(data).hexdigest()]
                del data
            (staging / MANIFEST).write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")

        write_atomically(self.root / fingerprint, fill, what="result cache", fix=CACHE_FIX)

    def load_all(self, fingerprint: str, names: Iterable[str]) -> dict[str, bytes] | None:
        """Every one of ``names`` stored beside ``fingerprint`` (:meth:`store_objects`), or None when one is missing."""
        found = {name: self.load_bytes(fingerprint, name) for name in names}
        return None if any(data is None for data in found.values()) else found

    @staticmethod
    def _discard(stored: Path, problem: str) -> None:
        print(f"warning: {stored}: cached tables {problem} — computing them again", file=sys.stderr)
        shutil.rmtree(stored, ignore_errors=True)
        return None


def _read_manifest(stored: Path) -> dict[str, list] | None:
    try:
        manifest = json.loads((stored / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (isinstance(manifest, dict) and isinstance(manifest.get("files"), dict)
            and isinstance(manifest.get("stores"), dict)):
        return None
    return manifest


class _Mismatch(Exception):
    """A stored file is missing, or its size or hash is not the one in the manifest."""


def _copy_files(source: Path, target: Path, names, expected: dict[str, list] | None = None) -> dict[str, list]:
    """Copy the named files (relative paths) from ``source`` to ``target``; return their sizes and hashes.

    With ``expected`` (a manifest), every copy must match its entry, else :class:`_Mismatch`.
    """
    manifest = {}
    for name in sorted(names):
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copyfile(source / name, destination)
        except FileNotFoundError:
            raise _Mismatch(f"lack {name}") from None
        manifest[name] = [destination.stat().st_size, _sha256(destination)]
        if expected is not None and manifest[name] != expected[name]:
            raise _Mismatch(f"have a changed {name}")
    return manifest


def _already_in(stored: Path, out: Path, files: dict[str, list]) -> list[Path] | None:
    """The paths of ``out`` when it is our output folder and holds exactly the manifest's files, with their sizes and
    hashes (a warm run of the author's loop: nothing to copy, and every date kept); else None. The stored copy is
    checked all the same (:class:`_Mismatch`), so that a damaged cache is found while the output still holds."""
    if not (out / MARKER).is_file():
        return None
    for name, (size, digest) in files.items():
        try:
            data = (stored / name).read_bytes()
        except FileNotFoundError:
            raise _Mismatch(f"lack {name}") from None
        if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
            raise _Mismatch(f"have a changed {name}")
    paths = sorted(path for path in out.rglob("*") if path.is_file() and path.name != MARKER)
    if sorted(path.relative_to(out).as_posix() for path in paths) != sorted(files):
        return None
    for path in paths:
        size, digest = files[path.relative_to(out).as_posix()]
        if path.stat().st_size != size or _sha256(path) != digest:
            return None
    return paths


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
