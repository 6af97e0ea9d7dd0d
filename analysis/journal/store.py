"""The journal's results as the chapters read them: one Parquet file per table, each loaded on first use.

A chapter shows a few tables; loading the whole analysed journal (its corpus,
tokens and features) to show them would make every chapter's start grow with
the corpus. The tables run stores each published table, and the per-article
frames the chapters draw from, as Parquet beside the CSVs (columnar: the types
survive, and a reader may take only the columns it needs); the settings the
tables were computed with (lexicon, events, tiles, genres, discovery) are
stored with them, so a chapter shows what the tables hold.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..lexicon import Lexicon
from ..registry import JOURNAL_TABLES
from .pipeline import Journal

FRAMES = (*(table.attribute for table in JOURNAL_TABLES), "slogan_hits", "discovery_sample", "index_terms", "term_issues",
          "term_provinces", "term_bursts", "term_collocates")
SETTINGS = "settings.pickle"
FILES = {"term_index_json": "term_index.json"}  # files of the run kept as they were written: attribute → store name
SETTING_NAMES = ("events", "tiles", "genres", "discovery", "compare_menu")


def parquet_name(attribute: str) -> str:
    return f"{attribute}.parquet"


def journal_store(journal: Journal) -> dict[str, bytes]:
    """What the result cache keeps of an analysed journal: each frame as Parquet, and its settings."""
    stored = {}
    for attribute in FRAMES:
        buffer = io.BytesIO()
        getattr(journal, attribute).to_parquet(buffer, engine="pyarrow", compression="zstd")
        stored[parquet_name(attribute)] = buffer.getvalue()
    settings = journal_settings(journal)
    stored[SETTINGS] = pickle.dumps({"lexicon": settings.pop("analysis").lexicon, **settings})
    return stored


def journal_settings(journal: Journal) -> dict[str, object]:
    """The settings a chapter reads of the journal, by attribute: what it was computed with."""
    return {"analysis": _Settings(journal.analysis.lexicon), **{name: getattr(journal, name) for name in SETTING_NAMES}}


@dataclass(frozen=True)
class _Settings:
    """What a chapter asks of ``journal.analysis``: the lexicon the tables were computed with."""

    recorded_in_parts = True

    lexicon: Lexicon


class StoredJournal:
    """The journal's tables and settings, read from the result cache on first use (``load``: name → bytes)."""

    def __init__(self, load: Callable[[str], bytes]) -> None:
        self._load = load
        settings = pickle.loads(load(SETTINGS))  # our own file, checked against its manifest hash
        self.analysis = _Settings(settings["lexicon"])
        for name in SETTING_NAMES:
            setattr(self, name, settings[name])

    def __getattr__(self, name: str) -> pd.DataFrame | bytes:
        if name in FILES:
            return self._load(FILES[name])
        if name not in FRAMES:
            raise AttributeError(f"the stored journal keeps its tables, not {name!r}: analyse the journal for it "
                                 "(analysis.journal.pipeline.analyse_journal)")
        frame = pd.read_parquet(io.BytesIO(self._load(parquet_name(name))), engine="pyarrow")
        self.__dict__[name] = frame
        return frame

    def __getstate__(self) -> dict:
        return {key: value for key, value in self.__dict__.items() if key != "_load"}
