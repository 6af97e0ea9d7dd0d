"""``python -m analysis``: the command line for authors, the book build and CI."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

from .catalog import CATALOG_NAME, catalog_problems, read_catalog
from .engine.engines import ENGINES, EngineError
from .engine.results import CACHE_FIX
from .engine.tables import write_tables_cached
from .errors import CorpusError
from .paths import cache_dir, seeds_dir

if TYPE_CHECKING:
    import pandas as pd

    from .measures.features import FeatureMatrix

T = TypeVar("T")

# The other commands import what they use when they run: `tables` on a warm cache never loads pandas.


def _seeds(args: argparse.Namespace) -> Path:
    return Path(args.seeds) if args.seeds else seeds_dir()


def cmd_tables(args: argparse.Namespace) -> int:
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler is for the Dask engine — add --engine dask, or leave out --scheduler")
    paths, cached = write_tables_cached(_seeds(args), Path(args.out), engine=args.engine, scheduler=args.scheduler)
    texts = sum(1 for p in paths if p.parent.name == "text")
    print(f"wrote {len(paths)} files for {texts} documents to {args.out}" + (" (unchanged inputs: from cache)" if cached else ""))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    seeds = _seeds(args)
    catalog = read_catalog(seeds)
    problems = catalog_problems(catalog)
    from .corpus import load_document

    if not problems:  # read and clean each document exactly as `tables` does, so that the two agree
        for path, row in zip(catalog.files, catalog.rows, strict=True):
            try:
                load_document(path, row)
            except CorpusError as error:
                problems.append(error)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"{seeds / CATALOG_NAME}: {len(catalog.rows)} documents, all files present and readable")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from .intake import add_documents

    seeds = _seeds(args)
    added = add_documents(seeds, [Path(name) for name in args.paths])
    for document in added:
        if document.warning:
            print(f"warning: {document.warning}", file=sys.stderr)
        for note in document.notes:
            print(f"note: {document.row['file']}: {note}", file=sys.stderr)
        row = document.row
        print(f"added {row['doc_id']}: {row['region'] or '?'} / {row['level']} / {row['genre']} — "
              f"{document.title or '(no title found)'} [{document.script}]")
    print(f"review the new rows in {seeds / CATALOG_NAME}")
    return 0


def cmd_kwic(args: argparse.Namespace) -> int:
    if not args.term.strip():
        raise UsageError("kwic needs a term, e.g. python -m analysis kwic 两个确立")
    if args.window < 0 or args.limit < 0:
        raise UsageError("--window and --limit must be 0 or more")
    from .lexicon import load_lexicon
    from .measures.kwic import kwic

    forms = load_lexicon().forms_of(args.term)
    documents = _documents(args)
    lines = kwic(documents, forms, window=args.window)
    found = f"{_plural(len(lines), 'occurrence')} in {lines['doc_id'].nunique()} of {_plural(len(documents), 'document')}"
    if lines.empty:
        print(f"{args.term}: not found in {_plural(len(documents), 'document')} ({_corpus_name(args)})", file=sys.stderr)
        return 1
    shown = lines.head(args.limit) if args.limit else lines
    if args.csv:
        shown.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        width = max(display_width(d) for d in shown["doc_id"])
        for row in shown.itertuples():
            print(f"{left(row.doc_id, width + 1)} {right(row.left, 2 * args.window)} 【{row.match}】 {row.right}")
    print(found + (f" ({len(shown)} shown: --limit)" if len(shown) < len(lines) else ""), file=sys.stderr)
    return 0


CORPUS_NAMES = {"seeds": ("the seeds", "the seeds'"), "journal": ("the journal", "the journal's"),
                "all": ("the seeds and the journal", "the seeds' and the journal's")}  # --corpus: name, possessive


def _corpus_name(args: argparse.Namespace) -> str:
    return CORPUS_NAMES[args.corpus][0]


def _documents(args: argparse.Namespace) -> list:
    """The documents of ``--corpus``: the seeds (``--seeds``), the journal's articles, or both."""
    documents = []
    if args.corpus in ("seeds", "all"):
        from .corpus import load_corpus

        documents += list(load_corpus(_seeds(args)))
    if args.corpus in ("journal", "all"):
        from .journal.corpus import load_journal

        documents += list(load_journal())
    return documents


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def cmd_collocates(args: argparse.Namespace) -> int:
    if not args.term.strip():
        raise UsageError("collocates needs a term, e.g. python -m analysis collocates 两个确立")
    if args.window < 1 or args.min_count < 1 or args.top < 1:
        raise UsageError("--window, --min-count and --limit must be 1 or more")
    from .lexicon import load_lexicon
    from .measures.collocates import collocate_index, collocates

    lexicon = load_lexicon()
    forms = lexicon.forms_of(args.term)
    keep = frozenset(form for slogan in lexicon.slogans for form in slogan.forms)
    index = collocate_index(_paragraphs(args, lexicon), lexicon.stopwords, keep)
    uses = sum(index.counts.get(form, 0) for form in forms)
    where = f"in {CORPUS_NAMES[args.corpus][1]} paragraphs"
    if not uses:
        print(f"{args.term}: not found as a word {where}", file=sys.stderr)
        return 1
    table = collocates(index, forms, args.term, window=args.window, min_count=args.min_count).head(args.top)
    if table.empty:
        print(f"{args.term}: {_plural(uses, 'use')} {where}, but no word occurs {args.min_count} or more times "
              f"within {args.window} words of it (lower --min-count)", file=sys.stderr)
        return 1
    if args.csv:
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        print(f"{left('collocate', 14)}{'near':>7}{'total':>8}{'G2':>11}{'MI':>7}")
        for row in table.itertuples():
            print(f"{left(row.collocate, 14)}{row.near:>7}{row.total:>8}{row.g2:>11.1f}{row.mi:>7.2f}")
    print(f"the {len(table)} strongest collocates of {args.term} ({_plural(uses, 'use')}) within {args.window} words, "
          f"{where}", file=sys.stderr)
    return 0


