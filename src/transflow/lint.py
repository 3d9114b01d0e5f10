"""Catalogs → findings: every check over every catalog of the chosen languages.

Configuration (``[tool.transflow.lint]``)::

    disable = ["double-space"]          # checks switched off everywhere
    sphinx = true                       # also run inside Sphinx builds (default)
    [tool.transflow.lint.severity]
    unchanged = "error"                 # make a check stricter (or laxer) than its default
    [tool.transflow.lint.languages.ja]
    disable = ["end-punctuation"]       # ... or switch checks off for one language

Per entry, translators silence findings with comments (see ``checks``).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from transflow import pofile
from transflow.catalogs import CatalogRepository
from transflow.checks import (
    ALL_IDS,
    CATALOG_CHECKS,
    CHECKS,
    OTHER_CHECKS,
    Context,
    Finding,
    ignored,
    run_catalog_checks,
    run_entry_checks,
)
from transflow.config import Config
from transflow.errors import CatalogError
from transflow.languages import Language

_ALL = {**CHECKS, **CATALOG_CHECKS, **OTHER_CHECKS}
SEVERITY = {i: c.severity for i, c in _ALL.items()}
SUMMARY = {i: c.summary for i, c in _ALL.items()}
CHECK_ID = "inconsistent-translation"
SYMLINK_ID = "catalog-outside-tree"
SYMLINK_MESSAGE = (
    "a symbolic link to a file outside the catalog tree: not read (nothing of it is shown), "
    "and the build does not use it"
)


@dataclass(frozen=True)
class LintSettings:
    disabled: frozenset[str] = frozenset()
    per_language: dict[str, frozenset[str]] = field(default_factory=dict)  # tag → disabled ids
    severity: dict[str, str] = field(default_factory=dict)  # id → "error" | "warning"
    sphinx: bool = True

    def enabled(self, lang: Language) -> set[str]:
        off = self.disabled | self.per_language.get(lang.tag, frozenset())
        return {i for i in ALL_IDS if i not in off}


def settings(config: Config) -> LintSettings:
    """The ``lint`` section (validated as the configuration loaded)."""
    s = config.settings
    per_language = {tag: table["disable"] for tag, table in s["lint.languages"].items()}
    return LintSettings(s["lint.disable"], per_language, dict(s["lint.severity"]), s["lint.sphinx"])


def notes(
    config: Config,
    languages: Iterable[Language] | None = None,
    lint_settings: LintSettings | None = None,
) -> list[str]:
    """What lint cannot check, one line each (a language without a spelling dictionary), so a
    skipped check is never silent."""
    from transflow import spelling

    s = lint_settings or settings(config)
    found = []
    for lang in list(languages) if languages is not None else list(config.languages):
        if "spelling" in s.enabled(lang):
            missing = spelling.missing_dictionary(lang)
            if missing:
                found.append(missing)
    return list(dict.fromkeys(found))  # a missing library: one line, not one per language


def lint_catalog(
    path: Path,
    lang: Language,
    enabled: set[str],
    lang_root: Path | None = None,
    default_role: str | None = None,
    sources: Path | None = None,
    source_dir: Path | None = None,
) -> tuple[list[Finding], pofile.Catalog | None]:
    """One catalog's findings; a catalog that does not parse gives ``po-syntax`` findings, one
    per problem, and no catalog."""
    try:
        catalog = pofile.read(path, require_header=False)
    except CatalogError as exc:
        if "po-syntax" not in enabled:
            return [], None
        return [
            Finding(e.path or path, e.line or 1, "error", "po-syntax", e.message)
            for e in exc.errors
        ], None
    ctx = Context(lang, path, catalog, lang_root, default_role, sources, source_dir)
    findings = list(run_catalog_checks(ctx, enabled))
    for entry in catalog.entries:
        findings.extend(run_entry_checks(ctx, entry, enabled))
    return findings, catalog


def _inconsistent(catalogs: list[tuple[Path, pofile.Catalog]]) -> Iterator[Finding]:
    """The same source translated differently in two documents: reported on each later one."""
    first: dict[tuple[str | None, str], tuple[str, Path, int]] = {}
    for path, catalog in catalogs:
        for e in catalog.entries:
            if e.obsolete or e.fuzzy or not e.msgid or not e.msgstr or e.msgid_plural is not None:
                continue
            seen = first.setdefault(e.key, (e.msgstr, path, e.msgstr_line))
            skip = ignored(e)
            if seen[0] != e.msgstr and seen[1] != path and not skip & {"all", CHECK_ID}:
                yield Finding(
                    path,
                    e.msgstr_line,
                    "warning",
                    CHECK_ID,
                    f"translated differently in {seen[1].name}:{seen[2]}: {seen[0][:60]!r}",
                )


def lint(
    config: Config,
    languages: Iterable[Language] | None = None,
    lint_settings: LintSettings | None = None,
) -> list[Finding]:
    """Findings for every catalog of ``languages`` (default: all), sorted by file and line."""
    s = lint_settings or settings(config)
    repo = CatalogRepository.of(config)
    role = _default_role(config)
    # The "#:" references point from the templates' folder into the sources, when there are
    # both (not for a bare catalog tree): lint can then read a message's source as written.
    sources = repo.pot_dir if (config.source_dir / "conf.py").is_file() else None
    findings: list[Finding] = []
    for lang in list(languages) if languages is not None else list(config.languages):
        enabled = s.enabled(lang)
        parsed = []
        if SYMLINK_ID in enabled:
            findings += [
                Finding(path, 1, "error", SYMLINK_ID, SYMLINK_MESSAGE)
                for path in repo.po_outside(lang)
            ]
        for domain in repo.po_domains(lang):
            path = repo.po_path(lang, domain)
            found, catalog = lint_catalog(
                path, lang, enabled, repo.lang_root(lang), role, sources, config.source_dir
            )
            findings += found
            if catalog is not None:
                parsed.append((path, catalog))
        if CHECK_ID in enabled:
            findings += _inconsistent(parsed)
    if s.severity:
        findings = [
            dataclasses.replace(f, severity=s.severity.get(f.check, f.severity)) for f in findings
        ]
    return sorted(findings, key=lambda f: (str(f.path), f.line, f.check, f.message))


def _default_role(config: Config) -> str | None:
    """conf.py's ``default_role`` (packaging.python.org: "any"), under which `text` a
    translation adds is a cross-reference Sphinx warns about, not italics. None for a catalog
    tree without its project, or a conf.py that does not load (the build says why)."""
    conf = config.source_dir / "conf.py"
    if not conf.is_file():
        return None
    return _conf_default_role(config.source_dir, conf.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _conf_default_role(source_dir: Path, _mtime: int) -> str | None:
    """Read once per conf.py version: a build lints each of its languages."""
    from transflow.config import read_conf_py

    try:
        role = read_conf_py(source_dir).get("default_role")
    except Exception:  # conf.py is the project's code: any exception (the build says which)
        return None
    return role if isinstance(role, str) and role else None


def refused(config: Config, languages: Iterable[Language]) -> list[Finding]:
    """The translations a build refuses (:mod:`transflow.untrusted`), whatever the project's
    lint settings switch off: what ``transflow build`` lists in its summary."""
    from transflow.checks import UNTRUSTED_IDS

    keep = UNTRUSTED_IDS | {SYMLINK_ID}
    return lint(config, languages, LintSettings(disabled=frozenset(ALL_IDS) - keep))
