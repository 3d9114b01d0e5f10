"""The settings schema: every key of ``[tool.transflow]``, declared once, checked when it loads.

Each :class:`Key` gives a key's place (``coverage.minimum``), its type and allowed values, its
default and the line that documents it in the README (a test holds the README's configuration
block to this list). :func:`validate` checks a whole table against it before any command acts,
so a wrong type is an error naming the file, the key and its line — never a setting silently
ignored, and never a traceback. The steps read the validated values; none validates again.

A ``*`` in a key's place stands for names the user chooses: a language under
``coverage.languages``, a document under ``coverage.documents``, a check id under
``lint.severity``. Languages are resolved against the configured ones by ``config.load``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from transflow.errors import ConfigError, LanguageError

TYPE_CHECKING = False  # typing not imported: start-up time (benchmarks/bench_startup.py)
if TYPE_CHECKING:
    from typing import Any


class Invalid(Exception):
    """A value that does not fit its key. The message, if any, follows the key's name: "must
    be ..." / "has ...", or the value's own problem (an unknown language)."""


@dataclass(frozen=True)
class Type:
    """A value's type: ``check`` returns the value as the steps use it, or raises Invalid."""

    describe: str  # "must be ..." completes it
    check: Callable[[Any], Any]


def _path(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise Invalid
    return value


def _language(value: Any) -> str:
    from transflow.languages import resolve

    if not isinstance(value, str):
        raise Invalid
    try:
        resolve(value)
    except LanguageError as exc:
        raise Invalid(exc.message) from None
    return value


def _languages(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise Invalid
    return [_language(v) for v in value]


def _refs(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise Invalid
    if len(set(value)) != len(value):
        raise Invalid("a ref is listed twice")
    return list(value)


def _paths(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise Invalid
    return [_path(v) for v in value]


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid
    return value


def _number(low: float, high: float | None, whole: bool = False) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        kinds = int if whole else int | float
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise Invalid
        if value < low or (high is not None and value > high):
            span = f"from {low:g} to {high:g}" if high is not None else f"{low:g} or more"
            raise Invalid(f"must be {span}, not {value:g}")
        return value if whole else float(value)

    return check


def _choice(*allowed: str) -> Type:
    def check(value: Any) -> str:
        if value not in allowed:
            raise Invalid
        return value

    return Type(" or ".join(f'"{a}"' for a in allowed), check)


def check_ids() -> frozenset[str]:
    """The lint checks' ids (imported late: the checks load docutils)."""
    from transflow.checks import ALL_IDS

    return frozenset(ALL_IDS)


def _check_ids(value: Any) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid
    unknown = [v for v in value if v not in check_ids()]
    if unknown:
        raise Invalid(
            f"has unknown check id(s) {', '.join(unknown)} (see transflow lint --list-checks)"
        )
    return frozenset(value)


PATH = Type("a path (a string)", _path)
PATHS = Type("a list of paths (strings)", _paths)
LANGUAGE = Type("a language code (a string)", _language)
LANGUAGES = Type("a list of language codes", _languages)
BOOL = Type("true or false", _bool)
REFS = Type("a list of git refs (strings)", _refs)
PERCENT = Type("a number from 0 to 100", _number(0, 100))
FRACTION = Type("a number from 0 to 1", _number(0, 1))
COLUMNS = Type("a whole number ≥ 0", _number(0, None, whole=True))
CHECK_IDS = Type("a list of check ids", _check_ids)


@dataclass(frozen=True)
class Key:
    name: str  # its place under [tool.transflow], dotted; "*" a name the user chooses
    type: Type
    default: Any  # None: none (found from the project, or the rule is off)
    doc: str  # the comment on the key's line in the README's configuration block
    each: str = ""  # for a "*": what the name is ("language", "document" or "check")


SCHEMA: tuple[Key, ...] = (
    Key("source-dir", PATH, None, "the Sphinx project (conf.py); default: found by its conf.py"),
    Key("locale-dir", PATH, None, "catalogs: <locale-dir>/<code>/LC_MESSAGES/<doc>.po"),
    Key("pot-dir", PATH, None, "templates; default: where 'make gettext' puts them"),
    Key("source-language", LANGUAGE, "en", "the language the sources are written in"),
    Key("languages", LANGUAGES, None, "BCP 47 tags; default: the catalog directories"),
    Key(
        "update.fuzzy-threshold",
        FRACTION,
        0.6,
        "similarity (0–1) to keep an old translation as fuzzy",
    ),
    Key("update.fuzzy", BOOL, True, "false: never reuse old translations for changed strings"),
    Key(
        "update.width",
        COLUMNS,
        None,
        "new catalogs' wrapping (0: none); default: the project's, else GNU's 79",
    ),
    Key("update.purge-obsolete", BOOL, False, "true: drop the #~ entries of removed messages"),
    Key(
        "update.tm",
        PATHS,
        [],
        "translation memory: .po trees, compendia, .tmx files; {lang}: the language's folder",
    ),
    Key("update.tm-project", BOOL, False, "fill new messages from the language's other catalogs"),
    Key(
        "update.tm-threshold",
        FRACTION,
        0.85,
        "similarity (0–1) for a memory's near match (filled fuzzy); 1: exact only",
    ),
    Key(
        "update.tm-exact",
        _choice("fuzzy", "translated"),
        "fuzzy",
        'exact matches from memory: "fuzzy" (a reviewer decides) or "translated"',
    ),
    Key(
        "coverage.metric",
        _choice("messages", "words"),
        "messages",
        'what a percentage counts: "messages" or "words"',
    ),
    Key("coverage.minimum", PERCENT, 0, "every language, as a whole"),
    Key(
        "coverage.max-drop",
        PERCENT,
        None,
        "--compare-to REV: points a language may lose (default 0)",
    ),
    Key("coverage.release", PERCENT, 0, "transflow build publishes languages at or above this"),
    Key(
        "coverage.languages.*",
        PERCENT,
        None,
        "a language's own minimum replaces the global one",
        "language",
    ),
    Key(
        "coverage.documents.*", PERCENT, None, "a document's minimum, in every language", "document"
    ),
    Key(
        "build.unreleased",
        _choice("skip", "draft"),
        "skip",
        'languages below `release`: "skip" (not built) or "draft"',
    ),
    Key(
        "build.pdf-per-document",
        BOOL,
        None,
        "one PDF per document; default: unless conf.py sets latex_documents",
    ),
    Key(
        "build.versions",
        REFS,
        [],
        "git refs built each from its own tree, newest first; [] builds the checkout",
    ),
    Key("lint.disable", CHECK_IDS, frozenset(), "check ids switched off everywhere"),
    Key("lint.sphinx", BOOL, True, "also report findings as Sphinx warnings during builds"),
    Key(
        "lint.severity.*",
        _choice("error", "warning"),
        None,
        'a check made stricter ("error") or laxer ("warning")',
        "check",
    ),
    Key(
        "lint.languages.*.disable",
        CHECK_IDS,
        frozenset(),
        "check ids switched off for one language",
        "language",
    ),
)
KEYS = {key.name: key for key in SCHEMA}


def _tree() -> dict[str, Any]:
    """The schema as nested tables: name → subtree or Key."""
    root: dict[str, Any] = {}
    for key in SCHEMA:
        *tables, last = key.name.split(".")
        node = root
        for part in tables:
            node = node.setdefault(part, {})
        node[last] = key
    return root


_TREE = _tree()


# ---------------------------------------------------------------------------------------------
# Where a key is written (for error messages)


def _split_key(text: str) -> list[str]:
    """A TOML dotted key as its parts: ``coverage."sub/page"`` → ["coverage", "sub/page"]."""
    parts = re.finditer(r'\s*(?:"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([A-Za-z0-9_-]+))\s*\.?', text)
    return [next(g for g in m.groups() if g is not None) for m in parts]


_HEADER = re.compile(r"^\s*\[\[?([^\[\]]+)\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(r"""^\s*((?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.\s-])+?)\s*=""")


def locate(text: str, place: list[str]) -> int | None:
    """The line that sets the key at ``place`` (or the nearest table around it), 1-based.

    A line-oriented reading of TOML, good for standard and dotted keys and table headers; a key
    set inside an inline table is found at its table's line.
    """
    best, best_depth = None, 0
    table: list[str] = []
    in_string = False
    for number, line in enumerate(text.splitlines(), 1):
        if in_string:
            in_string = line.count('"""') % 2 == 0 and line.count("'''") % 2 == 0
            continue
        if header := _HEADER.match(line):
            table = _split_key(header.group(1))
            where = table
        elif assign := _ASSIGN.match(line):
            where = table + _split_key(assign.group(1))
            rest = line[assign.end() :]
            in_string = rest.count('"""') % 2 == 1 or rest.count("'''") % 2 == 1
        else:
            continue
        depth = 0
        for a, b in zip(where, place, strict=False):
            if a != b:
                break
            depth += 1
        if depth == len(place) and len(where) == len(place):
            return number
        if depth == len(where) and depth > best_depth:
            best, best_depth = number, depth
    return best


# ---------------------------------------------------------------------------------------------
# Validation


@dataclass(frozen=True)
class Source:
    """The file the settings come from, and where the table sits in it."""

    file: Path | None
    prefix: tuple[str, ...]  # ("tool", "transflow") in pyproject.toml, () in transflow.toml
    text: str = ""

    def name(self, place: list[str]) -> str:
        """How a message names a key: ``[tool.transflow.coverage] minimum``."""
        *table, last = [*self.prefix, *place]
        return f"[{'.'.join(table)}] {last}" if table else last

    def error(self, place: list[str], message: str) -> ConfigError:
        line = locate(self.text, [*self.prefix, *place]) if self.text else None
        return ConfigError(message, self.file, line)


def _fill(node: dict[str, Any], given: Any, place: list[str], source: Source) -> dict[str, Any]:
    table_name = "[" + ".".join([*source.prefix, *place]) + "]" if [*source.prefix, *place] else ""
    if not isinstance(given, Mapping):
        raise source.error(
            place, f"{source.name(place)} must be a table ({table_name}), not {given!r}"
        )
    unknown = [k for k in given if k not in node and "*" not in node]
    if unknown:
        known = ", ".join(k for k in node if k != "*")
        where = f" in {table_name}" if table_name else ""
        raise source.error(
            [*place, unknown[0]], f"unknown key(s) {', '.join(unknown)}{where} (known: {known})"
        )
    values: dict[str, Any] = {}
    for name, value in given.items():
        child = node[name] if name in node else node["*"]
        values[name] = _one(child, value, [*place, name], source)
    for name, child in node.items():
        if name == "*" or name in values:
            continue
        values[name] = (
            child.default if isinstance(child, Key) else _fill(child, {}, [*place, name], source)
        )
    return values


def _one(child: Key | dict[str, Any], value: Any, place: list[str], source: Source) -> Any:
    if isinstance(child, dict):
        return _fill(child, value, place, source)
    if child.each == "check" and place[-1] not in check_ids():
        raise source.error(
            place,
            f"{source.name(place)}: unknown check id {place[-1]!r} "
            "(see transflow lint --list-checks)",
        )
    try:
        return child.type.check(value)
    except Invalid as exc:
        reason = str(exc) or f"must be {child.type.describe}, not {value!r}"
        # "... must be", or the value's own problem: "languages: unknown language 'jp'"
        joint = " " if reason.startswith(("must", "has")) else ": "
        raise source.error(place, f"{source.name(place)}{joint}{reason}") from None


@dataclass(frozen=True)
class Settings:
    """The validated table: every key present, defaults filled in."""

    values: Mapping[str, Any]
    source: Source

    def __getitem__(self, name: str) -> Any:
        value: Any = self.values
        for part in name.split("."):
            value = value[part]
        return value

    def error(self, place: list[str], message: str) -> ConfigError:
        """An error about the key at ``place`` naming it, its file and its line."""
        return self.source.error(place, f"{self.source.name(place)}: {message}")

    def keyed_by_language(self, tag_of: Callable[[str], str]) -> Settings:
        """The tables keyed by language, re-keyed by the configured language's tag.

        ``tag_of`` raises LanguageError for a code that is unknown or not configured.
        """
        values = dict(self.values)
        for name in dict.fromkeys(k.name.split(".*")[0] for k in SCHEMA if k.each == "language"):
            section, table = name.split(".")
            keyed: dict[str, Any] = {}
            spelt: dict[str, str] = {}
            for code, value in values[section][table].items():
                try:
                    tag = tag_of(code)
                except LanguageError as exc:
                    raise self.error([section, table, code], exc.message) from None
                if tag in keyed:  # "my" and "mya": one language, two rules
                    raise self.error([section, table, code], f"the same language as {spelt[tag]!r}")
                keyed[tag], spelt[tag] = value, code
            values[section] = {**values[section], table: keyed}
        return Settings(values, self.source)


def option(name: str, value: Any, flag: str) -> Any:
    """A command-line option that replaces the key ``name``, checked as the key is."""
    key = KEYS[name]
    try:
        return key.type.check(value)
    except Invalid as exc:
        raise ConfigError(f"{flag} {exc or f'must be {key.type.describe}'}") from None


def validate(table: Any, source: Source) -> Settings:
    return Settings(_fill(_TREE, table, [], source), source)


def defaults() -> Settings:
    return validate({}, Source(None, ()))


def names(table: Mapping[str, Any], node: Mapping[str, Any] = _TREE) -> Iterator[tuple[str, Any]]:
    """A validated table's keys as schema names (a user-chosen part as ``*``), with values."""
    for name, value in table.items():
        label = name if name in node else "*"
        child = node[label]
        if isinstance(child, dict):
            yield from ((f"{label}.{sub}", v) for sub, v in names(value, child))
        else:
            yield label, value
