"""Write the report's tables as CSV, all at once or not at all.

Every table is computed first, then written into a temporary folder beside the
target, which replaces the target only when everything succeeded, so a failed
run never leaves half-written output.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .corpus import Corpus, cleaning_report, documents_table, metadata_conflicts, removed_lines

TableBuilder = Callable[[Corpus], pd.DataFrame]

TABLES: dict[str, TableBuilder] = {
    "documents.csv": documents_table,
    "cleaning_report.csv": cleaning_report,
    "removed_lines.csv": removed_lines,
    "metadata_conflicts.csv": metadata_conflicts,
}


def build_tables(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """Compute every table of the report for a corpus."""
    return {name: builder(corpus) for name, builder in TABLES.items()}


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as deterministic UTF-8 CSV bytes (``\\n`` line ends, no index)."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_tables(corpus: Corpus, out: Path, tables: dict[str, pd.DataFrame] | None = None) -> list[Path]:
    """Write all tables and the clean texts to ``out`` atomically; return the written paths."""
    tables = tables if tables is not None else build_tables(corpus)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, frame in tables.items():
            (staging / name).write_bytes(to_csv_bytes(frame))
        (staging / "text").mkdir()
        for document in corpus:
            (staging / "text" / f"{document.doc_id}.txt").write_text(document.body + "\n", encoding="utf-8")
        _replace_dir(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(out.rglob("*.*"))


def _replace_dir(staging: Path, target: Path) -> None:
    """Swap ``staging`` into place of ``target`` with renames only."""
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, target)
