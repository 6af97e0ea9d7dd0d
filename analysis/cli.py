"""``python -m analysis``: the command line for authors, the book build and CI."""

from __future__ import annotations

import argparse
import contextlib
import sys
import unicodedata
from pathlib import Path
from typing import NoReturn

from .catalog import CATALOG_NAME, catalog_problems, read_catalog
from .engine.engines import ENGINES, EngineError
from .engine.results import CACHE_FIX
from .engine.tables import write_tables_cached
from .errors import CorpusError
from .paths import cache_dir, seeds_dir

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
        row = document.row
        print(f"added {row['doc_id']}: {row['region'] or '?'} / {row['level']} / {row['genre']} — "
              f"{document.title or '(no title found)'} [{document.script}]")
    print(f"review the new rows in {seeds / CATALOG_NAME}")
    return 0


def cmd_kwic(args: argparse.Namespace) -> int:
    if not args.term.strip():
        raise UsageError("kwic needs a term, e.g. python -m analysis kwic 两个确立")
    if args.window < 0:
        raise UsageError(f"--window must be 0 or more characters, not {args.window}")
    from .corpus import load_corpus
    from .lexicon import load_lexicon
    from .measures.kwic import kwic

    corpus = load_corpus(_seeds(args))
    forms: tuple[str, ...] = (args.term,)
    with contextlib.suppress(KeyError):
        forms = load_lexicon().slogan(args.term).forms
    lines = kwic(corpus, forms, window=args.window)
    if lines.empty:
        print(f"{args.term}: not found in {len(corpus)} documents")
        return 0
    width = max(len(d) for d in lines["doc_id"])
    for row in lines.itertuples():
        print(f"{row.doc_id:<{width}}  {row.left:>{args.window}} 【{row.match}】 {row.right}")
    print(f"{len(lines)} occurrences in {lines['doc_id'].nunique()} of {len(corpus)} documents")
    return 0


def cmd_collocates(args: argparse.Namespace) -> int:
    if not args.term.strip():
        raise UsageError("collocates needs a term, e.g. python -m analysis collocates 两个确立")
    if args.window < 1 or args.min_count < 1 or args.top < 1:
        raise UsageError("--window, --min-count and --top must be 1 or more")
    from .journal.pipeline import analyse_journal  # collocates need the journal's tokens: read from the token cache
    from .lexicon import load_lexicon

    journal = analyse_journal(load_lexicon())
    table = journal.collocates_of(args.term, window=args.window, min_count=args.min_count).head(args.top)
    if table.empty:
        print(f"{args.term}: no word occurs {args.min_count} or more times within {args.window} words of it in the journal")
        return 0
    print(f"{'collocate':<14}{'near':>7}{'total':>8}{'G2':>11}{'MI':>7}")
    for row in table.itertuples():
        print(f"{left(row.collocate, 14)}{row.near:>7}{row.total:>8}{row.g2:>11.1f}{row.mi:>7.2f}")
    print(f"the {len(table)} strongest collocates of {args.term} within {args.window} words, in the journal's paragraphs")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from .journal.groups import SelectionError, compare_groups, group_features, parse_selection, select

    try:
        selections = parse_selection(args.a), parse_selection(args.b)
    except SelectionError as error:
        raise UsageError(str(error)) from None
    if args.min_count < 1 or args.top < 1:
        raise UsageError("--min-count and --top must be 1 or more")
    from .journal.pipeline import analyse_journal  # the words of every article: read from the token cache
    from .lexicon import load_lexicon

    journal = analyse_journal(load_lexicon())
    articles = journal.articles.set_index("doc_id")
    chosen = [select(articles, selection, journal.genres.counted) for selection in selections]
    features = group_features(journal.analysis.texts, articles.index[chosen[0] | chosen[1]], journal.analysis.lexicon)
    in_a, in_b = (selected.loc[list(features.doc_ids)].to_numpy() for selected in chosen)
    shared = int((in_a & in_b).sum())
    print(f"A ({args.a}): {int(in_a.sum())} articles; B ({args.b}): {int((in_b & ~in_a).sum())} articles"
          + (f" ({shared} in both, counted as A's)" if shared else ""), file=sys.stderr)
    if not in_a.any() or not (in_b & ~in_a).any():
        print(f"error: group {'A' if not in_a.any() else 'B'} holds no article of the journal", file=sys.stderr)
        return 1
    table = compare_groups(features, in_a, in_b, min_count=args.min_count)
    if table.empty:
        print(f"no word occurs {args.min_count} or more times in group A", file=sys.stderr)
        return 1
    shown = head_and_tail(table, args.top)
    if args.csv:
        shown.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        print(f"{left('word', 14)}{'A':>7}{'B':>8}{'A arts':>8}{'B arts':>8}{'G2':>10}{'log2 r':>8}")
        for row in shown.itertuples():
            print(f"{left(row.word, 14)}{row.a:>7}{row.b:>8}{row.a_articles:>8}{row.b_articles:>8}{row.g2:>10.1f}"
                  f"{row.log_ratio:>8.2f}" + ("  † one article" if row.one_article else ""))
    print(f"{len(shown)} of {len(table)} words used {args.min_count}+ times in A: positive G² over-used in A against "
          "B, negative under-used; † marks a word whose uses in A one article carries", file=sys.stderr)
    return 0


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


