"""The one exception type the command line turns into a one-line message."""

from __future__ import annotations

from pathlib import Path


class CorpusError(Exception):
    """A problem with an input file, stated as ``<file>: <problem> — <fix>``.

    The command line prints ``str(error)`` as a single line and exits non-zero,
    so every message names the file and says how to fix it.
    """

    def __init__(self, path: Path | str, problem: str, fix: str) -> None:
        self.path = Path(path)
        self.problem = problem
        self.fix = fix
        super().__init__(f"{self.path}: {problem} — {fix}")

    def __reduce__(self):
        """Pickled whole: raised in a worker process, it arrives in the parent as the same one-line error."""
        return type(self), (self.path, self.problem, self.fix)
