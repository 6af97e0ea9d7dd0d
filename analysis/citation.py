"""How to cite the report: its title, authors, version and date, read from ``CITATION.cff`` (one source)."""

from __future__ import annotations

import yaml

from .engine.reads import record_file
from .paths import REPO_ROOT

CITATION_FILE = REPO_ROOT / "CITATION.cff"


def citation() -> dict[str, str]:
    """The citation's parts, and the whole citation as one sentence (``citation_text``)."""
    record_file(CITATION_FILE)
    data = yaml.safe_load(CITATION_FILE.read_text(encoding="utf-8"))
    authors = ", ".join(author.get("name") or " ".join(filter(None, (author.get("given-names"), author.get("family-names"))))
                        for author in data.get("authors", []))
    version, date = str(data.get("version", "")), str(data.get("date-released", ""))
    return {"citation_title": data["title"], "citation_authors": authors, "citation_version": version,
            "citation_date": date,
            "citation_text": f"{authors} ({date[:4]}). {data['title']}. Version {version}, released {date}."}
