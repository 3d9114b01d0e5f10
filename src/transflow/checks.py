"""Translator QA checks: what Sphinx lets through, reported with ``path:line`` before a build.

A check is a plain function of ``(context, entry)`` yielding messages, registered once in
``CHECKS`` with a stable id, a severity and a one-line explanation; catalog-wide checks take the
whole catalog. Checks see only translated, live entries (fuzzy ones are not used by builds).

reST is read by docutils itself (its Inliner, with Sphinx roles kept as written rather than
resolved), once per distinct string, so the comparison sees what Sphinx will see: a role's target,
a hyperlink's URI, a footnote's label, docutils' own message for broken markup.

Silencing, per entry, with translator comments (GNU msgmerge and msgcat drop ``#,`` flags they do
not know, but keep comments): ``# transflow: unchanged`` (an identical translation is intended,
e.g. a name), ``# transflow: ignore check-id, check-id`` or ``# transflow: ignore all``. Sphinx's
own ``#noqa`` at the end of a msgstr silences the reference checks, as it does in Sphinx.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from gettext import c2py as gettext_c2py
from pathlib import Path

from transflow import untrusted
from transflow.languages import Language, accepted_plurals, place, same_plural_rule
from transflow.pofile import Catalog, Entry, nplurals

UNCHANGED_MARK = "transflow: unchanged"
IGNORE_COMMENT = re.compile(r"^\s*transflow:\s*ignore\s+(.+)$")


def marked_unchanged(entry: Entry) -> bool:
    return any(c.strip() == UNCHANGED_MARK for c in entry.comments)


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    severity: str  # "error" or "warning"
    check: str
    message: str


@dataclass(frozen=True)
class Context:
    lang: Language
    path: Path
    catalog: Catalog
    lang_root: Path | None = None  # <locale-dir>/<code>: the language's word list and termbase
    default_role: str | None = None  # conf.py's: `text` is then a cross-reference, not italics
    sources: Path | None = None  # where the "#:" references point from (the templates' folder)
    source_dir: Path | None = None  # the only folder a "#:" reference may lead lint to read


EntryCheck = Callable[[Context, Entry], Iterator[str]]


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    summary: str
    func: Callable


CHECKS: dict[str, Check] = {}
CATALOG_CHECKS: dict[str, Check] = {}


def check(id: str, severity: str, summary: str, *, catalog: bool = False):
    def register(func):
        (CATALOG_CHECKS if catalog else CHECKS)[id] = Check(id, severity, summary, func)
        return func

    return register


# ---------------------------------------------------------------------------------------------
# reST inline markup, read by docutils itself (once per distinct string)

# URLs and email addresses anywhere in the text, linked or not: a translation must not add one
# even where docutils would not make it a link. ASCII only, so that `メールhelp@example.org`
# or `https://example.org/ကို` give the address and not the text around it.
_URL = re.compile(r"(?<![A-Za-z0-9])(?:https?|ftp)://[!#-&(-;=?-_a-~]+")
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# What any inline markup docutils knows starts with: emphasis, literals, roles, substitutions,
# references `name_`, footnotes `[1]_`, standalone URIs and email addresses. Text without any of
# these (most of a real catalog) needs no parse.
_MARKUP_HINT = re.compile(r"[*`|]|[\w\]]__?(?!\w)|://|@|(?:mailto|tel|urn|news):")
_FOOTNOTE = re.compile(r"\[(?:#[\w-]*|\*|\d+)\]_")

# Roles whose content is (or ends with) a target that must survive translation; roles whose
# content is verbatim; all other roles (:abbr:, :sup:, :menuselection: ...) keep only their name.
_XREF_ROLES = frozenset(
    [
        "ref",
        "doc",
        "term",
        "numref",
        "any",
        "download",
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
    ]
)
_VERBATIM_ROLES = frozenset(
    [
        "code",
        "literal",
        "kbd",
        "file",
        "samp",
        "command",
        "program",
        "math",
        "mimetype",
        "makevar",
        "regexp",
    ]
)
_EXPLICIT_TARGET = re.compile(r"(?s)(.*?)\s*<([^<>]+)>\s*$")


@dataclass(frozen=True)
class Markup:
    """The inline markup of one string, as docutils reads it."""

    roles: tuple[tuple[str, str], ...] = ()  # (role, target; "" when the text is translatable)
    links: tuple[str, ...] = ()  # URIs of hyperlinks `text <uri>`_ and `text <uri>`__
    standalone: tuple[str, ...] = ()  # bare URIs and email addresses docutils links by itself
    refnames: tuple[str, ...] = ()  # named references name_, `two words`_, `text <name_>`_
    refname_sources: tuple[str, ...] = ()  # the same as written, in order: what Sphinx 9 compares
    anonymous: int = 0  # anonymous references name__ (each points to the next anonymous target)
    targets: tuple[str, ...] = ()  # inline internal targets _`name`
    footnotes: tuple[str, ...] = ()  # [1]_ → "1", [#]_ → "#", [#x]_ → "#x", [*]_ → "*"
    citations: tuple[str, ...] = ()
    substitutions: tuple[str, ...] = ()
    literals: tuple[str, ...] = ()
    strong: int = 0
    emphasis: int = 0
    problems: tuple[str, ...] = ()  # docutils' own messages, e.g. "Inline emphasis start-string…"
    plain: tuple[str, ...] = ()  # URLs and email addresses in the text, linked or not


def _role(role: str, escaped: str) -> tuple[str, str]:
    from docutils.utils import unescape

    text = unescape(escaped)
    name = role.rsplit(":", 1)[-1]
    if name in _VERBATIM_ROLES:
        return role, text
    if name in _XREF_ROLES or ":" in role:
        m = _EXPLICIT_TARGET.match(text)
        return role, (m.group(2) if m else text).strip().lstrip("~!")
    m = _EXPLICIT_TARGET.match(text) if not role else None
    if m and _URL.match(m.group(2).strip()):  # `text <url>` without its `_`: a link gone wrong
        return role, f"<{m.group(2).strip()}>"
    return role, ""


@functools.cache
def _inliner():
    """docutils' Inliner, with every interpreted text kept as (role, text) instead of resolved:
    Sphinx's roles are unknown to plain docutils, and the role and target are what we compare."""
    from docutils import nodes
    from docutils.parsers.rst.states import Inliner

    inliner = Inliner()
    inliner.init_customizations(untrusted.safe_settings())

    def interpreted(rawsource, text, role, lineno):
        return [nodes.inline(rawsource, "", transflow_role=_role(role or "", text))], []

    standalone = inliner.implicit_inline

    def implicit_inline(text, lineno):  # bare URIs and emails: the search costs a third
        if ":" in text or "@" in text:
            return standalone(text, lineno)
        return [nodes.Text(text)]

    inliner.interpreted = interpreted
    inliner.implicit_inline = implicit_inline
    return inliner


