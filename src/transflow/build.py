"""Catalogs → localized HTML and PDF: one Sphinx build per language, in parallel.

Layout of ``<out>`` (default ``_build``)::

    html/index.html                  languages by native name, with coverage and PDFs
    html/<code>/…                    the site in one language (source language included)
    pdf/<code>/<document>.pdf        one PDF per statement and language
    logs/<code>-<format>.log         what Sphinx and XeLaTeX said
    .doctrees/, .latex/, .stamps/    caches that make re-runs incremental

Each target (language × format) runs in its own process (``sphinx-build``, then ``latexmk``), so
one failing language is reported with its log and the others still finish. A target whose
inputs — sources, its catalogs, templates, configuration, transflow itself — did not change
since its last successful build is not started at all; otherwise Sphinx's own environment
rebuilds only the documents that need it.

Languages below the release threshold (``[tool.transflow.coverage] release``) are skipped or
built as marked drafts (``[tool.transflow.build] unreleased = "skip" | "draft"``); the summary
always says which and why.
"""

from __future__ import annotations

import hashlib
import html
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import transflow
from transflow import gate
from transflow.catalogs import CatalogRepository
from transflow.config import Config
from transflow.coverage import format_percent, measure
from transflow.errors import ConfigError, TransflowError
from transflow.languages import Language
from transflow.pofile import write_if_changed

FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class BuildSettings:
    unreleased: str = "skip"  # "skip" or "draft"


def settings(config: Config) -> BuildSettings:
    return BuildSettings(unreleased=config.settings["build.unreleased"])


@dataclass(frozen=True)
class Target:
    lang: Language
    fmt: str
    draft: bool = False

    @property
    def name(self) -> str:
        return f"{self.lang.code}-{self.fmt}"


@dataclass(frozen=True)
class Plan:
    targets: tuple[Target, ...]
    languages: tuple[Language, ...]  # what the switcher offers: every language built
    held_back: dict[str, str] = field(default_factory=dict)  # tag → why it is not published
    coverage: dict[str, float] = field(default_factory=dict)  # tag → percent


@dataclass(frozen=True)
class Result:
    target: Target
    ok: bool
    up_to_date: bool
    seconds: float
    log: Path
    outputs: tuple[Path, ...] = ()
    error: str = ""


def make_plan(
    config: Config,
    languages: Iterable[Language] | None,
    formats: Iterable[str],
) -> Plan:
    formats = list(formats)
    for fmt in formats:
        if fmt not in FORMATS:
            raise ConfigError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    th = gate.thresholds(config)
    policy = settings(config)
    wanted = (
        list(languages) if languages is not None else [config.source_language, *config.languages]
    )
    translations = [x for x in wanted if x != config.source_language]
    if translations:
        CatalogRepository.of(config).templates()  # coverage decides what is released
    report = {lc.lang.tag: lc for lc in measure(config, translations)}
    held_back, built, targets = {}, [], []
    percents = {tag: lc.counts.percent(th.metric) for tag, lc in report.items()}
    for lang in wanted:
        draft = False
        if lang.tag in report and percents[lang.tag] < th.release:
            why = (f"{format_percent(percents[lang.tag])} translated, below the release threshold "
                   f"of {th.release:g} %")  # fmt: skip
            if policy.unreleased == "skip":
                held_back[lang.tag] = why + ": not built"
                continue
            held_back[lang.tag] = why + ": built as a draft"
            draft = True
        built.append(lang)
        targets += [Target(lang, fmt, draft) for fmt in formats]
    return Plan(tuple(targets), tuple(built), held_back, percents)


def _fingerprint(config: Config, target: Target, plan: Plan) -> str:
    """Everything a target's output depends on, cheaply: paths, sizes and mtimes."""
    h = hashlib.sha256()
    h.update(f"{transflow.__version__}|{target}|{[x.tag for x in plan.languages]}".encode())
    repo = CatalogRepository.of(config)
    roots = [config.source_dir, repo.lang_dir(target.lang), config.pot_dir]
    files = [config.file] if config.file else []
    for root in roots:
        if root.is_dir():
            files += sorted(p for p in root.rglob("*") if p.is_file() and "_build" not in p.parts
                            and p.suffix != ".mo")  # fmt: skip
    files += sorted(Path(transflow.__file__).parent.rglob("*.py"))
    for p in files:
        st = p.stat()
        h.update(f"{p}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _sphinx(config: Config, target: Target, plan: Plan, out: Path, builder: str, dest: Path,
            log) -> int:  # fmt: skip
    cmd = [
        sys.executable, "-m", "sphinx", "-b", builder,
        "-D", f"language={target.lang.code}",
        "-D", f"transflow_languages={','.join(x.tag for x in plan.languages)}",
        "-d", str(out / ".doctrees" / f"{target.lang.code}-{builder}"),
        str(config.source_dir), str(dest),
    ]  # fmt: skip
    if target.draft:
        cmd[5:5] = ["-D", "transflow_draft=1"]
    log.write(f"$ {' '.join(cmd)}\n")
    log.flush()
    return subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT).returncode


