"""The report's tables as files, written or copied from the cache (which tables there are: :mod:`.registry`).

``python -m analysis tables`` writes the seeds' tables, the journal's
(``journal/``) and the seeds held against the journal (``context/``), all at
once or not at all (:mod:`.publish`). A run whose inputs did not change copies
them from the result cache (:mod:`.results`); the journal's part is cached on
its own, so a change in the seeds does not recompute the journal.
"""

from __future__ import annotations

from pathlib import Path

from ..catalog import load_catalog
from .publish import check_replaceable
from .results import ResultCache, journal_fingerprint, tables_fingerprint

# what the helper's tables (analysis.engine.compute._helper_work) need: scikit-learn's, scipy's clustering, pandas
HELPER_MODULES = ("pandas", "scipy.cluster.hierarchy", "scipy.spatial.distance", "sklearn.decomposition",
                  "sklearn.feature_extraction.text")


def write_tables_cached(seeds: Path | None, out: Path, cache_dir: Path | None = None, progress: bool | None = None,
                        engine: str = "local", scheduler: str | None = None) -> tuple[list[Path], bool]:
    """Like :func:`analysis.engine.compute.compute_and_write`, copying what an earlier run with the same inputs
    stored in the result cache; the journal's per-article stage runs on ``engine`` (see :func:`.engines.open_engine`),
    started only when something is computed.

    The catalog is read once. Returns the written paths and whether they came from the cache.
    """
    catalog = load_catalog(seeds)
    check_replaceable(out, protect=[catalog.seeds])
    results = ResultCache(cache_dir)
    journal_key = journal_fingerprint()
    key = tables_fingerprint(catalog, journal_key)
    if (paths := results.restore(key, out)) is not None:
        return paths, True
    from .engines import open_engine  # here: a warm run needs neither
    from .processes import Helper

    # forked before pandas is imported here, so that it imports its own libraries meanwhile
    with Helper(HELPER_MODULES) as helper, open_engine(engine, scheduler) as runner:
        from .compute import compute_and_write  # here, not at the top: a warm run copies tables without pandas

        return compute_and_write(catalog, out, results, key, journal_key, helper, runner, cache_dir, progress), False
