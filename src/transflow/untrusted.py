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
from types import SimpleNamespace

# A msgstr longer than this is not parsed at all: refused, so a hostile string costs bounded
# time and memory in the build and in lint. Real catalogs' longest messages (long literal blocks)
# are a few thousand characters.
MAX_LENGTH = 50_000

# docutils' inliner looks for the end of each backtick-started construct in the rest of the text
# ("`<" repeated: 50,000 characters took minutes): a text costing more backticks × characters
# than this is not parsed. Real catalogs' dearest message costs 240,000 (python-docs-es).
MAX_INLINE_COST = 400_000

# Longest text docutils' inline parser reads to confirm a link (a fraction of a second at worst).
PARSE_LIMIT = 2_000

RAW_HTML, FILE_INSERTION, UNSAFE_URL, ADDED_MARKUP = (
    "raw-html",
    "file-insertion",
    "unsafe-url",
    "added-markup",
)

# Directives that read a file or fetch a URL, or (raw) write markup into the page unescaped.
_FILE_DIRECTIVES = frozenset(
    [
        "include",
        "literalinclude",
        "image",
        "figure",
        "csv-table",
        "graphviz",
        "digraph",
        "graph",
        "program-output",
        "command-output",
        "plot",
        "uml",
        "kroki",
        "mermaid",
        "jupyter-execute",
        "exec",
        "autosummary",
        "automodule",
        "autoclass",
        "autofunction",
        "drawio-image",
    ]
)
_RAW_DIRECTIVES = frozenset(["raw"])
# Options that name a file or URL whatever the directive (docutils' raw/include/csv-table and
# Sphinx's literalinclude use these spellings).
_FILE_OPTION = re.compile(r"(?m)^[^\S\n]+:(file|url|source|path|encoding|start-after|end-before):")

# Roles that only format or cross-reference (they never read a file, never write raw markup):
# a translation may add these where its language needs them. Any other role — :download:,
# :raw:, or a project's `.. role:: html(raw)` — is refused when its source has none.
_INERT_ROLES = frozenset(
    [
        "emphasis",
        "strong",
        "literal",
        "code",
        "abbr",
        "sub",
        "sup",
        "subscript",
        "superscript",
        "title-reference",
        "title",
        "t",
        "kbd",
        "menuselection",
        "guilabel",
        "samp",
        "file",
        "command",
        "program",
        "dfn",
        "mimetype",
        "makevar",
        "regexp",
        "math",
        "manpage",
        "term",
        "ref",
        "doc",
        "numref",
        "any",
        "envvar",
        "option",
        "keyword",
        "token",
        "pep",
        "rfc",
        "confval",
        "eq",
        "func",
        "class",
        "meth",
        "mod",
        "attr",
        "data",
        "exc",
        "obj",
        "const",
        "type",
        "cite",
        "index",
        "ab",
        "ac",
        "pep-reference",
        "rfc-reference",
    ]
)

# Schemes a translation may use in a link without its source having them.
SAFE_SCHEMES = frozenset(["http", "https", "mailto", "ftp", "ftps", "tel", "news", "irc"])

