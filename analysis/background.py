"""Computing a few cached attributes in a forked process while this one computes others.

The child inherits everything computed so far, so nothing is sent to it and
only the results travel back. Where processes cannot be forked, the attributes
are simply computed here on first use.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

_TARGETS: list[object] = []  # what the forked child reads, instead of unpickling it


def _computed(index: int, attribute: str) -> object:
    return getattr(_TARGETS[index], attribute)


def in_background(work: Sequence[tuple[object, str]]) -> Callable[[], None]:
    """Start computing each ``(object, attribute)`` in one forked process; return a function that waits for them and
    keeps each value where ``functools.cached_property`` keeps it (the object's ``__dict__``).

    Fork only when no other worker pool of this process is still running: a
    forked child would wait for its workers forever.
    """
    todo = [(target, attribute) for target, attribute in work if attribute not in target.__dict__]
    if not todo or "fork" not in multiprocessing.get_all_start_methods():
        return lambda: None
    positions: dict[int, int] = {}  # by identity: the targets are dataclasses, which compare by value
    for target, _ in todo:
        positions.setdefault(id(target), len(positions))
    _TARGETS[:] = list({id(target): target for target, _ in todo}.values())
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    futures = [(target, attribute, pool.submit(_computed, positions[id(target)], attribute)) for target, attribute in todo]

    def join() -> None:
        try:
            for target, attribute, future in futures:
                target.__dict__[attribute] = future.result()
        finally:
            pool.shutdown()
            _TARGETS.clear()

    return join
