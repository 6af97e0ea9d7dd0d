"""Write the report's tables as CSV, all at once or not at all.

Every table is computed first, then written into a temporary folder beside the
target, which replaces the target only when everything succeeded, so a failed
run never leaves half-written output.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from .pipeline import Analysis

# file name → Analysis attribute; later chapters read the same tables
TABLES: dict[str, str] = {
    "documents.csv": "documents",
    "cleaning_report.csv": "cleaning_report",
    "removed_lines.csv": "removed_lines",
    "metadata_conflicts.csv": "metadata_conflicts",
    "themes.csv": "themes",
    "paragraph_themes.csv": "paragraph_themes",
    "slogans.csv": "slogans",
    "slogan_discoveries.csv": "slogan_discoveries",
    "local_initiatives.csv": "local_initiatives",
    "headings.csv": "headings",
    "structure.csv": "structure",
    "top_terms.csv": "top_terms",
    "keyness.csv": "keyness",
    "similarity.csv": "similarity",
    "shared_passages.csv": "shared_passages",
    "reuse.csv": "reuse",
    "region_mentions.csv": "region_mentions",
    "region_counts.csv": "region_counts",
    "segmentation_check.csv": "segmentation_check",
}


def build_tables(analysis: Analysis) -> dict[str, pd.DataFrame]:
    """Compute every table of the report."""
    return {name: getattr(analysis, attribute) for name, attribute in TABLES.items()}


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as deterministic UTF-8 CSV bytes (``\\n`` line ends, no index)."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_tables(analysis: Analysis, out: Path) -> list[Path]:
    """Write all tables and the clean texts to ``out`` atomically; return the written paths."""
    tables = build_tables(analysis)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, frame in tables.items():
            (staging / name).write_bytes(to_csv_bytes(frame))
        (staging / "text").mkdir()
        for document in analysis.corpus:
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
