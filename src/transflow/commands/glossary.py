"""``transflow glossary``: each language's glossary.md table, generated from its glossary.csv."""

from __future__ import annotations

import argparse
import sys

from transflow.commands import LanguageList, output


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "glossary",
        parents=[common],
        help="write each language's glossary.md table from its glossary.csv (the termbase)",
    )
    p.add_argument(
        "--lang",
        "-l",
        action=LanguageList,
        metavar="LANG",
        help="only this language; repeatable, or LANG,LANG…",
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a glossary.md is out of date"
    )
    what.add_argument(
        "--from-markdown",
        action="store_true",
        help="make a first glossary.csv from the table of each glossary.md that has no CSV yet",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from transflow import config as config_mod
    from transflow import termbase
    from transflow.catalogs import CatalogRepository
    from transflow.files import write_if_changed

    cfg = config_mod.load(args.project, require_sources=False)
    repo = CatalogRepository.of(cfg)
    roots = [(lang, repo.lang_root(lang)) for lang in cfg.select(args.lang)]
    if args.from_markdown:
        for path in termbase.import_markdown(roots):
            print(f"wrote {output.relpath(path)}: check it, then run 'transflow glossary'")
        return 0
    stale = 0
    for page in termbase.pages(roots):
        if page.current:
            continue
        stale += 1
        if args.check:
            print(
                f"{output.relpath(page.markdown)}: out of date with "
                f"{output.relpath(page.csv)} (run 'transflow glossary')",
                file=sys.stderr,
            )
        else:
            write_if_changed(page.markdown, page.text)
            print(f"wrote {output.relpath(page.markdown)}")
    return 1 if args.check and stale else 0
