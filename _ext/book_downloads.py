"""Links to the whole report (PDF) and to every table (zip) on every HTML page.

``scripts/build_book.py`` puts the files in ``_build/extra/downloads`` (served through
``html_extra_path``). A link is shown only when its file exists, so an HTML build without a PDF has no
dead link; when the set of files changes (a PDF built after the HTML), every page is rewritten so that
each one links it. The links go in the article header, as a dropdown beside the theme's own download
button (visible at every width), and in the primary sidebar (``_templates/report-downloads.html``).
"""

from __future__ import annotations

from pathlib import Path

DOWNLOADS = (  # path inside the site, label, Font Awesome icon
    ("downloads/book.pdf", "Report (PDF)", "fas fa-file-pdf"),
    ("downloads/all-tables.zip", "All tables (zip)", "fas fa-file-zipper"),
)


def available(app) -> list[tuple[str, str, str]]:
    roots = [Path(app.confdir, extra) for extra in app.config.html_extra_path]
    return [item for item in DOWNLOADS if any((root / item[0]).is_file() for root in roots)]


def outdated_when_downloads_change(app, env, added, changed, removed) -> list[str]:
    now = [path for path, _, _ in available(app)]
    if getattr(env, "report_downloads", None) == now:
        return []
    env.report_downloads = now
    return sorted(env.found_docs)


def set_links(app, pagename, templatename, context, doctree) -> None:
    # before pydata-sphinx-theme (priority 500), which drops sidebar templates that render empty
    pathto = context["pathto"]
    context["report_downloads"] = [{"url": pathto(path, 1), "text": text, "icon": icon}
                                   for path, text, icon in available(app)]


def add_header_button(app, pagename, templatename, context, doctree) -> None:
    # after sphinx-book-theme builds its header buttons (priorities 500 and 501)
    links, buttons = context.get("report_downloads", []), context.get("header_buttons")
    if buttons is not None and links:
        buttons.insert(0, {"type": "group", "icon": "fas fa-book", "tooltip": "Download the report",
                           "label": "report-downloads",
                           "buttons": [{"type": "link", "label": "report-download", **link} for link in links]})


def setup(app):
    app.connect("env-get-outdated", outdated_when_downloads_change)
    app.connect("html-page-context", set_links, priority=450)
    app.connect("html-page-context", add_header_button, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
