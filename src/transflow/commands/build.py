"""``transflow build``: every language as HTML and PDF, in parallel, released ones only."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from transflow.commands import output
from transflow.errors import ConfigError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("build", parents=[common], help="build every language as HTML and PDF")
    p.add_argument("--lang", "-l", action="append", metavar="LANG",
                   help="only this language (repeatable; the source language is a language too)")  # fmt: skip
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
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from transflow import build as build_mod
    from transflow import config as config_mod

    cfg = config_mod.load(args.project)
    config_mod.read_conf_py(cfg.source_dir)  # its error here, with its line, not once per target
    if args.jobs is not None and args.jobs < 1:
        raise ConfigError("--jobs must be at least 1")
    langs = None
    if args.lang:
        source = cfg.source_language
        langs = [source if code in (source.tag, source.code) else cfg.select([code])[0]
                 for code in args.lang]  # fmt: skip
    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    plan = build_mod.make_plan(cfg, langs, formats)
    out = Path(args.output) if args.output else cfg.build_dir
    for tag, why in plan.held_back.items():
        print(f"{tag}: {why}")
    jobs = args.jobs or os.cpu_count() or 1
    print(f"building {len(plan.targets)} targets ({', '.join(formats)} × {len(plan.languages)} languages) "
          f"with {jobs} parallel jobs")  # fmt: skip
    tty = sys.stdout.isatty()

    def progress(n: int, total: int, r: build_mod.Result) -> None:
        state = "up to date" if r.up_to_date else ("done" if r.ok else "FAILED")
        mark = "" if not tty else ("\033[32m✓\033[0m " if r.ok else "\033[31m✗\033[0m ")
        print(f"[{n}/{total}] {mark}{r.target.lang.tag:6} {r.target.fmt:4} {state:10} {r.seconds:6.1f} s",
              flush=True)  # fmt: skip

    results = build_mod.build(cfg, plan, out, args.jobs, progress)
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(f"\n{r.target.lang.tag} {r.target.fmt} failed; log: {output.relpath(r.log)}\n{r.error}",
              file=sys.stderr)  # fmt: skip
    _summarise_refusals(cfg, [x for x in plan.languages if x != cfg.source_language])
    built = sum(1 for r in results if r.ok and not r.up_to_date)
    print(f"{len(results) - len(failed)} of {len(results)} targets ok ({built} rebuilt); "
          f"open {output.relpath(out / 'html' / 'index.html')}")  # fmt: skip
    return 1 if failed else 0


def _summarise_refusals(cfg, languages) -> None:
    """Translations the build did not use because they would act (transflow.untrusted)."""
    from transflow import lint

    found = lint.refused(cfg, languages)
    for f in found:
        if f.check == lint.SYMLINK_ID:
            print(f"{output.relpath(f.path)}: {f.message}")
    refused = [f for f in found if f.check != lint.SYMLINK_ID]
    if not refused:
        return
    entries = {(f.path, f.line) for f in refused}
    print(f"{len(refused)} translation(s) refused in {len(entries)} message(s); "
          "the pages show the source text there:")  # fmt: skip
    for f in refused:
        print(f"  {output.relpath(f.path)}:{f.line}: [{f.check}] {f.message}")
