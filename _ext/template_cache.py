"""Compiled page templates kept between builds: Jinja parses and compiles the theme's templates (pydata-sphinx-theme
has dozens) in every Sphinx process, a tenth of a build after a prose edit. Jinja's bytecode cache stores each
compiled template beside the doctrees, keyed by its name and checked against its source's checksum, so an edited
template is compiled again."""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx


def _cache_templates(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is not None:
        folder = Path(app.doctreedir) / "jinja-bytecode"
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("builder-inited", _cache_templates)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
