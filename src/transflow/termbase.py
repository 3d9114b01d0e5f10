"""The termbase: each language's glossary as data, and the checks that hold translations to it.

One file per language beside its catalogs, ``<locale-dir>/<lang>/glossary.csv`` (CSV, which
GitHub renders as a table and every spreadsheet edits), with the columns

    term       the English source term ("military junta")
    variants   other source spellings, ``;``-separated ("junta; the Junta")
    approved   the translations to use, ``;``-separated ("militærjuntaen; juntaen")
    forbidden  translations that must not be used, ``;``-separated
    note       for people; the checks ignore it

Checks: ``glossary`` (warning) when the msgid uses a term and the msgstr none of its approved
translations; ``glossary-forbidden`` (error) when it uses a forbidden one. Matching works per
script. In the English source: whole words, any case, plurals and possessives folded
("Defectors'" is "defector"). In the translation: substrings for scripts written without spaces
(ja, zh, my, th ...); for spaced languages word by word, each word compared by its Snowball stem
(Sphinx's own stemmer library), and found inside compounds — so Norwegian "juntaens",
"militærjuntaen" use "juntaen", and "flyktningene" uses "flyktning". A forbidden translation is
looked for only outside the approved ones the msgstr uses (Burmese may forbid အစိုးရ,
"government", for the junta while the NUG's name ends in it).

``glossary.md`` beside it stays the page people read: ``transflow glossary`` rewrites its table
from the CSV (between two marker comments, prose around it kept) and ``--check`` fails when the
two disagree; ``transflow glossary --from-markdown`` makes a first CSV out of a Markdown table.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from transflow.errors import ConfigError
from transflow.files import write_if_changed
from transflow.languages import Language

if TYPE_CHECKING:
    from transflow.checks import Context
    from transflow.pofile import Entry

GLOSSARY = "glossary.csv"
MARKDOWN = "glossary.md"
COLUMNS = ("term", "variants", "approved", "forbidden", "note")
BEGIN = "<!-- transflow glossary: the table below is generated from glossary.csv (transflow glossary) -->"
END = "<!-- end of transflow glossary -->"
UNSPACED = frozenset({"ja", "zh", "my", "th", "lo", "km"})
# Snowball stemmers (snowballstemmer, a dependency of Sphinx) by language code.
_SNOWBALL = {
    "nb": "norwegian",
    "nn": "norwegian",
    "no": "norwegian",
    "da": "danish",
    "sv": "swedish",
    "id": "indonesian",
    "ms": "indonesian",
    "de": "german",
    "nl": "dutch",
    "fr": "french",
    "es": "spanish",
    "pt": "portuguese",
    "it": "italian",
    "ca": "catalan",
    "ro": "romanian",
    "fi": "finnish",
    "et": "estonian",
    "hu": "hungarian",
    "tr": "turkish",
    "ru": "russian",
    "sr": "serbian",
    "lt": "lithuanian",
    "el": "greek",
    "ga": "irish",
    "eu": "basque",
    "hy": "armenian",
    "ar": "arabic",
    "ne": "nepali",
    "hi": "hindi",
    "ta": "tamil",
}
_WORD = re.compile(r"\w+")
_SOURCE_TOKEN = re.compile(r"\w+(?:['’]\w*)?")  # with its possessive: junta's, defectors'
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True)
class Term:
    term: str
    variants: tuple[str, ...] = ()
    approved: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    note: str = ""
    line: int = 0  # in the CSV file

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.term, *self.variants)


@dataclass(frozen=True)
class Termbase:
    path: Path
    terms: tuple[Term, ...]


# ---------------------------------------------------------------------------------------------
# The file


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split(";") if x.strip())


def parse(text: str, path: Path) -> Termbase:
    """The terms of a glossary CSV; every problem is an error naming ``path:line``."""
    rows = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(rows)]
    except StopIteration:
        return Termbase(path, ())
    except csv.Error as exc:
        raise ConfigError(f"not CSV: {exc}", path, 1) from None
    unknown = [h for h in header if h not in COLUMNS]
    if "term" not in header or unknown:
        raise ConfigError(
            f"the first line must name the columns {', '.join(COLUMNS)} "
            f"(found {', '.join(header) or 'nothing'})",
            path,
            1,
        )
    terms = []
    try:
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise ConfigError(
                    f"{len(row)} cells for {len(header)} columns (quote a cell that holds a comma)",
                    path,
                    line,
                )
            cells = dict(zip(header, row, strict=False))
            term = cells.get("term", "").strip()
            if not term:
                raise ConfigError("a row without a term", path, line)
            terms.append(
                Term(
                    term,
                    _split(cells.get("variants", "")),
                    _split(cells.get("approved", "")),
                    _split(cells.get("forbidden", "")),
                    cells.get("note", "").strip(),
                    line,
                )
            )
    except csv.Error as exc:
        raise ConfigError(f"not CSV: {exc}", path, rows.line_num) from None
    return Termbase(path, tuple(terms))


def read(path: Path) -> Termbase | None:
    """The termbase at ``path``, or None when there is none."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError("not UTF-8", path, data[: exc.start].count(b"\n") + 1) from None
    return parse(text, path)


