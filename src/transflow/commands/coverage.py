"""``transflow stats``, ``check``, ``report`` and ``matrix``: coverage for people and for CI."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

from transflow import config as config_mod
from transflow import gate
from transflow.commands import output
from transflow.coverage import Counts, LanguageCoverage, format_percent, measure
from transflow.report import coverage_json, write_report


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    scope = argparse.ArgumentParser(add_help=False)
    scope.add_argument(
        "--lang", "-l", action="append", metavar="LANG", help="only this language (repeatable)"
    )
    scope.add_argument("--locale-dir", metavar="DIR",
                       help="a bare catalog tree DIR/<lang>/LC_MESSAGES/**/*.po (no Sphinx project needed)")  # fmt: skip

    p = sub.add_parser(
        "stats", parents=[common, scope], help="translation coverage per language and document"
    )
    p.add_argument(
        "--doc", "-d", action="append", metavar="DOC", help="only this document (repeatable)"
    )
    p.add_argument(
        "--by",
        choices=["messages", "words"],
        help="the percentage's unit (default: configured metric)",
    )
    p.add_argument("--format", "-f", choices=["table", "json", "markdown", "csv"], default="table")
    p.set_defaults(handler=run_stats)

    p = sub.add_parser(
        "check", parents=[common, scope], help="the coverage gate for CI: exit 1 below a threshold"
    )
    p.add_argument(
        "--min", type=float, metavar="PERCENT", help="override the configured global minimum"
    )
    p.add_argument(
        "--compare-to",
        metavar="REV",
        help="fail if a language dropped more than max-drop points since REV",
    )
    p.add_argument("--format", "-f", choices=["text", "github"], default="text")
    p.add_argument("--junit-xml", metavar="PATH", help="also write a JUnit XML report")
    p.set_defaults(handler=run_check)

    p = sub.add_parser(
        "report", parents=[common, scope], help="static HTML dashboard, SVG badges and JSON"
    )
    p.add_argument("--output", "-o", metavar="DIR", default=None, help="default: _build/coverage")
    p.set_defaults(handler=run_report)

    p = sub.add_parser(
        "matrix", parents=[common], help="the languages as a GitHub Actions matrix (JSON)"
    )
    p.set_defaults(handler=run_matrix)


def _load(args: argparse.Namespace) -> tuple[config_mod.Config, list[LanguageCoverage]]:
    if args.locale_dir:
        cfg = config_mod.load(args.project, locale_dir=args.locale_dir, languages=args.lang,
                              require_sources=False)  # fmt: skip
        # A bare tree has no templates: count the catalogs as they are.
        cfg = replace(cfg, pot_dir=Path(args.locale_dir) / "_no_templates_")
        langs = list(cfg.languages)
    else:
        cfg = config_mod.load(args.project, require_sources=False)
        langs = cfg.select(args.lang)
    docs = getattr(args, "doc", None)
    return cfg, measure(cfg, langs, docs)


def _row(label: str, native: str, c: Counts, metric: str) -> list[str]:
    return [label, native, format_percent(c.percent(metric)), str(c.translated), str(c.fuzzy),
            str(c.untranslated), str(c.total), f"{c.translated_words}/{c.words}"]  # fmt: skip


def run_stats(args: argparse.Namespace) -> int:
    cfg, report = _load(args)
    metric = args.by or (gate.thresholds(cfg).metric if not args.locale_dir else "messages")
    if args.format == "json":
        json.dump(coverage_json(report, metric), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    headers = ["language", "", "done", "translated", "fuzzy", "untranslated", "total", "words"]
    rows = []
    for lc in report:
        rows.append(_row(lc.lang.tag, lc.lang.native_name, lc.counts, metric))
        for d in lc.documents:
            note = (
                " (stale: run transflow update)"
                if d.stale
                else ("" if d.po_path else " (no catalog)")
            )
            rows.append(_row(f"  {d.domain}{note}", "", d.counts, metric))
    total = sum((lc.counts for lc in report), Counts())
    rows.append(_row("total", "", total, metric))
    if args.format == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["language", "document", "percent", "translated", "fuzzy", "untranslated",
                         "total", "obsolete", "words", "translated_words"])  # fmt: skip
        for lc in report:
            for d in lc.documents:
                c = d.counts
                writer.writerow([lc.lang.tag, d.domain, f"{c.percent(metric):.2f}", c.translated, c.fuzzy,
                                 c.untranslated, c.total, c.obsolete, c.words, c.translated_words])  # fmt: skip
        sys.stdout.write(buf.getvalue())
        return 0
    if args.format == "markdown":
        print(f"| language | | {metric} translated | translated | fuzzy | untranslated | total |")
        print("|---|---|--:|--:|--:|--:|--:|")
        for lc in report:
            c = lc.counts
            print(f"| `{lc.lang.tag}` | {lc.lang.native_name} | {format_percent(c.percent(metric))} | "
                  f"{c.translated} | {c.fuzzy} | {c.untranslated} | {c.total} |")  # fmt: skip
        print(f"| **total** | | **{format_percent(total.percent(metric))}** | {total.translated} | "
              f"{total.fuzzy} | {total.untranslated} | {total.total} |")  # fmt: skip
        return 0
    print(output.table(headers, rows, right={2, 3, 4, 5, 6, 7}))
    print(f"percent by {metric}; fuzzy counts as untranslated")
    return 0


def run_check(args: argparse.Namespace) -> int:
    cfg, report = _load(args)
    th = gate.thresholds(cfg)
    if args.min is not None:
        th = gate.with_minimum(th, args.min)
    baseline = gate.measure_at(cfg, args.compare_to) if args.compare_to else None
    if args.compare_to and th.max_drop is None:
        th = replace(th, max_drop=0.0)  # comparing at all means: no drop allowed
    failures = gate.evaluate(report, th, baseline)
    for lc in report:
        for d in lc.documents:
            if d.stale:
                print(f"note: {output.relpath(d.po_path) if d.po_path else d.domain} is stale: run transflow update",
                      file=sys.stderr)  # fmt: skip
    if args.junit_xml:
        _junit(report, th, failures, Path(args.junit_xml))
    for f in failures:
        if args.format == "github":
            where = f"file={output.relpath(f.path)}," if f.path else ""
            print(f"::error {where}title=translation coverage::{f.message}")
        else:
            required = f"max drop {f.required:g}" if f.rule == "regression" else f"{f.required:g} %"
            actual = (
                f"-{f.actual:.1f} points" if f.rule == "regression" else format_percent(f.actual)
            )
            print(
                f"FAIL  {f.lang:6} {f.document or '(all documents)':32} {actual:>12}  required {required}"
            )
    passed = [lc for lc in report if not any(f.lang == lc.lang.tag for f in failures)]
    for lc in passed:
        if args.format == "text":
            print(
                f"ok    {lc.lang.tag:6} {lc.lang.native_name:32} {format_percent(lc.counts.percent(th.metric)):>12}"
            )
    print(f"{len(report) - len({f.lang for f in failures})} of {len(report)} languages pass the coverage gate",
          file=sys.stderr if args.format == "github" else sys.stdout)  # fmt: skip
    return 1 if failures else 0


def _junit(
    report: list[LanguageCoverage], th: gate.Thresholds, failures: list[gate.Failure], path: Path
) -> None:
    suite = ET.Element("testsuite", name="transflow coverage", tests=str(len(report)),
                       failures=str(len({f.lang for f in failures})))  # fmt: skip
    for lc in report:
        case = ET.SubElement(suite, "testcase", classname="coverage", name=lc.lang.tag)
        for f in (f for f in failures if f.lang == lc.lang.tag):
            ET.SubElement(case, "failure", message=f.message, type=f.rule).text = f.message
    path.parent.mkdir(parents=True, exist_ok=True)
    root = ET.Element("testsuites")
    root.append(suite)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def run_report(args: argparse.Namespace) -> int:
    cfg, report = _load(args)
    th = gate.thresholds(cfg) if not args.locale_dir else gate.Thresholds()
    out = Path(args.output or (cfg.root / "_build" / "coverage"))
    data = coverage_json(report, th.metric, gate.released(report, th), relative_to=cfg.root)
    written = write_report(data, out, cfg.root)
    print(f"coverage report in {output.relpath(out / 'index.html')} ({len(written)} files written)")
    return 0


def run_matrix(args: argparse.Namespace) -> int:
    cfg = config_mod.load(args.project, require_sources=False)
    include = [
        {"lang": lang.tag, "code": lang.code, "name": lang.english_name} for lang in cfg.languages
    ]
    print(
        json.dumps(
            {"lang": [lang.tag for lang in cfg.languages], "include": include}, ensure_ascii=False
        )
    )
    return 0
