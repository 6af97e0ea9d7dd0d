"""Write the report's tables as CSV, all at once or not at all.

Every table is computed first, then written into a temporary folder beside the
target, which replaces the target only when everything succeeded, so a failed
run never leaves half-written output.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
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


# computed (and written) while segmentation runs in other processes
TOKEN_FREE = ("documents", "cleaning_report", "removed_lines", "metadata_conflicts", "slogans", "slogan_discoveries",
              "local_initiatives", "headings", "structure", "shared_passages", "reuse", "region_mentions",
              "region_counts", "term_occurrences")


# computed in a forked process from the features while this one computes the other token tables
FORKED = ("similarity",)


def build_tables(analysis: Analysis) -> Iterator[tuple[str, pd.DataFrame]]:
    """Every table of the report as ``(file name, table)``, in the order that keeps both cores busy.

    The tables that need no tokens come first, while segmentation runs in worker
    processes; then the similarity table (scikit-learn's import alone takes 0.7 s)
    is computed in a forked process while this one computes the other token tables
    (both compute the features: 0.5 s on 1,300 documents, less than waiting for them).
    """
    analysis.start_tokenizing()
    names = {attribute: name for name, attribute in TABLES.items()}
    for attribute in TOKEN_FREE:
        frame = getattr(analysis, attribute)
        if attribute in names:
            yield names[attribute], frame
    analysis.token_counts  # noqa: B018 — needed on both sides of the fork: count once, here
    join = analysis.compute_in_background(FORKED)
    later = [name for name, attribute in TABLES.items() if attribute not in TOKEN_FREE]
    for name in sorted(later, key=lambda name: TABLES[name] in FORKED):
        if TABLES[name] in FORKED:
            join()
        yield name, getattr(analysis, TABLES[name])


GRID_DECIMALS = 4
GRID_MIN_COLUMNS = 50


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as deterministic UTF-8 CSV bytes (``\\n`` line ends, no index), exactly as pandas writes it.

    A wide block of shares in [0, 1] rounded to 4 decimals (the similarity
    matrix) is formatted from the 10,001 strings its cells can take, which is
    ten times faster than pandas on a thousand documents and gives the same bytes.
    """
    block = _grid_block(frame)
    if block is None:
        return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    scale = 10**GRID_DECIMALS
    strings = np.array([repr(step / scale) for step in range(scale + 1)], dtype=object)
    cells = strings[block].tolist()
    labels = frame.iloc[:, : frame.shape[1] - block.shape[1]]
    lines = [",".join(map(str, frame.columns))]
    lines += [",".join(map(str, (*label, *row))) for label, row in zip(labels.itertuples(index=False, name=None),
                                                                          cells, strict=True)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _grid_block(frame: pd.DataFrame) -> np.ndarray | None:
    """The trailing float columns as integer steps of 10⁻⁴, when they are wide, on that grid in [0, 1], and
    the columns before them are plain (ints, or strings that need no CSV quoting); else None."""
    kinds = frame.dtypes.map(lambda dtype: dtype.kind).tolist()
    leading = next((i for i in range(len(kinds), 0, -1) if kinds[i - 1] != "f"), 0)
    if frame.empty or len(kinds) - leading < GRID_MIN_COLUMNS:
        return None
    if any(not isinstance(column, str) or _needs_quotes(column) for column in frame.columns):
        return None
    for column in frame.columns[:leading]:
        values = frame[column]
        if values.dtype.kind not in "iu" and not all(isinstance(v, str) and not _needs_quotes(v) for v in values):
            return None
    values = frame.iloc[:, leading:].to_numpy()
    steps = np.rint(values * 10**GRID_DECIMALS)
    if not (np.isfinite(values).all() and np.array_equal(steps / 10**GRID_DECIMALS, values)
            and steps.min() >= 0 and steps.max() <= 10**GRID_DECIMALS):
        return None
    return steps.astype(np.int64)


def _needs_quotes(text: str) -> bool:
    return not text or any(character in text for character in ',"\n\r')


def inputs_fingerprint(seeds: Path, lexicon_dir: Path | None = None) -> str:
    """A hash of everything the tables depend on: code, lexicons, catalog, documents, library versions.

    Reading the files is cheap next to computing the tables, so a warm run
    that finds this fingerprint in the cache copies the tables instead.
    """
    from importlib.metadata import version

    from .catalog import CATALOG_NAME, read_catalog_rows
    from .lexicon import LEXICON_FILES, default_lexicon_dir

    digest = hashlib.sha256()
    package = Path(__file__).parent
    lexicon_dir = lexicon_dir or default_lexicon_dir()
    files = [*sorted(package.glob("*.py")), package / "lexicon" / "regions.csv"]
    files += [lexicon_dir / name for name in LEXICON_FILES] + [seeds / CATALOG_NAME]
    files += [seeds / row["file"] for row in read_catalog_rows(seeds)[1]]
    for path in files:
        digest.update(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"<missing>") + b"\0")
    for package_name in ("jieba", "opencc", "pandas", "numpy", "scikit-learn", "scipy", "ahocorasick-rs"):
        digest.update(f"{package_name}={version(package_name)}".encode())
    return digest.hexdigest()


def write_tables(analysis: Analysis, out: Path) -> list[Path]:
    """Write all tables and the clean texts to ``out`` atomically; return the written paths."""
    return _write_atomically(out, lambda staging: _write_into(analysis, staging))


def write_tables_cached(seeds: Path, out: Path, cache_dir: Path | None = None,
                        progress: bool | None = None) -> tuple[list[Path], bool]:
    """Like :func:`write_tables`, reusing the tables of an earlier run with the same inputs.

    Returns the written paths and whether they came from the cache.
    """
    from .catalog import catalog_problems
    from .pipeline import analyse
    from .tokens import default_cache_dir

    problems = catalog_problems(seeds)
    if problems:
        raise problems[0]
    stored = (cache_dir or default_cache_dir()) / "tables" / inputs_fingerprint(seeds)
    if (stored / COMPLETE).is_file():
        return _write_atomically(out, lambda staging: _copy_tree(stored, staging)), True
    analysis = analyse(seeds, cache_dir=cache_dir, progress=progress)
    paths = write_tables(analysis, out)
    _write_atomically(stored, lambda staging: _copy_tree(out, staging))
    (stored / COMPLETE).touch()
    return paths, False


COMPLETE = ".complete"


def _write_into(analysis: Analysis, staging: Path) -> None:
    for name, frame in build_tables(analysis):
        (staging / name).write_bytes(to_csv_bytes(frame))
    (staging / "text").mkdir()
    for document in analysis.corpus:
        (staging / "text" / f"{document.doc_id}.txt").write_text(document.body + "\n", encoding="utf-8")


def _copy_tree(source: Path, staging: Path) -> None:
    """Hard-link (or, across file systems, copy) every file of ``source`` into ``staging``."""
    for path in source.rglob("*"):
        if path.is_file() and path.name != COMPLETE:
            target = staging / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copyfile(path, target)


def _write_atomically(out: Path, fill) -> list[Path]:
    """Fill a temporary folder beside ``out``, then swap it into place; nothing half-written survives."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        fill(staging)
        _replace_dir(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(p for p in out.rglob("*") if p.is_file())


def _replace_dir(staging: Path, target: Path) -> None:
    """Swap ``staging`` into place of ``target`` with renames only."""
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, target)