# A directive starts a line, or follows a list, field or table cell marker ("- .. x::",
# ":f: .. x::", "| .. x::" run it too): any ".. name::" after a space or "|" counts.
_DIRECTIVE = re.compile(
    r"(?m)(?:^|(?<=[\s|]))\.\.[^\S\n]+(?:\|(?P<sub>[^|\n]*)\|[^\S\n]*)?(?P<name>[^\s:|][^\s]*?)[^\S\n]*::"
)
_TARGET_URI = re.compile(
    r"(?m)^[^\S\n]*(?:\.\.[^\S\n]+_(?:`[^`]*`|[^:\n]*):|__)[^\S\n]*(.*(?:\n[^\S\n]+\S.*)*)"
)
_TARGET = re.compile(r"(?m)^[^\S\n]*(?:\.\.[^\S\n]+_|__(?:[^\S\n]|$))")
# docutils' role name (``simplename``: word characters joined by single ``-._+:``; the first
# one ASCII, as every role that acts is named: a localized name only aliases docutils' own
# roles, and bare ``raw`` cannot be used), matched possessively: a lazy name scanned up to every later ":`" made "-:a" * 16000 take 12 seconds.
_NAME = r"[A-Za-z0-9][^\W_]*+(?:[-._+:][^\W_]++)*+"
_ROLE = re.compile(rf"(?<![\w\\]):(?P<a>{_NAME}):`|`:(?P<b>{_NAME}):")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_IMAGE = re.compile(
    r"(?m)^[^\S\n]*\.\.[^\S\n]+(?:\|[^|\n]*\|[^\S\n]*)?(?i:image|figure)[^\S\n]*::"
    r"(.*(?:\n[^\S\n]+[^\s:].*)*)"
)
# What Sphinx's gettext_additional_targets = ["raw"] publishes verbatim: an HTML tag (up to its
# end or the next tag, so a broken tag is one too), the text of a script or style element, a
# LaTeX control sequence or TeX's ^^ character code (^^5c is a backslash).
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*+)(?=[\s/>]|$)([^<>]*+)>?")
_HTML_RAW_TEXT = re.compile(r"(?is)<(script|style)\b[^<>]*+>?(.*?)(?:</\1|\Z)")
_HTML_ACTIVE = frozenset(
    [
        "script",
        "style",
        "svg",
        "math",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "meta",
        "link",
        "form",
        "template",
        "noscript",
        "noembed",
        "noframes",
        "xmp",
        "plaintext",
        "textarea",
        "title",
        "portal",
        "isindex",
        "param",
        "html",
        "head",
        "body",
    ]
)
_TEX_COMMAND = re.compile(r"\\([A-Za-z@]++)|\^\^")
_LITERAL = re.compile(r"(?s)``.+?``")
_ANGLED = re.compile(r"<([^<>]*+)>")
_MAY_ACT = re.compile(r"[:<|\\]|\^\^")
# A substitution reference as docutils' inline parser starts and ends one.
_SUBSTITUTION = re.compile(r"(?<![\w\\])\|(?![\s|])([^|\n]*[^|\s\\])\|(?:__?)?(?!\w)")
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


def _substitutions(text: str) -> set[str]:
    text = _DIRECTIVE.sub("", text)  # a definition's own |name| is not a reference
    text = _LITERAL.sub("", text)  # ``|`` and ``|=`` are not one
    return {" ".join(m.group(1).split()).lower() for m in _SUBSTITUTION.finditer(text)}


def _roles(text: str) -> set[str]:
    return {(m.group("a") or m.group("b")).lower() for m in _ROLE.finditer(text)}


def scheme(uri: str) -> str | None:
    """A URI's scheme as a browser reads it: invisible characters and whitespace inside are
    dropped (``java\\tscript:`` is ``javascript:``); None for a relative reference."""
    m = _SCHEME.match(_INVISIBLE.sub("", uri).replace("\\", ""))
    return m.group(1).lower() if m else None


@functools.cache
def safe_settings():
    """docutils settings for reading a translation (here and in lint): silent, and never reading
    a file or passing raw HTML because of one."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    settings = get_default_settings(Parser)
    settings.report_level = 5
    settings.halt_level = 5
    settings.warning_stream = io.StringIO()
    settings.file_insertion_enabled = False
    settings.raw_enabled = False
    return settings


def inline_document(inliner):
    """A fresh document and the memo ``Inliner.parse`` needs, to read one string as a paragraph."""
    from docutils.parsers.rst import languages
    from docutils.utils import new_document

    document = new_document("<translation>", safe_settings())
    memo = SimpleNamespace(  # what docutils' states.Struct is
        document=document,
        reporter=document.reporter,
        inliner=inliner,
        language=languages.get_language("en", document.reporter),
        title_styles=[],
        section_level=0,
        section_bubble_up_kludge=False,
    )
    return document, memo


@functools.cache
def _inliner():
    from docutils.parsers.rst.states import Inliner

    inliner = Inliner()
    inliner.init_customizations(safe_settings())
    return inliner


@functools.lru_cache(maxsize=16384)
def uris(text: str) -> tuple[str, ...]:
    """Every URI docutils links in ``text`` read as one paragraph (embedded ``<uri>``, bare
    URIs), and every explicit target's URI (``.. _name: uri``, ``__ uri``), in order.

    docutils' Inliner, not its whole parser: building the parser's state machine cost two thirds
    of judging a real catalog. Directives are refused before their content matters.
    """
    from docutils import nodes

    found = [re.sub(r"\s+", "", m.group(1)) for m in _TARGET_URI.finditer(text)]
    joined = " ".join(line.strip() for line in text.splitlines())
    inliner = _inliner()
    document, memo = inline_document(inliner)
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
    embedded URI broken over lines (``<java`` / ``script:…>``) is one link in a paragraph.

    Found lexically first (every ``<…>``, every bare known scheme, every target: more than
    docutils links); docutils' parse only narrows a short text where that found a scheme other
    than the web's. Its inliner takes quadratic time on "`<" repeated (50,000 characters: minutes),
    so a longer text keeps the lexical answer."""
    if not _may_link(text):
        return set()
    candidates = [re.sub(r"\s+", "", u) for u in _ANGLED.findall(text)]
    candidates += [m.group(0) for m in _standalone_schemes().finditer(text)]
    candidates += [re.sub(r"\s+", "", m.group(1)) for m in _TARGET_URI.finditer(text)]
    found = {s for s in map(scheme, candidates) if s}
    if found <= SAFE_SCHEMES or len(text) > PARSE_LIMIT:
        return found
    return {s for s in (scheme(u) for u in uris(text)) if s}


