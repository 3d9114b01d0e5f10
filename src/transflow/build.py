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
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import transflow
from transflow import gate, pages
from transflow.catalogs import CatalogRepository
from transflow.config import Config
from transflow.coverage import format_percent, measure
from transflow.errors import ConfigError, TransflowError
from transflow.files import write_if_changed
from transflow.languages import Language

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


def _fingerprint(config: Config, target: Target, plan: Plan, out: Path) -> str:
    """Everything a target's output depends on, by content (a fresh checkout on a CI runner
    has new mtimes and nothing changed): the sources without the catalog tree, this language's
    catalogs, the templates, the configuration, transflow itself. Another language's catalog
    is not an input, also when the catalogs live inside the Sphinx source folder."""
    h = hashlib.sha256()
    h.update(f"{transflow.__version__}|{target}|{[x.code for x in plan.languages]}".encode())
    repo = CatalogRepository.of(config)
    skip = {config.locale_dir, config.pot_dir, out.resolve(), config.build_dir}
    files = [config.file] if config.file else []
    files += _files(config.source_dir, skip)
    files += _files(repo.lang_dir(target.lang), set())
    files += _files(config.pot_dir, set())
    files += _files(Path(transflow.__file__).parent, set())
    for p in files:
        h.update(f"{p}|{hashlib.sha256(p.read_bytes()).hexdigest()}\n".encode())
    return h.hexdigest()


def _files(root: Path, skip: set[Path]) -> list[Path]:
    """The files below ``root``, leaving out ``skip``, build folders and compiled catalogs."""
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if here / d not in skip and d not in _NOT_INPUTS)
        found += [here / n for n in sorted(names) if not n.endswith((".mo", ".pyc"))]
    return found


_NOT_INPUTS = {"_build", "__pycache__", ".git", ".doctrees", ".nox", ".tox", ".venv"}


def _catalogs_for_sphinx(config: Config, target: Target, out: Path) -> Path:
    """A locale folder under ``out`` holding this language's catalogs, for Sphinx's
    ``locale_dirs``: Sphinx compiles a catalog beside its ``.po``, and the project's tree must
    get no ``.mo`` files. A catalog is copied only when its content changed, so Sphinx's
    mtime-based rebuild rereads only the documents whose catalogs changed."""
    repo = CatalogRepository.of(config)
    base = out / ".locale" / target.name
    dest = base / target.lang.code / "LC_MESSAGES"
    wanted = set()
    for domain in repo.po_domains(target.lang):
        copy = dest / f"{domain}.po"
        wanted.add(copy)
        data = repo.po_path(target.lang, domain).read_bytes()
        if not copy.is_file() or copy.read_bytes() != data:
            copy.parent.mkdir(parents=True, exist_ok=True)
            tmp = copy.with_name(f".{copy.name}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, copy)
    for old in dest.rglob("*.po") if dest.is_dir() else ():
        if old not in wanted:  # a catalog removed from the project
            old.unlink()
            old.with_suffix(".mo").unlink(missing_ok=True)
    return base


# sphinx-build with transflow's extension loaded whether or not conf.py lists it: Sphinx sets
# up its built-in extensions before the project's, and a second setup of one is skipped.
_SPHINX_MAIN = (
    "import sys, sphinx.application as a; from sphinx.cmd.build import main; "
    "a.builtin_extensions = (*a.builtin_extensions, 'transflow'); sys.exit(main(sys.argv[1:]))"
)


def _sphinx(config: Config, target: Target, plan: Plan, out: Path, builder: str, dest: Path,
            log) -> int:  # fmt: skip
    locale_dirs = _catalogs_for_sphinx(config, target, out)
    cmd = [
        sys.executable, "-c", _SPHINX_MAIN, "-b", builder,
        "-D", f"language={target.lang.code}",
        "-D", f"locale_dirs={locale_dirs}",
        "-D", f"transflow_languages={','.join(x.code for x in plan.languages)}",
        "-d", str(out / ".doctrees" / f"{target.lang.code}-{builder}"),
        str(config.source_dir), str(dest),
    ]  # fmt: skip
    if target.draft:
        cmd[5:5] = ["-D", "transflow_draft=1"]
    log.write(f"$ sphinx-build {' '.join(cmd[3:])}\n")  # what runs, without the loader
    log.flush()
    return subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT).returncode


def build_target(config: Config, target: Target, plan: Plan, out: Path) -> Result:
    start = time.monotonic()
    log_path = out / "logs" / f"{target.name}.log"
    stamp = out / ".stamps" / target.name
    fingerprint = _fingerprint(config, target, plan, out)
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
    """``<out>/html/index.html``: every language by native name, with its coverage, its site and
    its PDFs (``templates/transflow-languages.html``, autoescaped, same look as the dashboard)."""
    ok = {(r.target.lang.tag, r.target.fmt) for r in results if r.ok}
    languages = []
    for lang in plan.languages:
        pct = plan.coverage.get(lang.tag)
        pdfs = [
            {"href": f"../pdf/{quote(lang.code)}/{quote(p.name)}", "name": p.stem}
            for r in results
            if r.ok and r.target.lang == lang and r.target.fmt == "pdf"
            for p in r.outputs
        ]
        languages.append({
            "tag": lang.tag, "native_name": lang.native_name, "english_name": lang.english_name,
            "percent": pct, "display": None if pct is None else format_percent(pct),
            "draft": lang.tag in plan.held_back,
            "html": f"{quote(lang.code)}/index.html" if (lang.tag, "html") in ok else None,
            "pdfs": pdfs,
        })  # fmt: skip
    built = {x.tag for x in plan.languages}
    page = pages.render(
        "transflow-languages.html",
        (config.source_dir / "_templates",),
        title="Languages",
        source_tag=config.source_language.tag,
        languages=languages,
        held_back=[(tag, why) for tag, why in plan.held_back.items() if tag not in built],
        css=pages.PAGES_CSS,
        generator=f"transflow {transflow.__version__}",
    )
    path = out / "html" / "index.html"
    write_if_changed(path, page)
    write_if_changed(path.parent / pages.PAGES_CSS, pages.stylesheet())
    return path