class UsageError(Exception):
    """A command line that cannot run as given; printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad command line is one line (argparse prints the usage first) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m analysis", description="Comparative analysis of party-building documents.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    seeds_help = "seeds folder (default: $ANALYSIS_SEEDS or ./seeds)"

    tables = sub.add_parser("tables", help="write the corpus tables as CSV")
    tables.add_argument("--out", required=True, help="output folder, replaced atomically")
    tables.add_argument("--seeds", help=seeds_help)
    tables.add_argument("--engine", choices=ENGINES, default="local",
                        help="where the journal's per-article stage runs: this machine's cores (default, fastest here) "
                             "or a Dask cluster")
    tables.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                        help="the Dask scheduler to use with --engine dask (default: a local cluster, a worker per core)")
    tables.set_defaults(func=cmd_tables)

    check = sub.add_parser("check", help="validate the catalog against the files")
    check.add_argument("--seeds", help=seeds_help)
    check.set_defaults(func=cmd_check)

    add = sub.add_parser("add", help="infer catalog rows for new .txt or .md files and append them")
    add.add_argument("paths", nargs="+", metavar="PATH")
    add.add_argument("--seeds", help=seeds_help)
    add.set_defaults(func=cmd_add)

    concordance = sub.add_parser("kwic", help="print a concordance of a term (a slogan's variants included)")
    concordance.add_argument("term")
    concordance.add_argument("--window", type=int, default=20, help="characters of context on each side")
    concordance.add_argument("--seeds", help=seeds_help)
    concordance.set_defaults(func=cmd_kwic)

    near = sub.add_parser("collocates", help="print the words found near a slogan in the journal (G², MI)")
    near.add_argument("term")
    near.add_argument("--window", type=int, default=5, help="words on each side")
    near.add_argument("--min-count", type=int, default=5, help="uses near the term a collocate needs")
    near.add_argument("--top", type=int, default=20, help="collocates to print")
    near.set_defaults(func=cmd_collocates)

    compare = sub.add_parser(
        "compare", help="the words that set one group of the journal's articles apart from another (G², log ratio)",
        description="Keyness of group A against group B over the journal's articles. A group is field OP value "
                    "conditions joined by commas; fields: province, year, issue (YYYY-MM), level (the author's: "
                    "central, provincial, local…), genre; OP is =, !=, <, <=, >, >=; '|' lists values. Unless a "
                    "group names a genre, it holds the counted genres only. An article in both groups is A's.",
        epilog="example: python -m analysis compare --a 'province=湖南' --b 'year<=2022'")
    compare.add_argument("--a", required=True, metavar="SELECTION", help="group A, e.g. 'province=湖南'")
    compare.add_argument("--b", required=True, metavar="SELECTION", help="group B, e.g. 'year<=2022,level=central'")
    compare.add_argument("--min-count", type=int, default=5, help="uses in A a word needs (default 5)")
    compare.add_argument("--top", type=int, default=20,
                         help="words to print at each end: most over-used, most under-used in A (default 20)")
    compare.add_argument("--csv", action="store_true", help="print the rows as CSV (summary lines go to stderr)")
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
