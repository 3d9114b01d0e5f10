"""The project's configuration: one place that says where things are and which languages exist.

It is the ``[tool.transflow]`` table of the project's ``pyproject.toml`` (or a ``transflow.toml``
with the same keys at top level). A Sphinx project without either still works: the source
directory is found by its ``conf.py``, the locale directory is read from Sphinx's
``locale_dirs``, and the languages are the directories found there.

Every key is checked against :mod:`transflow.settings` as the file loads; the steps (coverage,
lint, build) read ``Config.settings``; only cross-checks against the files (a threshold for a
document that does not exist) are left to them.
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from transflow import settings as schema
from transflow.errors import ConfigError, LanguageError
from transflow.languages import Language, place, resolve

TYPE_CHECKING = False  # typing not imported: start-up time (benchmarks/bench_startup.py)
if TYPE_CHECKING:
    from typing import Any

logger = logging.getLogger(__name__)

_SOURCE_CANDIDATES = (".", "docs", "doc", "docs/source", "doc/source", "source")


@dataclass(frozen=True)
class UpdateSettings:
    """How ``transflow update`` merges templates into catalogs."""

    fuzzy_threshold: float = 0.6  # similarity (0–1) for keeping an old translation as fuzzy
    fuzzy: bool = True
    width: int | None = None  # new catalogs: wrap at N (0: unwrapped); None: as the others
    purge_obsolete: bool = False
    # Translation memory (transflow.memory): configured files, the project's other catalogs,
    # the near-match threshold, how exact matches are filled; revisions and sources to drop
    # come from the command line.
    tm: tuple[str, ...] = ()
    tm_project: bool = False
    tm_threshold: float = 0.85
    tm_exact: str = "fuzzy"
    tm_revs: tuple[str, ...] = ()
    tm_drop: tuple[str, ...] = ()


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
    settings: schema.Settings = field(
        default_factory=schema.defaults
    )  # every key of [tool.transflow], validated
    warnings: tuple[str, ...] = ()  # e.g. a catalog directory no language fits
    # Builds and caches: the BUILDDIR of the project's Makefile, else _build beside the settings.
    build_dir: Path = Path("_build")
    flat: bool = False  # locale_dir holds one language's catalogs itself (a python-docs-* tree)

    def language(self, code: str) -> Language:
        """A configured language by its directory name or any spelling of its language; an
        error names the known ones."""
        for lang in self.languages:
            if lang.code == code:
                return lang
        try:
            wanted = resolve(code)
        except LanguageError:
            wanted = None
        for lang in self.languages:
            if wanted is not None and (lang.tag == wanted.tag or lang.code == wanted.code):
                return lang
        known = ", ".join(lang.code for lang in self.languages) or "none"
        if wanted is None:
            resolve(code)  # raises with a suggestion
        raise LanguageError(
            f"language {code!r} is not configured (configured: {known}); "
            f"add it with 'transflow add-language {code}'"
        )

    def select(self, codes: list[str] | None) -> list[Language]:
        """The languages named on the command line (``--lang``), all when none is."""
        if not codes:
            return list(self.languages)
        chosen = []
        for code in codes:
            try:
                chosen.append(self.language(code))
            except LanguageError as exc:
                raise ConfigError(f"--lang {code}: {exc.message}") from None
        return chosen


def _find_config_file(start: Path) -> tuple[schema.Source, Any] | None:
    """The settings file and its transflow table, looking up from ``start`` to the repository."""
    for directory in (start, *start.parents):
        candidate = directory / "transflow.toml"
        if candidate.is_file():
            text, data = _load_toml(candidate)
            return schema.Source(candidate, (), text), data
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            text, data = _load_toml(candidate)
            tool = data.get("tool", {})
            source = schema.Source(candidate, ("tool", "transflow"), text)
            if not isinstance(tool, Mapping):
                raise ConfigError(
                    f"tool must be a table ([tool]), not {tool!r}",
                    candidate,
                    schema.locate(text, ["tool"]),
                )
            if "transflow" in tool:
                return source, tool["transflow"]
        if (directory / ".git").exists():
            break  # do not wander out of the repository
    return None


def _load_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """The file's text (to find a key's line) and its data; every failure is a ConfigError."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the settings: {exc.strerror}", path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x}); TOML files must be UTF-8", path, at
        ) from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.14 gives the line; before, only the message says it.
        where = re.search(r"\(at line (\d+), column \d+\)$", str(exc))
        line: int | None = getattr(exc, "lineno", None) or (int(where.group(1)) if where else None)
        raise ConfigError(f"invalid TOML: {exc}", path, line) from None


