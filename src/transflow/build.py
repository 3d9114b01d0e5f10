"""Catalogs → localized HTML and PDF: one Sphinx build per language, in parallel.

Layout of ``<out>`` (default ``_build``)::

    html/index.html                  versions × languages by native name, with coverage and PDFs
    html/[<version>/]<code>/…        the site in one language (source language included)
    pdf/[<version>/]<code>/<doc>.pdf one PDF per statement and language
    logs/<target>.log                what Sphinx and XeLaTeX said
    pieces/<target>.json             what each target is and the key it was built under
    .doctrees/, .latex/, .stamps/    caches that make re-runs incremental
    .versions/<version>/             each ref's tree (``--versions``), from ``git archive``

Each target (version × language × format) runs in its own process (``sphinx-build``, then
``latexmk``), so one failing language is reported with its log and the others still finish. A
target whose content key (:mod:`transflow.keys`) equals the key of its last successful build is
not started at all; otherwise Sphinx's own environment rebuilds only the documents that need
it. Switchers, alternates and the root index are written last, for what ``<out>`` holds
(:mod:`transflow.assemble`, which also merges pieces built elsewhere).

Languages below the release threshold (``[tool.transflow.coverage] release``) are skipped or
built as marked drafts (``[tool.transflow.build] unreleased = "skip" | "draft"``); the summary
always says which and why.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from transflow import assemble, gate, keys, worker
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
    version: str = ""  # a git ref of --versions; "" for the checkout itself

    @property
    def name(self) -> str:
        """What ``--target`` and ``transflow matrix`` call it: ``[<version>-]<lang>-<format>``."""
        return f"{self.version}-{self.lang.code}-{self.fmt}" if self.version else self.edition

    @property
    def edition(self) -> str:
        return f"{self.lang.code}-{self.fmt}"

    def folder(self, out: Path, kind: str) -> Path:
        """``<out>/<kind>/[<version>/]<lang>``: the checkout alone keeps the unversioned layout."""
        base = out / kind / self.version if self.version else out / kind
        return base / self.lang.code

    def key(self, config: Config, out: Path | None = None) -> str:
        """The content key (:mod:`transflow.keys`) of this target."""
        identity = (
            f"version={self.version} lang={self.lang.code} format={self.fmt} draft={self.draft}"
        )
        return keys.target_key(config, self.lang, identity, out)


@dataclass(frozen=True)
class Plan:
    targets: tuple[Target, ...]
    languages: tuple[Language, ...]  # what the switcher offers: every language built
    held_back: dict[str, str] = field(default_factory=dict)  # tag → why it is not published
    coverage: dict[str, float] = field(default_factory=dict)  # tag → percent
    versions: tuple[str, ...] = ()  # every version built (--versions), newest first
    version: str = ""  # this plan's version, "" for the checkout


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
    version: str = "",
    versions: Iterable[str] = (),
) -> Plan:
    """What to build of ``config``'s project (one version's tree, labelled ``version``)."""
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
            why = (
                f"{format_percent(percents[lang.tag])} translated, below the release threshold "
                f"of {th.release:g} %"
            )
            if policy.unreleased == "skip":
                held_back[lang.tag] = why + ": not built"
                continue
            held_back[lang.tag] = why + ": built as a draft"
            draft = True
        built.append(lang)
        targets += [Target(lang, fmt, draft, version) for fmt in formats]
    return Plan(tuple(targets), tuple(built), held_back, percents, tuple(versions), version)


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
        write_if_changed(copy, repo.po_path(target.lang, domain).read_bytes())
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


def _sphinx(
    config: Config, target: Target, plan: Plan, out: Path, builder: str, dest: Path, log
) -> int:
    locale_dirs = _catalogs_for_sphinx(config, target, out)
    cmd = [
        sys.executable,
        "-c",
        _SPHINX_MAIN,
        "-b",
        builder,
        "-D",
        f"language={target.lang.code}",
        "-D",
        f"locale_dirs={locale_dirs}",
        "-D",
        f"transflow_languages={','.join(x.code for x in plan.languages)}",
        "-d",
        str(target.folder(out, ".doctrees") / builder),
        str(config.source_dir),
        str(dest),
    ]
    if target.draft:
        cmd[5:5] = ["-D", "transflow_draft=1"]
    log.write(f"$ sphinx-build {' '.join(cmd[3:])}\n")  # what runs, without the loader
    log.flush()
    if worker.in_child():  # a forked child of a pre-loaded process: Sphinx runs right here
        return worker.sphinx_main(cmd[3:], log.fileno(), out / ".cache")
    return subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT).returncode


def up_to_date(config: Config, target: Target, out: Path) -> tuple[str, Result | None]:
    """The target's content key and, when it matches the key of its last successful build in
    ``out`` (and its output and piece record are still in place), the result of not building."""
    start = time.monotonic()
    key = target.key(config, out)
    stamp = out / ".stamps" / target.name
    html_dir = target.folder(out, "html")
    pdf_dir = target.folder(out, "pdf")
    expected = html_dir / "index.html" if target.fmt == "html" else pdf_dir
    if (
        stamp.is_file()
        and stamp.read_text() == key
        and expected.exists()
        and assemble.piece_path(out, target.name).is_file()
    ):
        done = tuple(sorted(pdf_dir.glob("*.pdf"))) if target.fmt == "pdf" else (html_dir,)
        log_path = out / "logs" / f"{target.name}.log"
        return key, Result(target, True, True, time.monotonic() - start, log_path, done)
    return key, None


def build_target(
    config: Config, target: Target, plan: Plan, out: Path, key: str | None = None
) -> Result:
    """Build one target into ``out``, or skip it when its content key matches the key of its
    last successful build there (and its output and piece record are still in place).
    ``key``: already computed, and found stale (:func:`up_to_date`)."""
    start = time.monotonic()
    if key is None:
        key, skipped = up_to_date(config, target, out)
        if skipped is not None:
            return skipped
    log_path = out / "logs" / f"{target.name}.log"
    stamp = out / ".stamps" / target.name
    html_dir = target.folder(out, "html")
    pdf_dir = target.folder(out, "pdf")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    named: dict[str, str] = {}
    with log_path.open("w", encoding="utf-8") as log:
        if target.fmt == "html":
            code = _sphinx(config, target, plan, out, "html", html_dir, log)
            outputs: tuple[Path, ...] = (html_dir,)
        else:
            latex_dir = target.folder(out, ".latex")
            code = _sphinx(config, target, plan, out, "latex", latex_dir, log)
            outputs = ()
            if code == 0:
                from transflow import pdf

                try:
                    result = pdf.build_pdfs(latex_dir, pdf_dir)
                except TransflowError as exc:
                    log.write(f"\n{exc}\n")
                    code = 1
                else:
                    outputs = result.pdfs
                    named = pdf.titles(latex_dir)
                    for line in result.problems:
                        log.write(f"WARNING: {line}\n")
    seconds = time.monotonic() - start
    if code != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        return Result(target, False, False, seconds, log_path, outputs, "\n".join(tail))
    assemble.write_piece(
        out,
        assemble.Piece(
            name=target.name,
            version=target.version,
            lang=target.lang.code,
            tag=target.lang.tag,
            native_name=target.lang.native_name,
            english_name=target.lang.english_name,
            format=target.fmt,
            key=key,
            draft=target.draft,
            coverage=plan.coverage.get(target.lang.tag),
            outputs=tuple(p.relative_to(out).as_posix() for p in outputs),
            versions=plan.versions,
            source_language=config.source_language.tag,
            titles={
                p.relative_to(out).as_posix(): named[p.name] for p in outputs if p.name in named
            },
        ),
    )
    write_if_changed(stamp, key)
    if target.lang != config.source_language:
        refusals(config, target.lang, out)  # for the summary, here in parallel
    return Result(target, True, False, seconds, log_path, outputs)


SYMLINK_ID = "catalog-outside-tree"  # lint.SYMLINK_ID, without importing every check


class Refusal(NamedTuple):
    path: Path
    line: int
    check: str
    message: str


def refusals(cfg: Config, lang: Language, out: Path) -> list[Refusal]:
    """``lint.refused`` for one language (what the build summary lists), kept in
    ``<out>/.cache`` under a key of its catalogs' contents and transflow's code: each target
    fills it as it builds, in parallel, and a re-run with unchanged catalogs reads the list
    instead of judging every message again."""
    import json

    catalogs = keys.files(CatalogRepository.of(cfg).lang_dir(lang))
    key = keys.key(f"refused {lang.code}", cfg.root, {"catalogs": catalogs})
    cache = out / ".cache" / "refused" / f"{lang.code}.json"
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data["key"] == key:
            return [Refusal(Path(p), line, check, msg) for p, line, check, msg in data["rows"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from transflow import lint
    from transflow.sphinx import lint as lint_sphinx

    assert lint.SYMLINK_ID == SYMLINK_ID
    # In a forked child, the one Sphinx build this process ran linted the catalogs already.
    linted = lint_sphinx.REFUSED.pop(lang.code, None) if worker.in_child() else None
    if linted is None:
        linted = lint.refused(cfg, [lang])
    found = [Refusal(f.path, f.line, f.check, f.message) for f in linted]
    rows = [[str(f.path), f.line, f.check, f.message] for f in found]
    write_if_changed(cache, json.dumps({"key": key, "rows": rows}, ensure_ascii=False))
    return found


def _catalog_bytes(config: Config, lang: Language) -> int:
    """How much translation ``lang`` has: the size of its catalogs."""
    folder = CatalogRepository.of(config).lang_dir(lang)
    return sum(p.stat().st_size for p in folder.rglob("*.po")) if folder.is_dir() else 0


def build(
    config: Config,
    plan: Plan,
    out: Path,
    jobs: int | None = None,
    progress: Callable[[int, int, Result], None] | None = None,
    *,
    more: Iterable[tuple[Config, Plan]] = (),
    finish: bool = True,
) -> list[Result]:
    """Build every target of ``plan`` (and of the versions' plans in ``more``) with ``jobs``
    parallel processes (default: one per core), then, unless ``finish`` is false (one piece of
    a split build), write the switchers and the root index for what ``out`` holds."""
    jobs = jobs or os.cpu_count() or 1
    work = [(config, plan), *more]
    out.mkdir(parents=True, exist_ok=True)
    (out / keys.OUTPUT_MARK).touch()
    results: list[Result] = []
    total = sum(len(p.targets) for _, p in work)

    def done(result: Result) -> None:
        results.append(result)
        if progress:
            progress(len(results), total, result)

    # Up-to-date targets are found here, without loading Sphinx: a no-change re-run costs
    # hashing the inputs and nothing more.
    stale = []
    for c, p in work:
        for t in p.targets:
            key, skipped = up_to_date(c, t, out)
            if skipped is not None:
                done(skipped)
            else:
                stale.append((c, t, p, key))
    # Longest first, so that no core waits at the end for one long target started last: a PDF
    # takes several times an HTML build; then the more translated text, the longer (OnionShare's
    # Spanish 6 s, Sinhala 1.5 s), the source language as long as the longest.
    sizes = {(c.source_dir, t.lang): _catalog_bytes(c, t.lang) for c, t, *_ in stale}
    longest = max(sizes.values(), default=0)
    stale.sort(
        key=lambda item: (
            item[1].fmt != "pdf",
            -(
                longest
                if item[1].lang == item[0].source_language
                else sizes[item[0].source_dir, item[1].lang]
            ),
        )
    )
    for source_dir in dict.fromkeys(c.source_dir for c, *_ in stale):
        from transflow.config import read_conf_py

        read_conf_py(source_dir)  # an error in conf.py once, with its line, not per target
        if worker.forking():
            worker.preload(source_dir)

    def failed(item: tuple[Config, Target, Plan, str], why: str) -> Result:
        log = out / "logs" / f"{item[1].name}.log"
        return Result(item[1], False, False, 0.0, log, error=why)

    worker.run_all(
        lambda item: build_target(item[0], item[1], item[2], out, item[3]),
        stale,
        jobs,
        done,
        failed,
    )
    order = {t: i for i, t in enumerate(t for _, p in work for t in p.targets)}
    results.sort(key=lambda r: order[r.target])
    if finish:
        held = {
            f"{tag} ({p.version})" if p.version else tag: why
            for _, p in work
            for tag, why in p.held_back.items()
        }
        templates = config.source_dir / "_templates"
        # The switchers and the root index depend on the pieces, what is held back and the
        # templates only: when no target was built and those are the same, they are in place.
        stamp = out / ".stamps" / "finish"
        inputs = {
            "pieces": sorted((out / "pieces").glob("*.json")),
            "templates": keys.files(templates),
        }
        key = keys.key(repr(sorted(held.items())), out, inputs)
        if (
            any(not r.up_to_date for r in results)
            or not stamp.is_file()
            or stamp.read_text() != key
        ):
            stamp.unlink(missing_ok=True)
            assemble.finish(out, held, (templates,))
            write_if_changed(stamp, key)
    return results
