"""What a text cites from the centre: documents in 《…》, meetings, and the General Secretary's speeches.

Party-building texts are built out of references to the centre. Each reference
is one row: the kind (``document``, ``book``, ``meeting``, ``speech``), the
canonical name the tables count, the surface as written, its date where known,
and a detail (a meeting named as a period, 以来; a speech's occasion; a short
form that could not be resolved). The rules are authors' data
(``references.yaml``, see its comments): aliases, books, the short forms and
the meetings with their patterns and dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..errors import CorpusError
from ..lexicon import read_yaml
from ..paths import lexicon_dir

REFERENCES_FILE = "references.yaml"
REFERENCE_COLUMNS = ["doc_id", "kind", "name", "surface", "date", "detail"]
TITLE = re.compile(r"《([^《》\n]{1,80})》")
YEAR_BEFORE = re.compile(r"今年|去年|前年|(?:19|20)\d{2}年")
YEAR_REACH = 30  # characters between a year and the meeting it dates, within one sentence
SPEECH = re.compile(r"习近平(?:总书记|同志)?(?:在(?P<occasion>[^，。；、“”]{2,40}?)(?:上|时|期间)(?:发表)?的?)?"
                    r"(?P<what>(?:重要)?讲话|重要指示批示|重要指示|重要批示|重要论述)")
SINCE = "以来"
PARTY = "党的"  # 党的二十大 and 二十大 are the same meeting
TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")


@dataclass(frozen=True)
class Meeting:
    """A meeting the texts name: canonical name, pattern, date (``YYYY-MM``; empty for a yearly one) and the
    documents it adopted, by kind (决定, 建议 …)."""

    name: str
    pattern: re.Pattern[str]
    date: str
    documents: Mapping[str, str]


@dataclass(frozen=True)
class ReferenceRules:
    """The rules of ``references.yaml``."""

    edition_notes: tuple[str, ...]
    not_references: frozenset[str]
    aliases: Mapping[str, str]
    books: frozenset[str]
    short_forms: frozenset[str]
    meetings: tuple[Meeting, ...]

    @cached_property
    def meeting_pattern(self) -> re.Pattern[str]:
        """Any meeting's pattern (where a mention may start)."""
        return re.compile("|".join(f"(?:{meeting.pattern.pattern})" for meeting in self.meetings) or "(?!)")

    def canonical(self, title: str) -> str:
        """A title less its edition note, through the aliases."""
        bare = re.sub(rf"[（(](?:{'|'.join(map(re.escape, self.edition_notes))})[）)]$", "", title) if self.edition_notes else title
        return self.aliases.get(bare, bare)


def load_reference_rules(path: Path | None = None) -> ReferenceRules:
    """The reference rules of the lexicon folder; a malformed file is one error naming it and the entry."""
    path = Path(path or lexicon_dir() / REFERENCES_FILE)
    data = read_yaml(path)
    meetings = []
    for entry in data.get("meetings") or []:
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("pattern"):
            raise CorpusError(path, f"meeting {entry!r} lacks a name or a pattern",
                              "write it as {name: 二十届三中全会, pattern: '二十届三中全会', date: 2024-07}")
        date = str(entry.get("date") or "")
        if date and not re.fullmatch(r"(?:19|20)\d{2}-(?:0[1-9]|1[0-2])", date):
            raise CorpusError(path, f"meeting {entry['name']}: date {date!r} is not YYYY-MM", "write it as 2024-07")
        try:
            pattern = re.compile(str(entry["pattern"]))
        except re.error as error:
            raise CorpusError(path, f"meeting {entry['name']}: pattern {entry['pattern']!r} is not a valid regular "
                              f"expression ({error})", "fix the pattern (Python re syntax)") from None
        meetings.append(Meeting(str(entry["name"]), pattern, date, dict(entry.get("documents") or {})))
    return ReferenceRules(tuple(str(n) for n in data.get("edition_notes") or []),
                          frozenset(str(t) for t in data.get("not_references") or []),
                          {str(k): str(v) for k, v in (data.get("aliases") or {}).items()},
                          frozenset(str(t) for t in data.get("books") or []),
                          frozenset(str(t) for t in data.get("short_forms") or []), tuple(meetings))


