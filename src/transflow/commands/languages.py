"""``transflow languages``: what the project's languages are called by each consumer."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from transflow.commands import output


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "languages",
        parents=[common],
        help="list the configured languages: tag, Sphinx/gettext code, catalogs, native name",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from transflow import config as config_mod
    from transflow.catalogs import CatalogRepository

    cfg = config_mod.load(args.project, require_sources=False)
    repo = CatalogRepository.of(cfg)
    rows: list[dict[str, Any]] = [
        {
            "tag": lang.tag,
            "code": lang.code,
            "name": lang.english_name,
            "native_name": lang.native_name,
            "catalogs": output.relpath(repo.lang_dir(lang)),
            "plural_forms": lang.plural_forms,
            "search_language": lang.search_language,
        }
        for lang in cfg.languages
    ]
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    headers = ["tag", "code", "native name", "name", "catalogs", "plural forms", "search"]
    table = [
        [
            r["tag"],
            r["code"],
            r["native_name"],
            r["name"],
            r["catalogs"],
            r["plural_forms"],
            r["search_language"] or "(none)",
        ]
        for r in rows
    ]
    print(output.table(headers, table))
    return 0
