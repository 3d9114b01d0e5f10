"""Translator QA checks: what Sphinx lets through, reported with ``path:line`` before a build.

A check is a plain function of ``(context, entry)`` yielding messages, registered once in
``CHECKS`` with a stable id, a severity and a one-line explanation; catalog-wide checks take the
whole catalog. Checks see only translated, live entries (fuzzy ones are not used by builds).
Silencing, per entry, with translator comments (GNU msgmerge and msgcat drop flags they do not
know, but keep comments): ``# transflow: unchanged`` (an identical translation is intended, e.g.
a name) or ``# transflow: ignore check-id, check-id``.
"""

from __future__ import annotations

import functools
import io
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from transflow.languages import Language
from transflow.pofile import Catalog, Entry

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


EntryCheck = Callable[[Context, Entry], Iterator[str]]
CatalogCheck = Callable[[Context], Iterator[tuple[int, str]]]


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
# reST inline markup, extracted once per string

_ROLE = re.compile(r"(?<![\w`]):([\w.+:-]+):`((?:[^`\\]|\\.)+)`")
_HYPERLINK = re.compile(r"`((?:[^`\\]|\\.)*?)\s*<([^<>`]+)>`__?")
_NAMED_REF = re.compile(
    r"(?<![\w`\\])`((?:[^`<\\]|\\.)+)`__?(?!\w)|(?<![\w`\\|])([A-Za-z0-9][\w.-]*?)__?(?![\w`])"
)
_FOOTNOTE = re.compile(r"\[(#[\w-]*|\*|\d+)\]_")
_CITATION = re.compile(r"\[([A-Za-z][\w.-]*)\]_")
_SUBST = re.compile(r"\|([^|\s](?:[^|]*[^|\s])?)\|(?:__?)?")
_LITERAL = re.compile(r"``(.+?)``")
_STRONG = re.compile(r"(?<!\*)\*\*(?!\s)(.+?)(?<!\s)\*\*(?!\*)")
_EMPHASIS = re.compile(r"(?<![*\\])\*(?![\s*])(.+?)(?<![\s\\])\*(?!\*)")
_URL = re.compile(r"(?:https?|ftp)://[^\s<>`\"')\]]+|www\.[^\s<>`\"')\]]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TARGET_ROLES = {"ref", "doc", "term", "numref", "any", "download", "envvar", "option", "keyword"}


@dataclass(frozen=True)
class Markup:
    roles: tuple[tuple[str, str], ...]  # (role, target)
    urls: tuple[str, ...]  # hyperlink targets
    named: tuple[str, ...]  # named references
    footnotes: tuple[str, ...]
    citations: tuple[str, ...]
    substitutions: tuple[str, ...]
    literals: tuple[str, ...]
    strong: int
    emphasis: int
    bare_urls: tuple[str, ...]
    emails: tuple[str, ...]


def _role_target(role: str, content: str) -> str:
    m = re.search(r"<([^<>]+)>\s*$", content)
    if m:
        return m.group(1).strip()
    base = role.split(":")[-1]
    return content.strip() if base in _TARGET_ROLES or ":" in role else ""


@functools.lru_cache(maxsize=65536)
def markup(text: str) -> Markup:
    literals = tuple(_LITERAL.findall(text))
    rest = _LITERAL.sub(" ", text)  # nothing inside a literal is markup
    roles = tuple((r, _role_target(r, c)) for r, c in _ROLE.findall(rest))
    rest_no_roles = _ROLE.sub(" ", rest)
    urls = tuple(u.strip() for _, u in _HYPERLINK.findall(rest_no_roles))
    rest_no_links = _HYPERLINK.sub(" ", rest_no_roles)
    named = tuple((a or b).strip() for a, b in _NAMED_REF.findall(rest_no_links)
                  if not _FOOTNOTE.fullmatch(f"[{a or b}]_"))  # fmt: skip
    strong = len(_STRONG.findall(rest_no_links))
    emphasis = len(_EMPHASIS.findall(_STRONG.sub(" ", rest_no_links)))
    return Markup(
        roles=roles,
        urls=urls,
        named=tuple(n for n in named if n),
        footnotes=tuple(_FOOTNOTE.findall(rest)),
        citations=tuple(_CITATION.findall(rest)),
        substitutions=tuple(_SUBST.findall(rest_no_links)),
        literals=literals,
        strong=strong,
        emphasis=emphasis,
        bare_urls=tuple(u.rstrip(".,;:") for u in _URL.findall(_HYPERLINK.sub(" ", text))),
        emails=tuple(_EMAIL.findall(text)),
    )


def _diff(a: tuple[str, ...] | tuple[tuple[str, str], ...], b) -> tuple[list, list]:
    ca, cb = Counter(a), Counter(b)
    return sorted((ca - cb).elements()), sorted((cb - ca).elements())


def _ignored(entry: Entry) -> set[str]:
    ids: set[str] = set()
    for comment in entry.comments:
        m = IGNORE_COMMENT.match(comment)
        if m:
            ids.update(x.strip() for x in m.group(1).split(","))
    return ids


# ---------------------------------------------------------------------------------------------
# reST consistency


@check(
    "rst-role", "error", "a role (:ref:, :doc:, :term: ...) or its target differs from the source"
)
def rst_role(ctx: Context, e: Entry) -> Iterator[str]:
    lost, added = _diff(markup(e.msgid).roles, markup(e.msgstr).roles)
    for role, target in lost:
        yield f"role :{role}:`{target}` of the source is missing or its target changed"
    for role, target in added:
        if (role, target) not in lost:
            yield f"role :{role}:`{target}` is not in the source"


@check("rst-link", "error", "the URL of a hyperlink `text <url>`_ differs from the source")
def rst_link(ctx: Context, e: Entry) -> Iterator[str]:
    lost, _added = _diff(markup(e.msgid).urls, markup(e.msgstr).urls)
    for url in lost:
        yield f"hyperlink to <{url}> is missing or its URL changed"


@check("rst-reference", "error", "a named, footnote or citation reference differs from the source")
def rst_reference(ctx: Context, e: Entry) -> Iterator[str]:
    src, dst = markup(e.msgid), markup(e.msgstr)
    for kind, a, b, fmt in (
        ("footnote reference", src.footnotes, dst.footnotes, "[{}]_"),
        ("citation reference", src.citations, dst.citations, "[{}]_"),
        ("named reference", src.named, dst.named, "`{}`_"),
    ):
        lost, added = _diff(a, b)
        for x in lost:
            yield f"{kind} {fmt.format(x)} of the source is missing"
        for x in added:
            yield f"{kind} {fmt.format(x)} is not in the source"


@check("rst-substitution", "error", "a substitution |name| differs from the source")
def rst_substitution(ctx: Context, e: Entry) -> Iterator[str]:
    lost, added = _diff(markup(e.msgid).substitutions, markup(e.msgstr).substitutions)
    for x in lost:
        yield f"substitution |{x}| of the source is missing"
    for x in added:
        yield f"substitution |{x}| is not in the source"


@check("rst-literal", "error", "an inline literal ``...`` differs from the source")
def rst_literal(ctx: Context, e: Entry) -> Iterator[str]:
    lost, _added = _diff(markup(e.msgid).literals, markup(e.msgstr).literals)
    for x in lost:
        yield f"inline literal ``{x}`` of the source is missing or changed"


@check("rst-emphasis", "warning", "the number of *emphasis* or **strong** spans differs")
def rst_emphasis(ctx: Context, e: Entry) -> Iterator[str]:
    src, dst = markup(e.msgid), markup(e.msgstr)
    if src.strong != dst.strong:
        yield f"{dst.strong} **strong** span(s) where the source has {src.strong}"
    if src.emphasis != dst.emphasis:
        yield f"{dst.emphasis} *emphasis* span(s) where the source has {src.emphasis}"


_MARKUP_CHARS = re.compile(r"[*`|_\[\\]")
_FRAGMENT_NOISE = ("Unknown interpreted text role", "No role entry", "Unknown target name",
                   "Too many autonumbered footnote", "Undefined substitution", "Unknown directive",
                   "Duplicate explicit target name", "Duplicate implicit target")  # fmt: skip


@functools.lru_cache(maxsize=65536)
def docutils_messages(text: str) -> tuple[str, ...]:
    """docutils' own complaints about the inline markup of one paragraph."""
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    settings = _settings()
    document = new_document("<msgstr>", settings)
    Parser().parse(text, document)
    messages = []
    for node in document.findall(lambda n: n.tagname == "system_message"):
        if node["level"] < 2:
            continue
        msg = node[0].astext().strip() if len(node) else ""
        if not any(noise in msg for noise in _FRAGMENT_NOISE):
            messages.append(msg)
    return tuple(messages)


@functools.cache
def _settings():
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    settings = get_default_settings(Parser)
    settings.report_level = 5
    settings.halt_level = 5
    settings.warning_stream = io.StringIO()
    settings.file_insertion_enabled = False
    settings.raw_enabled = False
    return settings


@check("rst-syntax", "error", "the translation's reST inline markup does not parse")
def rst_syntax(ctx: Context, e: Entry) -> Iterator[str]:
    if not _MARKUP_CHARS.search(e.msgstr):
        return
    theirs = set(docutils_messages(e.msgid)) if _MARKUP_CHARS.search(e.msgid) else set()
    for message in docutils_messages(e.msgstr):
        if message not in theirs:
            yield f"docutils: {message}"


# ---------------------------------------------------------------------------------------------
# Links


@check(
    "link-injection",
    "error",
    "the translation adds a URL, email or link target the source does not have",
)
def link_injection(ctx: Context, e: Entry) -> Iterator[str]:
    src, dst = markup(e.msgid), markup(e.msgstr)
    known = set(src.bare_urls) | set(src.urls) | set(src.emails)
    for url in dict.fromkeys((*dst.urls, *dst.bare_urls)):
        if url not in known:
            yield f"link to {url} is not in the source: a translation must not add links"
    for mail in dict.fromkeys(dst.emails):
        if mail not in known:
            yield f"email address {mail} is not in the source"
    for target in dict.fromkeys(dst.named):
        if target not in src.named:
            yield f"reference target `{target}`_ is not in the source"


@check(
    "url-missing", "error", "a URL or email address of the source is missing from the translation"
)
def url_missing(ctx: Context, e: Entry) -> Iterator[str]:
    src, dst = markup(e.msgid), markup(e.msgstr)
    have = set(dst.bare_urls) | set(dst.emails)
    for item in dict.fromkeys((*src.bare_urls, *src.emails)):
        if item not in have:
            yield f"{item} of the source is missing"


# ---------------------------------------------------------------------------------------------
# Inline markup next to unspaced scripts

_INLINE = re.compile(
    r"``.+?``|:[\w.+:-]+:`[^`]+`|`[^`]+`__?|`[^`]+`|\*\*[^*\s][^*]*\*\*|\*[^*\s][^*]*\*"
    r"|\[(?:#[\w-]*|\*|\d+|[A-Za-z][\w.-]*)\]_|\|[^|\s][^|]*\|(?:__?)?"
)
_OPENERS = set("-:/'\"<([{")


def _may_precede(ch: str) -> bool:
    return ch.isspace() or ch in _OPENERS or unicodedata.category(ch)[0] in "PZ"


def _may_follow(ch: str) -> bool:
    return ch.isspace() or ch in "-.,:;!?\\/'\")]}>" or unicodedata.category(ch)[0] in "PZ"


@check("inline-adjacent", "error",
       "inline markup touches a letter (CJK, Burmese, Thai text): it renders literally or breaks")  # fmt: skip
def inline_adjacent(ctx: Context, e: Entry) -> Iterator[str]:
    text = e.msgstr
    if not _MARKUP_CHARS.search(text):
        return
    for m in _INLINE.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        bad_before = not _may_precede(before) and before != "\\"
        bad_after = not _may_follow(after)
        if bad_before or bad_after:
            fixed = ("\\ " if bad_before else "") + m.group(0) + ("\\ " if bad_after else "")
            context = text[max(0, m.start() - 2) : m.start()] + fixed + text[m.end() : m.end() + 2]
            yield f"{m.group(0)} touches the text around it and will not be read as markup; write {context}"


# ---------------------------------------------------------------------------------------------
# Whitespace and punctuation

_NO_SPACES = {"ja", "zh", "th", "lo", "km", "my"}


@check("whitespace-edges", "warning", "leading or trailing whitespace differs from the source")
def whitespace_edges(ctx: Context, e: Entry) -> Iterator[str]:
    for side, a, b in (("leading", e.msgid[: len(e.msgid) - len(e.msgid.lstrip())],
                        e.msgstr[: len(e.msgstr) - len(e.msgstr.lstrip())]),
                       ("trailing", e.msgid[len(e.msgid.rstrip()):], e.msgstr[len(e.msgstr.rstrip()):])):  # fmt: skip
        if a != b:
            yield f"{side} whitespace {b!r} where the source has {a!r}"


@check("newlines", "error", "the number of line breaks differs from the source")
def newlines(ctx: Context, e: Entry) -> Iterator[str]:
    if e.msgid.count("\n") != e.msgstr.count("\n"):
        yield f"{e.msgstr.count(chr(10))} line break(s) where the source has {e.msgid.count(chr(10))}"


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


_JA_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@check("ja-ascii-punctuation", "warning", "ASCII punctuation inside Japanese text (use 、。！？：)")
def ja_ascii_punctuation(ctx: Context, e: Entry) -> Iterator[str]:
    if ctx.lang.base != "ja":
        return
    for m in re.finditer(
        r"(?<=[\u3040-\u30ff\u3400-\u9fff])[,.!?:;](?=\s|$|[\u3040-\u30ff\u3400-\u9fff])", e.msgstr
    ):
        full = {",": "、", ".": "。", "!": "！", "?": "？", ":": "：", ";": "；"}[m.group(0)]
        yield f"ASCII {m.group(0)!r} after Japanese text; use {full!r}"


# ---------------------------------------------------------------------------------------------
# Numbers

_DIGITS = re.compile(r"\d+")


def numbers(text: str) -> Counter[int]:
    """Numbers in any script's digits (Myanmar ၁၂, full-width １２ are 12), URLs excluded."""
    text = _FOOTNOTE.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", text)))
    found = Counter()
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


@check("zawgyi", "error", "Burmese text in the legacy Zawgyi encoding (myanmartools)")
def zawgyi(ctx: Context, e: Entry) -> Iterator[str]:
    if not re.search("[\u1000-\u109f]", e.msgstr):
        return
    p = _zawgyi_detector().get_zawgyi_probability(e.msgstr)
    if math.isinf(p) or math.isnan(p):  # -inf: no Myanmar text to judge
        return
    if p >= ZAWGYI_SURE:
        yield f"Zawgyi-encoded (probability {p:.2f}): convert it to Unicode"
    elif p >= ZAWGYI_ASK:
        yield f"may be Zawgyi-encoded (probability {p:.2f}): have a Burmese reader check it"


@check("my-order", "error", "Burmese characters in a non-canonical order that NFC does not fix")
def my_order(ctx: Context, e: Entry) -> Iterator[str]:
    s = e.msgstr
    if not re.search("[\u1000-\u109f]", s):
        return
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
    for m in _LOOKALIKE.finditer(e.msgstr):
        digit = m.group(0)
        letter = "ဝ" if digit == "\u1040" else "ရ"
        word = e.msgstr[max(0, m.start() - 2) : m.end() + 3]
        yield f"digit {digit} inside the word {word!r}: the letter {letter} is meant"


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
# Catalog-level checks


def _normal_plural(expr: str) -> str:
    expr = re.sub(r"\s+", "", expr)
    while expr.startswith("(") and expr.endswith(")"):
        expr = expr[1:-1]
    return expr


@check(
    "header-language",
    "error",
    "the Language header does not match the catalog's directory",
    catalog=True,
)
def header_language(ctx: Context) -> Iterator[tuple[int, str]]:
    header = ctx.catalog.header
    line = header.line if header else 1
    value = ctx.catalog.metadata.get("Language", "")
    if not value:
        yield line, f"no Language header; it should be {ctx.lang.code!r}"
    elif value.replace("-", "_") != ctx.lang.code:
        yield line, f"Language header {value!r} in the {ctx.lang.code!r} directory"


@check(
    "plural-forms",
    "error",
    "Plural-Forms is missing or wrong for the language (CLDR)",
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
    if m is None:
        yield line, f"Plural-Forms {value!r} does not parse"
    elif int(m.group(1)) != ctx.lang.nplurals or _normal_plural(m.group(2)) != _normal_plural(
        ctx.lang.plural
    ):
        yield line, f"Plural-Forms {value!r}; {ctx.lang.english_name} has {ctx.lang.plural_forms!r}"


@check(
    "plural-count",
    "error",
    "the number of msgstr[n] forms does not match Plural-Forms",
    catalog=True,
)
def plural_count(ctx: Context) -> Iterator[tuple[int, str]]:
    value = ctx.catalog.metadata.get("Plural-Forms", "")
    m = re.search(r"nplurals\s*=\s*(\d+)", value)
    n = int(m.group(1)) if m else ctx.lang.nplurals
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


def run_entry_checks(ctx: Context, entry: Entry, enabled: set[str]) -> Iterator[Finding]:
    if entry.obsolete or entry.fuzzy or not entry.msgid:
        return
    strings = entry.strings
    if not any(strings):
        return
    if marked_unchanged(entry) and entry.msgstr == entry.msgid:
        return  # kept as written on purpose: nothing to compare
    skip = _ignored(entry)
    line = entry.msgstr_line or entry.line
    for form in strings:
        if not form:
            continue
        view = entry if entry.msgid_plural is None else _with_msgstr(entry, form)
        for c in CHECKS.values():
            if c.id in enabled and c.id not in skip:
                for message in c.func(ctx, view):
                    yield Finding(ctx.path, line, c.severity, c.id, message)


def _with_msgstr(entry: Entry, form: str) -> Entry:
    return Entry(msgid=entry.msgid, msgstr=form, flags=entry.flags, comments=entry.comments,
                 line=entry.line, msgstr_line=entry.msgstr_line)  # fmt: skip


def run_catalog_checks(ctx: Context, enabled: set[str]) -> Iterator[Finding]:
    for c in CATALOG_CHECKS.values():
        if c.id in enabled:
            for line, message in c.func(ctx):
                yield Finding(ctx.path, line, c.severity, c.id, message)


ALL_IDS = (*CHECKS, *CATALOG_CHECKS, "inconsistent-translation", "po-syntax")