def _meeting_mentions(text: str, rules: ReferenceRules) -> list[tuple[int, int, Meeting]]:
    """Every meeting mention as (start, end, meeting), leftmost-longest where two patterns meet (ties: the one
    listed first). One combined pattern finds where a mention starts: twenty patterns run one by one over the
    journal took 3 s, mostly failing at every character."""
    kept, position = [], 0
    while (found := rules.meeting_pattern.search(text, position)) is not None:
        start = found.start()
        candidates = [(match.end(), -number) for number, meeting in enumerate(rules.meetings)
                      if (match := meeting.pattern.match(text, start)) is not None]
        end, number = max(candidates)
        if end == start:  # a pattern that matches nothing: step on
            position = start + 1
            continue
        kept.append((start, end, rules.meetings[-number]))
        position = end
    return kept


def _year_of(text: str, start: int, year: int | None) -> str:
    """The year a yearly meeting is dated to: 今年/去年/YYYY年 just before it, else ``year`` (the text's; empty
    when unknown)."""
    before = text[max(0, start - YEAR_REACH - 5):start]
    years = list(YEAR_BEFORE.finditer(before))
    nearest = years[-1] if years else None
    if nearest is None or len(before) - nearest.end() > YEAR_REACH or re.search("[。；]", before[nearest.end():]):
        return str(year or "")
    said = nearest.group(0)
    if said[0].isdigit():
        return said[:4]
    return str(year - {"今年": 0, "去年": 1, "前年": 2}[said]) if year else ""


def text_references(text: str, year: int | None, rules: ReferenceRules) -> list[dict[str, str]]:
    """The references of one text (``year``: when it was written, None when unknown), in the order they appear."""
    meetings = _meeting_mentions(text, rules)
    rows: list[tuple[int, dict[str, str]]] = []
    for start, end, meeting in meetings:
        detail = "since" if text.startswith(SINCE, end) else ""
        start -= len(PARTY) if text.endswith(PARTY, 0, start) else 0
        rows.append((start, {"kind": "meeting", "name": meeting.name, "surface": text[start:end],
                             "date": meeting.date or _year_of(text, start, year), "detail": detail}))
    cited: list[str] = []  # full titles so far, for the short forms
    for match in TITLE.finditer(text):
        surface, name = match.group(0), rules.canonical(match.group(1))
        if name in rules.not_references:
            continue
        detail = ""
        if name in rules.short_forms:
            name, detail = _resolve(name, cited, [m for s, _, m in meetings if s < match.start()])
        else:
            cited.append(name)
        rows.append((match.start(), {"kind": "book" if name in rules.books else "document", "name": name,
                                     "surface": surface, "date": "", "detail": detail}))
    for match in SPEECH.finditer(text):
        rows.append((match.start(), {"kind": "speech", "name": match.group("what").removeprefix("重要") or "讲话",
                                     "surface": match.group(0), "date": "", "detail": match.group("occasion") or ""}))
    return [row for _, row in sorted(rows, key=lambda item: item[0])]


def _resolve(kind: str, cited: list[str], meetings_before: list[Meeting]) -> tuple[str, str]:
    """A bare 《条例》-like short form: the last full title of that kind cited before it, else the document of that
    kind the last meeting named before it adopted, else itself, unresolved."""
    for title in reversed(cited):
        if TRAILING_NOTE.sub("", title).endswith(kind):  # 规划纲要 is 《…规划纲要（2024—2028年）》
            return title, ""
    for meeting in reversed(meetings_before):
        if kind in meeting.documents:
            return meeting.documents[kind], ""
    return kind, "unresolved"


def year_of(published: str) -> int | None:
    """The year a catalog's ``published`` (2024, 2024-05, 2024年第1期) starts with, or None."""
    return int(published[:4]) if published[:4].isdigit() else None


def references(texts: Iterable[tuple[str, str, int | None]], rules: ReferenceRules) -> pd.DataFrame:
    """One row per reference of each ``(doc_id, text, year)``: doc_id, kind, name, surface, date, detail."""
    records = [{"doc_id": doc_id, **row} for doc_id, text, year in texts for row in text_references(text, year, rules)]
    return pd.DataFrame.from_records(records, columns=REFERENCE_COLUMNS)
