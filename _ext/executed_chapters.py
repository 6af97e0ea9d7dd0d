"""Re-read the chapters that ``scripts/build_book.py`` has just executed again.

Sphinx re-reads a page when its source file changed; a chapter executed again
because a table it reads changed has the same source, and new outputs in the
execution cache. The build script lists such chapters, one docname a line, in
``_build/.reread/<builder>`` (one list per builder, since the HTML and the PDF
builds each need them) and removes the list after that builder succeeded.
"""

from __future__ import annotations

from pathlib import Path


def pending(app) -> Path:
    return Path(app.srcdir) / "_build" / ".reread" / app.builder.name


def executed_again(app, env, added, changed, removed) -> list[str]:
    try:
        names = pending(app).read_text(encoding="utf-8").split()
    except OSError:
        return []
    return sorted(set(names) & env.found_docs - added - changed)


def setup(app):
    app.connect("env-get-outdated", executed_again)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