def build_target(config: Config, target: Target, plan: Plan, out: Path) -> Result:
    start = time.monotonic()
    log_path = out / "logs" / f"{target.name}.log"
    stamp = out / ".stamps" / target.name
    fingerprint = _fingerprint(config, target, plan)
    html_dir = out / "html" / target.lang.code
    pdf_dir = out / "pdf" / target.lang.code
    expected = html_dir / "index.html" if target.fmt == "html" else pdf_dir
    if stamp.is_file() and stamp.read_text() == fingerprint and expected.exists():
        done = tuple(sorted(pdf_dir.glob("*.pdf"))) if target.fmt == "pdf" else (html_dir,)
        return Result(target, True, True, time.monotonic() - start, log_path, done)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    with log_path.open("w", encoding="utf-8") as log:
        if target.fmt == "html":
            code = _sphinx(config, target, plan, out, "html", html_dir, log)
            outputs: tuple[Path, ...] = (html_dir,)
        else:
            latex_dir = out / ".latex" / target.lang.code
            code = _sphinx(config, target, plan, out, "latex", latex_dir, log)
            outputs = ()
            if code == 0:
                from transflow import latex

                try:
                    result = latex.build_pdfs(latex_dir, pdf_dir)
                except TransflowError as exc:
                    log.write(f"\n{exc}\n")
                    code = 1
                else:
                    outputs = result.pdfs
                    for line in result.problems:
                        log.write(f"WARNING: {line}\n")
    seconds = time.monotonic() - start
    if code != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        return Result(target, False, False, seconds, log_path, outputs, "\n".join(tail))
    write_if_changed(stamp, fingerprint)
    return Result(target, True, False, seconds, log_path, outputs)


def build(
    config: Config,
    plan: Plan,
    out: Path,
    jobs: int | None = None,
    progress: Callable[[int, int, Result], None] | None = None,
) -> list[Result]:
    """Build every target of ``plan`` with ``jobs`` parallel processes (default: one per core)."""
    jobs = jobs or os.cpu_count() or 1
    results = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(build_target, config, t, plan, out) for t in plan.targets]
        for n, future in enumerate(as_completed(futures), 1):
            result = future.result()
            results.append(result)
            if progress:
                progress(n, len(futures), result)
    order = {t: i for i, t in enumerate(plan.targets)}
    results.sort(key=lambda r: order[r.target])
    write_index(config, plan, results, out)
    return results


def write_index(config: Config, plan: Plan, results: list[Result], out: Path) -> Path:
    """``<out>/html/index.html``: the languages by native name, with coverage and PDFs."""
    e = html.escape
    ok = {(r.target.lang.tag, r.target.fmt) for r in results if r.ok}
    rows = []
    for lang in plan.languages:
        pct = plan.coverage.get(lang.tag)
        cov = "" if pct is None else f"{e(format_percent(pct))} translated"
        if lang.tag in plan.held_back:
            cov += " — draft"
        links = []
        if (lang.tag, "html") in ok:
            links.append(f'<a href="{e(lang.code)}/index.html" hreflang="{e(lang.tag)}">HTML</a>')
        for r in results:
            if r.ok and r.target.lang == lang and r.target.fmt == "pdf":
                links += [
                    f'<a href="../pdf/{e(lang.code)}/{e(p.name)}">{e(p.stem)}.pdf</a>'
                    for p in r.outputs
                ]
        rows.append(
            f'<li><span lang="{e(lang.tag)}" class="native">{e(lang.native_name)}</span> '
            f'<span class="english">({e(lang.english_name)})</span> {cov}<br>{" · ".join(links)}</li>'
        )
    held = "".join(f"<li>{e(tag)}: {e(why)}</li>" for tag, why in plan.held_back.items()
                   if tag not in {x.tag for x in plan.languages})  # fmt: skip
    page = f"""<!DOCTYPE html>
<html lang="{e(config.source_language.tag)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Languages</title>
<style>body{{font-family:system-ui,"Noto Sans","Noto Sans Myanmar","Noto Sans CJK JP",sans-serif;margin:2rem;line-height:1.5}}
li{{margin:.6rem 0}}.native{{font-size:1.3em;font-weight:bold}}.english{{color:#555}}</style></head>
<body><h1>Languages</h1><ul>{"".join(rows)}</ul>
{f"<h2>Not published</h2><ul>{held}</ul>" if held else ""}
</body></html>
"""
    path = out / "html" / "index.html"
    write_if_changed(path, page)
    return path
