"""``transflow extract``, ``update`` and ``add-language``: sources → templates → catalogs."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import TYPE_CHECKING

from transflow.commands import LanguageList, output

if TYPE_CHECKING:
    from transflow.config import Config, UpdateSettings


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "extract",
        parents=[common],
        help="extract the translatable text into gettext templates (.pot), one per document",
    )
    p.set_defaults(handler=run_extract)

    p = sub.add_parser(
        "update",
        parents=[common],
        help="bring every language's catalogs (.po) up to date with the templates",
    )
    p.add_argument(
        "--lang",
        "-l",
        action=LanguageList,
        metavar="LANG",
        help="only this language; repeatable, or LANG,LANG…",
    )
    p.add_argument(
        "--width",
        type=int,
        metavar="N",
        help="new catalogs: wrap strings at N columns, 0: unwrapped (default: as the "
        "project's other catalogs; existing catalogs keep their own layout)",
    )
    p.add_argument(
        "--fuzzy-threshold",
        type=float,
        metavar="R",
        help="similarity 0–1 for keeping an old translation as fuzzy (default 0.6)",
    )
    p.add_argument(
        "--no-fuzzy-matching",
        action="store_true",
        help="never reuse an old translation for a changed source string",
    )
    p.add_argument(
        "--purge-obsolete",
        action="store_true",
        help="drop obsolete (#~) entries instead of keeping them",
    )
    p.add_argument(
        "--tm",
        action="append",
        metavar="REV",
        default=[],
        help="also fill new messages from the catalogs at git revision REV, e.g. the "
        "previous release branch (repeatable)",
    )
    p.add_argument(
        "--drop-tm",
        action="append",
        metavar="SOURCE",
        default=[],
        help="undo what memory SOURCE filled (a revision, a tm file or folder) where "
        "nobody edited it since; not used to fill this run (repeatable)",
    )
    p.add_argument(
        "--tm-threshold",
        type=float,
        metavar="R",
        help="similarity 0–1 for a memory's near match (default 0.85; 1: exact only)",
    )
    p.add_argument(
        "--tm-project",
        action="store_true",
        help="also fill new messages from the language's other catalogs in the project "
        "(tm-project = true)",
    )
    p.add_argument(
        "--no-tm",
        action="store_true",
        help="fill nothing from translation memory (project catalogs, tm files)",
    )
    p.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    p.add_argument("--json", action="store_true", help="machine-readable summary")
    p.set_defaults(handler=run_update)

    p = sub.add_parser(
        "add-language",
        parents=[common],
        help="add a language (BCP 47 tag) to the project and create its catalogs",
    )
    p.add_argument("tag", help="the language, e.g. de, pt-BR, zh-Hans")
    p.set_defaults(handler=run_add_language)


def run_extract(args: argparse.Namespace) -> int:
    from transflow import config as config_mod
    from transflow import extract as extract_mod

    cfg = config_mod.load(args.project)
    result = extract_mod.extract(cfg)
    if result.warnings:
        sys.stderr.write(result.warnings)
    where = output.relpath(cfg.pot_dir)
    for label, names in (
        ("added", result.added),
        ("changed", result.changed),
        ("removed", result.removed),
    ):
        for name in names:
            print(f"{label:8} {where}/{name}.pot")
    print(
        f"{len(result.domains)} templates in {where}: {len(result.added)} added, "
        f"{len(result.changed)} changed, {len(result.removed)} removed, "
        f"{len(result.unchanged)} unchanged"
    )
    return 0


def _settings(cfg: Config, args: argparse.Namespace) -> UpdateSettings:
    from transflow.settings import option

    s = cfg.update
    if args.width is not None:
        s = dataclasses.replace(s, width=option("update.width", args.width, "--width"))
    if args.fuzzy_threshold is not None:
        threshold = option("update.fuzzy-threshold", args.fuzzy_threshold, "--fuzzy-threshold")
        s = dataclasses.replace(s, fuzzy_threshold=threshold)
    if args.no_fuzzy_matching:
        s = dataclasses.replace(s, fuzzy=False)
    if args.purge_obsolete:
        s = dataclasses.replace(s, purge_obsolete=True)
    if args.tm_threshold is not None:
        threshold = option("update.tm-threshold", args.tm_threshold, "--tm-threshold")
        s = dataclasses.replace(s, tm_threshold=threshold)
    if args.tm_project:
        s = dataclasses.replace(s, tm_project=True)
    if args.no_tm:
        s = dataclasses.replace(s, tm=(), tm_project=False)
    return dataclasses.replace(s, tm_revs=tuple(args.tm), tm_drop=tuple(args.drop_tm))


def run_update(args: argparse.Namespace) -> int:
    from transflow import config as config_mod
    from transflow import update as update_mod

    cfg = config_mod.load(args.project, require_sources=False)
    langs = cfg.select(args.lang)
    results = update_mod.update(cfg, langs, settings=_settings(cfg, args), dry_run=args.dry_run)
    if args.json:
        rows = [
            {
                "language": r.lang.tag,
                "document": r.domain,
                "path": output.relpath(r.path),
                "created": r.created,
                "written": r.written,
                "added": r.added,
                "fuzzied": r.fuzzied,
                "obsoleted": r.obsoleted,
                "purged": r.purged,
                "kept": r.kept,
                "cached": r.cached,
                "problem": str(r.problem) if r.problem is not None else None,
                **_tm_fields(r),
            }
            for r in results
        ]
        orphaned = [output.relpath(p) for p in update_mod.orphans(cfg, langs)]
        json.dump(
            {
                "schema": "transflow.update/1",
                "catalogs": rows,
                "without_template": orphaned,
                "memory": _tm_totals(results),
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
        return _problems(results)
    table = []
    for r in results:
        if not (r.changed or r.written):
            continue
        state = "created" if r.created else "written"
        if args.dry_run:
            state = "would be " + state
        table.append(
            [
                r.lang.tag,
                r.domain,
                str(r.added),
                str(r.fuzzied),
                str(r.obsoleted),
                str(r.purged),
                str(r.kept),
                state,
            ]
        )
    if table:
        headers = ["lang", "document", "added", "fuzzy", "obsolete", "purged", "kept", "catalog"]
        print(output.table(headers, table, right={2, 3, 4, 5, 6}))
    _print_tm(results, args.dry_run)
    for path in update_mod.orphans(cfg, langs):
        print(f"note: {output.relpath(path)} has no template (document removed or renamed?); kept")
    written = sum(r.written for r in results)
    verb = "would be written" if args.dry_run else "written"
    print(f"{len(results)} catalogs checked, {written} {verb}, {len(results) - written} unchanged")
    return _problems(results)


def _tm_fields(r) -> dict:
    if r.tm is None:
        return {}
    return {
        "tm_exact": r.tm.exact,
        "tm_fuzzy": r.tm.fuzzy,
        "tm_sources": {name: {"exact": e, "fuzzy": f} for name, (e, f) in r.tm.sources.items()},
        "tm_dropped": sum(r.tm.dropped.values()),
        "tm_kept_edited": [{"line": line, "from": where} for line, where in r.tm.edited],
    }


def _tm_totals(results: list) -> list[dict]:
    """Per language and memory source: how many messages were filled, exact and fuzzy, and
    how many a --drop-tm made untranslated again."""
    totals: dict[tuple[str, str], dict[str, int]] = {}
    for r in results:
        if r.tm is None:
            continue
        for name, (e, f) in r.tm.sources.items():
            row = totals.setdefault((r.lang.tag, name), {"exact": 0, "fuzzy": 0, "dropped": 0})
            row["exact"] += e
            row["fuzzy"] += f
        for name, n in r.tm.dropped.items():
            row = totals.setdefault((r.lang.tag, name), {"exact": 0, "fuzzy": 0, "dropped": 0})
            row["dropped"] += n
    return [{"language": lang, "source": name, **row} for (lang, name), row in totals.items()]


def _print_tm(results: list, dry_run: bool) -> None:
    verb = "would be" if dry_run else "were"
    for row in _tm_totals(results):
        if row["exact"] or row["fuzzy"]:
            print(
                f"{row['language']}: {row['exact'] + row['fuzzy']} messages {verb} filled from "
                f"memory {row['source']} ({row['exact']} exact, {row['fuzzy']} near; "
                "fuzzy unless tm-exact says otherwise)"
            )
        if row["dropped"]:
            print(
                f"{row['language']}: {row['dropped']} messages filled from {row['source']} "
                f"{verb} made untranslated again"
            )
    for r in results:
        for line, where in r.tm.edited if r.tm is not None else []:
            print(f"{output.relpath(r.path)}:{line}: kept: edited since it was filled from {where}")


def _problems(results: list) -> int:
    """Catalogs that could not be written: each named; exit 1 when the only reason is someone
    else's edit (run again), 2 when a file or disk is at fault."""
    from transflow.files import ConcurrentEdit

    problems = [r.problem for r in results if r.problem is not None]
    for problem in problems:
        print(f"transflow: {problem}", file=sys.stderr)
    if not problems:
        return 0
    return 1 if all(isinstance(p, ConcurrentEdit) for p in problems) else 2


