"""How a ``tables`` run executes: the one seam between the analyses and the machines that run them.

- :mod:`.engines`: where the per-article stage runs (local processes, or a Dask cluster);
- :mod:`.processes`: the local worker pool and the helper process;
- :mod:`.segmentation`: the seeds' segmentation scheduled over the workers;
- :mod:`.compute`: every table of a run, computed and written;
- :mod:`.tables`: the run itself, from the result cache when its inputs did not change;
- :mod:`.results`, :mod:`.stat_index`: the result cache and the stat manifest that keeps warm runs cheap;
- :mod:`.publish`: output written completely or not at all;
- :mod:`.reads`, :mod:`.chapters`: what each chapter of the book read, and the chapters executed again (in
  parallel) when it changed.
"""
