"""File hashes kept with each file's size, modification time and inode, as git's index keeps them: a warm run
hashes only the files whose stat changed, so checking a large corpus costs a stat call per file.

A file modified less than two seconds before it was hashed is not remembered
(it may change again within the clock's resolution without its stat changing:
git's "racy" entries); it is hashed again next time. The index is the cache's
own file, written whole or not at all; a missing or unreadable index is
rebuilt.
"""

from __future__ import annotations

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


def file_digests(paths: list[Path | str], index_path: Path) -> list[str | None]:
    """The SHA-256 of each path (None where it is not a file), through the stat index at ``index_path``."""
    index = StatIndex(index_path)
    digests = [index.sha256(path) for path in paths]
    index.save()
    return digests

