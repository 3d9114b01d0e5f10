"""The one definition of translation coverage, used by every command, report, badge and banner.

The rule, everywhere transflow shows a number:

- Coverage is counted against the current template (``.pot``): a message counts when the
  template has it. A document without a catalog is 0 %, all its messages untranslated. Catalog
  entries the template no longer has (obsolete, or stale until ``transflow update`` runs) never
  count; obsolete entries are listed. With no template at all (a bare catalog tree), the
  catalog's own live entries count.
- A message is *translated* as GNU ``msgfmt`` decides: not fuzzy and its (first) ``msgstr`` is
  not empty. A plural message needs only ``msgstr[0]``, exactly as ``msgfmt --statistics``
  counts; the lint step reports missing plural forms. *Fuzzy* is a fuzzy message with text, and
  never translated; a fuzzy message with an empty ``msgstr`` is untranslated. The header
  (``msgid ""`` without context) is not a message.
- *Words* are words of the English source: ``msgid.split()`` plus ``msgid_plural.split()``
  (both forms count, as a translator writes both). Words of translations are not counted: a
  Japanese or Burmese sentence has no spaces to count.
- Percent is ``100 × translated / total`` (messages or words); a document with nothing to
  translate is complete. Shown everywhere through :func:`format_percent`, which rounds *down*:
  "100 %" means complete, "99 %" may be 99.97.

Reading: coverage needs only each message's key, state and source words. :func:`read_summary`
gets them with one regular-expression match per entry (about 2.5 times faster than a full
parse on large trees) and hands any file it does not recognise completely to the full reader
(:func:`transflow.pofile.parse`), which also reports every syntax error with ``path:line``. The
tests pin both readers to each other, to polib, and to ``msgfmt --statistics``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from transflow import pofile
from transflow.catalogs import CatalogRepository
from transflow.config import Config
from transflow.errors import CatalogError, TransflowError
from transflow.languages import Language
from transflow.pofile import Catalog, Entry

Key = tuple[str | None, str]
UNTRANSLATED, FUZZY, TRANSLATED = 0, 1, 2


@dataclass(frozen=True)
class Counts:
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0  # listed, never counted in total
    words: int = 0  # source words of all counted messages
    translated_words: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(_values(self), _values(other), strict=True)))

    def percent(self, by: str = "messages") -> float:
        """Translated share in percent; an empty document is complete (nothing to translate)."""
        done, total = (
            (self.translated, self.total)
            if by == "messages"
            else (self.translated_words, self.words)
        )
        return 100.0 if total == 0 else 100.0 * done / total

    @property
    def complete(self) -> bool:
        return self.translated == self.total

    def as_dict(self) -> dict[str, float | int]:
        return {
            "total": self.total,
            "translated": self.translated,
            "fuzzy": self.fuzzy,
            "untranslated": self.untranslated,
            "obsolete": self.obsolete,
            "words": self.words,
            "translated_words": self.translated_words,
            "percent_messages": round(self.percent("messages"), 2),
            "percent_words": round(self.percent("words"), 2),
        }


def format_percent(value: float) -> str:
    """How every output shows a percentage: rounded down, so "100 %" only when complete."""
    return f"{math.floor(value)} %"


def _values(c: Counts) -> tuple[int, ...]:
    return (c.total, c.translated, c.fuzzy, c.untranslated, c.obsolete, c.words, c.translated_words)


def source_words(entry: Entry) -> int:
    """Words of the English source: the msgid, plus the msgid_plural when there is one."""
    n = len(entry.msgid.split())
    if entry.msgid_plural is not None:
        n += len(entry.msgid_plural.split())
    return n


def is_translated(entry: Entry) -> bool:
    """As ``msgfmt`` decides: not fuzzy and a non-empty first form."""
    return not entry.obsolete and not entry.fuzzy and bool(entry.strings and entry.strings[0])


def state(entry: Entry) -> int:
    """UNTRANSLATED, FUZZY (fuzzy with text) or TRANSLATED, as ``msgfmt --statistics`` counts."""
    if not (entry.strings and entry.strings[0]):
        return UNTRANSLATED
    return FUZZY if entry.fuzzy else TRANSLATED


# ---------------------------------------------------------------------------------------------
# What coverage needs of a catalog


@dataclass(frozen=True)
class Summary:
    """A catalog reduced to what coverage needs: each live message's state and source words."""

    messages: Mapping[Key, tuple[int, int]]  # key → (state, source words), in file order
    obsolete: int = 0
    metadata: Mapping[str, str] = field(default_factory=dict)  # the header's fields
    path: Path | None = None


