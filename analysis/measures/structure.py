"""Document structure: headings, lead sentences, enumerations, sections and their shares.

Party-building texts share a few outline conventions: numbered headings
(一、 / （一） / 1.), unnumbered standalone heading lines, lead sentences
(段首句) that open a paragraph as its subhead, and inline enumerations
(一是…二是…, 一要…二要…). This module finds each of them in a clean body.
"""

from __future__ import annotations

import re

import pandas as pd

from ..corpus import Corpus, Document
from ..text.chars import SENTENCE_END, ends_sentence, han_count

NUMERAL = "一二三四五六七八九十"
HEADING_PATTERNS = (
    (1, "一、", re.compile(rf"^(?P<marker>[{NUMERAL}]{{1,3}}、)")),
    (1, "第一部分", re.compile(rf"^(?P<marker>第[{NUMERAL}]{{1,3}}(?:部分|章|节)[、，：\s]?)")),
    (2, "（一）", re.compile(rf"^(?P<marker>（[{NUMERAL}]{{1,3}}）)")),
    (3, "1.", re.compile(r"^(?P<marker>\d{1,2}[.．、](?!\d))")),
    (3, "第一条", re.compile(rf"^(?P<marker>第[{NUMERAL}百零]{{1,5}}条)")),
)
SENTENCE = re.compile(rf"[^{SENTENCE_END}!?]*[{SENTENCE_END}!?]+[”’」』）]*|[^{SENTENCE_END}!?]+$")
ENUMERATION = re.compile(rf"(?:(?<=^)|(?<=[。；，：]))(?P<numeral>[{NUMERAL}])(?P<style>是|要|为|来|则|方面)")
ORDINAL = {c: i for i, c in enumerate(NUMERAL, start=1)}
LEAD_MAX_CHARS = 55
MIN_PARALLEL_LEADS = 2
HEADING_MAX_HAN = 60
HEADING_COLUMNS = ["doc_id", "paragraph", "level", "kind", "marker", "text", "char_start", "chars", "share"]


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences ending with 。！？ (closing quotes kept with their sentence)."""
    return [s for s in SENTENCE.findall(paragraph) if s.strip()]


def numbered_heading(paragraph: str) -> tuple[int, str, str] | None:
    """``(level, kind, marker)`` when the paragraph opens with a heading number (一、, （一）, 1., 第一条), else None."""
    for level, kind, pattern in HEADING_PATTERNS:
        if (match := pattern.match(paragraph)):
            return level, kind, match["marker"]
    return None


def _standalone_heading(paragraph: str) -> bool:
    """A short line without final punctuation, such as 圆满完成…任务 or 围绕中心服务大局，不断提升…"""
    return (0 < han_count(paragraph) <= HEADING_MAX_HAN and not ends_sentence(paragraph)
            and not paragraph.endswith(("：", ":")))


def _lead_shaped(sentence: str) -> bool:
    """A subhead-like first sentence: short, at most two clauses (坚持…，推动…。), not a quotation.

    Checked against the journal's bold leads, where two clauses are common (see ``analysis.journal.leads``)."""
    return (han_count(sentence) >= 2 and len(sentence) <= LEAD_MAX_CHARS and sentence.count("，") <= 1
            and not sentence.startswith(("“", "习近平总书记", "总书记")))


def headings(document: Document) -> pd.DataFrame:
    """The outline of one document: numbered and unnumbered headings, and lead sentences.

    See :func:`heading_records` for the columns.
    """
    return pd.DataFrame.from_records(heading_records(document), columns=HEADING_COLUMNS)


def heading_records(document: Document) -> list[dict]:
    """The outline of one document as records: numbered and unnumbered headings, and lead sentences.

    ``level`` is 1 for 一、 (and for unnumbered headings when the document has
    no 一、 headings), 2 for （一）, 3 for 1.; lead sentences get ``level = 0``
    and ``kind = "lead"``. ``share`` is a heading's section length over the
    document length (until the next heading of the same or a higher level).
    """
    paragraphs = document.paragraphs
    if not paragraphs:
        return []
    starts = []
    position = 0
    for paragraph in paragraphs:
        starts.append(position)
        position += len(paragraph) + 1
    total = max(1, len(document.body))
    hints = set(document.page.lead_hints)
    has_level_one = any((found := numbered_heading(p)) and found[0] == 1 for p in paragraphs)
    rows: list[dict] = []
    candidates: list[dict] = []  # lead-sentence candidates of the current section
    after_heading = True  # the opening paragraph is an introduction, not a subhead

    def close_section() -> None:
        # a section's opening paragraph is usually its introduction; it counts as a lead
        # only when it is parallel to the others (same opening characters)
        rest = [c for c in candidates if not c["opening"]]
        openers = {c["text"][:2] for c in rest}
        kept = rest + [c for c in candidates if c["opening"] and c["text"][:2] in openers]
        if len(kept) >= MIN_PARALLEL_LEADS:
            rows.extend({k: v for k, v in c.items() if k != "opening"} for c in kept)
        candidates.clear()

    for index, paragraph in enumerate(paragraphs):
        numbered = numbered_heading(paragraph)
        if numbered:
            close_section()
            level, kind, marker = numbered
            first = sentences(paragraph[len(marker):])
            text = (first[0] if first else paragraph[len(marker):]).strip()
            rows.append({"paragraph": index + 1, "level": level, "kind": kind, "marker": marker, "text": text})
            after_heading = len(first) <= 1
            continue
        if (paragraph in hints and not ends_sentence(paragraph)) or (index > 0 and _standalone_heading(paragraph)):
            close_section()
            rows.append({"paragraph": index + 1, "level": 2 if has_level_one else 1, "kind": "unnumbered",
                         "marker": "", "text": paragraph})
            after_heading = True
            continue
        parts = sentences(paragraph)
        lead = parts[0].strip() if parts else ""
        row = {"paragraph": index + 1, "level": 0, "kind": "lead", "marker": "", "text": lead}
        if hints:
            if any(lead.startswith(h) or h.startswith(lead) for h in hints if h):
                rows.append(row)
        elif index > 0 and len(parts) >= 2 and _lead_shaped(lead):
            candidates.append({**row, "opening": after_heading})
        after_heading = False
    close_section()
    rows.sort(key=lambda r: r["paragraph"])
    lengths = _section_lengths([starts[r["paragraph"] - 1] for r in rows], [r["level"] for r in rows], total)
    return [{"doc_id": document.doc_id, **row, "char_start": starts[row["paragraph"] - 1], "chars": length,
             "share": round(length / total, 4)} for row, length in zip(rows, lengths, strict=True)]


