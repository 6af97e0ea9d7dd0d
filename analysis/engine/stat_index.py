"""File hashes kept with each file's size, modification time and inode, as git's index keeps them: a warm run
hashes only the files whose stat changed, so checking a large corpus costs a stat call per file.

A whole folder (a corpus of tens of thousands of articles) has one digest,
kept with a hash of all its files' stats: while that is unchanged, checking
the folder is one ``scandir`` and a stat per file, with no per-file lookup.

A file modified less than two seconds before it was hashed is not remembered
(it may change again within the clock's resolution without its stat changing:
git's "racy" entries); it is hashed again next time. The index is the cache's
own file, written whole or not at all; a missing or unreadable index is
rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path

from .publish import write_file

RACY_SECONDS = 2.0


class StatIndex:
    """SHA-256 of files by path, reused while the file's size, mtime (ns) and inode are those it had."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            entries = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = {}
        self._entries: dict[str, list] = entries if isinstance(entries, dict) else {}
        self._changed = False

    def sha256(self, path: Path | str) -> str | None:
        """The file's SHA-256 (hex), or None when it is not a file. An absolute ``str`` path is the fast case: a
        warm check of a large corpus is a stat call and a lookup per file, no path object."""
        key = path if isinstance(path, str) and os.path.isabs(path) else os.path.abspath(path)
        try:
            stat = os.stat(key)
        except OSError:
            return None
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        entry = self._entries.get(key)
        if isinstance(entry, list) and entry[:3] == signature and len(entry) == 4:
            return entry[3]
        try:
            with open(key, "rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
        except OSError:
            return None
        if time.time_ns() - stat.st_mtime_ns > RACY_SECONDS * 1e9:
            self._entries[key] = [*signature, digest]
            self._changed = True
        return digest

    def save(self) -> None:
        """Write the index when it learned a hash (a cache that cannot be written is only slower next time)."""
        if self._changed:
            try:
                write_file(self.path, json.dumps(self._entries, sort_keys=True))
            except OSError:
                return
            self._changed = False


def folder_digest(folder: Path | str, suffix: str, records: Path) -> str:
    """One SHA-256 over the names and contents of the files in ``folder`` whose names end in ``suffix`` (the empty
    folder's hash when it is missing), kept under ``records`` with the hash of their names and stats."""
    folder = os.path.abspath(folder)
    stats = []
    try:
        names = sorted(name for name in os.listdir(folder) if name.endswith(suffix))
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        names, handle = [], None
    try:
        for name in names:
            try:
                stat = os.stat(name, dir_fd=handle)  # relative to the open folder: a quarter faster than full paths
            except OSError:
                continue
            stats.append((name, stat.st_size, stat.st_mtime_ns, stat.st_ino))
    finally:
        if handle is not None:
            os.close(handle)
    signature = hashlib.sha256(repr(stats).encode()).hexdigest()
    key = hashlib.sha256(f"{folder}\0{suffix}".encode()).hexdigest()[:32]
    record_path = Path(records) / f"{key}.json"
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
        if record["signature"] == signature:
            return record["digest"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    index = StatIndex(Path(records) / f"{key}.files.json")
    digest = hashlib.sha256()
    for name, *_ in stats:
        digest.update(f"{name}\0{index.sha256(os.path.join(folder, name)) or '<missing>'}\0".encode())
    index.save()
    newest = max((mtime for *_, mtime, _ in stats), default=0)
    if time.time_ns() - newest > RACY_SECONDS * 1e9:
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower next time
            write_file(record_path, json.dumps({"folder": folder, "signature": signature,
                                                "digest": digest.hexdigest()}))
    return digest.hexdigest()


def file_digests(paths: list[Path | str], index_path: Path) -> list[str | None]:
    """The SHA-256 of each path (None where it is not a file), through the stat index at ``index_path``."""
    index = StatIndex(index_path)
    digests = [index.sha256(path) for path in paths]
    index.save()
    return digests