def _metadata(header_msgstr: str) -> dict[str, str]:
    # The same reading as pofile.Catalog.metadata.
    fields = {}
    for line in header_msgstr.split("\n"):
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


def summarize(catalog: Catalog) -> Summary:
    """The summary of a fully parsed catalog."""
    messages = {}
    obsolete = 0
    for e in catalog.entries:
        if e.obsolete:
            obsolete += 1
        else:
            messages[e.key] = (state(e), source_words(e))
    meta = _metadata(catalog.header.msgstr) if catalog.header is not None else {}
    return Summary(messages, obsolete, meta, catalog.path)


# One entry as GNU tools and Sphinx write it: comments, then keyword lines each holding one
# string, continuation lines holding one string each. Strings are matched loosely (``".*"``,
# three times faster than an exact string pattern) and checked afterwards only where a quote or
# backslash could make them wrong. Anything else (odd spacing, CRLF, a comment inside an entry,
# a bad string or escape, a duplicate) makes the scan give up and the full reader decide.
_STR = r'"(.*)"\n'
_ANY = r'".*"\n'


def _entry_pattern(prefix: str) -> re.Pattern[str]:
    p = re.escape(prefix)
    more = r"((?:" + p + _ANY + r")*)"
    return re.compile(
        r"\n*((?:#(?!~).*\n)*)"  # comments, flags, references, "#|" lines
        + (r"((?:#~\|.*\n)*)" if prefix else "()")  # previous strings of an obsolete entry
        + r"(?:" + p + "msgctxt " + _STR + more + r")?"
        + p + "msgid " + _STR + more
        + r"(?:" + p + "msgid_plural " + _STR + more + r")?"
        + r"(?:" + p + "msgstr " + _STR + more
        + r"|" + p + r"msgstr\[0\] " + _STR + more
        + r"((?:" + p + r"msgstr\[\d+\] " + _ANY + r"(?:" + p + _ANY + r")*)*))"
    )  # fmt: skip


_ENTRY = _entry_pattern("")
_OBSOLETE = _entry_pattern("#~ ")
_EXACT = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'  # a string as pofile reads it: quotes escaped inside
_STRING_LINE = re.compile(
    r"(?:#~ )?(?:(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\]) )?" + _EXACT + "$"
)
_PREVIOUS = re.compile(r"#~?\| (?:msgctxt |msgid |msgid_plural )?" + _EXACT + "$")
_CONTINUED = re.compile(r'(?:#~ )?"(.*)"\n')
_PLURAL_INDEX = re.compile(r"^(?:#~ )?msgstr\[(\d+)\]", re.MULTILINE)


class _Unrecognised(Exception):
    """The scan cannot vouch for this text: the full reader takes over."""


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw

    def replace(esc: re.Match[str]) -> str:
        octal, hexa, char = esc.groups()
        if octal:
            return chr(int(octal, 8))
        if hexa:
            return chr(int(hexa, 16))
        if char in pofile._SIMPLE_ESCAPES:
            return pofile._SIMPLE_ESCAPES[char]
        raise _Unrecognised  # an invalid escape: an error the full reader will report

    return pofile._ESCAPE.sub(replace, raw)


def _string(first: str, more: str | None) -> str:
    # Each line decodes on its own, as GNU does: "\\x4" then "C" is not "\\x4C".
    if more:
        return _unescape(first) + "".join(_unescape(m[1]) for m in _CONTINUED.finditer(more))
    return _unescape(first)


def _check_strings(block: str) -> None:
    """Every string line of an entry holds exactly one well-formed string with valid escapes."""
    for line in block.split("\n"):
        if line and not _STRING_LINE.match(line):
            raise _Unrecognised
        if "\\" in line:
            _unescape(line[line.index('"') + 1 : -1])


def _fuzzy(comments: str, previous: str) -> bool:
    """Whether the comment lines hold a fuzzy flag; "#|" lines must be well formed."""
    for block in (comments, previous):
        if "|" in block:
            for line in block.split("\n"):
                if line[:2] == "#|" or line[:3] == "#~|":
                    if _PREVIOUS.match(line) is None:
                        raise _Unrecognised
                    _unescape(line[line.index('"') + 1 : -1])
    if "fuzzy" not in comments:
        return False
    return any(
        "fuzzy" in (f.strip() for f in line[2:].split(","))
        for line in comments.split("\n")
        if line[:2] == "#,"
    )