def _section_lengths(starts: list[int], levels: list[int], total: int) -> list[int]:
    """Characters from each entry to the next heading of the same or a higher level (leads: to the next entry)."""
    lengths = []
    for index, (start, level) in enumerate(zip(starts, levels, strict=True)):
        end = total
        for later_start, later_level in zip(starts[index + 1 :], levels[index + 1 :], strict=True):
            if level == 0 or 0 < later_level <= level:
                end = later_start
                break
        lengths.append(end - start)
    return lengths


def enumeration_records(document: Document) -> list[dict]:
    """Inline enumerations of one document as records (doc_id, paragraph, style, items)."""
    rows = []
    for number, paragraph in enumerate(document.paragraphs, start=1):
        runs: dict[str, list[int]] = {}
        for match in ENUMERATION.finditer(paragraph):
            ordinal = ORDINAL[match["numeral"]]
            run = runs.setdefault(match["style"], [])
            if ordinal == 1:
                run.clear()
                run.append(1)
            elif run and ordinal == run[-1] + 1:
                run.append(ordinal)
        for style, run in runs.items():
            if len(run) >= 2:
                rows.append({"doc_id": document.doc_id, "paragraph": number,
                             "style": f"一{style}…{NUMERAL[len(run) - 1]}{style}", "items": len(run)})
    return rows


def outline(corpus: Corpus) -> pd.DataFrame:
    """Headings and lead sentences of every document (``headings.csv``)."""
    records = [record for document in corpus for record in heading_records(document)]
    return pd.DataFrame.from_records(records, columns=HEADING_COLUMNS)


def sections(document: Document) -> pd.DataFrame:
    """Top-level sections with their share of the document; text before the first one is the preamble."""
    outline_ = headings(document)
    levels = outline_.loc[outline_["level"] > 0, "level"]
    top = outline_[outline_["level"] == (levels.min() if len(levels) else -1)]
    total = max(1, len(document.body))
    rows = []
    first_start = int(top["char_start"].min()) if len(top) else total
    if first_start > 0:
        rows.append({"doc_id": document.doc_id, "section": 0, "heading": "(preamble)", "char_start": 0,
                     "chars": first_start, "share": round(first_start / total, 4)})
    for number, row in enumerate(top.itertuples(), start=1):
        rows.append({"doc_id": document.doc_id, "section": number, "heading": row.text, "char_start": row.char_start,
                     "chars": row.chars, "share": row.share})
    return pd.DataFrame.from_records(rows, columns=["doc_id", "section", "heading", "char_start", "chars", "share"])


def structure_metrics(corpus: Corpus, outline_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per document: sections, subsections, paragraphs, sentences, mean sentence length, leads, enumerations.

    ``outline_table`` is :func:`outline`'s result when already computed.
    """
    outline_table = outline(corpus) if outline_table is None else outline_table
    kinds: dict[str, list[tuple[int, str]]] = {}
    for doc_id, level, kind in zip(outline_table["doc_id"], outline_table["level"], outline_table["kind"], strict=True):
        kinds.setdefault(doc_id, []).append((int(level), kind))
    rows = []
    for document in corpus:
        entries = kinds.get(document.doc_id, [])
        levels = [level for level, _ in entries if level > 0]
        top = min(levels) if levels else None
        lengths = [len(s) for p in document.paragraphs for s in sentences(p) if ends_sentence(s)]
        rows.append({
            "doc_id": document.doc_id,
            "region": document.region,
            "sections": sum(1 for level in levels if level == top),
            "subsections": sum(1 for level in levels if top is not None and level > top),
            "heading_style": next((kind for level, kind in entries if level == top), "none"),
            "paragraphs": len(document.paragraphs),
            "sentences": len(lengths),
            "mean_sentence_chars": round(sum(lengths) / len(lengths), 1) if lengths else 0.0,
            "lead_sentences": sum(1 for _, kind in entries if kind == "lead"),
            "enumerations": len(enumeration_records(document)),
        })
    return pd.DataFrame.from_records(rows)