def dumps(terms: list[Term] | tuple[Term, ...]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for t in terms:
        writer.writerow(
            [t.term, "; ".join(t.variants), "; ".join(t.approved), "; ".join(t.forbidden), t.note]
        )
    return out.getvalue()


def termbase(lang_root: Path | None) -> Termbase | None:
    """The language's termbase (``<lang_root>/glossary.csv``), read once while unchanged."""
    if lang_root is None:
        return None
    path = lang_root / GLOSSARY
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    return _read_cached(path, stamp)


@functools.lru_cache(maxsize=32)
def _read_cached(path: Path, _stamp: int) -> Termbase | None:
    return read(path)


# ---------------------------------------------------------------------------------------------
# Markdown: the page people read, generated from the data


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(base: Termbase, lang: Language) -> str:
    """The termbase as a GitHub Markdown table."""
    forbidden = any(t.forbidden for t in base.terms)
    head = ["Source", lang.native_name, *(["not"] if forbidden else []), "Note"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for t in base.terms:
        cells = [
            " / ".join(t.sources),
            ", ".join(t.approved),
            *([", ".join(t.forbidden)] if forbidden else []),
            t.note,
        ]
        rows.append("| " + " | ".join(map(_cell, cells)) + " |")
    return "\n".join(rows) + "\n"


def render_markdown(current: str, table: str) -> str:
    """``current`` (a glossary.md) with its generated table replaced by ``table``; a page
    without the markers gets them where its first table was, or at the end."""
    block = f"{BEGIN}\n\n{table}\n{END}"
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        return head + block + rest.split(END, 1)[1]
    lines = current.splitlines(keepends=True)
    start = next((i for i, x in enumerate(lines) if x.startswith("|")), None)
    if start is None:
        return current.rstrip("\n") + ("\n\n" if current.strip() else "") + block + "\n"
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "".join(lines[:start]) + block + "\n" + "".join(lines[end:])


def from_markdown(text: str) -> list[Term]:
    """A first termbase made from a Markdown glossary's first table (English | translation |
    note, as our glossary.md files were): ``a / b`` and ``a, b`` are alternatives, a trailing
    ``(ACRONYM)`` is a variant of its own, a translation cell's text after `` — `` is a note.
    The result is meant to be read and corrected by a person."""
    lines = [x for x in text.splitlines() if x.startswith("|")]
    terms = []
    for row in lines[2:]:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", row.strip())[1:-1]]
        if len(cells) < 2 or not cells[0]:
            continue
        source, target = cells[0], cells[1]
        note = cells[2] if len(cells) > 2 else ""
        if " — " in target:
            target, extra = target.split(" — ", 1)
            note = "; ".join(x for x in (extra.strip(), note) if x)
        sources = _alternatives(source)
        terms.append(Term(sources[0], tuple(sources[1:]), tuple(_alternatives(target)), (), note))
    return terms


def _alternatives(cell: str) -> list[str]:
    found: list[str] = []
    for part in re.split(r"\s*(?:/|,|、|၊)\s*", cell):
        part = part.strip()
        m = re.fullmatch(r"(.+?)\s*[(（]([^()（）]+)[)）]", part)
        pieces = [m.group(1), m.group(2)] if m else [part]
        for piece in pieces:
            piece = re.sub(r"^\(\w+\)\s*", "", piece).strip()  # "(2nd) Forum ..." → "Forum ..."
            if piece and piece not in found:
                found.append(piece)
    return found


# ---------------------------------------------------------------------------------------------
# Matching


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _fold(token: str) -> str:
    return _singular(_POSSESSIVE.sub("", token.casefold()))


def _source_words(text: str) -> tuple[str, ...]:
    """English words, lower case, possessives dropped and plurals folded to the singular."""
    return tuple(_fold(t) for t in _SOURCE_TOKEN.findall(unicodedata.normalize("NFC", text)))


class _Stemmer(Protocol):
    """What is used of a Snowball stemmer."""

    def stemWord(self, word: str) -> str: ...


@dataclass(frozen=True)
class _Matcher:
    """How one language's translations are searched for approved and forbidden terms."""

    unspaced: bool
    stem: _Stemmer | None  # a Snowball stemmer, or None: whole words, by prefix

    def words(self, text: str) -> list[str]:
        return _WORD.findall(unicodedata.normalize("NFC", text).casefold())

    def _root(self, word: str) -> str:
        return self.stem.stemWord(word) if self.stem is not None else word

    def _same(self, word: str, wanted: str, compounds: bool) -> bool:
        """``word`` of the translation is ``wanted`` (one word of a glossary entry) inflected:
        the stems agree; with ``compounds``, also when the wanted stem is inside the word (nb
        "militærjuntaen", "juntaledere" for "juntaen"; id "membelot" for "pembelot")."""
        root = self._root(wanted)
        if word == wanted or self._root(word) == root:
            return True
        return compounds and len(root) >= 3 and root in word

    def find(
        self, text: str, phrases: tuple[str, ...], compounds: bool = True
    ) -> list[tuple[str, tuple[int, int]]]:
        """The phrases ``text`` uses, each with where (characters, or words when spaced).
        Approved translations are found inside compounds; forbidden ones (``compounds=False``)
        only as words of their own, so "samlingsregjeringen" does not use "regjeringen"."""
        found = []
        if self.unspaced:
            folded = unicodedata.normalize("NFC", text).casefold()
            for phrase in phrases:
                p = unicodedata.normalize("NFC", phrase).casefold()
                at = folded.find(p)
                while at >= 0:
                    found.append((phrase, (at, at + len(p))))
                    at = folded.find(p, at + 1)
            return found
        words = self.words(text)
        for phrase in phrases:
            wanted = self.words(phrase)
            n = len(wanted)
            if not n:
                continue
            for i in range(len(words) - n + 1):
                if all(self._same(words[i + k], wanted[k], compounds) for k in range(n)):
                    found.append((phrase, (i, i + n)))
        return found


@functools.cache
def matcher(lang: Language) -> _Matcher:
    if lang.base in UNSPACED:
        return _Matcher(True, None)
    name = _SNOWBALL.get(lang.base)
    if name is None:
        return _Matcher(False, None)
    import snowballstemmer

    return _Matcher(False, snowballstemmer.stemmer(name))


@functools.lru_cache(maxsize=4096)
def _keys(t: Term) -> tuple[str, ...]:
    """The term's source spellings as space-delimited folded words, for a substring search."""
    return tuple(f" {' '.join(w)} " for w in map(_source_words, t.sources) if w)


@functools.lru_cache(maxsize=65536)
def _uses(msgid: str, base_terms: tuple[Term, ...]) -> tuple[Term, ...]:
    """The terms of ``msgid``. Where two occurrences overlap, the one that ends last is the term
    used, as an English noun phrase ends in its head: "the military junta" and "the Myanmar
    Military Junta" use "military junta", not "the military"; "failed coup" uses "failed coup"
    rather than "coup"."""
    words = _source_words(msgid)
    if not words:
        return ()
    text = " " + " ".join(words) + " "
    spans: list[tuple[int, int, Term]] = []
    for t in base_terms:
        for key in _keys(t):
            at = text.find(key)
            while at >= 0:
                spans.append((at, at + len(key) - 1, t))
                at = text.find(key, at + 1)
    spans.sort(key=lambda s: (-s[1], s[0]))  # the one ending last (the head), then the longest
    used: dict[Term, None] = {}
    taken: list[tuple[int, int]] = []
    for start, end, t in spans:
        if not any(start < b and a < end for a, b in taken):
            used[t] = None
            taken.append((start, end))
    return tuple(t for t in base_terms if t in used)


def terms_used(msgid: str, base: Termbase) -> tuple[Term, ...]:
    """The terms the English ``msgid`` uses (any case, plural or possessive)."""
    return _uses(msgid, base.terms)


def _within(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return b[0] <= a[0] and a[1] <= b[1]


def _inside(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """``a`` lies within ``b`` and is shorter."""
    return _within(a, b) and a != b


def findings(lang: Language, base: Termbase, msgid: str, msgstr: str) -> Iterator[tuple[str, str]]:
    """(check id, message) for one translation: ``glossary`` for a term none of whose approved
    translations is used, ``glossary-forbidden`` for a forbidden one used. Where an approved
    and a forbidden translation overlap, the longer one is what the translator wrote, and text
    one term of the source approves is not forbidden by another (Burmese တပ်မတော် is right for
    "Tatmadaw" and wrong for "the military" in the same sentence). So the NUG's
    အမျိုးသားညီညွတ်ရေးအစိုးရ uses no forbidden အစိုးရ, and 避難民 (displaced people) uses
    no approved 難民 (refugees)."""
    used = terms_used(msgid, base)
    if not used:
        return
    m = matcher(lang)
    where = f"{base.path.parent.name}/{base.path.name}:"
    approved = {t: m.find(msgstr, t.approved) for t in used}
    forbidden = {t: m.find(msgstr, t.forbidden, compounds=False) for t in used}
    all_approved = [span for found in approved.values() for _p, span in found]
    all_forbidden = [span for found in forbidden.values() for _p, span in found]
    for t in used:
        for phrase, span in forbidden[t]:
            if not any(_within(span, a) for a in all_approved):  # approved for another term
                yield (
                    "glossary-forbidden",
                    f"{phrase!r} for {t.term!r} is forbidden by the glossary ({where}{t.line})"
                    + (f"; use {_either(t.approved)}" if t.approved else ""),
                )
        if (
            t.approved
            and all(any(_inside(a, f) for f in all_forbidden) for _p, a in approved[t])
            and not _kept_verbatim(t, msgid, msgstr)
        ):
            yield (
                "glossary",
                f"the source says {t.term!r}; the glossary ({where}{t.line}) wants "
                f"{_either(t.approved)}",
            )


_VERBATIM_WORDS = 4


def _kept_verbatim(t: Term, msgid: str, msgstr: str) -> bool:
    """The term stands in a stretch of at least four words the translation copies from the
    source as they are: the title of a cited article, kept in English as published."""
    msgid, msgstr = unicodedata.normalize("NFC", msgid), unicodedata.normalize("NFC", msgstr)
    found = list(_SOURCE_TOKEN.finditer(msgid))
    spans = [(m.start(), m.end()) for m in found]
    words = [_fold(m.group()) for m in found]
    for source in t.sources:
        wanted = list(_source_words(source))
        n = len(wanted)
        for i in range(len(words) - n + 1 if n else 0):
            if words[i : i + n] != wanted:
                continue
            for start in range(max(0, i + n - _VERBATIM_WORDS), i + 1):
                end = start + max(_VERBATIM_WORDS, n)
                if end <= len(spans) and msgid[spans[start][0] : spans[end - 1][1]] in msgstr:
                    return True
    return False


def _either(phrases: tuple[str, ...]) -> str:
    quoted = [repr(p) for p in phrases]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


@functools.lru_cache(maxsize=65536)
def _findings_cached(lang: Language, base: Termbase, msgid: str, msgstr: str):
    return tuple(findings(lang, base, msgid, msgstr))


# The termbase of the catalog being checked: looked up once per catalog, not once per entry
# (the lookup stats glossary.csv).
_current: tuple[object, Termbase | None] = (None, None)


def check(ctx: Context, e: Entry, which: str) -> Iterator[str]:
    """The messages of check ``which`` (``glossary`` or ``glossary-forbidden``) for one entry."""
    global _current
    if _current[0] is not ctx:
        _current = (ctx, termbase(ctx.lang_root))
    base = _current[1]
    if base is None or not base.terms:
        return
    for check_id, message in _findings_cached(ctx.lang, base, e.msgid, e.msgstr):
        if check_id == which:
            yield message


# ---------------------------------------------------------------------------------------------
# The glossary pages, kept in step with the data


@dataclass(frozen=True)
class Page:
    lang: Language
    csv: Path
    markdown: Path
    text: str  # what the Markdown page should hold
    current: bool  # it already does


def pages(lang_roots: list[tuple[Language, Path]]) -> list[Page]:
    """Each language's glossary.md as its glossary.csv makes it (languages without a CSV are
    left out)."""
    found = []
    for lang, root in lang_roots:
        base = read(root / GLOSSARY)
        if base is None:
            continue
        md = root / MARKDOWN
        try:
            current = md.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = f"# {lang.english_name} ({lang.native_name}) glossary\n"
        text = render_markdown(current, markdown_table(base, lang))
        found.append(Page(lang, base.path, md, text, text == current))
    return found


def import_markdown(lang_roots: list[tuple[Language, Path]]) -> list[Path]:
    """A first glossary.csv from each glossary.md that has a table and no CSV yet."""
    written = []
    for _lang, root in lang_roots:
        md, target = root / MARKDOWN, root / GLOSSARY
        if target.exists() or not md.is_file():
            continue
        terms = from_markdown(md.read_text(encoding="utf-8"))
        if terms:
            write_if_changed(target, dumps(terms))
            written.append(target)
    return written