def _scan(text: str, path: Path | None) -> Summary:
    """The summary straight from the text; raises _Unrecognised for anything unusual."""
    if not text.endswith("\n"):
        text += "\n"
    messages: dict[Key, tuple[int, int]] = {}
    header: str | None = None
    obsolete = 0
    pos = 0
    match_entry, match_obsolete = _ENTRY.match, _OBSOLETE.match
    find, count_ = text.find, text.count
    while True:
        m = match_entry(text, pos)
        dead = m is None
        if m is None:
            m = match_obsolete(text, pos)
            if m is None:
                break
            obsolete += 1
        (comments, previous, ctx, ctx_more, msgid, id_more, plural, plural_more,
         msgstr, str_more, first, first_more, forms) = m.groups()  # fmt: skip
        start, pos = m.end(2), m.end()
        # Two quotes per string line, no backslash: every string is plain. Otherwise look closer.
        if find("\\", start, pos) >= 0 or count_('"', start, pos) != 2 * count_("\n", start, pos):
            _check_strings(text[start:pos])
        fuzzy = _fuzzy(comments, previous) if comments or previous else False
        if plural is None:
            if msgstr is None:
                raise _Unrecognised  # msgstr[0] without msgid_plural
            filled = msgstr or (str_more and str_more.replace('""\n', ""))
        else:
            if first is None:
                raise _Unrecognised  # msgid_plural with a plain msgstr
            if forms and _PLURAL_INDEX.findall(forms) != [
                str(i) for i in range(1, forms.count("msgstr[") + 1)
            ]:
                raise _Unrecognised  # forms out of order
            filled = first or (first_more and first_more.replace('""\n', ""))
        if dead:
            continue
        key = (None if ctx is None else _string(ctx, ctx_more), _string(msgid, id_more))
        if key in messages:
            raise _Unrecognised  # a duplicate: the full reader names both lines
        if key == (None, ""):
            if header is not None:
                raise _Unrecognised
            header = _string(msgstr or "", str_more)
            continue
        words = len(key[1].split())
        if plural is not None:
            words += len(_string(plural, plural_more).split())
        messages[key] = (FUZZY if fuzzy else TRANSLATED) if filled else UNTRANSLATED, words
    if text[pos:].strip("\n"):
        raise _Unrecognised
    return Summary(messages, obsolete, _metadata(header) if header is not None else {}, path)


def parse_summary(text: str, path: str | Path | None = None) -> Summary:
    """The summary of catalog text; a syntax error raises CatalogError naming every line."""
    path = Path(path) if path is not None else None
    try:
        return _scan(text, path)
    except _Unrecognised:
        return summarize(pofile.parse(text, path))


def read_summary(path: str | Path) -> Summary:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError([TransflowError(f"cannot read: {exc.strerror}", path)]) from None
    return parse_summary(pofile._decode(data, path), path)


# ---------------------------------------------------------------------------------------------
# Counting


def _summary(catalog: Catalog | Summary | None) -> Summary | None:
    return summarize(catalog) if isinstance(catalog, Catalog) else catalog


def count(template: Catalog | Summary | None, catalog: Catalog | Summary | None) -> Counts:
    """Counts of ``catalog`` against ``template``; with no template, the catalog as it is."""
    tpl, cat = _summary(template), _summary(catalog)
    have = cat.messages if cat is not None else {}
    sources = tpl.messages if tpl is not None else have
    total = len(sources)
    words = translated = fuzzy = translated_words = 0
    for key, (_, w) in sources.items():
        words += w
        found = have.get(key)
        if found is None:
            continue
        if found[0] == TRANSLATED:
            translated += 1
            translated_words += w
        elif found[0] == FUZZY:
            fuzzy += 1
    return Counts(
        total=total,
        translated=translated,
        fuzzy=fuzzy,
        untranslated=total - translated - fuzzy,
        obsolete=cat.obsolete if cat is not None else 0,
        words=words,
        translated_words=translated_words,
    )


@dataclass(frozen=True)
class DocumentCoverage:
    lang: Language
    domain: str
    counts: Counts
    po_path: Path | None  # None: no catalog yet
    stale: bool = False  # the catalog misses template messages or has ones it no longer has
    translator: str | None = None  # the catalog's Last-Translator, as written there
    revised: str | None = None  # its PO-Revision-Date


