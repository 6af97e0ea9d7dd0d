"""Build the report twice from clean and compare: CSV tables and figures must be byte-identical.

Each build runs in its own copy of the project with an empty cache (no
segmentation or results reused), so the second build repeats every step.
Figures are compared as the PNG files the book embeds (``_build/html/_images``):
they carry no timestamp or software tag (see ``analysis.present.myst.figure_png``),
so identical figures mean identical bytes.

Usage: python scripts/check_determinism.py
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns("_build", ".venv", ".cache", ".git", "__pycache__", ".pytest_cache", ".ruff_cache")


def build(copy: Path) -> Path:
    shutil.copytree(ROOT, copy, ignore=IGNORE)
    env = {**os.environ, "ANALYSIS_CACHE": str(copy / ".cache" / "analysis")}
    subprocess.run([sys.executable, "scripts/build_book.py", "html"], cwd=copy, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return copy / "_build"


def differences(first: Path, second: Path) -> list[str]:
    """Files that differ or exist in only one of two folders, recursively."""
    found = []
    comparison = filecmp.dircmp(first, second)
    found += [str(first / name) for name in comparison.left_only + comparison.right_only]
    found += [str(first / name) for name in comparison.diff_files]
    for name in comparison.common_dirs:
        found += differences(first / name, second / name)
    # dircmp compares shallowly (size and mtime); confirm byte equality
    return found + [str(first / n) for n in comparison.same_files
                    if (first / n).read_bytes() != (second / n).read_bytes()]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="determinism-") as scratch:
        builds = [build(Path(scratch) / name) for name in ("first", "second")]
        problems = []
        for part in ("tables", "html/_images"):
            problems += differences(builds[0] / part, builds[1] / part)
        tables = len(list((builds[0] / "tables").rglob("*.*")))
        images = len(list((builds[0] / "html" / "_images").glob("*.png")))
    for problem in problems:
        print(f"differs between two clean builds: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"two clean builds: {tables} table files and {images} figures byte-identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