def _find_source_dir(root: Path) -> Path | None:
    for rel in _SOURCE_CANDIDATES:
        if (root / rel / "conf.py").is_file():
            return (root / rel).resolve()
    return None


def _make_build_dir(source_dir: Path) -> Path | None:
    """Where the project's own ``make`` puts its builds, when it has a Makefile for this source
    folder: sphinx-quickstart's ``BUILDDIR = _build`` beside conf.py, or ``BUILDDIR = build``
    beside a ``source`` folder (``SOURCEDIR = source``)."""
    for folder in (source_dir, source_dir.parent):
        try:
            text = (folder / "Makefile").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        sources = re.search(r"^SOURCEDIR\s*\?*=\s*(\S+)", text, re.M)
        builds = re.search(r"^BUILDDIR\s*\?*=\s*(\S+)", text, re.M)
        if builds and (folder / (sources.group(1) if sources else ".")).resolve() == source_dir:
            return (folder / builds.group(1)).resolve()
    return None


def conf_py_error(exc: Exception, conf_py: Path) -> ConfigError:
    """Sphinx's error about conf.py as one line with its place (Sphinx embeds a traceback)."""
    text = str(exc).strip()
    line = None
    frames = re.findall(r'File "([^"]+)", line (\d+)', text)
    conf_frames = [int(n) for f, n in frames if Path(f).name == "conf.py"]
    if conf_frames:
        line = conf_frames[-1]
    elif syntax := re.search(r"\(conf\.py, line (\d+)\)", text):
        line = int(syntax.group(1))
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if "Traceback (most recent call last):" in text:
        message = f"{lines[0].rstrip(':')}: {lines[-1].strip()}"
    else:
        message = " ".join(ln.strip() for ln in lines)
    return ConfigError(f"Sphinx failed: {message}", conf_py, line)


def read_conf_py(source_dir: Path) -> dict[str, Any]:
    """The names conf.py sets, evaluated by Sphinx itself; an exception in it is a ConfigError
    naming ``conf.py:line``.

    The raw namespace: Sphinx's defaults apply only once an application registers them.
    """
    from sphinx.config import Config as SphinxConfig
    from sphinx.errors import ConfigError as SphinxConfigError
    from sphinx.util.tags import Tags

    try:
        conf = SphinxConfig.read(source_dir, overrides={}, tags=Tags())
    except SphinxConfigError as exc:
        raise conf_py_error(exc, source_dir / "conf.py") from None
    return dict(conf._raw_config)


def _sphinx_locale_dirs(source_dir: Path) -> list[str]:
    """``locale_dirs`` as conf.py sets it (Sphinx: a list of folders relative to conf.py).

    Sphinx iterates the value: a string would be read letter by letter and find no catalogs
    (Sphinx only warns about the type), so anything but a list of paths is an error here.
    """
    conf_py = source_dir / "conf.py"
    value = read_conf_py(source_dir).get("locale_dirs", ["locales"])
    if isinstance(value, list | tuple) and all(isinstance(v, str | os.PathLike) for v in value):
        return [os.fspath(v) for v in value]
    hint = f" (write [{value!r}])" if isinstance(value, str) else ""
    raise ConfigError(
        f"locale_dirs must be a list of folders, not {value!r}{hint}", conf_py, _line_of(conf_py)
    )


def _line_of(conf_py: Path, name: str = "locale_dirs") -> int | None:
    """The line of conf.py that assigns ``name``, for error messages."""
    text = conf_py.read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*{name}\s*[:=]", line):
            return number
    return None


def _is_flat(locale_dir: Path) -> bool:
    """A catalog tree of one language (``about.po``, ``library/os.po`` at its top), as the
    python-docs-* translation repositories are, rather than ``<code>/LC_MESSAGES/``."""
    if not locale_dir.is_dir() or not any(locale_dir.glob("*.po")):
        return False
    return not any((d / "LC_MESSAGES").is_dir() for d in locale_dir.iterdir() if d.is_dir())


def _flat_language(locale_dir: Path) -> str:
    """The language of a one-language tree: its catalogs' ``Language`` header."""
    from transflow import pofile

    for po in sorted(locale_dir.glob("*.po")):
        code = pofile.read(po).metadata.get("Language", "").strip()
        if code:
            return code
    raise ConfigError(
        "the catalogs here are one language's, but none says which in a Language header: "
        "name it with --lang",
        locale_dir,
    )


