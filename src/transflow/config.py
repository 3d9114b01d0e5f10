"""The project's configuration: one place that says where things are and which languages exist.

It is the ``[tool.transflow]`` table of the project's ``pyproject.toml`` (or a ``transflow.toml``
with the same keys at top level). A Sphinx project without either still works: the source
directory is found by its ``conf.py``, the locale directory is read from Sphinx's
``locale_dirs``, and the languages are the directories found there.

Each later step (coverage, lint, build) owns a sub-table (``[tool.transflow.coverage]`` ...) and
validates it itself; this module only hands it over, with the file it came from.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transflow.errors import ConfigError, LanguageError
from transflow.languages import Language, resolve

_KEYS = {
    "source-dir", "locale-dir", "pot-dir", "source-language", "languages",
    "update", "coverage", "lint", "build",
}  # fmt: skip
_SOURCE_CANDIDATES = (".", "docs", "doc", "docs/source", "doc/source", "source")


@dataclass(frozen=True)
class UpdateSettings:
    """How ``transflow update`` merges templates into catalogs."""

    fuzzy_threshold: float = 0.6  # similarity (0–1) for keeping an old translation as fuzzy
    fuzzy: bool = True
    width: int | None = None  # new catalogs: wrap at N (0: unwrapped); None: as the others
    purge_obsolete: bool = False


@dataclass(frozen=True)
class Config:
    root: Path  # the directory paths in the configuration are relative to
    source_dir: Path  # the Sphinx source directory (holds conf.py)
    locale_dir: Path
    pot_dir: Path
    source_language: Language
    languages: tuple[Language, ...]
    file: Path | None = None  # where the settings were read from, for error messages
    update: UpdateSettings = UpdateSettings()
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def section(self, name: str) -> Mapping[str, Any]:
        """A step's own sub-table (``coverage``, ``lint``, ``build``), empty if absent."""
        return self.sections.get(name, {})

    def where(self, key: str) -> str:
        """How an error message names a configuration key, e.g. ``coverage.minimum``."""
        table, _, name = f"tool.transflow.{key}".rpartition(".")
        if self.file is not None and self.file.name == "transflow.toml":
            table = table.removeprefix("tool.transflow").lstrip(".")
        section = f"[{table}] " if table else ""
        return f"{self.file}: {section}{name}" if self.file else name

    def language(self, code: str) -> Language:
        """A configured language by any spelling of its code; an error names the known ones."""
        try:
            wanted = resolve(code)
        except LanguageError:
            wanted = None
        for lang in self.languages:
            if wanted is not None and (lang.tag == wanted.tag or lang.code == wanted.code):
                return lang
        known = ", ".join(lang.tag for lang in self.languages) or "none"
        if wanted is None:
            resolve(code)  # raises with a suggestion
        raise LanguageError(
            f"language {code!r} is not configured (configured: {known}); "
            f"add it with 'transflow add-language {code}'"
        )

    def select(self, codes: list[str] | None) -> list[Language]:
        return [self.language(c) for c in codes] if codes else list(self.languages)


def _find_config_file(start: Path) -> tuple[Path, dict[str, Any]] | None:
    for directory in (start, *start.parents):
        candidate = directory / "transflow.toml"
        if candidate.is_file():
            return candidate, _load_toml(candidate)
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            data = _load_toml(candidate)
            table = data.get("tool", {}).get("transflow")
            if table is not None:
                return candidate, table
        if (directory / ".git").exists():
            break  # do not wander out of the repository
    return None


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise ConfigError(
            f"invalid TOML: {exc.msg if hasattr(exc, 'msg') else exc}", path, line
        ) from None


def _find_source_dir(root: Path) -> Path | None:
    for rel in _SOURCE_CANDIDATES:
        if (root / rel / "conf.py").is_file():
            return (root / rel).resolve()
    return None


def _make_gettext_dir(source_dir: Path) -> Path:
    """Where ``make gettext`` of the project puts the templates, which sphinx-intl users keep.

    sphinx-quickstart's Makefile says it: ``BUILDDIR = _build`` beside conf.py, or ``BUILDDIR =
    build`` beside a ``source`` folder (``SOURCEDIR = source``); without one, ``_build``.
    """
    for folder in (source_dir, source_dir.parent):
        try:
            text = (folder / "Makefile").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        sources = re.search(r"^SOURCEDIR\s*\?*=\s*(\S+)", text, re.M)
        builds = re.search(r"^BUILDDIR\s*\?*=\s*(\S+)", text, re.M)
        if builds and (folder / (sources.group(1) if sources else ".")).resolve() == source_dir:
            return folder / builds.group(1) / "gettext"
    return source_dir / "_build" / "gettext"


def _sphinx_locale_dirs(source_dir: Path) -> list[str]:
    """``locale_dirs`` as conf.py sets it, read by Sphinx itself."""
    from sphinx.config import Config as SphinxConfig
    from sphinx.errors import ConfigError as SphinxConfigError
    from sphinx.util.tags import Tags

    try:
        conf = SphinxConfig.read(source_dir, overrides={}, tags=Tags())
    except SphinxConfigError as exc:
        raise ConfigError(f"Sphinx could not read conf.py: {exc}", source_dir / "conf.py") from None
    # The raw namespace: Sphinx's defaults apply only once an application registers them.
    return list(conf._raw_config.get("locale_dirs", ["locales"]))


