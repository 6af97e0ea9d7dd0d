"""The lexicons authors edit: slogans (提法), themes, stopwords and compounds, read from ``analysis/lexicon/``.

They are data, not code: ``slogans.yaml``, ``themes.yaml``, ``stopwords.txt``,
``kept_whole.txt`` (words the segmenter keeps whole) and ``compounds.yaml``
(patterns of fixed expressions the segmenter keeps whole).
``$ANALYSIS_LEXICON`` points at another folder with the same files. The
lexicon's fingerprint (a hash of the files) keys every result that depends on
it; the token cache is keyed by :attr:`Lexicon.segmentation_key` alone, so that
a new theme keyword or stopword segments nothing again.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import ClassVar

import yaml

from .engine.reads import record_file
from .errors import CorpusError
from .paths import LEXICON_FILES, lexicon_dir

SLOGAN_KINDS = ("central", "numbered", "local")
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's: ten times faster on a long lexicon


@dataclass(frozen=True)
class Renaming:
    """A later name of a slogan, from the issue (YYYY-MM) where the journal first prints it as the name."""

    form: str
    since: str


@dataclass(frozen=True)
class Slogan:
    """A slogan (提法) with the surface forms that count as it, and the longer phrases inside which it does not."""

    term: str
    gloss: str
    kind: str
    region: str = ""
    variants: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    renamed: tuple[Renaming, ...] = ()
    not_within: tuple[str, ...] = ()
    discovered: bool = False  # accepted from the journal's discovered formulations (emerging_checks.csv)

    @property
    def forms(self) -> tuple[str, ...]:
        """Every surface form (the term, its variants and later names), longest first."""
        return tuple(sorted({self.term, *self.variants, *(r.form for r in self.renamed)}, key=lambda f: (-len(f), f)))

    def counted_forms(self) -> str:
        """In words, which forms the slogan's series counts (for a chapter to say)."""
        others = [form for form in self.variants]
        others += [f"{r.form} (its name from {r.since})" for r in self.renamed]
        return self.term + (f", also {', '.join(others)}" if others else "") + (
            f"; not inside {', '.join(self.not_within)}" if self.not_within else "")


@dataclass(frozen=True)
class Theme:
    """A theme: an id, English and Chinese labels, and the keywords that signal it."""

    id: str
    label: str
    label_zh: str
    group: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Compound:
    """A kind of fixed expression (党的十八大, 十九届六中全会) that is one token wherever its pattern matches."""

    name: str
    gloss: str
    regex: str


@dataclass(frozen=True)
class Review:
    """An author's decision on a discovered formulation: accept (it becomes a slogan) or reject, and why."""

    term: str
    decision: str
    note: str = ""


@dataclass(frozen=True)
class Lexicon:
    """Slogans, themes and stopwords, with a fingerprint of the files they came from."""

    recorded_in_parts = True  # a chapter's reads are recorded per part (analysis.engine.reads)
    # a method read is recorded as the part it reads
    parts_read_by: ClassVar[dict[str, str]] = {"slogan": "slogans", "forms_of": "slogans"}

    slogans: tuple[Slogan, ...]
    themes: tuple[Theme, ...]
    stopwords: frozenset[str]
    fingerprint: str
    compounds: tuple[Compound, ...] = ()
    reviews: tuple[Review, ...] = ()
    kept_whole: frozenset[str] = frozenset()

    @cached_property
    def compound_pattern(self) -> str:
        """One regular expression matching any compound ("" when there are none)."""
        return "|".join(f"(?:{compound.regex})" for compound in self.compounds)

    @cached_property
    def terms(self) -> tuple[str, ...]:
        """Every slogan form and kept-whole word, sorted: the words the segmenter keeps whole.

        Theme keywords are not among them unless ``kept_whole.txt`` lists them: themes are counted in the text
        (:attr:`matched_terms`), so that a new keyword changes no token."""
        return tuple(sorted({form for s in self.slogans for form in s.forms} | self.kept_whole))

    @cached_property
    def matched_terms(self) -> tuple[str, ...]:
        """The segmenter's terms and every theme keyword, sorted: what theme counting matches leftmost-longest, so
        that a keyword inside a longer term (自我革命 in a slogan's name) is not counted there."""
        return tuple(sorted({*self.terms, *self.keyword_theme}))

    @cached_property
    def segmentation_key(self) -> str:
        """A hash of what segmentation depends on (its terms and compounds): the token cache's key."""
        return hashlib.sha256("\n".join((*self.terms, "", self.compound_pattern)).encode("utf-8")).hexdigest()

    @cached_property
    def keyword_theme(self) -> dict[str, str]:
        """Map each theme keyword to its theme id."""
        return {k: t.id for t in self.themes for k in t.keywords}

    @cached_property
    def _by_term(self) -> dict[str, Slogan]:
        return {slogan.term: slogan for slogan in self.slogans}

    def slogan(self, term: str) -> Slogan:
        """The slogan whose term is ``term`` (KeyError if none)."""
        return self._by_term[term]

    def forms_of(self, term: str) -> tuple[str, ...]:
        """What a search for ``term`` looks for: a slogan's forms (its variants and later names), else the term."""
        return self._by_term[term].forms if term in self._by_term else (term,)


