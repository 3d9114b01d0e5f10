"""Translations are untrusted input: what a msgstr may do that its msgid does not.

Sphinx parses every msgstr as a whole reStructuredText document (``_publish_msgstr`` in
``sphinx/transforms/i18n.py``), so one translated message can run any directive (``raw``,
``include``, ``csv-table :file:``), any role (``:download:`` copies a file into the site, a role
derived from ``raw`` writes HTML) and any link (``javascript:``, ``data:``). A translation is
data: it may reword, reorder and drop markup its source has, but not add markup that acts.

:func:`judge` is the one rule. The Sphinx extension drops every refused message before Sphinx
uses it (the page shows the source text), lint reports the same refusals as errors, and
``transflow build`` lists them in its summary — so the three cannot disagree.

The scan is deliberately wider than docutils' grammar: a directive or target is looked for at the
start of every line (docutils only sees one after a blank line), so a string docutils would read
differently in some context is still judged. URLs are taken from docutils' own parse (file
insertion and raw output off), which is what Sphinx will link.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# A msgstr longer than this is not parsed at all: refused, so a hostile string costs bounded
# time and memory in the build and in lint. Real catalogs' longest messages (long literal blocks)
# are a few thousand characters.
MAX_LENGTH = 50_000

RAW_HTML, FILE_INSERTION, UNSAFE_URL, ADDED_MARKUP = (
    "raw-html",
    "file-insertion",
    "unsafe-url",
    "added-markup",
)

# Directives that read a file or fetch a URL, or (raw) write markup into the page unescaped.
_FILE_DIRECTIVES = frozenset(
    ["include", "literalinclude", "image", "figure", "csv-table", "graphviz", "digraph", "graph",
     "program-output", "command-output", "plot", "uml", "kroki", "mermaid", "jupyter-execute",
     "exec", "autosummary", "automodule", "autoclass", "autofunction", "drawio-image"]
)  # fmt: skip
_RAW_DIRECTIVES = frozenset(["raw"])
# Options that name a file or URL whatever the directive (docutils' raw/include/csv-table and
# Sphinx's literalinclude use these spellings).
_FILE_OPTION = re.compile(r"(?m)^[^\S\n]+:(file|url|source|path|encoding|start-after|end-before):")

# Roles that only format or cross-reference (they never read a file, never write raw markup):
# a translation may add these where its language needs them. Any other role — :download:,
# :raw:, or a project's `.. role:: html(raw)` — is refused when its source has none.
_INERT_ROLES = frozenset(
    ["emphasis", "strong", "literal", "code", "abbr", "sub", "sup", "subscript", "superscript",
     "title-reference", "title", "t", "kbd", "menuselection", "guilabel", "samp", "file",
     "command", "program", "dfn", "mimetype", "makevar", "regexp", "math", "manpage", "term",
     "ref", "doc", "numref", "any", "envvar", "option", "keyword", "token", "pep", "rfc",
     "confval", "eq", "func", "class", "meth", "mod", "attr", "data", "exc", "obj", "const",
     "type", "cite", "index", "ab", "ac", "pep-reference", "rfc-reference"]
)  # fmt: skip

# Schemes a translation may use in a link without its source having them.
SAFE_SCHEMES = frozenset(["http", "https", "mailto", "ftp", "ftps", "tel", "news", "irc"])

_DIRECTIVE = re.compile(
    r"(?m)^[^\S\n]*\.\.[^\S\n]+(?:\|(?P<sub>[^|\n]*)\|[^\S\n]*)?(?P<name>[^\s:|][^\s]*?)[^\S\n]*::"
)
_TARGET_URI = re.compile(
    r"(?m)^[^\S\n]*(?:\.\.[^\S\n]+_(?:`[^`]*`|[^:\n]*):|__)[^\S\n]*(.*(?:\n[^\S\n]+\S.*)*)"
)
_TARGET = re.compile(r"(?m)^[^\S\n]*(?:\.\.[^\S\n]+_|__(?:[^\S\n]|$))")
_ROLE = re.compile(r"(?<![\w\\]):(?P<a>[A-Za-z0-9][\w.+:-]*?):`|`:(?P<b>[A-Za-z0-9][\w.+:-]*?):")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f\u00ad\u200b-\u200f\u2028\u2029\ufeff]")


@dataclass(frozen=True)
class Refusal:
    """Why a translation is not used: a check id (lint's) and a sentence saying what it does."""

    check: str
    reason: str


def _directives(text: str) -> dict[str, bool]:
    """Directive names (lower-case) → whether one is a substitution definition."""
    found: dict[str, bool] = {}
    for m in _DIRECTIVE.finditer(text):
        name = m.group("name").lower()
        found[name] = found.get(name, False) or m.group("sub") is not None
    return found


def _roles(text: str) -> set[str]:
    return {(m.group("a") or m.group("b")).lower() for m in _ROLE.finditer(text)}


def scheme(uri: str) -> str | None:
    """A URI's scheme as a browser reads it: invisible characters and whitespace inside are
    dropped (``java\\tscript:`` is ``javascript:``); None for a relative reference."""
    m = _SCHEME.match(_INVISIBLE.sub("", uri).replace("\\", ""))
    return m.group(1).lower() if m else None


@functools.cache
def _settings():
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    settings = get_default_settings(Parser)
    settings.report_level = 5
    settings.halt_level = 5
    settings.warning_stream = io.StringIO()
    settings.file_insertion_enabled = False  # never read a file because of a translation
    settings.raw_enabled = False
    settings.character_level_inline_markup = False
    return settings


@functools.cache
def _inliner():
    from docutils.parsers.rst.states import Inliner

    inliner = Inliner()
    inliner.init_customizations(_settings())
    return inliner


@functools.lru_cache(maxsize=16384)
def uris(text: str) -> tuple[str, ...]:
    """Every URI docutils links in ``text`` read as one paragraph (embedded ``<uri>``, bare
    URIs), and every explicit target's URI (``.. _name: uri``, ``__ uri``), in order.

    docutils' Inliner, not its whole parser: building the parser's state machine cost two thirds
    of judging a real catalog. Directives are refused before their content matters.
    """
    from docutils import nodes
    from docutils.parsers.rst import languages
    from docutils.parsers.rst.states import Struct
    from docutils.utils import new_document

    found = [re.sub(r"\s+", "", m.group(1)) for m in _TARGET_URI.finditer(text)]
    joined = " ".join(line.strip() for line in text.splitlines())
    document = new_document("<translation>", _settings())
    inliner = _inliner()
    memo = Struct(document=document, reporter=document.reporter, inliner=inliner,
                  language=languages.get_language("en", document.reporter),
                  title_styles=[], section_level=0, section_bubble_up_kludge=False)  # fmt: skip
    try:
        parsed, _messages = inliner.parse(joined, 1, memo, document)
    except Exception:  # docutils' own failure: judged by the lexical scan alone
        parsed = []
    for top in parsed:
        if isinstance(top, nodes.Element):
            for node in top.findall(nodes.Element):
                if node.get("refuri"):
                    found.append(node["refuri"])
    return tuple(dict.fromkeys(found))


@functools.cache
def _standalone_schemes() -> re.Pattern[str]:
    """A bare ``scheme:`` docutils links by itself: one of its known schemes, other than the
    web's (embedded ``<uri>`` and targets take any scheme; they are looked for separately)."""
    from docutils.utils import urischemes

    names = sorted(set(urischemes.schemes) - SAFE_SCHEMES, key=len, reverse=True)
    return re.compile(rf"(?i)(?<![\w.+-])(?:{'|'.join(map(re.escape, names))}):")


def _may_link(text: str) -> bool:
    """Whether docutils could make a link of ``text`` whose scheme is not the web's: the parse
    is the slow part of judging, and most messages with a colon are prose ("Note: …")."""
    return "<" in text or bool(_TARGET.search(text)) or bool(_standalone_schemes().search(text))


def _schemes(text: str) -> set[str]:
    """Schemes of the links in ``text``, read as a document and as one joined paragraph: an
    embedded URI broken over lines (``<java`` / ``script:…>``) is one link in a paragraph."""
    if not _may_link(text):
        return set()
    return {s for s in (scheme(u) for u in uris(text)) if s}


@functools.lru_cache(maxsize=65536)
def judge(msgid: str, msgstr: str) -> tuple[Refusal, ...]:
    """What ``msgstr`` would make Sphinx do that ``msgid`` does not: empty when it is safe."""
    if len(msgstr) > max(MAX_LENGTH, 2 * len(msgid)):  # a long source may have a long translation
        return (
            Refusal(ADDED_MARKUP, f"{len(msgstr)} characters, more than {MAX_LENGTH} (and twice "
                    "the source) are not parsed: the build shows the source text"),
        )  # fmt: skip
    if ":" not in msgstr and not _TARGET.search(msgstr):
        return ()  # no directive, role, target or URL without a colon (nearly every message)
    return tuple(_refusals(msgid, msgstr))


def _refusals(msgid: str, msgstr: str) -> Iterator[Refusal]:
    source_directives = _directives(msgid)
    shown = "the build shows the source text instead"
    file_option = bool(_FILE_OPTION.search(msgstr)) and not _FILE_OPTION.search(msgid)
    added = {n: sub for n, sub in _directives(msgstr).items() if n not in source_directives}
    for name, substitution in added.items():
        what = f"a substitution definition with directive '{name}'" if substitution else (
            f"directive '.. {name}::'")  # fmt: skip
        if name in _FILE_DIRECTIVES or file_option:
            yield Refusal(
                FILE_INSERTION,
                f"{what} would read a file (or fetch a URL) into the page; {shown}",
            )
        elif name in _RAW_DIRECTIVES:
            yield Refusal(RAW_HTML, f"{what} would write raw HTML into the page; {shown}")
        else:
            yield Refusal(
                ADDED_MARKUP, f"{what} is not in the source: Sphinx would run it; {shown}"
            )
    if file_option and not added:
        yield Refusal(FILE_INSERTION, f"an option naming a file or URL (:file:, :url:); {shown}")
    if len(_TARGET.findall(msgstr)) > len(_TARGET.findall(msgid)):
        yield Refusal(ADDED_MARKUP, f"a link target (.. _name: or __) not in the source; {shown}")
    source_roles = _roles(msgid)
    for role in sorted(_roles(msgstr) - source_roles):
        bare = role.rsplit(":", 1)[-1]
        if ":" in role and role.split(":", 1)[0] in ("py", "c", "cpp", "js", "rst", "std", "math"):
            continue  # a domain's cross-reference role
        if bare in _INERT_ROLES:
            continue
        if bare == "download":
            yield Refusal(FILE_INSERTION, f"role :{role}: would copy a file into the site; {shown}")
        else:
            yield Refusal(
                RAW_HTML,
                f"role :{role}: is not in the source and may write raw HTML (a role derived "
                f"from raw); {shown}",
            )
    allowed = SAFE_SCHEMES | _schemes(msgid)
    for s in sorted(_schemes(msgstr) - allowed):
        yield Refusal(
            UNSAFE_URL, f"a '{s}:' link would be published (the source has none); {shown}"
        )


def catalog_path_escapes(path: Path, root: Path) -> bool:
    """Whether ``path`` (a symlink, or below one) leads out of the catalog tree ``root``: such a
    file is never read, so nothing outside the tree reaches a page or a log."""
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return True