def _paragraphs(args: argparse.Namespace, lexicon) -> Iterator[list[str]]:
    """The segmented paragraphs of ``--corpus``: the seeds', the journal's counted articles', or both."""
    if args.corpus in ("seeds", "all"):
        from .corpus import load_corpus
        from .pipeline import Analysis

        tokens = Analysis(load_corpus(_seeds(args)), lexicon, progress=False).tokens
        yield from (paragraph for paragraphs in tokens.paragraphs for paragraph in paragraphs)
    if args.corpus in ("journal", "all"):
        from .journal.pipeline import analyse_journal  # the journal's tokens: read from the token cache

        journal = analyse_journal(lexicon)
        counted = set(journal.counted.index)
        articles = _bar(journal.analysis.texts.tokens(), len(journal.analysis.texts.doc_ids), "indexing the articles")
        yield from (paragraph for doc_id, paragraphs in articles if doc_id in counted
                    for paragraph in paragraphs)


def _bar(items: Iterable[T], total: int, description: str) -> Iterator[T]:
    """``items`` under a progress bar, on a terminal only (a log or a pipe gets none)."""
    from tqdm import tqdm

    return tqdm(items, total=total, desc=description, unit="article", leave=False, disable=None)


def cmd_compare(args: argparse.Namespace) -> int:
    from .journal.groups import SelectionError, compare_groups, parse_selection, select

    try:
        selections = parse_selection(args.a), parse_selection(args.b)
    except SelectionError as error:
        raise UsageError(str(error)) from None
    if args.min_count < 1 or args.top < 1:
        raise UsageError("--min-count and --limit must be 1 or more")
    from .lexicon import load_lexicon

    lexicon = load_lexicon()
    documents, features_of = _groups(args, lexicon)
    chosen = [select(documents, selection) for selection in selections]
    features = features_of(documents.index[chosen[0] | chosen[1]])
    in_a, in_b = (selected.loc[list(features.doc_ids)].to_numpy() for selected in chosen)
    shared = int((in_a & in_b).sum())
    unit = "article" if args.corpus == "journal" else "document"
    print(f"A ({args.a}): {_plural(int(in_a.sum()), unit)}; B ({args.b}): {_plural(int((in_b & ~in_a).sum()), unit)}"
          + (f" ({shared} in both, counted as A's)" if shared else ""), file=sys.stderr)
    if not in_a.any() or not (in_b & ~in_a).any():
        print(f"error: group {'A' if not in_a.any() else 'B'} holds no {unit} of {_corpus_name(args)}",
              file=sys.stderr)
        return 1
    table = compare_groups(features, in_a, in_b, min_count=args.min_count)
    if table.empty:
        print(f"no word occurs {args.min_count} or more times in group A", file=sys.stderr)
        return 1
    shown = head_and_tail(table, args.top)
    if args.csv:
        shown.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        print(f"{left('word', 14)}{'A':>7}{'B':>8}{'A docs':>8}{'B docs':>8}{'G2':>10}{'log2 r':>8}")
        for row in shown.itertuples():
            print(f"{left(row.word, 14)}{row.a:>7}{row.b:>8}{row.a_articles:>8}{row.b_articles:>8}{row.g2:>10.1f}"
                  f"{row.log_ratio:>8.2f}" + (f"  † one {unit}" if row.one_article else ""))
    print(f"{len(shown)} of {len(table)} words used {args.min_count}+ times in A: positive G² over-used in A against "
          "B, negative under-used; † marks a word whose uses in A one " + unit + " carries", file=sys.stderr)
    return 0


