"""``transflow build``: every language as HTML and PDF, in parallel, released ones only."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from transflow.commands import LanguageList, output
from transflow.errors import ConfigError

if TYPE_CHECKING:
    from transflow.build import Plan
    from transflow.config import Config


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("build", parents=[common], help="build every language as HTML and PDF")
    p.add_argument(
        "--lang",
        "-l",
        action=LanguageList,
        metavar="LANG",
        help="only this language; repeatable, or LANG,LANG… (the source language is a language too)",
    )
    p.add_argument("--format", "-f", default="html,pdf", help="html, pdf or html,pdf (default)")
    p.add_argument(
        "--jobs", "-j", type=int, default=None, help="parallel builds (default: one per core)"
    )
    p.add_argument(
        "--output",
        "-o",
        metavar="DIR",
        default=None,
        help="default: the BUILDDIR of the project's Makefile, else _build beside the configuration",
    )
    p.add_argument(
        "--versions",
        metavar="REF,REF…",
        default=None,
        help="build these git refs, each from its own tree, newest first "
        "(default: [tool.transflow.build] versions, else the checkout)",
    )
    p.add_argument(
        "--target",
        "-t",
        action="append",
        metavar="NAME",
        help="only this target, as 'transflow matrix' names it (repeatable)",
    )
    p.set_defaults(handler=run)


def plans(
    args: argparse.Namespace, check_conf: bool = True
) -> tuple[Path, list[tuple[Config, Plan]]]:
    """The build folder and, per version (or for the checkout alone), its configuration and
    plan, from the build options ``transflow build`` and ``transflow matrix`` share.
    ``check_conf``: run each conf.py now, for its error with its line (``transflow build``
    does it once it knows a target must be built)."""
    from transflow import build as build_mod
    from transflow import config as config_mod

    cfg = config_mod.load(args.project)
    out = Path(args.output) if args.output else cfg.build_dir
    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    refs = cfg.settings["build.versions"]
    if args.versions is not None:
        refs = [r.strip() for r in args.versions.split(",") if r.strip()]
    if not refs:
        if check_conf:
            config_mod.read_conf_py(cfg.source_dir)  # its error here, with its line
        return out, [(cfg, build_mod.make_plan(cfg, _languages(cfg, args.lang), formats))]
    from transflow import versions as versions_mod

    work = []
    found = versions_mod.checkout(cfg, refs, out)
    labels = [v.label for v in found]
    for v in found:
        if check_conf:
            config_mod.read_conf_py(v.config.source_dir)
        langs = _languages(v.config, args.lang, only_known=True)
        if langs == []:
            continue
        work.append((v.config, build_mod.make_plan(v.config, langs, formats, v.label, labels)))
    return out, work


def _languages(cfg: Config, codes: list[str] | None, only_known: bool = False):
    """``--lang``; for a version, the named languages it has (an older one may lack some)."""
    if not codes:
        return None
    source, langs = cfg.source_language, []
    for code in codes:
        if code in (source.tag, source.code):
            langs.append(source)
        elif not only_known or any(code in (x.code, x.tag) for x in cfg.languages):
            langs.append(cfg.select([code])[0])
    return langs


def run(args: argparse.Namespace) -> int:
    from transflow import build as build_mod

    if args.jobs is not None and args.jobs < 1:
        raise ConfigError("--jobs must be at least 1")
    out, work = plans(args, check_conf=False)  # build.build checks what it builds
    if args.target:
        names = {t.name for _, p in work for t in p.targets}
        unknown = [n for n in args.target if n not in names]
        if unknown:
            raise ConfigError(
                f"--target {unknown[0]}: no such target (transflow matrix lists "
                f"them: {', '.join(sorted(names))})"
            )
        work = [
            (
                c,
                dataclasses.replace(
                    p, targets=tuple(t for t in p.targets if t.name in args.target)
                ),
            )
            for c, p in work
        ]
    if not work:
        raise ConfigError("no version has the languages asked for")
    cfg, plan = work[0]
    for _, p in work:
        for tag, why in p.held_back.items():
            print(f"{p.version + ' ' if p.version else ''}{tag}: {why}")
    jobs = args.jobs or os.cpu_count() or 1
    count = sum(len(p.targets) for _, p in work)
    print(f"building {count} targets with {jobs} parallel jobs")
    tty = sys.stdout.isatty()

    def progress(n: int, total: int, r: build_mod.Result) -> None:
        state = "up to date" if r.up_to_date else ("done" if r.ok else "FAILED")
        mark = "" if not tty else ("\033[32m✓\033[0m " if r.ok else "\033[31m✗\033[0m ")
        print(f"[{n}/{total}] {mark}{r.target.name:14} {state:10} {r.seconds:6.1f} s", flush=True)

    results = build_mod.build(cfg, plan, out, args.jobs, progress, more=work[1:])
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(
            f"\n{r.target.lang.tag} {r.target.fmt} failed; log: {output.relpath(r.log)}\n{r.error}",
            file=sys.stderr,
        )
    _summarise_refusals(cfg, [x for x in plan.languages if x != cfg.source_language], out)
    built = sum(1 for r in results if r.ok and not r.up_to_date)
    print(
        f"{len(results) - len(failed)} of {len(results)} targets ok ({built} rebuilt); "
        f"open {output.relpath(out / 'html' / 'index.html')}"
    )
    return 1 if failed else 0


def _summarise_refusals(cfg, languages, out: Path) -> None:
    """Translations the build did not use because they would act (transflow.untrusted)."""
    from transflow.build import SYMLINK_ID, refusals

    found = [f for lang in languages for f in refusals(cfg, lang, out)]
    for f in found:
        if f.check == SYMLINK_ID:
            print(f"{output.relpath(f.path)}: {f.message}")
    refused = [f for f in found if f.check != SYMLINK_ID]
    if not refused:
        return
    entries = {(f.path, f.line) for f in refused}
    print(
        f"{len(refused)} translation(s) refused in {len(entries)} message(s); "
        "the pages show the source text there:"
    )
    for f in refused:
        print(f"  {output.relpath(f.path)}:{f.line}: [{f.check}] {f.message}")
