"""How well the lead-sentence (段首句) detector works, measured on the journal.

The journal's Markdown bolds the short label that opens many paragraphs. Those
bold spans are free labels of lead sentences: with the ``**`` stripped, the
detector must find them from the text alone (recall). The journal does not
bold every lead sentence, so a lead the detector finds in an unbolded
paragraph may still be right: a hand-checked sample of those
(``analysis/lexicon/lead_checks.csv``) gives the precision.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pandas as pd

from ..corpus import Document
from ..errors import CorpusError
from ..measures.structure import LEAD_MAX_CHARS, heading_records, numbered_heading
from ..paths import lexicon_file

LEAD_CHECKS_FILE = "lead_checks.csv"
LEAD_ENDS = ("。", "！", "？", "；")
LEAD_COLUMNS = ["doc_id", "paragraph", "text", "bold", "detected"]


def bold_leads(document: Document) -> dict[int, str]:
    """Paragraph number → its bold opening, for paragraphs that open with a bold sentence and go on after it.

    Bold is also used for other things, which are not lead sentences: a whole
    paragraph (a heading), a numbered heading (一、…), and labels that are not a
    sentence (names, 编者按：, 第八条, book titles).
    """
    found: dict[int, str] = {}
    hints = [hint.strip() for hint in document.page.lead_hints if hint.strip()]
    for number, paragraph in enumerate(document.paragraphs, start=1):
        opening = next((hint for hint in hints if paragraph.startswith(hint)), None)
        if (opening and len(paragraph.strip()) > len(opening) + 1 and opening.endswith(LEAD_ENDS)
                and not numbered_heading(opening)):
            found[number] = opening
    return found


def detected_leads(document: Document) -> dict[int, str]:
    """Paragraph number → lead sentence, as the detector finds them with the bold marks stripped."""
    unmarked = replace(document, page=replace(document.page, lead_hints=()))
    return {row["paragraph"]: row["text"] for row in heading_records(unmarked) if row["kind"] == "lead"}


def lead_detection(documents: Iterable[Document]) -> pd.DataFrame:
    """One row per paragraph that opens with a bold lead or in which the detector finds one, over the
    articles that bold at least one lead: ``bold`` and ``detected`` say which."""
    records = []
    for document in documents:
        bold = bold_leads(document)
        if not bold:
            continue
        detected = detected_leads(document)
        for paragraph in sorted(set(bold) | set(detected)):
            records.append({"doc_id": document.doc_id, "paragraph": paragraph,
                            "text": bold.get(paragraph) or detected[paragraph],
                            "bold": paragraph in bold, "detected": paragraph in detected})
    return pd.DataFrame.from_records(records, columns=LEAD_COLUMNS)


def load_lead_checks(path: Path | None = None) -> pd.DataFrame:
    """The hand-checked sample of leads found in unbolded paragraphs: ``doc_id, paragraph, text, lead`` (yes/no)."""
    path = Path(path or lexicon_file(LEAD_CHECKS_FILE))
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    except (OSError, UnicodeDecodeError) as error:
        raise CorpusError(path, f"cannot read the hand-checked leads ({error.__class__.__name__})",
                          "restore it from git") from None
    checks = pd.DataFrame(rows, columns=["doc_id", "paragraph", "text", "lead", "note"])
    checks["paragraph"] = checks["paragraph"].astype(int)
    return checks


def unbolded_sample(detection: pd.DataFrame, size: int = 40, seed: int = 0) -> pd.DataFrame:
    """The leads found in unbolded paragraphs that a person checks by hand: a fixed random sample."""
    unbolded = detection[detection["detected"] & ~detection["bold"]]
    return unbolded.sample(n=min(size, len(unbolded)), random_state=seed).sort_values(["doc_id", "paragraph"])


def lead_detector_scores(detection: pd.DataFrame, checks: pd.DataFrame) -> dict[str, object]:
    """Recall against the bold leads (all, and those short enough to be leads), and precision: found leads that
    are bold count as right, found leads in unbolded paragraphs count at the hand-checked sample's rate."""
    bold = detection[detection["bold"]]
    short = bold[bold["text"].str.len() <= LEAD_MAX_CHARS]
    detected = detection[detection["detected"]]
    unbolded = detected[~detected["bold"]]
    checked = unbolded.merge(checks[["doc_id", "paragraph", "lead"]], on=["doc_id", "paragraph"], how="inner")
    checked_right = int((checked["lead"] == "yes").sum())
    unbolded_precision = checked_right / len(checked) if len(checked) else float("nan")
    right = int(detected["bold"].sum()) + unbolded_precision * len(unbolded)
    return {
        "lead_articles": int(detection["doc_id"].nunique()), "bold_leads": len(bold),
        "bold_found": int(bold["detected"].sum()), "lead_recall": bold["detected"].mean() if len(bold) else float("nan"),
        "short_bold_leads": len(short), "lead_max_chars": LEAD_MAX_CHARS,
        "short_lead_recall": short["detected"].mean() if len(short) else float("nan"),
        "leads_found": len(detected), "leads_found_bold": int(detected["bold"].sum()),
        "leads_found_unbolded": len(unbolded), "leads_checked": len(checked), "leads_checked_right": checked_right,
        "lead_precision": right / len(detected) if len(detected) else float("nan"),
    }