def _read(path: Path) -> str:
    record_file(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CorpusError(path, "lexicon file not found",
                          "restore it from git or point ANALYSIS_LEXICON at a full folder") from None
    except UnicodeDecodeError:
        raise CorpusError(path, "is not UTF-8 text", "save it as UTF-8") from None
    except OSError as error:
        raise CorpusError(path, f"cannot be read ({error.strerror or error})", "check the file and its permissions") from None


def read_yaml(path: Path) -> dict:
    """A data file of the lexicon folder as a mapping. A missing or unreadable file, malformed YAML (with the line
    YAML points at) or a top level that is not a mapping of keys is one error naming the file."""
    try:
        data = yaml.load(_read(path), Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or error.__class__.__name__
        raise CorpusError(path, f"is not valid YAML{where} ({problem})",
                          "fix the file (see the comments at its top), or restore it from git") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CorpusError(path, f"holds a {type(data).__name__}, not keys such as 'slogans:'",
                          "keep the layout of the file in git: top-level keys, each holding its entries")
    return data


def _as_tuple(value, path: Path, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CorpusError(path, f"{where} must be a list of words", "write it as [word, word] or as a '- word' list")
    return tuple(v.strip() for v in value)


def _entries(path: Path, section: str, key: str, what: str) -> Iterator[tuple[int, dict]]:
    """``(number, entry)`` for each entry of a YAML list; an entry without ``key`` is an error naming the file."""
    entries = read_yaml(path).get(section) or []
    if not isinstance(entries, list):
        raise CorpusError(path, f"'{section}:' must hold a list of entries", f"write each entry as '- {key}: ...'")
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not str(entry.get(key) or "").strip():
            raise CorpusError(path, f"{what} #{number} has no {key}", f"give every entry a '{key}:'")
        yield number, entry


def _renamings(value, path: Path, term: str) -> tuple[Renaming, ...]:
    renamings = []
    for entry in value or []:
        form = str(entry.get("form") or "").strip() if isinstance(entry, dict) else ""
        since = str(entry.get("since") or "").strip() if isinstance(entry, dict) else ""
        if not form or not re.fullmatch(r"\d{4}-\d{2}", since):
            raise CorpusError(path, f"slogan {term}: a renaming needs a form and the issue it starts from",
                              'write it as - {form: 新名称, since: "2026-07"}')
        renamings.append(Renaming(form, since))
    return tuple(renamings)


def parse_slogans(path: Path) -> tuple[Slogan, ...]:
    slogans = []
    for _, entry in _entries(path, "slogans", "term", "slogan"):
        kind = entry.get("kind", "central")
        if kind not in SLOGAN_KINDS:
            raise CorpusError(path, f"slogan {entry['term']}: kind '{kind}' is unknown", f"use one of {', '.join(SLOGAN_KINDS)}")
        term = str(entry["term"]).strip()
        slogan = Slogan(
            term=term, gloss=str(entry.get("gloss", "")).strip(), kind=kind,
            region=str(entry.get("region") or "").strip(),
            variants=_as_tuple(entry.get("variants"), path, f"variants of {term}"),
            members=_as_tuple(entry.get("members"), path, f"members of {term}"),
            renamed=_renamings(entry.get("renamed"), path, term),
            not_within=_as_tuple(entry.get("not_within"), path, f"not_within of {term}"),
        )
        for phrase in slogan.not_within:
            if not any(form in phrase and form != phrase for form in slogan.forms):
                raise CorpusError(path, f"slogan {term}: not_within phrase {phrase} does not contain the slogan",
                                  "list only longer phrases that hold one of its forms")
        slogans.append(slogan)
    duplicates = sorted(term for term, count in Counter(s.term for s in slogans).items() if count > 1)
    if duplicates:
        raise CorpusError(path, f"slogan(s) listed twice: {', '.join(duplicates)}", "merge the entries")
    _check_forms(slogans, path, "keep it under one of them")
    return tuple(slogans)


def _check_forms(slogans: Iterable[Slogan], path: Path, fix: str) -> None:
    owners: dict[str, str] = {}
    for slogan in slogans:
        for form in slogan.forms:
            if owners.setdefault(form, slogan.term) != slogan.term:
                raise CorpusError(path, f"the form {form} belongs to two slogans ({owners[form]}, {slogan.term})", fix)


REVIEW_DECISIONS = ("accept", "reject")


def parse_reviews(path: Path) -> tuple[tuple[Slogan, ...], tuple[Review, ...]]:
    """The reviewed discovered formulations (``#`` lines are comments): the accepted ones as slogans, and every
    decision."""
    lines = [line for line in _read(path).splitlines() if not line.startswith("#")]
    reader = csv.DictReader(lines)
    if not {"term", "decision"} <= set(reader.fieldnames or ()):
        raise CorpusError(path, "the review needs the columns term and decision", "keep the header term,decision,kind,gloss,note")
    slogans, reviews = [], []
    for number, row in enumerate(reader, start=2):
        term, decision = (row.get("term") or "").strip(), (row.get("decision") or "").strip()
        kind, gloss = (row.get("kind") or "").strip() or "central", (row.get("gloss") or "").strip()
        if not term or decision not in REVIEW_DECISIONS:
            raise CorpusError(path, f"row {number}: {term or 'a row'} needs a term and a decision "
                                    f"({' or '.join(REVIEW_DECISIONS)})", "fill in both columns")
        if decision == "accept" and (kind not in SLOGAN_KINDS or not gloss):
            raise CorpusError(path, f"row {number}: {term} is accepted without a gloss or with an unknown kind",
                              f"give it an English gloss and a kind ({', '.join(SLOGAN_KINDS)})")
        reviews.append(Review(term, decision, (row.get("note") or "").strip()))
        if decision == "accept":
            slogans.append(Slogan(term=term, gloss=gloss, kind=kind, discovered=True))
    return tuple(slogans), tuple(reviews)


def parse_themes(path: Path) -> tuple[Theme, ...]:
    themes = []
    for _, entry in _entries(path, "themes", "id", "theme"):
        themes.append(Theme(
            id=str(entry["id"]).strip(), label=str(entry.get("label", entry["id"])).strip(),
            label_zh=str(entry.get("label_zh", "")).strip(), group=str(entry.get("group", "")).strip(),
            keywords=_as_tuple(entry.get("keywords"), path, f"keywords of theme {entry['id']}"),
        ))
    return tuple(themes)


def parse_word_list(path: Path) -> frozenset[str]:
    """The words of a one-word-a-line file (``#`` starts a comment)."""
    words = (line.split("#", 1)[0].strip() for line in _read(path).splitlines())
    return frozenset(w for w in words if w)



def parse_compounds(path: Path) -> tuple[Compound, ...]:
    compounds = []
    for number, entry in _entries(path, "compounds", "regex", "compound"):
        regex = str(entry["regex"]).strip()
        try:
            compiled = re.compile(regex)
        except re.error as error:
            raise CorpusError(path, f"compound #{number}: {regex!r} is not a valid regular expression ({error})",
                              "fix the pattern (Python re syntax)") from None
        if compiled.groups:
            raise CorpusError(path, f"compound #{number}: {regex!r} has a capturing group",
                              "write groups as (?:...)")
        if compiled.match(""):
            raise CorpusError(path, f"compound #{number}: {regex!r} matches the empty string",
                              "make the pattern match at least one character")
        compounds.append(Compound(name=str(entry.get("name") or f"compound {number}").strip(),
                                  gloss=str(entry.get("gloss") or "").strip(), regex=regex))
    return tuple(compounds)


def load_lexicon(directory: Path | str | None = None) -> Lexicon:
    """Read the lexicon files of a folder (default: ``$ANALYSIS_LEXICON`` or ``analysis/lexicon``)."""
    directory = Path(directory) if directory else lexicon_dir()
    digest = hashlib.sha256()
    for name in LEXICON_FILES:
        digest.update(name.encode() + b"\0" + _read(directory / name).encode("utf-8") + b"\0")
    accepted, reviews = parse_reviews(directory / "emerging_checks.csv")
    slogans = parse_slogans(directory / "slogans.yaml")
    registered = {form for slogan in slogans for form in slogan.forms}
    for slogan in accepted:
        if slogan.term in registered:
            raise CorpusError(directory / "emerging_checks.csv", f"{slogan.term} is accepted, but slogans.yaml "
                              "already holds it", "remove the row, or mark it reject")
    _check_forms((*slogans, *accepted), directory / "emerging_checks.csv", "accept it once")
    return Lexicon(
        slogans=(*slogans, *accepted),
        themes=parse_themes(directory / "themes.yaml"),
        stopwords=parse_word_list(directory / "stopwords.txt"),
        fingerprint=digest.hexdigest(),
        compounds=parse_compounds(directory / "compounds.yaml"),
        reviews=reviews,
        kept_whole=parse_word_list(directory / "kept_whole.txt"),
    )
