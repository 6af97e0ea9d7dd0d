"""``python -m analysis``: the command line for authors, the book build and CI."""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
from pathlib import Path

from .catalog import CATALOG_NAME, append_rows, catalog_problems, default_seeds_dir, read_catalog_rows
from .corpus import clean_raw
from .errors import CorpusError
from .metadata import infer_row
from .reading import read_document


def _seeds(args: argparse.Namespace) -> Path:
    return Path(args.seeds) if args.seeds else default_seeds_dir()


def cmd_tables(args: argparse.Namespace) -> int:
    from .tables import write_tables_cached

    paths, cached = write_tables_cached(_seeds(args), Path(args.out))
    texts = sum(1 for p in paths if p.parent.name == "text")
    print(f"wrote {len(paths)} files for {texts} documents to {args.out}" + (" (unchanged inputs: from cache)" if cached else ""))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    seeds = _seeds(args)
    problems = catalog_problems(seeds)
    if not problems:
        _, rows = read_catalog_rows(seeds)
        for row in rows:
            try:
                read_document(seeds / row["file"])
            except CorpusError as error:
                problems.append(error)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"{seeds / CATALOG_NAME}: {len(rows)} documents, all files present and readable")
    return 0


def _unique_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def cmd_add(args: argparse.Namespace) -> int:
    seeds = _seeds(args)
    seeds.mkdir(parents=True, exist_ok=True)
    existing = read_catalog_rows(seeds)[1] if (seeds / CATALOG_NAME).exists() else []
    taken = {row["doc_id"] for row in existing}
    listed = {row["file"] for row in existing}
    new_rows = []
    for name in args.paths:
        path = Path(name)
        if not path.is_file():
            raise CorpusError(path, "file not found", "check the path")
        target = seeds / path.name
        if target.resolve() != path.resolve() and target.exists():
            raise CorpusError(target, "a different file with this name is already in the seeds folder",
                              "rename the new file before adding it")
        if path.name in listed:
            raise CorpusError(path, "already in catalog.csv", "edit its row instead of adding it again")
        raw = read_document(path)
        page = clean_raw(raw)
        inferred = infer_row(page)
        if not inferred["region"]:
            inferred["region"] = "Unknown"
            print(f"warning: {path}: no region found in the byline, title or text — set it in catalog.csv",
                  file=sys.stderr)
        base = (inferred["region"] or path.stem).lower().replace(" ", "-")
        doc_id = _unique_id("".join(c for c in base if c.isalnum() or c in "-_") or "doc", taken)
        taken.add(doc_id)
        row = {"doc_id": doc_id, "file": path.name, **{k: v for k, v in inferred.items() if k not in ("title", "script")}}
        new_rows.append((path, target, row, inferred))
    for path, target, _, _ in new_rows:
        if target.resolve() != path.resolve():
            shutil.copyfile(path, target)
    catalog = append_rows(seeds, [row for _, _, row, _ in new_rows])
    for _, _, row, inferred in new_rows:
        print(f"added {row['doc_id']}: {row['region'] or '?'} / {row['level']} / {row['genre']} — "
              f"{inferred['title'] or '(no title found)'} [{inferred['script']}]")
    print(f"review the new rows in {catalog}")
    return 0


def cmd_kwic(args: argparse.Namespace) -> int:
    from .corpus import load_corpus
    from .kwic import kwic
    from .lexicon import load_lexicon

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis",
                                     description="Comparative analysis of party-building documents.")
    sub = parser.add_subparsers(dest="command", required=True)
    seeds_help = "seeds folder (default: $ANALYSIS_SEEDS or ./seeds)"

    tables = sub.add_parser("tables", help="write the corpus tables as CSV")
    tables.add_argument("--out", required=True, help="output folder, replaced atomically")
    tables.add_argument("--seeds", help=seeds_help)
    tables.set_defaults(func=cmd_tables)

    check = sub.add_parser("check", help="validate the catalog against the files")
    check.add_argument("--seeds", help=seeds_help)
    check.set_defaults(func=cmd_check)

    add = sub.add_parser("add", help="infer catalog rows for new .txt or .md files and append them")
    add.add_argument("paths", nargs="+", metavar="PATH")
    add.add_argument("--seeds", help=seeds_help)
    add.set_defaults(func=cmd_add)
    kwic = sub.add_parser("kwic", help="print a concordance of a term (a slogan's variants included)")
    kwic.add_argument("term")
    kwic.add_argument("--window", type=int, default=20, help="characters of context on each side")
    kwic.add_argument("--seeds", help=seeds_help)
    kwic.set_defaults(func=cmd_kwic)

    bench = sub.add_parser("bench", help="time the tables pipeline against raw jieba segmentation")
    bench.add_argument("--corpus", choices=("seeds", "djyj", "replicated", "all"), default="all")
    bench.add_argument("--out", default="benchmarks/results.md", help="results file to rewrite")
    bench.add_argument("--repeats", type=int, default=3, help="rounds per corpus; figures are medians")
    bench.set_defaults(func=cmd_bench)
    return parser


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import run_benchmarks

    return run_benchmarks(args.corpus, Path(args.out), args.repeats)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