def _discover_languages(locale_dir: Path) -> list[str]:
    if not locale_dir.is_dir():
        return []
    return sorted(
        d.name
        for d in locale_dir.iterdir()
        if d.is_dir() and (d / "LC_MESSAGES").is_dir() and not d.name.startswith(("_", "."))
    )


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
    source, table = found if found else (schema.Source(None, ()), {})
    settings = schema.validate(table, source)
    file = source.file
    root = file.parent if file else start

    def path_of(key: str) -> Path | None:
        value = settings[key]
        return None if value is None else (root / value).resolve()

    def folder(path: Path, key: str) -> Path:
        """A configured folder may be missing (created later) but not a file."""
        if path.exists() and not path.is_dir():
            raise settings.error([key], f"{path} is not a directory")
        return path

    source_dir = path_of("source-dir")
    if source_dir is None:
        source_dir = _find_source_dir(start) or _find_source_dir(root)
    loc: Path | None
    if locale_dir is not None:
        loc = Path(locale_dir).resolve()
        if not loc.is_dir():
            raise ConfigError("locale directory does not exist", loc)
    else:
        loc = path_of("locale-dir")
        if loc is not None:
            folder(loc, "locale-dir")
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
        if loc.exists() and not loc.is_dir():
            conf_py = source_dir / "conf.py"
            raise ConfigError(f"locale_dirs: {loc} is not a directory", conf_py, _line_of(conf_py))
    make_dir = _make_build_dir(source_dir) if source_dir else None
    # Templates where `make gettext` puts them, which sphinx-intl users keep.
    pot_default = (make_dir or source_dir / "_build") / "gettext" if source_dir else loc / "_pot"
    pot_dir = folder(path_of("pot-dir") or pot_default.resolve(), "pot-dir")
    build_dir = make_dir or root / "_build"
    flat = locale_dir is not None and _is_flat(loc)
    if flat and len(languages or []) > 1:
        raise ConfigError("the catalogs here are one language's: give one --lang", loc)
    directories = _discover_languages(loc) if not flat else []
    warnings: list[str] = []

    def lang_of(code: str, typed: bool) -> Language:
        """A language the user typed (``typed``: an error names --lang) or configured; it takes
        the name of the project's directory for that language when there is one (``zh-Hans``
        → ``zh_Hans/``)."""
        if code in directories:
            return directory_lang(code)
        try:
            lang = resolve(code)
        except LanguageError as exc:
            raise ConfigError(f"--lang: {exc.message}" if typed else exc.message) from None
        for name in directories:
            if place(name)[0].tag == lang.tag:
                return directory_lang(name)
        return lang

    def directory_lang(name: str) -> Language:
        """A directory's language, named as the directory is; never an error: a name no
        language fits is counted with defaults, and said once."""
        lang, problem = place(name)
        if problem is not None:
            warnings.append(f"{loc / name}: {problem}")
        return lang

    source_language = lang_of(settings["source-language"], False)
    if locale_dir is not None:  # a tree pointed at: its own languages, not the project's
        if languages:
            langs = [lang_of(code, True) for code in languages]
        elif flat:  # the language its catalogs declare, spelled as they do
            langs = [directory_lang(_flat_language(loc))]
        else:
            langs = [directory_lang(name) for name in directories]
    elif settings["languages"] is not None:
        langs = [lang_of(c, False) for c in settings["languages"]]  # the schema resolved them
    else:  # the directories found, each under its own name; the source's is not one
        langs = [directory_lang(n) for n in directories if n != source_language.code]
    for message in warnings:
        logger.warning("%s", message)
    config = Config(
        root=root,
        source_dir=source_dir if source_dir is not None else loc,
        locale_dir=loc,
        pot_dir=pot_dir,
        source_language=source_language,
        languages=tuple(dict.fromkeys(langs)),
        file=file,
        update=UpdateSettings(
            fuzzy_threshold=settings["update.fuzzy-threshold"],
            fuzzy=settings["update.fuzzy"],
            width=settings["update.width"],
            purge_obsolete=settings["update.purge-obsolete"],
            tm=tuple(settings["update.tm"]),
            tm_project=settings["update.tm-project"],
            tm_threshold=settings["update.tm-threshold"],
            tm_exact=settings["update.tm-exact"],
        ),
        warnings=tuple(warnings),
        build_dir=build_dir,
        flat=flat,
    )

    # Thresholds and checks per language name configured languages: their keys become tags.
    # (A tree pointed at has its own languages: the project's settings for others still hold.)
    def tag_of(code: str) -> str:
        return resolve(code).tag if locale_dir is not None else config.language(code).tag

    settings = settings.keyed_by_language(tag_of)
    return replace(config, settings=settings)