@functools.lru_cache(maxsize=65536)
def markup(text: str) -> Markup:
    """Parse one string's inline markup the way Sphinx will (a paragraph of reST)."""
    plain = tuple(
        dict.fromkeys((*(u.rstrip(".,;:!?)\\") for u in _URL.findall(text)), *_EMAIL.findall(text)))
    )
    if not _MARKUP_HINT.search(text):
        return Markup(plain=plain)
    from docutils import nodes

    inliner = _inliner()
    document, memo = untrusted.inline_document(inliner)
    found, messages = inliner.parse(text, 1, memo, document)
    paragraph = nodes.paragraph()
    paragraph += found
    parts: dict[str, list] = {
        k: []
        for k in (
            "roles",
            "links",
            "standalone",
            "refnames",
            "refname_sources",
            "targets",
            "footnotes",
            "citations",
            "substitutions",
            "literals",
        )
    }
    counts: Counter[str] = Counter()
    for node in paragraph.findall(nodes.Element):
        kind = node.tagname
        if "transflow_role" in node.attributes:
            parts["roles"].append(node["transflow_role"])
        elif kind == "reference":
            uri = node.get("refuri")
            if uri is not None:
                uri = uri.removeprefix("mailto:")
                named = "name" in node or node.get("anonymous")
                parts["links" if named else "standalone"].append(uri)
            elif node.get("refname"):
                parts["refnames"].append(nodes.fully_normalize_name(node["refname"]))
                parts["refname_sources"].append(node.rawsource)
            elif node.get("anonymous"):
                counts["anonymous"] += 1
        elif kind == "target" and "refuri" not in node and "refname" not in node:
            parts["targets"].extend(node["names"])
        elif kind == "footnote_reference":
            auto = node.get("auto")
            label = node.get("refname", "")
            parts["footnotes"].append("*" if auto == "*" else f"#{label}" if auto else label)
        elif kind == "citation_reference":
            parts["citations"].append(node["refname"])
        elif kind == "substitution_reference":
            parts["substitutions"].append(node["refname"])
        elif kind == "literal":
            parts["literals"].append(node.astext())
        elif kind in ("strong", "emphasis"):
            counts[kind] += 1
    problems = tuple(m[0].astext() if len(m) else m.astext() for m in messages)
    return Markup(
        **{k: tuple(v) for k, v in parts.items()},
        anonymous=counts["anonymous"],
        strong=counts["strong"],
        emphasis=counts["emphasis"],
        problems=problems,
        plain=plain,
    )


# ---------------------------------------------------------------------------------------------
# Inline markup next to unspaced scripts
#
# docutils recognises inline markup only where a start-string follows whitespace or punctuation
# and an end-string is followed by whitespace or punctuation. In Japanese, Thai or Burmese text
# there are no spaces: `これは*緊急*です` renders the asterisks literally (no warning at all), and
# Burmese gives "start-string without end-string". The fix is an escaped space `\ `, which
# renders as nothing.

_CANDIDATE = re.compile(
    r"(?P<literals>``\S(?:.*?\S)??``)"  # shortest: '"``!``", "``a``"' holds two literals
    r"|(?P<roles>:[\w.+:-]+:`[^`]+`)"
    r"|(?P<refs>`[^`]+`__?)"
    r"|(?P<interpreted>`[^`\s](?:[^`]*[^`\s])?`)"
    r"|(?P<strong>\*\*[^*\s](?:[^*]*?[^*\s])?\*\*)"
    r"|(?P<emphasis>\*[^*\s](?:[^*]*?[^*\s])?\*)"
    r"|(?P<footnotes>\[(?:#[\w-]*|\*|\d+)\]_)"
    r"|(?P<citations>\[[A-Za-z][\w.-]*\]_)"
    r"|(?P<substitutions>\|[^|\s](?:[^|]*[^|\s])?\|(?:__?)?)"
)


@functools.cache
def _boundaries() -> tuple[re.Pattern[str], re.Pattern[str]]:
    from docutils.utils import punctuation_chars as pc

    before = re.compile(rf"[\s{pc.openers}{pc.delimiters}]")
    after = re.compile(rf"[\s\\{pc.closing_delimiters}{pc.delimiters}{pc.closers}]")
    return before, after


def _source_has(source: Markup, kind: str) -> bool:
    if kind == "interpreted":
        return bool(source.roles)
    if kind == "refs":
        return bool(source.refnames or source.links or source.anonymous)
    return bool(getattr(source, kind))


@dataclass(frozen=True)
class Adjacency:
    start: int
    end: int
    token: str
    before: bool  # needs `\ ` before
    after: bool  # needs `\ ` after


@functools.lru_cache(maxsize=65536)
def adjacencies(msgstr: str, msgid: str) -> tuple[Adjacency, ...]:
    """Markup of the kinds the source uses that touches letters, so docutils will not see it."""
    if not _MARKUP_HINT.search(msgstr):
        return ()
    ok_before, ok_after = _boundaries()
    source = markup(msgid)
    found = []
    for m in _CANDIDATE.finditer(msgstr):
        start, end = m.span()
        backslashes = len(msgstr[:start]) - len(msgstr[:start].rstrip("\\"))
        if backslashes % 2:  # an escaped start-string: literal text on purpose
            continue
        before = start > 0 and not ok_before.match(msgstr, start - 1) and not backslashes
        after = end < len(msgstr) and not ok_after.match(msgstr, end)
        if (before or after) and _source_has(source, m.lastgroup or ""):
            # Written the same way in the source (``*\*buffer_length*``): nothing translated.
            context = msgstr[max(0, start - 1) : end + 1]
            if context not in msgid:
                found.append(Adjacency(start, end, m.group(0), before, after))
    return tuple(found)


@functools.lru_cache(maxsize=65536)
def repaired(msgstr: str, msgid: str) -> str:
    """The translation with the escaped spaces it needs, so the other checks compare what the
    translator meant rather than repeat the adjacency finding."""
    out, last = [], 0
    for a in adjacencies(msgstr, msgid):
        out += [
            msgstr[last : a.start],
            "\\ " if a.before else "",
            a.token,
            "\\ " if a.after else "",
        ]
        last = a.end
    return "".join(out) + msgstr[last:] if out else msgstr


_NOQA = re.compile(r"(?s)(.*)(?<!\\)#\s*noqa\s*$")


def noqa(msgstr: str) -> tuple[str, bool]:
    """Sphinx's own mark: a msgstr ending in ``#noqa`` may change its references on purpose
    (Sphinx then skips i18n.inconsistent_references); the mark itself is not text."""
    m = _NOQA.match(msgstr) if "noqa" in msgstr else None
    return (m.group(1).rstrip(), True) if m else (msgstr, False)


def translation_markup(e: Entry) -> Markup:
    return markup(repaired(e.msgstr, e.msgid))


def ignored(entry: Entry) -> set[str]:
    """The check ids a translator switched off for this entry (``# transflow: ignore a, b``)."""
    ids: set[str] = set()
    for comment in entry.comments:
        m = IGNORE_COMMENT.match(comment)
        if m:
            ids.update(x.strip() for x in m.group(1).split(",") if x.strip())
    return ids