def inline_cost(text: str) -> int:
    """What docutils' inline parse of ``text`` costs, in backticks × characters."""
    return text.count("`") * len(text)


def unparseable(text: str) -> bool:
    """Whether lint must not parse ``text`` (either side of an entry: both are in the untrusted
    file); the build never parses such a msgstr, :func:`judge` refuses it."""
    return len(text) > MAX_LENGTH or inline_cost(text) > MAX_INLINE_COST


def _as_docutils_reads(text: str) -> str:
    """``text`` with the line breaks docutils sees: it splits lines with ``str.splitlines``, so
    CR, U+0085, U+2028, U+2029 and U+001C-U+001E start a line (a directive after one runs) where
    this module's ``^`` would not; vertical tab and form feed are spaces."""
    return "\n".join(re.sub("[\x0b\x0c]", " ", text).splitlines())


@functools.lru_cache(maxsize=65536)
def judge(msgid: str, msgstr: str, verbatim: bool = False) -> tuple[Refusal, ...]:
    """What ``msgstr`` would make Sphinx do that ``msgid`` does not: empty when it is safe.

    ``verbatim``: the message is a raw block's content, which Sphinx publishes unparsed (only the
    build knows which messages are: the same text in a paragraph is escaped, and reST's
    ``<target>`` and backslash escapes look like tags and TeX)."""
    if len(msgstr) > max(MAX_LENGTH, 2 * len(msgid)):  # a long source may have a long translation
        return (
            Refusal(
                ADDED_MARKUP,
                f"{len(msgstr)} characters, more than {MAX_LENGTH} (and twice "
                "the source) are not parsed: the build shows the source text",
            ),
        )
    if inline_cost(msgstr) > MAX_INLINE_COST:
        return (
            Refusal(
                ADDED_MARKUP,
                f"{msgstr.count('`')} backticks in {len(msgstr)} characters "
                "would take docutils long to read: the build shows the source text",
            ),
        )
    msgid, msgstr = _as_docutils_reads(msgid), _as_docutils_reads(msgstr)
    if not _MAY_ACT.search(msgstr) and not _TARGET.search(msgstr):
        return ()  # no directive, role, target, URL, tag or command (most messages)
    found = tuple(_refusals(msgid, msgstr))
    return found + tuple(_raw_refusals(msgid, msgstr)) if verbatim else found


def _refusals(msgid: str, msgstr: str) -> Iterator[Refusal]:
    source_directives = _directives(msgid)
    shown = "the build shows the source text instead"
    file_option = bool(_FILE_OPTION.search(msgstr)) and not _FILE_OPTION.search(msgid)
    added = {n: sub for n, sub in _directives(msgstr).items() if n not in source_directives}
    for name, substitution in added.items():
        what = (
            f"a substitution definition with directive '{name}'"
            if substitution
            else (f"directive '.. {name}::'")
        )
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
    defined = {
        " ".join(m.group("sub").split()).lower()
        for m in _DIRECTIVE.finditer(msgstr)
        if m.group("sub")
    }  # refused above, with the directive it runs
    added_subs = _substitutions(msgstr) - _substitutions(msgid) - defined
    for name in sorted(added_subs):
        yield Refusal(
            ADDED_MARKUP,
            f"substitution |{name}| is not in the source: it would put "
            f"what the document defines for it (raw HTML, an image…) here; {shown}",
        )
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
    yield from _image_refusals(msgid, msgstr, shown)
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


