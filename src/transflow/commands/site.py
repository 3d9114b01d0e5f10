"""``transflow matrix --targets`` and ``transflow assemble``: one build split over CI jobs, then one site.

``matrix --targets`` lists the targets a ``transflow build`` would build, each with its content key, as a
GitHub Actions matrix (``{"include": [...]}``); each job runs ``transflow build --target NAME
--output DIR`` (cached under the key) and ``assemble`` merges the jobs' folders into one site.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from transflow.commands import LanguageList, output


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "assemble",
        parents=[common],
        help="merge folders built with 'transflow build --target' into one site",
    )
    p.add_argument(
        "pieces", nargs="+", metavar="DIR", type=Path, help="output folders of 'transflow build'"
    )
    p.add_argument("--output", "-o", metavar="SITE", required=True, type=Path)
    p.set_defaults(handler=run_assemble)


def matrix_options(p: argparse.ArgumentParser) -> None:
    """``transflow matrix --targets``: the build's targets instead of the languages."""
    p.add_argument(
        "--targets",
        action="store_true",
        help="one row per build target (name, lang, format, version, key)",
    )
    p.add_argument(
        "--lang",
        "-l",
        action=LanguageList,
        metavar="LANG",
        help="with --targets: only this language; repeatable, or LANG,LANG…",
    )
    p.add_argument("--format", "-f", default="html,pdf", help="with --targets: html, pdf or both")
    p.add_argument(
        "--versions",
        metavar="REF,REF…",
        default=None,
        help="with --targets: as for 'transflow build'",
    )
    p.add_argument(
        "--output",
        "-o",
        metavar="DIR",
        default=None,
        help="with --targets: the build folder (versions' trees are unpacked there)",
    )


def run_targets(args: argparse.Namespace) -> int:
    from transflow.commands.build import plans

    out, work = plans(args)
    rows = [
        {
            "name": t.name,
            "lang": t.lang.code,
            "format": t.fmt,
            "version": t.version,
            "key": t.key(config, out),
        }
        for config, plan in work
        for t in plan.targets
    ]
    print(json.dumps({"include": rows}, ensure_ascii=False))
    return 0


def run_assemble(args: argparse.Namespace) -> int:
    from transflow import assemble

    templates: tuple[Path, ...] = ()
    if args.project:  # its own templates replace transflow's, as in its builds
        from transflow import config as config_mod

        templates = (
            config_mod.load(args.project, require_sources=False).source_dir / "_templates",
        )
    pieces = assemble.merge(args.pieces, args.output)
    assemble.finish(args.output, templates=templates)
    assemble.write_entry(args.output)
    broken = assemble.broken_links(args.output)
    for page, link in broken:
        print(f"{output.relpath(page)}: broken link {link}", file=sys.stderr)
    print(
        f"{len(pieces)} pieces assembled; {len(broken)} broken links; "
        f"open {output.relpath(args.output / 'html' / 'index.html')}"
    )
    return 1 if broken else 0