def _groups(args: argparse.Namespace, lexicon) -> tuple[pd.DataFrame, Callable[[pd.Index], FeatureMatrix]]:
    """The selectable documents of ``--corpus`` (indexed by doc_id), and how to count the words of some of them:
    the seeds' from their segmentation, the journal's articles' from the token cache, batch by batch."""
    import pandas as pd

    from .journal.groups import group_features, journal_groups, seed_groups
    from .measures.features import stack_features

    parts: list[pd.DataFrame] = []
    seeds = journal = None
    if args.corpus in ("seeds", "all"):
        from .corpus import load_corpus
        from .pipeline import Analysis

        seeds = Analysis(load_corpus(_seeds(args)), lexicon, progress=False)
        parts.append(seed_groups(seeds.documents))
    if args.corpus in ("journal", "all"):
        from .journal.pipeline import analyse_journal

        journal = analyse_journal(lexicon)
        parts.append(journal_groups(journal.articles, journal.genres.counted))
    documents = pd.concat(parts, ignore_index=True).set_index("doc_id", drop=False)

    def features_of(doc_ids: pd.Index) -> FeatureMatrix:
        wanted = set(doc_ids)
        counted = []
        if seeds is not None:
            counted.append(seeds.features.rows([d for d in seeds.features.doc_ids if d in wanted]))
        if journal is not None:
            counted.append(group_features(journal.analysis.texts, doc_ids, lexicon))
        return stack_features(counted)

    return documents, features_of