@dataclass(frozen=True)
class LanguageCoverage:
    lang: Language
    documents: tuple[DocumentCoverage, ...]

    @property
    def counts(self) -> Counts:
        return sum((d.counts for d in self.documents), Counts())

    def document(self, domain: str) -> DocumentCoverage | None:
        return next((d for d in self.documents if d.domain == domain), None)

    @property
    def stale(self) -> tuple[DocumentCoverage, ...]:
        return tuple(d for d in self.documents if d.stale)


def _template(repo: CatalogRepository, domain: str) -> Summary | None:
    if repo.pot_dir is None:
        return None
    path = repo.pot_path(domain)
    return read_summary(path) if path.is_file() else None


def measure_document(
    repo: CatalogRepository,
    lang: Language,
    domain: str,
    template: Catalog | Summary | None = None,
) -> DocumentCoverage:
    """Coverage of one language's catalog of one document, against its template if any."""
    tpl = _summary(template) if template is not None else _template(repo, domain)
    po = repo.po_path(lang, domain)
    catalog = read_summary(po) if po.is_file() else None
    counts = count(tpl, catalog)
    stale = False
    if tpl is not None and catalog is not None:
        stale = catalog.messages.keys() != tpl.messages.keys()
    meta = catalog.metadata if catalog is not None else {}
    return DocumentCoverage(
        lang, domain, counts, po if catalog is not None else None, stale,
        meta.get("Last-Translator"), meta.get("PO-Revision-Date"),
    )  # fmt: skip


def measure(
    config: Config,
    languages: Iterable[Language] | None = None,
    domains: Iterable[str] | None = None,
    *,
    repo: CatalogRepository | None = None,
) -> list[LanguageCoverage]:
    """Coverage of each language and document of the project, against its templates.

    ``repo`` overrides where catalogs and templates are (``pot_dir=None``: no templates, the
    catalogs count as they are). Every unreadable catalog is collected; one CatalogError lists
    them all, so a user fixes them in one round. A large tree is read by one process per core.
    """
    repo = repo if repo is not None else CatalogRepository.of(config)
    langs = list(languages) if languages is not None else list(config.languages)
    wanted = list(domains) if domains is not None else repo.domains()
    # Without templates, each language has the documents it has catalogs for.
    plan = {lang: wanted or repo.po_domains(lang) for lang in langs}
    every = list(dict.fromkeys(d for docs in plan.values() for d in docs))
    chunks = _chunks(every, len(langs))
    work = [(repo, plan, chunk) for chunk in chunks]
    if len(chunks) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(len(chunks), mp_context=context) as pool:
            parts = list(pool.map(_measure_domains, *zip(*work, strict=True)))
    else:
        parts = [_measure_domains(*w) for w in work]
    found: dict[tuple[str, str], DocumentCoverage] = {}
    errors: list[TransflowError] = []
    for done, failed in parts:
        found.update(done)
        errors.extend(failed)
    if errors:
        raise CatalogError(sorted(errors, key=lambda e: (str(e.path), e.line or 0)))
    return [LanguageCoverage(lang, tuple(found[lang.tag, d] for d in plan[lang])) for lang in langs]


# Below this many catalogs a second process costs more than it saves (fork, pickling).
_PARALLEL_FROM = 200


def _chunks(domains: list[str], languages: int) -> list[list[str]]:
    import os
    import sys
    import threading

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if (
        sys.platform != "linux"
        or cores < 2
        or threading.active_count() > 1  # fork copies only this thread: never beside others
        or len(domains) * max(languages, 1) < _PARALLEL_FROM
    ):
        return [domains]
    n = min(cores, 8)
    return [domains[i::n] for i in range(n)]


def _measure_domains(
    repo: CatalogRepository, plan: dict[Language, list[str]], domains: list[str]
) -> tuple[dict[tuple[str, str], DocumentCoverage], list[TransflowError]]:
    """Each document's template read once, then its catalog in every language that has it."""
    found = {}
    errors: list[TransflowError] = []
    wanted = {lang: set(docs) for lang, docs in plan.items()}
    for d in domains:
        try:
            tpl = _template(repo, d)
        except CatalogError as exc:
            errors.extend(exc.errors)
            continue
        for lang, docs in wanted.items():
            if d in docs:
                try:
                    found[lang.tag, d] = measure_document(repo, lang, d, tpl)
                except CatalogError as exc:
                    errors.extend(exc.errors)
    return found, errors
