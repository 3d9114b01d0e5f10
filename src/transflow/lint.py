"""Catalogs → findings: every check over every catalog of the chosen languages.

Configuration (``[tool.transflow.lint]``)::

    disable = ["double-space"]          # checks switched off everywhere
    [tool.transflow.lint.languages.ja]
    disable = ["end-punctuation"]       # ... or for one language
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from transflow import pofile
from transflow.catalogs import CatalogRepository
from transflow.checks import (
    ALL_IDS,
    CATALOG_CHECKS,
    CHECKS,
    Context,
    Finding,
    run_catalog_checks,
    run_entry_checks,
)
from transflow.config import Config
from transflow.errors import CatalogError, ConfigError, LanguageError
from transflow.languages import Language

SEVERITY = {c.id: c.severity for c in (*CHECKS.values(), *CATALOG_CHECKS.values())}
SEVERITY.update({"inconsistent-translation": "warning", "po-syntax": "error"})
SUMMARY = {c.id: c.summary for c in (*CHECKS.values(), *CATALOG_CHECKS.values())}
SUMMARY.update({
    "inconsistent-translation": "the same source is translated differently in two documents",
    "po-syntax": "the catalog does not parse",
})  # fmt: skip


@dataclass(frozen=True)
class LintSettings:
    disabled: frozenset[str] = frozenset()
    per_language: dict[str, frozenset[str]] = field(default_factory=dict)  # tag → disabled ids

    def enabled(self, lang: Language) -> set[str]:
        off = self.disabled | self.per_language.get(lang.tag, frozenset())
        return {i for i in ALL_IDS if i not in off}


def settings(config: Config) -> LintSettings:
    table = config.section("lint")
    unknown = sorted(set(table) - {"disable", "languages", "sphinx"})
    if unknown:
        raise ConfigError(f"{config.where('lint')}: unknown key(s) {', '.join(unknown)}")

    def ids(value: object, key: str) -> frozenset[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{config.where(key)} must be a list of check ids")
        bad = [v for v in value if v not in ALL_IDS]
        if bad:
            raise ConfigError(f"{config.where(key)}: unknown check id(s) {', '.join(bad)}")
        return frozenset(value)

    per_language = {}
    for code, sub in table.get("languages", {}).items():
        key = f"lint.languages.{code}.disable"
        try:
            lang = config.language(code)
        except LanguageError as exc:
            raise ConfigError(f"{config.where(key)}: {exc}") from None
        per_language[lang.tag] = ids(sub.get("disable", []), key)
    return LintSettings(ids(table.get("disable", []), "lint.disable"), per_language)


def lint_catalog(
    path: Path, lang: Language, enabled: set[str]
) -> tuple[list[Finding], pofile.Catalog | None]:
    try:
        catalog = pofile.read(path, require_header=False)
    except CatalogError as exc:
        return [
            Finding(e.path or path, e.line or 1, "error", "po-syntax", e.message)
            for e in exc.errors
        ], None
    ctx = Context(lang, path, catalog)
    findings = list(run_catalog_checks(ctx, enabled))
    for entry in catalog.entries:
        findings.extend(run_entry_checks(ctx, entry, enabled))
    return findings, catalog


def lint(
    config: Config,
    languages: Iterable[Language] | None = None,
    lint_settings: LintSettings | None = None,
) -> list[Finding]:
    """Findings for every catalog of ``languages``, sorted by file and line."""
    s = lint_settings or settings(config)
    repo = CatalogRepository.of(config)
    findings: list[Finding] = []
    for lang in list(languages) if languages is not None else list(config.languages):
        enabled = s.enabled(lang)
        seen: dict[tuple[str | None, str], tuple[str, Path, int]] = {}
        for domain in repo.po_domains(lang):
            path = repo.po_path(lang, domain)
            found, catalog = lint_catalog(path, lang, enabled)
            findings += found
            if catalog is None or "inconsistent-translation" not in enabled:
                continue
            for e in catalog.entries:
                if e.obsolete or e.fuzzy or not e.msgstr or e.msgid_plural is not None:
                    continue
                first = seen.setdefault(e.key, (e.msgstr, path, e.msgstr_line))
                if first[0] != e.msgstr and first[1] != path:
                    findings.append(Finding(
                        path, e.msgstr_line, "warning", "inconsistent-translation",
                        f"translated differently in {first[1].name}:{first[2]} ({first[0][:40]!r})",
                    ))  # fmt: skip
    return sorted(findings, key=lambda f: (str(f.path), f.line, f.check))
