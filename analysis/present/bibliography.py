"""The report's sources: a BibTeX file written from the catalog, and the sources table of the book.

Each seed is one entry, keyed by its ``doc_id`` (a slug, so a chapter can cite
it as ``{cite:p}`doc_id```); a seed that the journal printed also carries the
journal article's URL. Every value is escaped for BibTeX, so a title cannot
break the bibliography.
"""

from __future__ import annotations

import re

import pandas as pd

from ..text.links import checked_url

SPECIAL = re.compile(r"([\\{}%#&_$^~])")


def _field(value: object) -> str:
    text = " ".join(str(value or "").split())
    return SPECIAL.sub(lambda m: "\\" + m.group(1) if m.group(1) not in "\\^~" else " ", text)


def source_url(documents: pd.DataFrame, counterparts: pd.DataFrame, articles: pd.DataFrame) -> dict[str, str]:
    """Each seed's URL: the catalog's, else that of its counterpart in the journal (``""`` when neither is known);
    only plain web addresses (:func:`~analysis.text.links.checked_url`), so none can break a page."""
    urls = {row.doc_id: checked_url(str(getattr(row, "url", "") or "")) for row in documents.itertuples()}
    printed = counterparts[counterparts["counterpart"]].set_index("doc_id")["journal_id"] if len(counterparts) else {}
    journal_urls = articles.set_index("doc_id")["url"]
    for doc_id, journal_id in dict(printed).items():
        if not urls.get(doc_id):
            urls[doc_id] = checked_url(str(journal_urls.get(journal_id, "")))
    return urls


def bibtex(documents: pd.DataFrame, urls: dict[str, str]) -> str:
    """One ``@article`` per document with an outlet (``@misc`` for a speech or an unknown outlet, since an article
    needs a journal), keyed by doc_id, in catalog order."""
    entries = []
    for row in documents.itertuples():
        kind = "misc" if row.genre == "speech" or not str(row.outlet or "").strip() else "article"
        fields = {"title": row.title, "author": row.author or row.author_role or "Anonymous",
                  "journal": row.outlet, "year": str(row.published)[:4], "number": row.issue,
                  "note": f"Author's post: {row.author_role}" if row.author_role else "", "url": urls.get(row.doc_id, "")}
        # one pair of braces more around the author: a Chinese name or an organ is one name, not "First Last"
        body = ",\n".join(f"  {name} = {{{{{_field(value)}}}}}" if name == "author" else f"  {name} = {{{_field(value)}}}"
                          for name, value in fields.items() if str(value or "").strip())
        entries.append(f"@{kind}{{{row.doc_id},\n{body}\n}}\n")
    return "\n".join(entries)


def sources_table(documents: pd.DataFrame, urls: dict[str, str], names: dict[str, str],
                  glosses: dict[str, str]) -> pd.DataFrame:
    """Per document: title (with its English gloss), author and post, outlet, date or issue, and URL."""
    return pd.DataFrame({
        "Document": documents["doc_id"].map(names),
        "Title": [f"{t} ({glosses[t]})" if t in glosses else t for t in documents["title"]],
        "Author": documents["author"].replace("", "—"), "Author's post": documents["author_role"].replace("", "—"),
        "Outlet": documents["outlet"].replace("", "—"),
        "Date or issue": documents["issue"].where(documents["issue"] != "", documents["published"]).replace("", "—"),
        "URL": [urls.get(d, "") or "—" for d in documents["doc_id"]],
    })