def _po_escaped(text: str) -> str:
    """How a translator types ``text`` between the quotes of a .po file."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _diff(a, b) -> tuple[list, list]:
    if a == b:  # the usual case
        return [], []
    ca, cb = Counter(a), Counter(b)
    return sorted((ca - cb).elements()), sorted((cb - ca).elements())


# ---------------------------------------------------------------------------------------------
# reST consistency


def _shown_role(role: str, target: str) -> str:
    return f":{role}:`{target}`" if target else f":{role}:"


@check(
    "rst-role", "error", "a role (:ref:, :doc:, :term: ...) or its target differs from the source"
)
def rst_role(ctx: Context, e: Entry) -> Iterator[str | tuple[str, str]]:
    if _new_problems(e):
        return  # markup that does not parse: rst-syntax says it once
    lost, added = _diff(markup(e.msgid).roles, translation_markup(e).roles)
    plain = [x for x in lost if x == ("", "")]  # `obfs4`: the default role, no name to show
    if plain:
        lost = [x for x in lost if x != ("", "")]
        n_src = markup(e.msgid).roles.count(("", ""))
        yield (
            f"{len(plain)} of the source's {n_src} `...` span(s) in single backquotes "
            "missing from the translation: a backquote with a space inside it "
            "(` text`) or a letter outside it (`text`s) shows literally"
        )
    for role, target in lost:
        other = next((t for r, t in added if r == role and role and t), None)
        if other is not None and _PLACEHOLDER.sub("{}", other) == _PLACEHOLDER.sub("{}", target):
            added.remove((role, other))  # :samp:`{name}-{version}`: placeholders are text
            continue
        if other is not None:  # one problem: the target was translated or mistyped
            added.remove((role, other))
            yield (
                f"{_shown_role(role, target)} became {_shown_role(role, other)}: a role's "
                "target is a name, not text (only the part before <...> may be translated)"
            )
        elif ("", "") in added:  # `: ref: `x`` (machine translation): the role name cut off
            added.remove(("", ""))
            yield (
                f"role {_shown_role(role, target)} of the source is missing: its `...` is "
                f"there without the role name (write :{role}:`...`, the name touching the "
                "backquote)"
            )
        else:
            yield f"role {_shown_role(role, target)} of the source is missing"
    for role, target in added:
        if not role and target.startswith("<"):
            continue  # a link without its `_`: rst-link says so
        if not role and ctx.default_role:  # default_role = "any": a reference to nothing
            yield (
                f"text in single backquotes `...` is not in the source: with default_role = "
                f"{ctx.default_role!r} it is a cross-reference (Sphinx warns: inconsistent term "
                "references); write it without backquotes, or ``...`` for code"
            )
        elif not role:  # italic in most projects: a slip, not breakage
            yield (
                "warning",
                (
                    "text in single backquotes `...` is not in the source: write "
                    "``...`` for code, or `text <url>`_ for a link"
                ),
            )
        else:
            yield f"role {_shown_role(role, target)} is not in the source"


_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _new_problems(e: Entry) -> list[str]:
    """docutils' complaints about the translation that the source does not have."""
    theirs = set(markup(e.msgid).problems)
    return [m for m in translation_markup(e).problems if m not in theirs]


# A path segment or query value that names a language: "ja", "zh-cn", "pt_BR", "en-US".
_LANGUAGE_SEGMENT = re.compile(r"[a-z]{2,3}(?:[-_](?:[a-z]{4}|[a-z]{2}|\d{3}))?", re.I)


@functools.lru_cache(maxsize=4096)
def _is_language(text: str) -> bool:
    import langcodes

    return bool(_LANGUAGE_SEGMENT.fullmatch(text)) and langcodes.tag_is_valid(
        text.replace("_", "-")
    )


