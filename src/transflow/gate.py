"""The release gate: coverage thresholds from the configuration, and the no-regression rule.

Thresholds live in ``[tool.transflow.coverage]``::

    metric = "messages"      # or "words"
    minimum = 80             # every language, as a whole
    max-drop = 2             # points a language may lose against --compare-to REV
    release = 60             # transflow build publishes only languages at or above it
    [tool.transflow.coverage.languages]
    ja = 95                  # a language's own minimum replaces the global one
    [tool.transflow.coverage.documents]
    "mta-joint-statement" = 90   # a document's minimum, in every language
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from transflow import settings
from transflow.catalogs import CatalogRepository
from transflow.config import Config
from transflow.coverage import LanguageCoverage, format_percent, measure
from transflow.errors import ConfigError


@dataclass(frozen=True)
class Thresholds:
    metric: str = "messages"
    minimum: float = 0.0
    languages: Mapping[str, float] = field(default_factory=dict)  # by language tag
    documents: Mapping[str, float] = field(default_factory=dict)  # by document (domain)
    max_drop: float | None = None
    release: float = 0.0

    def for_language(self, tag: str) -> float:
        return self.languages.get(tag, self.minimum)


@dataclass(frozen=True)
class Failure:
    lang: str
    document: str | None  # None: the language as a whole
    actual: float
    required: float
    rule: str  # "minimum", "language", "document" or "regression"
    path: Path | None = None
    baseline: float | None = None  # regression: the percent at the compared revision

    @property
    def message(self) -> str:
        what = f"{self.lang} {self.document}" if self.document else self.lang
        if self.rule == "regression":
            was = (
                (
                    f" (from {format_percent(self.baseline)} to "
                    f"{format_percent(self.baseline - self.actual)})"
                )
                if self.baseline is not None
                else ""
            )
            return (
                f"{what} dropped {self.actual:.1f} points{was}, more than the "
                f"{self.required:g} allowed (max-drop)"
            )
        return f"{what} is at {format_percent(self.actual)}, below the required {self.required:g} %"


def thresholds(config: Config) -> Thresholds:
    """The configured thresholds (validated as the configuration loaded).

    A threshold for a document that no template or catalog has is an error: a misspelt name
    would otherwise be a rule that never applies.
    """
    s = config.settings
    documents = dict(s["coverage.documents"])
    if documents:
        repo = CatalogRepository.of(config)
        known_docs = set(repo.domains()) or {
            d for lang in config.languages for d in repo.po_domains(lang)
        }
        for doc in documents:
            if known_docs and doc not in known_docs:
                known = ", ".join(sorted(known_docs))
                raise s.error(
                    ["coverage", "documents", doc], f"no document {doc!r} (documents: {known})"
                )
    return Thresholds(
        metric=s["coverage.metric"],
        minimum=s["coverage.minimum"],
        languages=dict(s["coverage.languages"]),
        documents=documents,
        max_drop=s["coverage.max-drop"],
        release=s["coverage.release"],
    )


def with_minimum(th: Thresholds, minimum: float) -> Thresholds:
    """``--min``: the command line replaces the configured global minimum."""
    return replace(th, minimum=settings.option("coverage.minimum", minimum, "--min"))


def evaluate(
    report: list[LanguageCoverage],
    th: Thresholds,
    baseline: list[LanguageCoverage] | None = None,
) -> list[Failure]:
    """Every threshold a language or document misses."""
    failures = []
    before = {lc.lang.tag: lc for lc in baseline or []}
    for lc in report:
        tag = lc.lang.tag
        actual = lc.counts.percent(th.metric)
        required = th.for_language(tag)
        if actual < required:
            rule = "language" if tag in th.languages else "minimum"
            failures.append(Failure(tag, None, actual, required, rule))
        for doc in lc.documents:
            need = th.documents.get(doc.domain)
            if need is not None and doc.counts.percent(th.metric) < need:
                failures.append(
                    Failure(
                        tag,
                        doc.domain,
                        doc.counts.percent(th.metric),
                        need,
                        "document",
                        doc.po_path,
                    )
                )
        if th.max_drop is not None and tag in before:
            drop = before[tag].counts.percent(th.metric) - actual
            if drop > th.max_drop:
                failures.append(
                    Failure(
                        tag,
                        None,
                        drop,
                        th.max_drop,
                        "regression",
                        baseline=before[tag].counts.percent(th.metric),
                    )
                )
    return failures


def released(report: list[LanguageCoverage], th: Thresholds) -> dict[str, bool]:
    """Which languages reach the release threshold (``transflow build`` publishes those)."""
    return {lc.lang.tag: lc.counts.percent(th.metric) >= th.release for lc in report}


def _git(top: str | Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(top), *args], capture_output=True)


def measure_at(config: Config, rev: str) -> list[LanguageCoverage]:
    """Coverage as it was at git revision ``rev``: its templates against its catalogs.

    Templates that were not committed (Sphinx's ``_build/gettext``) cannot be read back: the
    catalogs of ``rev`` are then counted as they were (after ``transflow update`` they hold
    every message of their template). A language without catalogs at ``rev`` is left out: it
    cannot have dropped.
    """
    root = config.root
    try:
        done = _git(root, "rev-parse", "--show-toplevel")
    except OSError:
        raise ConfigError("--compare-to needs git, which is not installed") from None
    if done.returncode != 0:
        raise ConfigError("--compare-to needs a git repository", root)
    top = Path(done.stdout.decode().strip()).resolve()
    if _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode != 0:
        raise ConfigError(f"--compare-to {rev}: no such commit in {top}")
    wanted = {}
    for name, path in (("locale", config.locale_dir), ("pot", config.pot_dir)):
        try:
            rel = path.resolve().relative_to(top).as_posix()
        except ValueError:
            raise ConfigError(f"--compare-to: {path} is outside the git repository {top}") from None
        listed = _git(top, "ls-tree", "-d", "--name-only", rev, "--", rel)
        if listed.returncode == 0 and listed.stdout.strip():
            wanted[name] = rel
    with tempfile.TemporaryDirectory(prefix="transflow-") as tmp:
        base = Path(tmp) / "tree"
        base.mkdir()
        if wanted:
            archive = _git(
                top, "archive", "--format=tar", rev, "--", *dict.fromkeys(wanted.values())
            )
            if archive.returncode != 0:
                message = archive.stderr.decode(errors="replace").strip().splitlines()
                raise ConfigError(
                    f"--compare-to {rev}: {message[-1] if message else 'git archive failed'}"
                )
            tar_path = Path(tmp) / "rev.tar"
            tar_path.write_bytes(archive.stdout)
            with tarfile.open(tar_path) as tar:
                tar.extractall(base, filter="data")
        old = replace(
            config,
            locale_dir=base / wanted.get("locale", "_none_"),
            pot_dir=base / wanted.get("pot", "_none_"),
        )
        repo = CatalogRepository.of(old)
        langs = [lang for lang in config.languages if repo.lang_dir(lang).is_dir()]
        result = measure(old, langs, cache=False)  # a new temporary tree every run
        # Paths into the temporary tree are gone once we return; keep the numbers only.
        return [
            LanguageCoverage(lc.lang, tuple(replace(d, po_path=None) for d in lc.documents))
            for lc in result
        ]
