"""``transflow lint``: translator QA with ``path:line`` findings, for people, editors and CI."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from transflow import __version__
from transflow.commands import LanguageList, output

if TYPE_CHECKING:
    from transflow.checks import Finding


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "lint",
        parents=[common],
        help="check translations against their source (reST, links, punctuation, Burmese)",
    )
    p.add_argument(
        "--lang",
        "-l",
        action=LanguageList,
        metavar="LANG",
        help="only this language; repeatable, or LANG,LANG…",
    )
    p.add_argument(
        "--locale-dir", metavar="DIR", help="a catalog tree DIR/<lang>/LC_MESSAGES/**/*.po"
    )
    p.add_argument("--format", "-f", choices=["text", "json", "github", "sarif"], default="text")
    p.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    p.add_argument("--list-checks", action="store_true", help="list the checks and their ids")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from transflow import config as config_mod
    from transflow import lint as lint_mod

    if args.list_checks:
        rows = [[i, lint_mod.SEVERITY[i], lint_mod.SUMMARY[i]] for i in sorted(lint_mod.SEVERITY)]
        print(output.table(["id", "severity", "what it catches"], rows))
        return 0
    if args.locale_dir:
        cfg = config_mod.load(
            args.project, locale_dir=args.locale_dir, languages=args.lang, require_sources=False
        )
        langs = list(cfg.languages)
    else:
        cfg = config_mod.load(args.project, require_sources=False)
        langs = cfg.select(args.lang)
    findings = lint_mod.lint(cfg, langs)
    notes = lint_mod.notes(cfg, langs)
    if args.format == "json":
        _json(findings, notes)
    else:
        {"text": _text, "github": _github, "sarif": _sarif}[args.format](findings)
        for note in notes:  # on stderr, so the findings stay machine-readable
            print(f"info: {note}", file=sys.stderr)
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if args.format == "text":
        print(
            f"{errors} error(s), {warnings} warning(s) in {len(langs)} language(s)", file=sys.stderr
        )
    return 1 if errors or (args.strict and warnings) else 0


def _text(findings: list[Finding]) -> None:
    for f in findings:
        print(f"{output.relpath(f.path)}:{f.line}: {f.severity} [{f.check}] {f.message}")


def _json(findings: list[Finding], notes: list[str]) -> None:
    data = {
        "schema": "transflow.lint/1",
        "notes": notes,
        "findings": [
            {
                "path": output.relpath(f.path),
                "line": f.line,
                "severity": f.severity,
                "check": f.check,
                "message": f.message,
            }
            for f in findings
        ],
    }
    sys.stdout.write(output.json_text(data, flat_from=2))  # a finding a line


def _github(findings: list[Finding]) -> None:
    for f in findings:
        print(
            output.github_annotation(
                f.severity, f.message, file=output.relpath(f.path), line=f.line, title=f.check
            )
        )


def _sarif(findings: list[Finding]) -> None:
    from transflow import lint as lint_mod

    rules = sorted({f.check for f in findings} | set(lint_mod.SEVERITY))
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "transflow",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/transflow/",
                        "rules": [
                            {
                                "id": r,
                                "shortDescription": {"text": lint_mod.SUMMARY.get(r, r)},
                                "defaultConfiguration": {
                                    "level": lint_mod.SEVERITY.get(r, "warning")
                                },
                            }
                            for r in rules
                        ],
                    }
                },
                "results": [
                    {
                        "ruleId": f.check,
                        "level": f.severity,
                        "message": {"text": f.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {
                                        "uri": Path(output.relpath(f.path)).as_posix()
                                    },
                                    "region": {"startLine": f.line},
                                }
                            }
                        ],
                    }
                    for f in findings
                ],
            }
        ],
    }
    json.dump(sarif, sys.stdout, ensure_ascii=False, indent=2)
    print()
