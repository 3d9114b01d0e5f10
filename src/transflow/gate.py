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
from typing import Any

from transflow.catalogs import CatalogRepository
from transflow.config import Config
from transflow.coverage import LanguageCoverage, format_percent, measure
from transflow.errors import ConfigError, LanguageError

_KEYS = {"metric", "minimum", "max-drop", "release", "languages", "documents"}


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

    @property
    def message(self) -> str:
        what = f"{self.lang} {self.document}" if self.document else self.lang
        if self.rule == "regression":
            return (f"{what} dropped {self.actual:.1f} points, more than the {self.required:g} "
                    "allowed (max-drop)")  # fmt: skip
        return f"{what} is at {format_percent(self.actual)}, below the required {self.required:g} %"


def _percent(config: Config, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{config.where(key)} must be a number from 0 to 100, not {value!r}")
    if not 0 <= value <= 100:
        raise ConfigError(f"{config.where(key)} must be from 0 to 100, not {value!r}")
    return float(value)


def thresholds(config: Config) -> Thresholds:
    """The validated thresholds; every error names the key it is about."""
    table = config.section("coverage")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"{config.where('coverage')}: unknown key(s) {', '.join(unknown)} "
                          f"(known: {', '.join(sorted(_KEYS))})")  # fmt: skip
    metric = table.get("metric", "messages")
    if metric not in ("messages", "words"):
        raise ConfigError(f'{config.where("coverage.metric")} must be "messages" or "words"')
    languages = {}
    for code, value in table.get("languages", {}).items():
        key = f"coverage.languages.{code}"
        try:
            lang = config.language(code)
        except LanguageError as exc:
            raise ConfigError(f"{config.where(key)}: {exc}") from None
        languages[lang.tag] = _percent(config, key, value)
    documents = {}
    known_docs = set(CatalogRepository.of(config).domains())
    for doc, value in table.get("documents", {}).items():
        key = f"coverage.documents.{doc}"
        if known_docs and doc not in known_docs:
            raise ConfigError(f"{config.where(key)}: no document {doc!r} "
                              f"(documents: {', '.join(sorted(known_docs))})")  # fmt: skip
        documents[doc] = _percent(config, key, value)
    max_drop = table.get("max-drop")
    return Thresholds(
        metric=metric,
        minimum=_percent(config, "coverage.minimum", table.get("minimum", 0)),
        languages=languages,
        documents=documents,
        max_drop=None if max_drop is None else _percent(config, "coverage.max-drop", max_drop),
        release=_percent(config, "coverage.release", table.get("release", 0)),
    )


def with_minimum(th: Thresholds, minimum: float) -> Thresholds:
    """``--min``: the command line replaces the configured global minimum."""
    if not 0 <= minimum <= 100:
        raise ConfigError(f"--min must be from 0 to 100, not {minimum:g}")
    return replace(th, minimum=minimum)


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
                failures.append(Failure(tag, doc.domain, doc.counts.percent(th.metric), need,
                                        "document", doc.po_path))  # fmt: skip
        if th.max_drop is not None and tag in before:
            drop = before[tag].counts.percent(th.metric) - actual
            if drop > th.max_drop:
                failures.append(Failure(tag, None, drop, th.max_drop, "regression"))
    return failures


def released(report: list[LanguageCoverage], th: Thresholds) -> dict[str, bool]:
    """Which languages reach the release threshold (``transflow build`` publishes those)."""
    return {lc.lang.tag: lc.counts.percent(th.metric) >= th.release for lc in report}


def measure_at(config: Config, rev: str) -> list[LanguageCoverage]:
    """Coverage as it was at git revision ``rev``: its templates against its catalogs."""
    root = config.root
    try:
        top = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        raise ConfigError("--compare-to needs a git repository", root) from None
    top_path = Path(top)
    paths = [
        p.resolve().relative_to(top_path).as_posix() for p in (config.locale_dir, config.pot_dir)
    ]
    with tempfile.TemporaryDirectory(prefix="transflow-") as tmp:
        archive = subprocess.run(
            ["git", "-C", top, "archive", "--format=tar", rev, "--", *dict.fromkeys(paths)],
            capture_output=True,
        )  # fmt: skip
        if archive.returncode != 0:
            message = archive.stderr.decode(errors="replace").strip().splitlines()
            raise ConfigError(
                f"--compare-to {rev}: {message[-1] if message else 'git archive failed'}"
            )
        tar_path = Path(tmp) / "rev.tar"
        tar_path.write_bytes(archive.stdout)
        with tarfile.open(tar_path) as tar:
            tar.extractall(tmp, filter="data")
        old = replace(config, locale_dir=Path(tmp) / paths[0], pot_dir=Path(tmp) / paths[1])
        result = measure(old)
        # Paths into the temporary tree are gone once we return; keep the numbers only.
        return [
            LanguageCoverage(lc.lang, tuple(replace(d, po_path=None) for d in lc.documents))
            for lc in result
        ]