def _raw_refusals(msgid: str, msgstr: str) -> Iterator[Refusal]:
    """Markup a raw block's translation would publish as it is (Sphinx translates ``.. raw::``
    content when a project lists "raw" in ``gettext_additional_targets``, without parsing it).

    Tags and LaTeX commands the source has may be kept and moved; a tag with an attribute value
    or an active element (``<script>``, ``<svg>``, ``<iframe>``…), a script or style body, or a LaTeX
    command the source does not have is refused. A bare ``<name>`` placeholder is not markup
    that acts, so "cp <src>" may become "cp <quelle>"."""
    shown = "the build shows the source text instead"
    source_tags = {m.group(0) for m in _HTML_TAG.finditer(msgid)}
    for m in _HTML_TAG.finditer(msgstr):
        tag, name = m.group(0), m.group(2).lower()
        if tag in source_tags:
            continue
        if name in _HTML_ACTIVE or "=" in m.group(3):
            yield Refusal(
                RAW_HTML,
                f"an HTML <{name}> tag the source does not have would be "
                f"published as it is (raw HTML); {shown}",
            )
            return
    bodies = {b.strip() for _, b in _HTML_RAW_TEXT.findall(msgid)}
    for name, body in _HTML_RAW_TEXT.findall(msgstr):
        if body.strip() not in bodies:
            yield Refusal(
                RAW_HTML,
                f"the text of a <{name.lower()}> element is not the "
                f"source's: it would run; {shown}",
            )
            return
    source_commands = {m.group(0) for m in _TEX_COMMAND.finditer(msgid)}
    for m in _TEX_COMMAND.finditer(msgstr):
        if m.group(0) not in source_commands:
            yield Refusal(
                ADDED_MARKUP,
                f"LaTeX {m.group(0)!r} is not in the source; in a raw "
                f"block LaTeX would run it; {shown}",
            )
            return


def _image_floor(uri: str) -> int:
    """How far above its starting folder a path climbs (0: never leaves it)."""
    depth = floor = 0
    for part in uri.split("/"):
        if part == "..":
            depth -= 1
            floor = min(floor, depth)
        elif part not in ("", "."):
            depth += 1
    return floor


def _image_refusals(msgid: str, msgstr: str, shown: str) -> Iterator[Refusal]:
    """An image the translation names where its source has one (Sphinx translates
    ``.. image:: uri`` when a project lists "image" in ``gettext_additional_targets``, and copies
    the file it names into the site): the path may not climb out further than the source's,
    nor become a URL the source's is not."""
    source = [re.sub(r"\s+", "", m.group(1)) for m in _IMAGE.finditer(msgid)]
    floor = min((_image_floor(u) for u in source if not u.startswith("/")), default=0)
    source_schemes = {scheme(u) for u in source}
    for m in _IMAGE.finditer(msgstr):
        uri = re.sub(r"\s+", "", m.group(1))
        s = scheme(uri)
        if s is not None and s not in source_schemes:
            yield Refusal(UNSAFE_URL, f"an image at a '{s}:' URL (the source's is not); {shown}")
        elif s is None and _image_floor(uri) < (0 if uri.startswith("/") else floor):
            yield Refusal(
                FILE_INSERTION,
                f"image {uri!r} is outside the folders the source's "
                f"image is in: the build would copy that file into the site; {shown}",
            )


_FORMAT = re.compile(r"%(?:\([^)\n]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[a-zA-Z%]")


def _placeholders(text: str) -> tuple[frozenset[str], int]:
    """Named %-placeholders, and how many unnamed: what the template's ``%`` fills."""
    specs = [s for s in _FORMAT.findall(text) if s != "%%"]
    named = frozenset(s[: s.index(")") + 1] for s in specs if s.startswith("%("))
    return named, sum(not s.startswith("%(") for s in specs)


def judge_interface(msgid: str, msgstr: str) -> tuple[Refusal, ...]:
    """What a translation of Sphinx's own interface text (a project's ``sphinx.po``, which Sphinx
    prefers to its own) would do: themes print it into HTML unescaped, inside attributes
    (``value="{{ _('Go') }}"``) too, and %-format some of it.

    It may keep the source's tags and placeholders, not add a tag that acts, a double quote
    (which would end the attribute) or a placeholder the template does not fill (a crash)."""
    found = list(_raw_refusals(msgid, msgstr))
    if msgstr.count('"') > msgid.count('"'):
        found.append(
            Refusal(
                RAW_HTML,
                "a double quote the source does not have would end the "
                "HTML attribute it is printed in; Sphinx's own text is shown instead",
            )
        )
    if "%" in msgid and _placeholders(msgstr) != _placeholders(msgid):
        found.append(
            Refusal(
                ADDED_MARKUP,
                "a %-placeholder the source does not have: the page "
                "would fail to build; Sphinx's own text is shown instead",
            )
        )
    return tuple(found)