def _discover_languages(locale_dir: Path) -> list[str]:
    if not locale_dir.is_dir():
        return []
    return sorted(
        d.name for d in locale_dir.iterdir()
        if d.is_dir() and (d / "LC_MESSAGES").is_dir() and not d.name.startswith(("_", "."))
    )  # fmt: skip


def load(
    project: str | Path | None = None,
    *,
    locale_dir: str | Path | None = None,
    languages: list[str] | None = None,
    require_sources: bool = True,
) -> Config:
    """The configuration of the project in (or above) ``project``, default the working directory.

    ``locale_dir`` points at a bare catalog tree (no Sphinx project needed); ``languages``
    limits or, for a bare tree, names the languages.
    """
    start = Path(project or ".").resolve()
    if not start.is_dir():
        raise ConfigError("project directory does not exist", start)
    found = _find_config_file(start)
    table: dict[str, Any] = {}
    file = None
    if found:
        file, table = found
        unknown = sorted(set(table) - _KEYS)
        if unknown:
            raise ConfigError(
                f"unknown key(s) {', '.join(unknown)} in the transflow settings "
                f"(known: {', '.join(sorted(_KEYS))})",
                file,
            )
    root = file.parent if file else start

    def path_of(key: str, default: Path | None) -> Path | None:
        value = table.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            raise ConfigError(f"'{key}' must be a path string", file)
        return (root / value).resolve()

    source_dir = path_of("source-dir", None)
    if source_dir is None:
        source_dir = _find_source_dir(start) or _find_source_dir(root)
    if locale_dir is not None:
        loc = Path(locale_dir).resolve()
        if not loc.is_dir():
            raise ConfigError("locale directory does not exist", loc)
    else:
        loc = path_of("locale-dir", None)
    if (require_sources or loc is None) and (
        source_dir is None or not (source_dir / "conf.py").is_file()
    ):
        where = source_dir or start
        raise ConfigError(
            "no Sphinx project here: conf.py not found (use --project DIR, set "
            "'source-dir' in [tool.transflow], or --locale-dir for a bare catalog tree)",
            where / "conf.py",
        )
    if loc is None:
        assert source_dir is not None
        dirs = _sphinx_locale_dirs(source_dir)
        loc = (source_dir / (dirs[0] if dirs else "locales")).resolve()
    pot_default = _make_gettext_dir(source_dir) if source_dir else loc / "_pot"
    pot_dir = path_of("pot-dir", pot_default.resolve())
    assert pot_dir is not None

    def lang_of(code: Any, key: str) -> Language:
        if not isinstance(code, str):
            raise ConfigError(f"'{key}' entries must be language codes (strings)", file)
        try:
            return resolve(code)
        except LanguageError as exc:
            raise ConfigError(f"'{key}': {exc}", file) from None

    if locale_dir is not None:  # a tree pointed at: its own languages, not the project's
        codes, key = languages or _discover_languages(loc), "--lang"
    else:
        codes, key = table.get("languages"), "languages"
        if codes is not None and not isinstance(codes, list):
            raise ConfigError("'languages' must be a list of language codes", file)
        if codes is None:
            codes = _discover_languages(loc)
    langs = [lang_of(c, key) for c in codes]
    source_language = lang_of(table.get("source-language", "en"), "source-language")
    return Config(
        root=root,
        source_dir=source_dir if source_dir is not None else loc,
        locale_dir=loc,
        pot_dir=pot_dir,
        source_language=source_language,
        languages=tuple(dict.fromkeys(langs)),
        file=file,
        update=_update_settings(table.get("update", {}), file),
        sections={k: v for k, v in table.items() if isinstance(v, dict)},
    )


def _update_settings(table: Mapping[str, Any], file: Path | None) -> UpdateSettings:
    known = {"fuzzy-threshold", "fuzzy", "width", "purge-obsolete"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"unknown key(s) in [tool.transflow.update]: {', '.join(unknown)}", file)
    threshold = table.get("fuzzy-threshold", UpdateSettings.fuzzy_threshold)
    if (
        not isinstance(threshold, int | float)
        or isinstance(threshold, bool)
        or not 0 <= threshold <= 1
    ):
        raise ConfigError(
            "[tool.transflow.update] fuzzy-threshold must be a number from 0 to 1", file
        )
    width = table.get("width")
    if width is not None and (not isinstance(width, int) or isinstance(width, bool) or width < 0):
        raise ConfigError("[tool.transflow.update] width must be a whole number ≥ 0", file)
    for key in ("fuzzy", "purge-obsolete"):
        if not isinstance(table.get(key, False), bool):
            raise ConfigError(f"[tool.transflow.update] {key} must be true or false", file)
    return UpdateSettings(
        fuzzy_threshold=float(threshold),
        fuzzy=table.get("fuzzy", True),
        width=width,
        purge_obsolete=table.get("purge-obsolete", False),
    )
