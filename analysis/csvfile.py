"""A table's exact CSV bytes: deterministic (the same table, the same bytes), fast on wide matrices, and safe to
open in a spreadsheet (OWASP's rule against CSV injection)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

GRID_DECIMALS = 4
GRID_MIN_COLUMNS = 50
# OWASP's rule against CSV injection: a text cell that a spreadsheet would read as a formula gets a leading '.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def defuse_formula(value: object) -> object:
    """A text cell that starts with ``= + - @``, a tab or a carriage return, prefixed with ``'`` so that spreadsheet
    software shows it as text instead of running it; numbers (``-1.5``, even as text) and other cells are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.match(value):
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as deterministic UTF-8 CSV bytes (``\\n`` line ends, no index), exactly as pandas writes it, with
    every text cell passed through :func:`defuse_formula`.

    A wide block of shares in [0, 1] rounded to 4 decimals (the similarity
    matrix) is formatted from the 10,001 strings its cells can take, which is
    ten times faster than pandas on a thousand documents and gives the same bytes.
    """
    frame = _defused(frame)
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


def _defused(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with :func:`defuse_formula` applied to every text column that needs it (a copy only then)."""
    copied = None
    for position, dtype in enumerate(frame.dtypes):
        if dtype.kind != "O" and not isinstance(dtype, pd.StringDtype):
            continue
        column = frame.iloc[:, position]
        try:
            risky = column.str.startswith(FORMULA_START, na=False)
        except AttributeError:  # a column of mixed values: test each
            risky = column.map(lambda value: isinstance(value, str) and value.startswith(FORMULA_START))
        if risky.any():
            copied = frame.copy() if copied is None else copied
            copied.isetitem(position, column.map(defuse_formula))
    return frame if copied is None else copied


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
