"""``transflow stats``, ``check``, ``report`` and ``matrix``: coverage for people and for CI.

Every number comes from :mod:`transflow.coverage` and is shown through its ``format_percent``;
the gate's rules are in :mod:`transflow.gate`. Modules are imported inside the handlers so that
``transflow --help`` and other commands start fast.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import replace
from pathlib import Path

from transflow.commands import LanguageList, output, site
from transflow.errors import ConfigError

TYPE_CHECKING = False  # typing not imported: start-up time (benchmarks/bench_startup.py)
if TYPE_CHECKING:
    from transflow import gate
    from transflow.catalogs import CatalogRepository
    from transflow.config import Config
    from transflow.coverage import Counts, DocumentCoverage, LanguageCoverage
    from transflow.languages import Language


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    scope = argparse.ArgumentParser(add_help=False)
    scope.add_argument(
        "--lang",
        "-l",
        action=LanguageList,
        metavar="LANG",
        help="only this language; repeatable, or LANG,LANG…",
    )
    scope.add_argument(
        "--doc",
        "-d",
        action="append",
        metavar="DOC",
        help="only this document, e.g. 'index' or 'library/os' (repeatable)",
    )
    scope.add_argument(
        "--locale-dir",
        metavar="DIR",
        help="a bare catalog tree DIR/<lang>/LC_MESSAGES/**/*.po (no Sphinx project needed)",
    )
    scope.add_argument(
        "--pot-dir",
        metavar="DIR",
        help="with --locale-dir: count against these templates (default: the catalogs as they are)",
    )

    p = sub.add_parser(
        "stats",
        parents=[common, scope],
        help="translation coverage per language and document",
        description="Translation coverage per language and document, counted against the "
        "current templates; fuzzy is never translated; counts equal msgfmt --statistics.",
    )
    p.add_argument(
        "--by",
        choices=["messages", "words"],
        help="the percentage's unit (default: the configured metric, else messages)",
    )
    p.add_argument("--format", "-f", choices=["table", "json", "markdown", "csv"], default="table")
    p.add_argument(
        "--summary", action="store_true", help="languages only, without a row per document"
    )
    p.set_defaults(handler=run_stats)

    p = sub.add_parser(
        "check",
        parents=[common, scope],
        help="the coverage gate for CI: exit 1 below a threshold",
        description="Exit 0 if every language and document meets its threshold, 1 if one does "
        "not (each failure listed), 2 on a configuration or catalog error.",
    )
    p.add_argument(
        "--min", type=float, metavar="PERCENT", help="override the configured global minimum"
    )
    p.add_argument(
        "--compare-to",
        metavar="REV",
        help="fail if a language dropped more than max-drop points (default 0) since git REV",
    )
    p.add_argument(
        "--format",
        "-f",
        choices=["text", "github"],
        default="text",
        help="github: workflow annotations (::error) for the checks tab",
    )
    p.add_argument("--junit-xml", metavar="PATH", help="also write a JUnit XML report")
    p.set_defaults(handler=run_check)

    p = sub.add_parser(
        "report", parents=[common, scope], help="static HTML dashboard, SVG badges and JSON"
    )
    p.add_argument(
        "--output",
        "-o",
        metavar="DIR",
        default=None,
        help="default: _build/coverage next to the configuration",
    )
    p.set_defaults(handler=run_report)

    p = sub.add_parser(
        "matrix", parents=[common], help="the languages as a GitHub Actions matrix (JSON)"
    )
    p.add_argument(
        "--released",
        action="store_true",
        help="only languages at or above the release threshold",
    )
    site.matrix_options(p)
    p.set_defaults(handler=run_matrix)


def _load(args: argparse.Namespace) -> tuple[Config, list[LanguageCoverage]]:
    from transflow import config as config_mod
    from transflow.catalogs import CatalogRepository
    from transflow.coverage import measure

    if args.pot_dir and not args.locale_dir:
        raise ConfigError("--pot-dir goes with --locale-dir (a project names its templates)")
    if args.locale_dir:
        cfg = config_mod.load(
            args.project, locale_dir=args.locale_dir, languages=args.lang, require_sources=False
        )
        pot_dir = Path(args.pot_dir).resolve() if args.pot_dir else None
        if pot_dir is not None and not pot_dir.is_dir():
            raise ConfigError("template directory does not exist", pot_dir)
        cfg = replace(cfg, pot_dir=pot_dir) if pot_dir is not None else cfg
        repo = replace(CatalogRepository.of(cfg), pot_dir=pot_dir)
        langs = list(cfg.languages)
        if not langs:
            raise ConfigError(
                f"no languages found in {cfg.locale_dir} (expected <lang>/LC_MESSAGES)"
            )
        if pot_dir is None and not cfg.flat:
            _each_has_a_folder(langs, repo)
    else:
        cfg = config_mod.load(args.project, require_sources=False)
        repo = CatalogRepository.of(cfg)
        repo.templates()
        langs = cfg.select(args.lang)
    docs = args.doc
    if docs:
        known = set(repo.domains()) | {d for lang in langs for d in repo.po_domains(lang)}
        unknown = [d for d in docs if d not in known]
        if unknown:
            raise ConfigError(
                f"no document {', '.join(map(repr, unknown))} "
                f"(documents: {', '.join(sorted(known)) or 'none'})"
            )
    return cfg, measure(cfg, langs, docs, repo=repo)


def _each_has_a_folder(langs: list[Language], repo: CatalogRepository) -> None:
    """A language asked for in a bare tree without templates must have its folder there:
    counted, it would be "100 %" of nothing, and pass any gate."""
    for lang in langs:
        if not repo.lang_dir(lang).is_dir():
            there = sorted(
                d.name for d in repo.locale_dir.iterdir() if (d / "LC_MESSAGES").is_dir()
            )
            raise ConfigError(
                f"--lang {lang.code}: no {lang.code}/LC_MESSAGES here "
                f"(languages here: {', '.join(there) or 'none'})",
                repo.locale_dir,
            )


def _metric(args: argparse.Namespace, cfg: Config) -> str:
    if getattr(args, "by", None):
        return args.by
    if cfg.file is None or args.locale_dir:
        return "messages"
    from transflow import gate

    return gate.thresholds(cfg).metric


def _thresholds(args: argparse.Namespace, cfg: Config) -> gate.Thresholds:
    from transflow import gate

    return gate.Thresholds() if args.locale_dir else gate.thresholds(cfg)


def _cells(c: Counts, metric: str) -> list[str]:
    from transflow.coverage import format_percent

    return [
        format_percent(c.percent(metric)),
        str(c.translated),
        str(c.fuzzy),
        str(c.untranslated),
        str(c.total),
        str(c.obsolete),
        f"{c.translated_words}/{c.words}",
    ]


def _note(d: DocumentCoverage) -> str:
    if d.po_path is None:
        return "no catalog yet"
    return "stale: run transflow update" if d.stale else ""


def run_stats(args: argparse.Namespace) -> int:
    from transflow.coverage import Counts
    from transflow.report import coverage_json

    cfg, report = _load(args)
    metric = _metric(args, cfg)
    if args.format == "json":
        data = coverage_json(report, metric, relative_to=Path.cwd())
        sys.stdout.write(output.json_text(data, flat_from=4))  # a document a line
        return 0
    total = sum((lc.counts for lc in report), Counts())
    if args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(
            [
                "language",
                "document",
                "percent",
                "translated",
                "fuzzy",
                "untranslated",
                "total",
                "obsolete",
                "words",
                "translated_words",
                "stale",
                "path",
            ]
        )
        for lc in report:
            for d in lc.documents:
                c = d.counts
                writer.writerow(
                    [
                        lc.lang.tag,
                        d.domain,
                        f"{c.percent(metric):.2f}",
                        c.translated,
                        c.fuzzy,
                        c.untranslated,
                        c.total,
                        c.obsolete,
                        c.words,
                        c.translated_words,
                        str(d.stale).lower(),
                        output.relpath(d.po_path) if d.po_path else "",
                    ]
                )
        return 0
    if args.format == "markdown":
        print(_markdown(report, total, metric, args.summary))
        return 0
    headers = [
        "language",
        "",
        "done",
        "translated",
        "fuzzy",
        "untranslated",
        "total",
        "obsolete",
        "source words",
        "note",
    ]
    rows = []
    for lc in report:
        rows.append([lc.lang.tag, lc.lang.native_name, *_cells(lc.counts, metric), ""])
        if not args.summary:
            for d in lc.documents:
                rows.append([f"  {d.domain}", "", *_cells(d.counts, metric), _note(d)])
    if len(report) > 1:
        rows.append(["total", "", *_cells(total, metric), ""])
    if not any(row[-1] for row in rows):
        headers, rows = headers[:-1], [row[:-1] for row in rows]
    print(output.table(headers, rows, right={2, 3, 4, 5, 6, 7, 8}))
    stale = sum(len(lc.stale) for lc in report)
    print(
        f"\n'done' = {metric} translated (rounded down); fuzzy is not translated; "
        f"source words are words of the English msgid."
    )
    if stale:
        print(
            f"{stale} catalog(s) out of date with their templates: run transflow update",
            file=sys.stderr,
        )
    return 0


def _markdown(report: list[LanguageCoverage], total: Counts, metric: str, summary: bool) -> str:
    from transflow.coverage import format_percent

    def esc(text: str) -> str:
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")

    lines = [
        f"| language | | {metric} translated | translated | fuzzy | untranslated | total |",
        "|---|---|--:|--:|--:|--:|--:|",
    ]
    for lc in report:
        c = lc.counts
        lines.append(
            f"| `{lc.lang.tag}` | {esc(lc.lang.native_name)} | "
            f"{format_percent(c.percent(metric))} | {c.translated} | {c.fuzzy} | "
            f"{c.untranslated} | {c.total} |"
        )
    if len(report) > 1:
        lines.append(
            f"| **total** | | **{format_percent(total.percent(metric))}** | "
            f"{total.translated} | {total.fuzzy} | {total.untranslated} | {total.total} |"
        )
    if not summary:
        for lc in report:
            lines += [
                "",
                f"<details><summary>{esc(lc.lang.native_name)} ({lc.lang.tag}): "
                "per document</summary>",
                "",
                "| document | done | translated | fuzzy | untranslated | total | |",
                "|---|--:|--:|--:|--:|--:|---|",
            ]
            for d in lc.documents:
                c = d.counts
                lines.append(
                    f"| `{esc(d.domain)}` | {format_percent(c.percent(metric))} | "
                    f"{c.translated} | {c.fuzzy} | {c.untranslated} | {c.total} | "
                    f"{_note(d)} |"
                )
            lines += ["", "</details>"]
    return "\n".join(lines)


def run_check(args: argparse.Namespace) -> int:
    from transflow import gate
    from transflow.coverage import format_percent

    cfg, report = _load(args)
    th = _thresholds(args, cfg)
    if args.min is not None:
        th = gate.with_minimum(th, args.min)
    baseline = gate.measure_at(cfg, args.compare_to) if args.compare_to else None
    if args.compare_to and th.max_drop is None:
        th = replace(th, max_drop=0.0)  # comparing at all means: no drop allowed
    failures = gate.evaluate(report, th, baseline)
    github = args.format == "github"
    for lc in report:
        for d in lc.stale:
            where = output.relpath(d.po_path) if d.po_path else d.domain
            if github:
                print(
                    output.github_annotation(
                        "warning",
                        f"{where} is out of date with its template: run transflow update",
                        file=where,
                        title="stale catalog",
                    )
                )
            else:
                print(
                    f"note: {where} is out of date with its template: run transflow update",
                    file=sys.stderr,
                )
    if args.junit_xml:
        _junit(report, th, failures, Path(args.junit_xml))
    failed = {f.lang for f in failures}
    for f in failures:
        if github:
            print(
                output.github_annotation(
                    "error",
                    f.message,
                    file=output.relpath(f.path) if f.path else None,
                    title=f"translation coverage ({f.lang})",
                )
            )
            continue
        if f.rule == "regression":
            actual, required = f"-{f.actual:.1f} points", f"max drop {f.required:g}"
        else:
            actual, required = format_percent(f.actual), f"{f.required:g} %"
        print(
            f"FAIL  {f.lang:6} {f.document or '(all documents)':32} {actual:>12}  "
            f"required {required}"
        )
    for lc in report:
        if lc.lang.tag not in failed and not github:
            print(
                f"ok    {lc.lang.tag:6} {output.pad(lc.lang.native_name, 32)} "
                f"{format_percent(lc.counts.percent(th.metric)):>12}  "
                f"required {th.for_language(lc.lang.tag):g} %"
            )
    print(
        f"{len(report) - len(failed)} of {len(report)} languages pass the coverage gate "
        f"(by {th.metric})",
        file=sys.stderr if github else sys.stdout,
    )
    return 1 if failures else 0


def _junit(
    report: list[LanguageCoverage], th: gate.Thresholds, failures: list[gate.Failure], path: Path
) -> None:
    """One test case per language, failures carrying each missed threshold."""
    from xml.etree import ElementTree as ET

    from transflow.coverage import format_percent
    from transflow.files import write_if_changed

    suite = ET.Element(
        "testsuite",
        name="transflow coverage",
        tests=str(len(report)),
        failures=str(len({f.lang for f in failures})),
        errors="0",
    )
    for lc in report:
        case = ET.SubElement(suite, "testcase", classname="transflow.coverage", name=lc.lang.tag)
        mine = [f for f in failures if f.lang == lc.lang.tag]
        for f in mine:
            ET.SubElement(case, "failure", message=f.message, type=f.rule).text = f.message
        if not mine:
            ET.SubElement(
                case, "system-out"
            ).text = f"{lc.lang.tag}: {format_percent(lc.counts.percent(th.metric))} of {th.metric}"
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    text = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")
    write_if_changed(path, text + "\n")


def run_report(args: argparse.Namespace) -> int:
    from transflow import gate
    from transflow.report import coverage_json, write_report

    cfg, report = _load(args)
    th = _thresholds(args, cfg)
    base = Path.cwd() if args.locale_dir else cfg.root
    out = (
        Path(args.output).resolve()
        if args.output
        else (cfg.build_dir / "coverage" if not args.locale_dir else base / "_build" / "coverage")
    )
    released = None if args.locale_dir else gate.released(report, th)
    data = coverage_json(report, th.metric, released, relative_to=out)
    written = write_report(data, out, search=(cfg.source_dir / "_templates",))
    print(
        f"coverage report in {output.relpath(out / 'index.html')} ({len(written)} file(s) written)"
    )
    return 0


def run_matrix(args: argparse.Namespace) -> int:
    if args.targets:
        return site.run_targets(args)
    from transflow import config as config_mod
    from transflow import gate
    from transflow.catalogs import CatalogRepository
    from transflow.coverage import measure

    cfg = config_mod.load(args.project, require_sources=False)
    langs = list(cfg.languages)
    if args.released:
        CatalogRepository.of(cfg).templates()
        ok = gate.released(measure(cfg, langs), gate.thresholds(cfg))
        langs = [lang for lang in langs if ok[lang.tag]]
    include = [{"lang": lang.tag, "code": lang.code, "name": lang.english_name} for lang in langs]
    print(
        json.dumps({"lang": [lang.tag for lang in langs], "include": include}, ensure_ascii=False)
    )
    return 0
