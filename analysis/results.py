"""The result cache: the tables of an earlier run, kept under a fingerprint of every input they depend on.

A warm run whose code, lexicons, catalog and documents are unchanged copies
the stored tables instead of computing them. Every stored file is listed in a
manifest with its size and SHA-256; a restore checks each one and, on any
mismatch (a truncated, edited or deleted file), says so in one warning line and
lets the tables be computed again. Files are copied, never linked, so editing
a published table cannot change the cache.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from importlib.metadata import version
from pathlib import Path

from .catalog import Catalog
from .lexicon import LEXICON_FILES
from .paths import PACKAGE_DIR, REGIONS_FILE, lexicon_dir
from .paths import cache_dir as default_cache_dir
from .publish import MARKER, write_atomically

LIBRARIES = ("jieba", "opencc", "pandas", "numpy", "scikit-learn", "scipy", "ahocorasick-rs", "zhon")
MANIFEST = ".manifest.json"


def inputs_fingerprint(catalog: Catalog, lexicons: Path | None = None) -> str:
    """A hash of everything the tables depend on: code, lexicons, catalog, documents, library versions.

    Reading the files is cheap next to computing the tables, so a warm run
    that finds this fingerprint in the cache copies the tables instead.
    """
    lexicons = lexicons or lexicon_dir()
    files = [(path.relative_to(PACKAGE_DIR).as_posix(), path) for path in sorted(PACKAGE_DIR.rglob("*.py"))]
    files += [("lexicon/regions.csv", REGIONS_FILE), *((f"lexicon/{name}", lexicons / name) for name in LEXICON_FILES)]
    files += [("catalog.csv", catalog.path), *((f"seeds/{path.name}", path) for path in catalog.files)]
    digest = hashlib.sha256()
    for name, path in files:
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"<missing>") + b"\0")
    for library in LIBRARIES:
        digest.update(f"{library}={version(library)}".encode())
    return digest.hexdigest()


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
        try:
            return write_atomically(out, lambda staging: _copy_files(stored, staging, manifest, manifest))
        except _Mismatch as problem:
            print(f"warning: {stored}: cached tables {problem} — computing them again", file=sys.stderr)
            shutil.rmtree(stored, ignore_errors=True)
            return None

    def store(self, fingerprint: str, out: Path) -> None:
        """Keep a copy of a written result folder, with its manifest."""
        files = [path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file() and path.name != MARKER]

        def fill(staging: Path) -> None:
            manifest = _copy_files(out, staging, files)
            (staging / MANIFEST).write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")

        write_atomically(self.root / fingerprint, fill)


def _read_manifest(stored: Path) -> dict[str, list] | None:
    try:
        manifest = json.loads((stored / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


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


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
