"""What a chapter read, so that a build re-executes only the chapters whose inputs changed.

A chapter's kernel reads the stored analyses through :class:`Recorded`
wrappers (``analysis.book`` hands them out), and the lexicon's data files
through :func:`record_file`; :func:`recorded` lists those reads and the
library modules the kernel imported. A ``tables`` run stores a digest of
every stored table and setting (:func:`store_digests`), so that the book's
build can tell, from names alone, whether anything a chapter read has
changed since it ran (see :mod:`.chapters`).

A name is ``<store>:<attribute>`` (``seeds:themes``, ``journal:counted``,
``context:counterparts``) or ``file:<path>``. An object whose class sets
``recorded_in_parts`` (the lexicon) is recorded by the part read
(``seeds:lexicon.themes``), so that a new theme keyword re-executes the
chapters that show themes, not every chapter that names a slogan; its
``parts_read_by`` names the part each of its methods reads
(``lexicon.slogan(term)`` reads ``lexicon.slogans``).
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from collections.abc import Iterator, Mapping
from functools import cached_property

STORES = ("seeds", "journal", "context")
_READS: set[str] = set()


def record(name: str) -> None:
    """Note that this process read ``name``."""
    _READS.add(name)


def record_file(path: object) -> None:
    """Note that this process read the data file at ``path``."""
    _READS.add(f"file:{path}")


class Recorded:
    """``target`` with every attribute read noted as ``<prefix><attribute>``; otherwise the object itself. A store is
    wrapped as ``Recorded(analysis, "seeds")``."""

    def __init__(self, target: object, store: str, prefix: str | None = None) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_prefix", f"{store}:" if prefix is None else prefix)

    def __getattr__(self, name: str):
        value = getattr(self._target, name)
        if getattr(type(value), "recorded_in_parts", False):
            return Recorded(value, "", f"{self._prefix}{name}.")
        record(f"{self._prefix}{getattr(type(self._target), 'parts_read_by', {}).get(name, name)}")
        return value

    def __setattr__(self, name: str, value) -> None:
        setattr(self._target, name, value)

    def __eq__(self, other: object) -> bool:
        return self._target == (other._target if isinstance(other, Recorded) else other)

    def __hash__(self) -> int:
        return hash(self._target)

    def __repr__(self) -> str:
        return repr(self._target)


def recorded() -> dict[str, object]:
    """The names this process read, and the files of the library modules it imported (``module:<name>`` → path)."""
    modules = {f"module:{name}": module.__file__ for name, module in sorted(sys.modules.items())
               if (name == "analysis" or name.startswith("analysis.")) and getattr(module, "__file__", None)}
    return {"reads": sorted(_READS), "modules": modules}


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_digests(seeds: Mapping[str, object], journal: Mapping[str, bytes], context: Mapping[str, object],
                  journal_settings: Mapping[str, object]) -> dict[str, str]:
    """A digest per stored table and setting, by read name: ``seeds`` and ``context`` are attribute → value,
    ``journal`` the stored bytes (Parquet, or a file as written) by attribute, ``journal_settings`` the journal's
    settings by attribute. ``seeds`` alone (all its attributes together) stands for a seeds attribute that was not
    stored, which a kernel computes from the corpus."""
    digests = {f"journal:{name}": digest(data) for name, data in journal.items()}  # Parquet: the same bytes each run
    for prefix, values in (("seeds:", seeds), ("journal:", journal_settings), ("context:", context)):
        for name, value in values.items():
            digests |= dict(_value_digests(f"{prefix}{name}", value))
    digests["seeds"] = digest("".join(digests[f"seeds:{name}"] for name in sorted(seeds)).encode())
    return dict(sorted(digests.items()))


def _value_digests(name: str, value: object) -> Iterator[tuple[str, str]]:
    """The digest of ``value``, and of each of its parts (fields and cached properties) when it is read in parts."""
    yield name, digest(canonical(value))
    if getattr(type(value), "recorded_in_parts", False):
        parts = [*getattr(value, "__dataclass_fields__", {}),
                 *(key for key, attribute in vars(type(value)).items() if isinstance(attribute, cached_property))]
        for part in parts:
            yield from _value_digests(f"{name}.{part}", getattr(value, part))


def canonical(value: object) -> bytes:
    """Bytes that stand for ``value`` and are the same in every process: a set's members sorted (its pickle follows
    string hashing, which changes from one process to the next), containers and dataclasses taken apart."""
    if isinstance(value, (set, frozenset)):
        return b"{" + b",".join(sorted(canonical(member) for member in value)) + b"}"
    if isinstance(value, (list, tuple)):
        return b"[" + b",".join(canonical(member) for member in value) + b"]"
    if isinstance(value, dict):
        return b"{" + b",".join(canonical(key) + b":" + canonical(item) for key, item in value.items()) + b"}"
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return type(value).__name__.encode() + canonical({name: getattr(value, name) for name in fields})
    return pickle.dumps(value)


def stored_digest(name: str, stored: Mapping[str, str]) -> str | None:
    """The stored digest that stands for ``name``: its own, else its nearest stored whole (a method of the lexicon
    stands on the whole lexicon, a seeds table no run stored on the whole seeds analysis)."""
    while name:
        if name in stored:
            return stored[name]
        name = name.rpartition(".")[0] if "." in name else name.partition(":")[0] if ":" in name else ""
    return None