def run_add_language(args: argparse.Namespace) -> int:
    import langcodes

    from transflow import config as config_mod
    from transflow import settings_file
    from transflow import update as update_mod
    from transflow.catalogs import CatalogRepository
    from transflow.languages import resolve

    cfg = config_mod.load(args.project)
    lang = resolve(args.tag)  # unknown → error with a suggestion
    CatalogRepository.of(cfg).templates()  # nothing is written without them
    known = any(lang.code == x.code for x in cfg.languages)
    if known:
        print(f"{lang.tag} ({lang.native_name}) is already configured")
    else:
        for other in cfg.languages:
            # nb and no, zh-CN and zh-Hans, pt and pt-BR: most likely one language twice.
            if langcodes.tag_distance(lang.tag, other.tag) < 10:
                print(
                    f"transflow: note: {lang.tag} ({lang.native_name}) is close to the "
                    f"configured {other.tag} ({other.native_name}); adding it as a "
                    "separate language",
                    file=sys.stderr,
                )
    # The catalogs first: should that fail, the settings still name only working languages.
    results = update_mod.update(cfg, [lang])
    if not known and cfg.file is not None and settings_file.configures_languages(cfg.file):
        settings_file.add_language(cfg.file, lang.tag)
        print(f"added {lang.tag} ({lang.native_name}) to {output.relpath(cfg.file)}")
    created = [r for r in results if r.created]
    for r in created:
        print(f"created  {output.relpath(r.path)}")
    print(
        f"{lang.tag}: {len(created)} catalogs created, {len(results) - len(created)} already there"
    )
    return 0