def head_and_tail(table, top: int):
    """The ``top`` first and ``top`` last rows of a table sorted strongest first (over-used, then under-used)."""
    if len(table) <= 2 * top:
        return table
    return table.iloc[list(range(top)) + list(range(len(table) - top, len(table)))]


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Han character or a full-width sign is two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def left(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (at least one space after it)."""
    return text + " " * max(1, width - display_width(text))


def right(text: str, width: int) -> str:
    """``text`` right-aligned in ``width`` terminal columns."""
    return " " * max(0, width - display_width(text)) + text


class UsageError(Exception):
    """A command line that cannot run as given; printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad command line is one line (argparse prints the usage first) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


class _Help(argparse.ArgumentDefaultsHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Help that shows each option's default and keeps the examples' lines."""


def _command(sub: argparse._SubParsersAction, name: str, summary: str, description: str,
             examples: list[str]) -> argparse.ArgumentParser:
    """A subcommand with a one-line summary (in ``--help``), a description and examples (in ``NAME --help``)."""
    return sub.add_parser(name, help=summary, description=f"{summary}.\n\n{description}",
                          epilog="examples:\n" + "\n".join(f"  python -m analysis {line}" for line in examples),
                          formatter_class=_Help)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("party-building-analysis")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed: pip install -e .)"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m analysis", description="Comparative analysis of party-building documents.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    seeds_help = "seeds folder (default: $ANALYSIS_SEEDS or ./seeds)"

    tables = _command(sub, "tables", "write every table of the report as CSV",
                      "Reads the seeds and the journal, and writes the tables the book shows into --out (replaced "
                      "whole or not at all). A run with unchanged inputs copies the stored tables.",
                      ["tables --out _build/tables", "tables --out _build/tables --engine dask"])
    tables.add_argument("--out", required=True, help="output folder, replaced atomically")
    tables.add_argument("--seeds", help=seeds_help)
    tables.add_argument("--engine", choices=ENGINES, default="local",
                        help="where the journal's per-article stage runs: this machine's cores (fastest here) "
                             "or a Dask cluster")
    tables.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                        help="the Dask scheduler to use with --engine dask (none: a local cluster, a worker per core)")
    tables.set_defaults(func=cmd_tables)

    check = _command(sub, "check", "validate the catalog against the files",
                     "Every catalog row needs its file and every file its row; exits 1 naming each problem.",
                     ["check", "check --seeds /path/to/seeds"])
    check.add_argument("--seeds", help=seeds_help)
    check.set_defaults(func=cmd_check)

    add = _command(sub, "add", "infer catalog rows for new files and append them",
                   "Reads each file (.txt, .html or a djyj Markdown article), infers its title, region, level, genre, "
                   "outlet and date, and appends one row per file to the catalog.",
                   ["add seeds/jilin.md"])
    add.add_argument("paths", nargs="+", metavar="PATH", help="the new files, in the seeds folder")
    add.add_argument("--seeds", help=seeds_help)
    add.set_defaults(func=cmd_add)

    corpora = tuple(CORPUS_NAMES)
    concordance = _command(sub, "kwic", "print a concordance of a term (a slogan's variants included)",
                           "One line per occurrence: document, left context, 【term】, right context. Results go to "
                           "stdout, the summary to stderr; exits 1 when the term is not found.",
                           ["kwic 两个确立", "kwic 两个确立 --corpus journal --limit 20",
                            "kwic 新质生产力 --corpus all --csv > hits.csv"])
    concordance.add_argument("term", help="the term to find (a lexicon slogan brings its variants)")
    concordance.add_argument("--corpus", choices=corpora, default="seeds", help="where to search")
    concordance.add_argument("--window", type=int, default=20, help="characters of context on each side")
    concordance.add_argument("--limit", type=int, default=0, help="print at most this many lines (0: all)")
    concordance.add_argument("--csv", action="store_true", help="print the lines as CSV")
    concordance.add_argument("--seeds", help=seeds_help)
    concordance.set_defaults(func=cmd_kwic)

    near = _command(sub, "collocates", "print the words found near a term (G², MI)",
                    "The words within --window words of the term in the same paragraph, against their use "
                    "everywhere else, strongest first. Exits 1 when the term is not a word of the corpus or has no "
                    "collocate.",
                    ["collocates 两个确立", "collocates 全面从严治党 --corpus seeds --min-count 2",
                     "collocates 两个确立 --csv --limit 50 > near.csv"])
    near.add_argument("term", help="the term (a lexicon slogan brings its variants)")
    near.add_argument("--corpus", choices=corpora, default="journal", help="whose paragraphs to read")
    near.add_argument("--window", type=int, default=5, help="words on each side")
    near.add_argument("--min-count", type=int, default=5, help="uses near the term a collocate needs")
    near.add_argument("--limit", "--top", dest="top", type=int, default=20, help="collocates to print")
    near.add_argument("--csv", action="store_true", help="print the rows as CSV")
    near.add_argument("--seeds", help=seeds_help)
    near.set_defaults(func=cmd_collocates)

    compare = _command(
        sub, "compare", "the words that set one group of documents apart from another (G², log ratio)",
        "Keyness of group A against group B over the journal's articles, the seeds, or both (--corpus). A "
        "group is field OP value conditions joined by commas; fields: province, year, issue (YYYY-MM), level "
        "(the author's: central, provincial, local…), genre, doc (a document's id), corpus (seeds or journal); "
        "OP is =, !=, <, <=, >, >=; '|' lists values. Unless a group names a genre, it holds the counted genres "
        "(and every seed) only. A document in both groups is A's.",
        ["compare --a 'province=湖南' --b 'year<=2022'", "compare --a 'level=central' --b 'level=provincial' --csv",
         "compare --corpus all --a 'doc=hunan' --b 'corpus=journal,province=湖南'"])
    compare.add_argument("--corpus", choices=corpora, default="journal", help="whose documents the groups hold")
    compare.add_argument("--a", required=True, metavar="SELECTION", help="group A, e.g. 'province=湖南'")
    compare.add_argument("--b", required=True, metavar="SELECTION", help="group B, e.g. 'year<=2022,level=central'")
    compare.add_argument("--min-count", type=int, default=5, help="uses in A a word needs")
    compare.add_argument("--limit", "--top", dest="top", type=int, default=20,
                         help="words to print at each end: most over-used, most under-used in A")
    compare.add_argument("--csv", action="store_true", help="print the rows as CSV (summary lines go to stderr)")
    compare.add_argument("--seeds", help=seeds_help)
    compare.set_defaults(func=cmd_compare)

    return parser


def disk_problem(error: OSError) -> str:
    """A failed write in one line: the cache folder when the file lies in it (the user did not name that folder),
    else the file."""
    problem = error.strerror or str(error)
    path = Path(error.filename) if error.filename else None
    cache = cache_dir().resolve()
    if path is not None and (path.resolve() == cache or cache in path.resolve().parents):
        return f"{cache}: the cache cannot be written ({problem}) — {CACHE_FIX}"
    where = f"{path}: " if path is not None else ""
    return f"{where}{problem} — check that the folder is writable and the disk has room"


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (CorpusError, EngineError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # a disk that is full, read-only or not ours, met anywhere (a cache, an output)
        print(f"error: {disk_problem(error)}", file=sys.stderr)
        return 1