@functools.lru_cache(maxsize=4096)
def _unlocalized(url: str) -> str:
    """``url`` without the parts that name a language, so that a link to the same page in
    the reader's language compares equal to the source's: a path segment (``/ja/``,
    ``/zh-cn/``), a query value (``?hl=zh``, ``lang=ja``) or a host's first label
    (``ja.wikipedia.org``, ``en.wikipedia.org``)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    is_language = _is_language
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    labels = parts.netloc.lower().split(".")
    if len(labels) > 2 and is_language(labels[0]):
        labels = labels[1:]
    segments = []
    for seg in parts.path.split("/"):  # /ja/, /zh-CN/, index_it, index-de.html, guide.ja.html
        if is_language(seg):
            continue  # the whole segment first: zh-CN, not zh and a leftover CN
        tokens = re.split(r"([._-])", seg)
        kept = tokens[:1]
        for sep, token in zip(tokens[1::2], tokens[2::2], strict=True):
            if not is_language(token):
                kept += [sep, token]
        if kept and is_language(kept[0]) and len(kept) > 1:
            kept = kept[2:]  # ja.guide.html: the language and the separator after it
        # index-de.html → index.html (a language token goes with the separator before it)
        if "".join(kept).strip("._-"):
            segments.append("".join(kept).strip("._-"))
    while segments and segments[-1] in ("index", "index.html", "index.htm"):
        segments.pop()
    path = "/".join(segments)
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_language(v)]
    )
    return urlunsplit((parts.scheme, ".".join(labels), path.rstrip("/"), query, parts.fragment))


def localized(source_url: str, url: str) -> bool:
    """Whether ``url`` is ``source_url`` in another language: the same host with a language
    segment, or the site's edition in another language (``en.wikipedia.org`` →
    ``pl.wikipedia.org``, whose article has its own title)."""
    if url.lower() == source_url.lower() or "://" not in url:
        return False  # 2016-May → 2016-may is another page, not Malay ("may")
    if _unlocalized(url) == _unlocalized(source_url):
        return True
    from urllib.parse import urlsplit

    a, b = urlsplit(source_url).netloc.lower(), urlsplit(url).netloc.lower()
    la, _, rest_a = a.partition(".")
    lb, _, rest_b = b.partition(".")
    return (
        rest_a == rest_b
        and rest_a.count(".") >= 1
        and la != lb
        and _is_language(la)
        and _is_language(lb)
    )


@dataclass(frozen=True)
class LinkChanges:
    """How a translation's addresses differ from the source's, each problem once: a changed
    address is one change (not a missing one plus an added one); a localized one is none."""

    changed: tuple[tuple[str, str], ...] = ()  # (source's, translation's)
    lost: tuple[str, ...] = ()
    added: tuple[str, ...] = ()


def _addresses(m: Markup) -> list[str]:
    """A string's addresses, each once: a URL written with a space inside `<...>` is one link
    (docutils drops the space), not also the plain URL up to the space."""
    linked = (*m.links, *m.standalone)
    plain = [u for u in m.plain if not any(x != u and x.startswith(u) for x in linked)]
    return list(dict.fromkeys((*linked, *plain)))


@functools.lru_cache(maxsize=65536)
def _link_changes(msgid: str, msgstr: str) -> LinkChanges:
    src = markup(msgid)
    dst = markup(repaired(msgstr, msgid))
    have = _addresses(dst)
    want = _addresses(src)
    lost = [u for u in want if u not in have]
    added = [u for u in have if u not in want]
    for u in list(lost):
        match = next((a for a in added if localized(u, a)), None)
        if match is not None:
            lost.remove(u)
            added.remove(match)
    broken = {t[1:-1] for role, t in dst.roles if not role and t.startswith("<")}
    lost = [u for u in lost if u not in broken]  # rst-link says "lost its _" for these
    changed = []
    for u in list(lost):  # pair what went with what came, in order, kind for kind
        kind = "@" in u and "://" not in u
        match = next((a for a in added if ("@" in a and "://" not in a) == kind), None)
        if match is not None:
            lost.remove(u)
            added.remove(match)
            changed.append((u, match))
    return LinkChanges(tuple(changed), tuple(lost), tuple(added))


@check(
    "rst-reference",
    "error",
    "a named, anonymous, footnote or citation reference or an inline target differs",
)
def rst_reference(ctx: Context, e: Entry) -> Iterator[str]:
    if _new_problems(e):
        return  # markup that does not parse: rst-syntax says it once
    src, dst = markup(e.msgid), translation_markup(e)
    said = False
    for kind, a, b, fmt in (
        ("footnote reference", src.footnotes, dst.footnotes, "[{}]_"),
        ("citation reference", src.citations, dst.citations, "[{}]_"),
        ("named reference", src.refnames, dst.refnames, "`{}`_"),
        ("inline target", src.targets, dst.targets, "_`{}`"),
    ):
        lost, added = _diff(a, b)
        if kind == "named reference":
            for x, uri in _aliases_without_underscore(e.msgid, e.msgstr):
                lost.remove(x)
                said = True
                yield (
                    f"named reference `{x}`_ became a link to the address {uri!r}: "
                    f"`text <{x}>`_ is a URL; for the source's target write `text <{x}_>`_"
                )
        for x, y in zip(lost, added, strict=False):  # one problem: a name translated
            said = True
            yield (
                f"{kind} {fmt.format(x)} became {fmt.format(y)}: write it as in the source; "
                "Sphinx warns (inconsistent references) and links a renamed one by guessing"
            )
        for x in lost[len(added) :]:
            said = True
            yield f"{kind} {fmt.format(x)} of the source is missing"
        for x in added[len(lost) :]:
            said = True
            yield f"{kind} {fmt.format(x)} is not in the source"
        if kind == "named reference" and not said:
            # Sphinx does not use a msgstr equal to its msgid: nothing to compare then.
            as_written = (
                _as_in_source_file(ctx, e, src.refname_sources)
                if e.msgstr != e.msgid
                else src.refname_sources
            )
            written = _written_differently(as_written, dst.refname_sources)
            if written:
                yield written
    if src.anonymous != dst.anonymous:
        yield f"{dst.anonymous} anonymous reference(s) `...`__ where the source has {src.anonymous}"


@functools.cache
def _sphinx_compares_references_as_written() -> bool:
    """Sphinx 9 compares a translation's named references with the source's as written and in
    order (``i18n.inconsistent_references``), not only by count: `` `Github`_ `` for
    `` `GitHub`_ `` and a translated `` `text <name_>`_ `` warn though the link works
    (sphinx-doc/sphinx#14143, #14162). Earlier versions count them."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return int(version("sphinx").split(".")[0]) >= 9
    except (PackageNotFoundError, ValueError):
        return False


def _as_in_source_file(ctx: Context, e: Entry, forms: tuple[str, ...]) -> tuple[str, ...]:
    """The msgid's named references as its source file writes them. A reference wrapped over
    two lines there (`` `Python\nPackage Index (PyPI)`_ ``) is one line in the msgid, and Sphinx
    9 compares the file's spelling: a translation that does not break the line at the same
    place warns, however right it is (sphinx-doc/sphinx#14162). Without the sources (a bare
    catalog tree) the msgid's spelling is all there is."""
    if (
        ctx.sources is None
        or ctx.source_dir is None
        or not any(" " in f for f in forms)
        or not _sphinx_compares_references_as_written()
    ):
        return forms
    for occurrence in e.occurrences:
        file, _, line = occurrence.rpartition(":")
        if not (line.isascii() and line.isdigit() and len(line) < 10):
            continue  # the catalog's own text: "²", or 5 000 digits
        path = _source_file(ctx.sources, ctx.source_dir, file)
        found = _in_order(_paragraph(path, int(line)), forms) if path is not None else None
        if found is not None:
            return found
    return forms


# Between two words of a reference: spaces, or a line break with the indentation around it.
_GAP = r"(?:[ \t]*\n[ \t]*|[ \t]+)"


def _in_order(block: str, forms: tuple[str, ...]) -> tuple[str, ...] | None:
    """Each reference of ``forms`` as ``block`` writes it, found in order (the same reference
    twice is paired copy by copy); None unless every one is found, or one is too long to look
    for. A line break is kept, the indentation after it is not (docutils removes it)."""
    pos, written = 0, []
    for form in forms:
        words = form.split()
        if len(form) > 500 or not words:
            return None
        m = re.compile(_GAP.join(map(re.escape, words))).search(block, pos)
        if m is None:
            return None
        written.append(re.sub(r"[ \t]*\n[ \t]*", "\n", m[0]) if "\n" in m[0] else form)
        pos = m.end()
    return tuple(written)


@functools.lru_cache(maxsize=4096)
def _source_file(base: Path, root: Path, reference: str) -> Path | None:
    """The document a "#:" reference names, if it is a regular file inside the project's
    sources: the reference comes from the catalog, which a translator may have written
    ("#: /proc/self/environ:1", "../../../home/ci/.netrc:1")."""
    try:
        path = (base / reference).resolve()
        if not path.is_relative_to(root.resolve()) or not path.is_file():
            return None
    except (OSError, ValueError):
        return None
    return path


@functools.lru_cache(maxsize=4096)  # one paragraph per message, asked for each language
def _paragraph(path: Path, line: int) -> str:
    """The lines around ``line`` of a source file up to blank lines on either side (Sphinx's
    line for a paragraph is one of its lines, not always the first), at most 40 each way."""
    lines = _source_lines(path)
    if not lines or not 0 < line <= len(lines):
        return ""
    start = end = line - 1
    while start > 0 and line - start < 40 and lines[start - 1].strip():
        start -= 1
    while end + 1 < len(lines) and end - line < 40 and lines[end + 1].strip():
        end += 1
    return "\n".join(lines[start : end + 1])


@functools.lru_cache(maxsize=256)
def _source_lines(path: Path) -> tuple[str, ...]:
    """A source document's lines; nothing for one that cannot be read (moved, not UTF-8)."""
    try:
        if path.stat().st_size > 4_000_000:
            return ()  # no document: a video in _static (_source_file made sure it is a file)
        return tuple(path.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


def _written_differently(source: tuple[str, ...], translation: tuple[str, ...]) -> str | None:
    """The same named references, written otherwise or in another order: what Sphinx 9 warns
    about, the link still going where the source's goes."""
    if source == translation or not _sphinx_compares_references_as_written():
        return None
    pairs = [(a, b) for a, b in zip(source, translation, strict=False) if a != b]
    wrapped = next(
        (a for a, b in pairs if "\n" in a and " ".join(a.split()) == " ".join(b.split())), None
    )
    if wrapped is not None:
        head = wrapped.partition("\n")[0].lstrip("`")
        return (
            f"named reference {' '.join(wrapped.split())} is wrapped over two lines in the "
            f"source and Sphinx 9 compares references as written: break the line after "
            f"{head!r} here too (a \\n in the msgstr), or end the translation with #noqa; "
            "the link works either way"
        )
    if sorted(source) == sorted(translation):
        what = "in another order than the source's"
    elif pairs:
        a, b = pairs[0]
        what = f"written {b} where the source writes {a}"
    else:
        what = f"written {len(translation)} time(s) where the source has {len(source)}"
    return (
        f"named references {what}: the links work, but Sphinx 9 warns (inconsistent "
        "references) unless each is written as in the source and in its order; keep them so, "
        "or end the translation with #noqa"
    )


@functools.lru_cache(maxsize=4096)
def _aliases_without_underscore(msgid: str, msgstr: str) -> tuple[tuple[str, str], ...]:
    """Named references of the source the translation wrote as `text <Name>`_, without the
    ``_`` that makes ``Name`` a target: docutils reads ``Name`` as a relative URL with its spaces
    removed (python-docs-style `API-ĵetonon <API token>`_ in packaging.python.org's eo).
    (name, address) pairs, one problem each: not a lost reference plus an added link."""
    lost, _ = _diff(markup(msgid).refnames, markup(msgstr).refnames)
    added = [u for u in markup(msgstr).links if u not in markup(msgid).links]
    found = []
    for x in lost:
        uri = next((u for u in added if u.lower() == re.sub(r"\s+", "", x)), None)
        if uri is not None and ":" not in uri:
            added.remove(uri)
            found.append((x, uri))
    return tuple(found)


@check("rst-substitution", "error", "a substitution |name| differs from the source")
def rst_substitution(ctx: Context, e: Entry) -> Iterator[str]:
    lost, added = _diff(markup(e.msgid).substitutions, translation_markup(e).substitutions)
    for x in lost:
        yield f"substitution |{x}| of the source is missing"
    for x in added:
        yield f"substitution |{x}| is not in the source"


@check("rst-literal", "error", "an inline literal ``...`` differs from the source")
def rst_literal(ctx: Context, e: Entry) -> Iterator[str | tuple[str, str]]:
    """A literal gone is an error; one whose words changed but whose shape did not (python-docs
    teams translate example strings and placeholders: ``**name`` → ``**nazwa``) is a warning
    for a reader of code to judge; spacing or "..." → "…" alone is nothing."""
    if _new_problems(e):
        return  # markup that does not parse: rst-syntax says it once
    lost, added = _diff(markup(e.msgid).literals, translation_markup(e).literals)
    for x in lost:
        same = next((y for y in added if _literal_shape(y) == _literal_shape(x)), None)
        if same is None:
            yield f"inline literal ``{x}`` of the source is missing or changed"
            continue
        added.remove(same)
        if _cosmetic(x) != _cosmetic(same):
            yield (
                "warning",
                (
                    f"inline literal ``{x}`` reads ``{same}`` in the translation: "
                    "code stays as it is (example text and placeholders may change)"
                ),
            )


def _cosmetic(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u2026", "..."))


def _literal_shape(text: str) -> str:
    """A literal with its words (any script) as ``w``: what stays when only words change."""
    return re.sub(r"[^\W\d_]+", "w", _cosmetic(text))


@check("rst-emphasis", "warning", "the number of *emphasis* or **strong** spans differs")
def rst_emphasis(ctx: Context, e: Entry) -> Iterator[str]:
    src, dst = markup(e.msgid), translation_markup(e)
    if src.strong != dst.strong:
        yield f"{dst.strong} **strong** span(s) where the source has {src.strong}"
    if src.emphasis != dst.emphasis:
        yield f"{dst.emphasis} *emphasis* span(s) where the source has {src.emphasis}"


@check("rst-syntax", "error", "the translation's reST inline markup does not parse (docutils)")
def rst_syntax(ctx: Context, e: Entry) -> Iterator[str]:
    theirs = set(markup(e.msgid).problems)
    for message in translation_markup(e).problems:
        if message not in theirs:
            yield f"docutils: {message}"


# A translation that starts like a list item, a field, an option or a line block is not a
# paragraph to docutils; Sphinx then skips it without a word and the page keeps the English text. Norwegian dates do it: "31. mars 2024" is an enumerated list starting at 31.
_BLOCK_START = re.compile(
    r"\s*(?:\(?(?:\d+|[A-Za-z]|[ivxlcdmIVXLCDM]+|#)[.)]|[-*+\u2022\u2023\u2043]|:[^:\s][^:]*:"
    r"|--?\w|\||>>>|\.\.)(?:\s|$)"
)
_BLOCK_NAMES = {
    "enumerated_list": "a numbered list",
    "bullet_list": "a bulleted list",
    "field_list": "a field list",
    "option_list": "an option list",
    "line_block": "a line block",
    "doctest_block": "a doctest block",
    "comment": "a comment",
    "definition_list": "a definition list",
    "literal_block": "a literal block",
}


@functools.lru_cache(maxsize=4096)
def first_block(text: str) -> str:
    """The kind of the first block docutils makes of ``text`` ("paragraph" for plain text)."""
    if not _BLOCK_START.match(text):
        return "paragraph"
    from docutils import nodes
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    document = new_document("<translation>", untrusted.safe_settings())
    Parser().parse(text, document)
    children = [c for c in document.children if isinstance(c, nodes.Element)]
    children = [c for c in children if c.tagname != "system_message"]
    return children[0].tagname if children else "paragraph"


@check(
    "rst-block",
    "error",
    "the translation is not a paragraph (it starts like a list item): Sphinx "
    "silently keeps the English text",
)
def rst_block(ctx: Context, e: Entry) -> Iterator[str]:
    if untrusted.judge(e.msgid, e.msgstr):
        return  # refused outright: the untrusted-input checks say why
    kind = first_block(e.msgstr)
    if kind == "paragraph" or first_block(e.msgid) != "paragraph":
        return
    what = _BLOCK_NAMES.get(kind, f"a {kind.replace('_', ' ')}")
    text = e.msgstr.lstrip()
    m = re.match(r"\(?\w+(?=[.)])", text)
    cut = m.end() if m else 0  # escape the enumerator's '.' or ')', or the first character
    fixed = text[:cut] + "\\" + text[cut:]
    shown = fixed[:40] + ("…" if len(fixed) > 40 else "")
    yield (
        f"docutils reads the translation as {what}, so Sphinx keeps the source text; "
        f"write {shown} (in the .po file: {_po_escaped(shown)})"
    )


# ---------------------------------------------------------------------------------------------
# Links


@check(
    "rst-link",
    "error",
    "a hyperlink `text <url>`_ of the source is missing, broken or points elsewhere",
)
def rst_link(ctx: Context, e: Entry) -> Iterator[str]:
    if _new_problems(e):
        return
    src_links = set(markup(e.msgid).links)
    changes = _link_changes(e.msgid, e.msgstr)
    for old, new in changes.changed:
        if old in src_links:
            yield f"the link to <{old}> points to <{new}> in the translation"
    for role, target in translation_markup(e).roles:
        if not role and target.startswith("<") and target[1:-1] in src_links:
            yield (
                f"the link to {target} has lost its closing _ (write `text {target}`_): it "
                "shows as plain text, not a link"
            )
    for old in changes.lost:
        if old in src_links:
            yield f"the link to <{old}> is missing from the translation"


@check(
    "link-injection",
    "error",
    "the translation adds a URL, email address or link target the source does not have",
)
def link_injection(ctx: Context, e: Entry) -> Iterator[str]:
    src, dst = markup(e.msgid), translation_markup(e)
    aliases = {uri for _, uri in _aliases_without_underscore(e.msgid, e.msgstr)}
    for address in _link_changes(e.msgid, e.msgstr).added:
        if address in aliases:
            continue  # rst-reference says the `_` is missing
        kind = "email address" if "@" in address and "://" not in address else "link to"
        yield f"{kind} {address} is not in the source: a translation must not add links"
    renamed = len(set(src.refnames) - set(dst.refnames))  # rst-reference reports those
    for name in [n for n in dict.fromkeys(dst.refnames) if n not in src.refnames][renamed:]:
        if not _EXPLICIT_TARGET.match(name):
            yield f"reference `{name}`_ is not in the source: a translation must not add links"
    # An extra anonymous reference `...`__ points to the source's own targets: rst-reference.


@check(
    "url-missing", "error", "a URL or email address of the source is missing from the translation"
)
def url_missing(ctx: Context, e: Entry) -> Iterator[str]:
    links = set(markup(e.msgid).links)
    changes = _link_changes(e.msgid, e.msgstr)
    for old, new in changes.changed:
        if old not in links:
            yield f"{old} of the source is {new} in the translation"
    for old in changes.lost:
        if old not in links:
            yield f"{old} of the source is missing"


@check(
    "inline-adjacent",
    "error",
    "inline markup touches a letter (CJK, Burmese, Thai text): it renders literally or breaks",
)
def inline_adjacent(ctx: Context, e: Entry) -> Iterator[str]:
    text = e.msgstr
    for a in adjacencies(text, e.msgid):
        fixed = ("\\ " if a.before else "") + a.token + ("\\ " if a.after else "")
        shown = text[max(0, a.start - 2) : a.start] + fixed + text[a.end : a.end + 2]
        yield (
            f"{a.token} touches the text around it, so docutils does not read it as markup "
            f"(it renders literally or breaks); write {shown} (in the .po file: "
            f"{_po_escaped(shown)})"
        )


# ---------------------------------------------------------------------------------------------
# Untrusted input: what the build refuses (transflow.untrusted), reported before it runs.
# A translator's comment cannot silence these: it comes from the same untrusted file.


def _refusals(check_id: str) -> EntryCheck:
    def run(ctx: Context, e: Entry) -> Iterator[str]:
        for r in untrusted.judge(e.msgid, e.msgstr):
            if r.check == check_id:
                yield r.reason

    return run


for _id, _summary in (
    (
        untrusted.RAW_HTML,
        "the translation adds raw HTML (a raw directive or a role derived from "
        "raw): the build refuses it",
    ),
    (
        untrusted.FILE_INSERTION,
        "the translation adds a directive, option or role that reads a "
        "file or URL (include, :file:, :download:): the build refuses it",
    ),
    (
        untrusted.UNSAFE_URL,
        "the translation adds a javascript:, data:, vbscript:, file: or "
        "other non-web link: the build refuses it",
    ),
    (
        untrusted.ADDED_MARKUP,
        "the translation adds a directive, substitution definition or link "
        "target its source does not have: the build refuses it",
    ),
):
    check(_id, "error", _summary)(_refusals(_id))
UNTRUSTED_IDS = frozenset(
    [untrusted.RAW_HTML, untrusted.FILE_INSERTION, untrusted.UNSAFE_URL, untrusted.ADDED_MARKUP]
)


# ---------------------------------------------------------------------------------------------
# Whitespace and punctuation

_NO_SPACES = {"ja", "zh", "th", "lo", "km", "my"}


@check("whitespace-edges", "warning", "leading or trailing whitespace differs from the source")
def whitespace_edges(ctx: Context, e: Entry) -> Iterator[str]:
    for side, a, b in (
        (
            "leading",
            e.msgid[: len(e.msgid) - len(e.msgid.lstrip())],
            e.msgstr[: len(e.msgstr) - len(e.msgstr.lstrip())],
        ),
        ("trailing", e.msgid[len(e.msgid.rstrip()) :], e.msgstr[len(e.msgstr.rstrip()) :]),
    ):
        if a != b:
            yield f"{side} whitespace {b!r} where the source has {a!r}"


@check(
    "newlines",
    "error",
    "line breaks differ where they change the output (code, line blocks, paragraphs)",
)
def newlines(ctx: Context, e: Entry) -> Iterator[str]:
    """reST joins the lines of a paragraph, so one sentence per line (as python-docs-ja writes)
    changes nothing; in a literal block or a line block each line break shows, and a blank
    line anywhere starts a new paragraph."""
    src, dst = e.msgid.count("\n\n"), e.msgstr.count("\n\n")
    if src != dst:
        yield f"{dst} blank line(s) where the source has {src}: a blank line starts a new paragraph"
    elif _line_breaks_show(e.msgid) and e.msgid.count("\n") != e.msgstr.count("\n"):
        yield (
            f"{e.msgstr.count(chr(10)) + 1} line(s) where the source has "
            f"{e.msgid.count(chr(10)) + 1}: in code and line blocks each line break shows"
        )


@functools.lru_cache(maxsize=65536)
def _line_breaks_show(msgid: str) -> bool:
    """Whether ``msgid`` is text whose line breaks are output: a literal block (code, which
    has indented or short lines) or a line block (``| ``), not a wrapped paragraph."""
    lines = msgid.split("\n")
    if len(lines) < 2:
        return False
    if first_block(msgid) != "paragraph":
        return True
    # Code has short lines, indented or not ending like a sentence; a paragraph's lines run to
    # the wrap width (and a template string's continuation may be indented: not code).
    wrapped = [len(x) for x in lines[:-1]]
    short = sum(wrapped) / len(wrapped) < 40
    return short and (
        any(x[:1].isspace() for x in lines[1:]) or not re.search(r"[.!?:;,]$", lines[0])
    )


@check("double-space", "warning", "doubled spaces in the translation")
def double_space(ctx: Context, e: Entry) -> Iterator[str]:
    if ctx.lang.base in ("ja", "zh"):
        return
    if "  " in e.msgstr.strip() and "  " not in e.msgid:
        yield "doubled space"


_ENDERS = {
    "ja": "。．！？」』）)",
    "zh": "。！？」』）)",
    "my": "။!?)",
}
_DEFAULT_ENDERS = '.!?…)"”»’'


@check("end-punctuation", "warning", "sentence-final punctuation differs from the source's")
def end_punctuation(ctx: Context, e: Entry) -> Iterator[str]:
    if ctx.lang.base == "th":  # Thai ends sentences with a space, not a mark
        return
    src, dst = e.msgid.rstrip(), e.msgstr.rstrip()
    if not src or not dst or not src.endswith((".", "!", "?")) or _FOOTNOTE.search(src[-6:]):
        return
    enders = _ENDERS.get(ctx.lang.base, _DEFAULT_ENDERS)
    if (
        not dst.endswith(tuple(enders))
        and not _FOOTNOTE.search(dst[-6:])
        and not dst.endswith(("_", "`"))
    ):
        expected = {"ja": "。", "zh": "。", "my": "။"}.get(ctx.lang.base, ".")
        yield f"the source ends a sentence with {src[-1]!r}; the translation should end with {expected!r}"


# ASCII punctuation between characters of a script that has full-width forms, and what to use.
_ASCII_PUNCTUATION = re.compile(
    r"(?<=[\u3040-\u30ff\u3400-\u9fff])[,.!?:;](?=\s|$|[\u3040-\u30ff\u3400-\u9fff])"
)
_FULL_WIDTH = {  # Japanese lists with 、, Chinese with ，(its 、 only separates list items)
    "ja": ("Japanese", {",": "、", ".": "。", "!": "！", "?": "？", ":": "：", ";": "；"}),
    "zh": ("Chinese", {",": "，", ".": "。", "!": "！", "?": "？", ":": "：", ";": "；"}),
}


def _ascii_punctuation(base: str, text: str) -> Iterator[str]:
    name, full = _FULL_WIDTH[base]
    for m in _ASCII_PUNCTUATION.finditer(text):
        yield f"ASCII {m.group(0)!r} after {name} text; use {full[m.group(0)]!r}"


@check("ja-ascii-punctuation", "warning", "ASCII punctuation inside Japanese text (use 、。！？：)")
def ja_ascii_punctuation(ctx: Context, e: Entry) -> Iterator[str]:
    if ctx.lang.base == "ja":
        yield from _ascii_punctuation("ja", e.msgstr)


@check("zh-ascii-punctuation", "warning", "ASCII punctuation inside Chinese text (use ，。！？：)")
def zh_ascii_punctuation(ctx: Context, e: Entry) -> Iterator[str]:
    if ctx.lang.base == "zh":
        yield from _ascii_punctuation("zh", e.msgstr)


# ---------------------------------------------------------------------------------------------
# Numbers

_DIGITS = re.compile(r"\d+")


@functools.lru_cache(maxsize=65536)
def numbers(text: str) -> Counter[int]:
    """Numbers in any script's digits (Myanmar ၁၂, full-width １２ are 12), URLs excluded."""
    if not _DIGITS.search(text):
        return Counter()
    text = _FOOTNOTE.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", text)))
    found: Counter[int] = Counter()
    for m in _DIGITS.finditer(text):
        digits = "".join(str(unicodedata.digit(c)) for c in m.group(0))
        found[int(digits)] += 1
    return found


@check("numbers", "warning", "a number of the source is missing from the translation")
def numbers_preserved(ctx: Context, e: Entry) -> Iterator[str]:
    missing = set(numbers(e.msgid)) - set(numbers(e.msgstr))  # a repeated number may be merged
    if missing:
        yield (
            "number(s) " + ", ".join(str(n) for n in sorted(missing)) + " of the source are missing"
        )


# ---------------------------------------------------------------------------------------------
# Burmese

_MEDIAL_ORDER = re.compile(r"\u103c\u103b|\u103d[\u103b\u103c]|\u103e[\u103b-\u103d]")
_VOWEL_FIRST = re.compile(r"(?:^|[^\u1000-\u109f])\u1031")
_ANUSVARA_BEFORE_U = re.compile(r"\u1036[\u102f\u1030]")
# ၀ or ၇ standing alone (not in a number) and joined to Myanmar letters or signs.
_LOOKALIKE = re.compile(
    r"(?<![\u1040-\u1049])(?:(?<=[\u1000-\u103f])[\u1040\u1047]|[\u1040\u1047](?=[\u1000-\u103f]))"
    r"(?![\u1040-\u1049])"
)


@functools.cache
def _zawgyi_detector():
    from myanmartools import ZawgyiDetector

    return ZawgyiDetector()


ZAWGYI_SURE, ZAWGYI_ASK = 0.95, 0.05
_MYANMAR = re.compile("[\u1000-\u109f]")
_MYANMAR_RUN = re.compile("[\u1000-\u109f]+")
# Text that breaks Unicode's Burmese syllable structure: a vowel sign or medial with no consonant
# before it (Zawgyi stores ေ and ျ before the consonant, as they are drawn), or code points
# Zawgyi reuses for its stacked and variant glyphs (U+1060-U+1097; Mon and Shan letters in
# Unicode, absent from Burmese).
_NOT_UNICODE_BURMESE = re.compile(
    r"[\u102b-\u103a](?<![\u1000-\u109f][\u102b-\u103a])"
    r"|[\u103b-\u103e](?<![\u1000-\u1021\u103b-\u103e][\u103b-\u103e])"
    r"|[\u1060-\u1097]"
)


@functools.lru_cache(maxsize=65536)
def zawgyi_probability(text: str) -> tuple[float, str] | None:
    """myanmartools' probability that ``text`` (or one of its words) is Zawgyi, with the text
    judged; None where it cannot tell or the question does not matter.

    The detector returns -inf for text without Burmese, and high values for short strings such
    as ``ကို ယခု ပါ။`` whose code points mean the same in both encodings (0.96): such text renders
    the same in either font, so only text that is not well-formed Unicode Burmese is judged. A
    Zawgyi word pasted into Unicode text scores near 0 as a whole, so each malformed word is
    judged on its own too.
    """
    if not _MYANMAR.search(text) or not _NOT_UNICODE_BURMESE.search(text):
        return None
    detector = _zawgyi_detector()
    best = None
    words = [w for w in _MYANMAR_RUN.findall(text) if _NOT_UNICODE_BURMESE.search(w)]
    for candidate in (text, *words):
        p = detector.get_zawgyi_probability(candidate)
        if not (math.isinf(p) or math.isnan(p)) and (best is None or p > best[0]):
            best = (p, candidate)
    return best


@check(
    "zawgyi",
    "error",
    "Burmese text in the legacy Zawgyi encoding (myanmartools; >= 0.95 error, >= 0.05 warning)",
)
def zawgyi(ctx: Context, e: Entry) -> Iterator[str | tuple[str, str]]:
    found = zawgyi_probability(e.msgstr)
    if found is None:
        return
    p, judged = found
    where = "" if judged == e.msgstr else f" in {judged!r}"
    if p >= ZAWGYI_SURE:
        yield f"Zawgyi-encoded{where} (probability {p:.2f}): convert it to Unicode"
    elif p >= ZAWGYI_ASK:
        yield (
            "warning",
            (f"may be Zawgyi-encoded{where} (probability {p:.2f}): have a Burmese reader check it"),
        )


@check("my-order", "error", "Burmese characters in a non-canonical order that NFC does not fix")
def my_order(ctx: Context, e: Entry) -> Iterator[str]:
    s = e.msgstr
    if not _MYANMAR.search(s):
        return
    found = zawgyi_probability(s)
    if found is not None and found[0] >= ZAWGYI_SURE:
        return  # Zawgyi: its own finding; its order is the encoding's, not a typing slip
    if _MEDIAL_ORDER.search(s):
        yield "medials out of order (canonical: ျ ြ ွ ှ)"
    if _VOWEL_FIRST.search(s):
        yield "vowel sign ေ (U+1031) typed before its consonant"
    if _ANUSVARA_BEFORE_U.search(s):
        yield "ံ (U+1036) before ု/ူ: write the vowel first"
    if unicodedata.normalize("NFC", s) != s:
        yield "not in Unicode NFC"


@check("my-lookalike-digit", "error", "Myanmar digit ၀ or ၇ inside a word (letter ဝ or ရ meant)")
def my_lookalike(ctx: Context, e: Entry) -> Iterator[str]:
    if "\u1040" not in e.msgstr and "\u1047" not in e.msgstr:
        return
    for m in _LOOKALIKE.finditer(e.msgstr):
        digit = m.group(0)
        letter = "ဝ" if digit == "\u1040" else "ရ"
        start = e.msgstr.rfind(" ", 0, m.start()) + 1
        end = e.msgstr.find(" ", m.end())
        word = e.msgstr[start : end if end >= 0 else len(e.msgstr)]
        yield f"digit {digit} inside the word {word}: the letter {letter} is meant"


@check("zero-width-space", "warning", "a stray zero-width space (U+200B)")
def zero_width_space(ctx: Context, e: Entry) -> Iterator[str]:
    if "\u200b" in e.msgstr and "\u200b" not in e.msgid:
        yield f"{e.msgstr.count(chr(0x200B))} zero-width space(s) (U+200B)"


# ---------------------------------------------------------------------------------------------
# Unchanged


@check(
    "unchanged",
    "warning",
    f"translation identical to the source (mark intended ones '# {UNCHANGED_MARK}')",
)
def unchanged(ctx: Context, e: Entry) -> Iterator[str]:
    if e.msgstr == e.msgid and re.search(r"[^\W\d_]", e.msgid) and not marked_unchanged(e):
        yield f"identical to the source; if intended, add the comment '# {UNCHANGED_MARK}'"


# ---------------------------------------------------------------------------------------------
# Spelling and terminology: their own modules (hunspell, the termbase), registered here


@check(
    "spelling",
    "warning",
    "a word in neither the language's hunspell dictionary nor <lang>/wordlist.txt",
)
def spelling_check(ctx: Context, e: Entry) -> Iterator[str]:
    from transflow import spelling

    return spelling.check(ctx, e)


@check(
    "glossary",
    "warning",
    "the source uses a term of <lang>/glossary.csv; the translation none of its approved ones",
)
def glossary(ctx: Context, e: Entry) -> Iterator[str]:
    from transflow import termbase

    return termbase.check(ctx, e, "glossary")


@check(
    "glossary-forbidden",
    "error",
    "the translation uses a translation <lang>/glossary.csv forbids for a term of the source",
)
def glossary_forbidden(ctx: Context, e: Entry) -> Iterator[str]:
    from transflow import termbase

    return termbase.check(ctx, e, "glossary-forbidden")


# ---------------------------------------------------------------------------------------------
# Catalog-level checks


@check(
    "header-language",
    "error",
    "the Language header does not match the catalog's directory",
    catalog=True,
)
def header_language(ctx: Context) -> Iterator[tuple[int, str] | tuple[int, str, str]]:
    header = ctx.catalog.header
    line = header.line if header else 1
    value = ctx.catalog.metadata.get("Language", "")
    if not value:
        yield line, f"no Language header; it should be {ctx.lang.code!r}", "warning"
    elif value.replace("-", "_") != ctx.lang.code:
        # Another region of the same language (es_AR in python-docs-es) misleads no tool.
        same = place(value.strip())[0].base == ctx.lang.base
        message = f"Language header {value!r} in the {ctx.lang.code!r} directory"
        yield (line, message, "warning") if same else (line, message)


@check(
    "plural-forms",
    "error",
    "Plural-Forms is missing or wrong for the language (GNU gettext, CLDR)",
    catalog=True,
)
def plural_forms(ctx: Context) -> Iterator[tuple[int, str]]:
    header = ctx.catalog.header
    line = header.line if header else 1
    value = ctx.catalog.metadata.get("Plural-Forms", "")
    has_plurals = any(e.msgid_plural is not None for e in ctx.catalog.entries)
    if not value:
        if has_plurals:
            yield line, f"no Plural-Forms header; it should be {ctx.lang.plural_forms!r}"
        return
    m = re.match(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*$", value)
    accepted = accepted_plurals(ctx.lang)
    try:
        ok = m is not None and (
            (not accepted and bool(gettext_c2py(m.group(2))))  # no table knows it: if it parses
            or any(same_plural_rule((int(m.group(1)), m.group(2)), rule) for rule in accepted)
        )
    except ValueError:
        m = None
    if m is None:
        yield line, f"Plural-Forms {value!r} does not parse"
    elif not ok:
        yield (
            line,
            (
                f"Plural-Forms {value!r} gives some numbers the wrong form; "
                f"{ctx.lang.english_name} has {ctx.lang.plural_forms!r} (GNU gettext, CLDR)"
            ),
        )


@check(
    "plural-count",
    "error",
    "the number of msgstr[n] forms does not match Plural-Forms",
    catalog=True,
)
def plural_count(ctx: Context) -> Iterator[tuple[int, str]]:
    n = nplurals(ctx.catalog.metadata.get("Plural-Forms", "")) or ctx.lang.nplurals
    for e in ctx.catalog.entries:
        if e.msgid_plural is not None and not e.obsolete and len(e.msgstr_plural) != n:
            yield (
                e.msgstr_line or e.line,
                f"{len(e.msgstr_plural)} plural form(s), Plural-Forms says {n}",
            )


@check(
    "fuzzy",
    "warning",
    "fuzzy entries: builds ignore them until a translator confirms them",
    catalog=True,
)
def fuzzy(ctx: Context) -> Iterator[tuple[int, str]]:
    marked = [e for e in ctx.catalog.entries if e.fuzzy and not e.obsolete]
    if marked:
        yield (
            marked[0].msgstr_line,
            f"{len(marked)} fuzzy entr{'y' if len(marked) == 1 else 'ies'}, first here",
        )


@check(
    "tm-unreviewed",
    "warning",
    "entries transflow update filled from translation memory, not edited or accepted since",
    catalog=True,
)
def tm_unreviewed(ctx: Context) -> Iterator[tuple[int, str]]:
    from transflow import memory

    found = []
    for e in ctx.catalog.entries:
        if not e.obsolete and (p := memory.provenance(e)) is not None and memory.as_filled(e, p):
            found.append((e, p))
    if found:
        e, p = found[0]
        fuzzy = sum(e.fuzzy for e, _ in found)
        yield (
            e.msgstr_line or e.line,
            f"{len(found)} entr{'y' if len(found) == 1 else 'ies'} filled from translation "
            f"memory and not reviewed ({fuzzy} fuzzy, {len(found) - fuzzy} counted as "
            f"translated), first here, from {p.where}:{p.line} ({p.score}%)",
        )


def run_entry_checks(ctx: Context, entry: Entry, enabled: set[str]) -> Iterator[Finding]:
    if entry.obsolete or entry.fuzzy or not entry.msgid:
        return
    strings = entry.strings
    if not any(strings):
        return
    line = entry.msgstr_line or entry.line
    skip = ignored(entry)
    unknown = sorted(skip - set(ALL_IDS) - {"all"})
    if unknown and "unknown-ignore" in enabled:
        yield Finding(
            ctx.path,
            line,
            "warning",
            "unknown-ignore",
            f"'# transflow: ignore' names unknown check id(s) {', '.join(unknown)} "
            "(see transflow lint --list-checks)",
        )
    if marked_unchanged(entry) and entry.msgstr == entry.msgid:
        return  # kept as written on purpose: nothing to compare
    if "all" in skip:
        skip = set(ALL_IDS) - UNTRUSTED_IDS
    skip -= UNTRUSTED_IDS  # the same file's comment cannot vouch for it
    for n, form in enumerate(strings):
        if not form:
            continue
        text, quiet = noqa(form)
        off = skip | _NOQA_CHECKS if quiet else skip
        if untrusted.unparseable(text) or untrusted.unparseable(entry.msgid):
            # refused unread: no check may spend time on it
            off = set(ALL_IDS) - UNTRUSTED_IDS
        view = _view(entry, n, text)
        for c in CHECKS.values():
            if c.id in enabled and c.id not in off:
                for message in c.func(ctx, view):
                    severity, said = (
                        message if isinstance(message, tuple) else (c.severity, message)
                    )
                    yield Finding(ctx.path, line, severity, c.id, said)


# What Sphinx's own no-qa mark at the end of a msgstr silences in Sphinx, silenced here too.
_NOQA_CHECKS = frozenset({"rst-role", "rst-reference"})


def _view(entry: Entry, n: int, form: str) -> Entry:
    """Form 0 translates the singular, the others the plural (for one-form languages such as
    ja and my the single form stands for both; it is compared with the singular)."""
    if entry.msgid_plural is None and form == entry.msgstr:
        return entry
    source = entry.msgid if n == 0 else entry.msgid_plural or entry.msgid
    return Entry(
        msgid=source,
        msgstr=form,
        flags=entry.flags,
        comments=entry.comments,
        line=entry.line,
        msgstr_line=entry.msgstr_line,
    )


def run_catalog_checks(ctx: Context, enabled: set[str]) -> Iterator[Finding]:
    for c in CATALOG_CHECKS.values():
        if c.id in enabled:
            for line, message, *severity in c.func(ctx):
                yield Finding(
                    ctx.path, line, severity[0] if severity else c.severity, c.id, message
                )


def _elsewhere(*_args: object) -> Iterator[str]:
    """The function of a check whose findings the catalog tree (lint.py) or the runner makes."""
    yield from ()


# Findings that no per-entry function produces: the catalog tree (lint.py) or the runner does.
OTHER_CHECKS = {
    "inconsistent-translation": Check(
        "inconsistent-translation",
        "warning",
        "the same source is translated differently in two documents of one language",
        _elsewhere,
    ),
    "po-syntax": Check(
        "po-syntax", "error", "the catalog does not parse (GNU gettext syntax)", _elsewhere
    ),
    "catalog-outside-tree": Check(
        "catalog-outside-tree",
        "error",
        "a catalog is a symbolic link out of the catalog tree: never read",
        _elsewhere,
    ),
    "unknown-ignore": Check(
        "unknown-ignore",
        "warning",
        "'# transflow: ignore' names a check id that does not exist",
        _elsewhere,
    ),
}
ALL_IDS = (*CHECKS, *CATALOG_CHECKS, *OTHER_CHECKS)
