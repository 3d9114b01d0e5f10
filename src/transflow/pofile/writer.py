"""Writing catalogs in the layout each one already has.

Catalogs come wrapped in one of a few ways: as GNU ``msgmerge``/``msgcat`` wrap them (79
columns, breaking where Unicode allows, see :mod:`~transflow.pofile.linebreak`), as polib (78,
at spaces) or Babel and so sphinx-intl (76, at spaces) wrap them, or not at all. A rewrite in
another layout would be a diff on every message, so :func:`detect_style` finds a catalog's
layout by trying each on the messages it has, and the writer keeps every field and comment
block that did not change exactly as it was read; only what changed is laid out anew.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from transflow.pofile.linebreak import breaks
from transflow.pofile.model import Catalog, Entry, written_key


@dataclass(frozen=True)
class Style:
    """How a catalog's strings and references are laid out."""

    tool: str = "gnu"  # "gnu" (msgcat, msgmerge, xgettext), "polib" or "babel"
    width: int = 79  # 0: strings are not wrapped (msgcat --no-wrap)

    def __str__(self) -> str:
        return f"{self.tool} {self.width}" if self.width else f"{self.tool} unwrapped"


GNU = Style()
UNWRAPPED = Style("gnu", 0)
CANDIDATES = (GNU, UNWRAPPED, Style("gnu", 77), Style("polib", 78), Style("babel", 76))

_GNU_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}
_BABEL_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\r": "\\r", "\n": "\\n", '"': '\\"'}


_POLIB_ESCAPES = {
    "\\": "\\\\",
    "\t": "\\t",
    "\r": "\\r",
    "\n": "\\n",
    '"': '\\"',
    "\v": "\\v",
    "\b": "\\b",
    "\f": "\\f",
}
_SPECIAL = {
    id(table): re.compile("[" + re.escape("".join(table)) + "]")
    for table in (_GNU_ESCAPES, _BABEL_ESCAPES, _POLIB_ESCAPES)
}


def _escape(text: str, table: dict[str, str] = _GNU_ESCAPES) -> str:
    special = _SPECIAL[id(table)]
    if special.search(text) is None:
        return text
    return special.sub(lambda m: table[m[0]], text)


# ---------------------------------------------------------------------------------------------
# One string field


def _gnu(prefix: str, keyword: str, text: str, width: int) -> list[str]:
    """write-po.c's ``wrap``: each "\\n"-ended portion on its own lines, broken to fit."""
    portions = _portions(text)
    last = len(portions) - 1
    lines: list[str] = []
    head: str | None = f"{prefix}{keyword} "  # until the first portion is placed
    after_break = len(prefix) + 1  # the opening quote
    room = (width if width > 0 else 1 << 30) - 1 - after_break  # and the closing quote
    for n, portion in enumerate(portions):
        piece, prohibited = _escape_marked(portion)
        if head is not None:
            start = len(head) + 1 - after_break
            # A string that does not fit after its keyword starts on a line of its own
            # (when it can be broken at all).
            if piece and (
                n < last
                or start > room
                or (width > 0 and breaks(piece, room, start, prohibited, limit=1))
            ):
                lines.append(head + '""')
            else:
                lines.append(f'{head}"{piece}"')  # it fits, or nothing can break it
                head = None
                continue
            head = None
        cuts = breaks(piece, room, 0, prohibited) if width > 0 else []
        if not cuts:
            lines.append(f'{prefix}"{piece}"')
            continue
        bounds = [0, *cuts, len(piece)]
        lines.extend(f'{prefix}"{piece[a:b]}"' for a, b in pairwise(bounds))
    return lines


def _escape_marked(portion: str) -> tuple[str, set[int]]:
    """The escaped portion, and the positions inside escapes (no break may come there)."""
    special = _SPECIAL[id(_GNU_ESCAPES)]
    if special.search(portion) is None:
        return portion, set()
    escaped = special.sub(_gnu_escape, portion)
    # Every backslash of the result starts a two-character escape.
    prohibited = {m.end() - 1 for m in _ESCAPED.finditer(escaped)}
    if portion.endswith("\n"):
        prohibited.add(len(escaped) - 2)  # never break right before the final "\n"
    return escaped, prohibited


def _gnu_escape(m: re.Match[str]) -> str:
    return _GNU_ESCAPES[m[0]]


_ESCAPED = re.compile(r"\\.", re.DOTALL)


def _portions(text: str) -> list[str]:
    """The text cut after each newline; an empty text is one empty portion."""
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1] or not out:
        out.append(parts[-1])
    return out


def _polib(prefix: str, keyword: str, text: str, width: int) -> list[str]:
    """polib's ``_str_field``: split at line ends, or wrapped at spaces by textwrap."""
    lines = text.splitlines(True)
    if len(lines) > 1:
        lines = ["", *lines]
    else:
        name, _, index = keyword.partition("[")
        special = sum(text.count(c) for c in ("\\", "\n", "\r", "\t", "\v", "\b", "\f", '"'))
        room = width - (len(name) + 3 + (len(index) + 1 if index else 0)) + special
        if width > 0 and len(text) > room:
            wrapped = textwrap.wrap(
                _escape(text, _POLIB_ESCAPES),
                width - 2,
                drop_whitespace=False,
                break_long_words=False,
            )
            return [f'{prefix}{keyword} ""', *(f'{prefix}"{w}"' for w in wrapped)]
        lines = [text]
    out = [f'{prefix}{keyword} "{_escape(lines[0], _POLIB_ESCAPES)}"']
    out += [f'{prefix}"{_escape(line, _POLIB_ESCAPES)}"' for line in lines[1:]]
    return out


def _babel(prefix: str, keyword: str, text: str, width: int) -> list[str]:
    """Babel's ``normalize``: lines cut at whitespace and hyphens to fit ``width``."""
    import re

    word_sep = re.compile(
        r"(\s+|[^\s\w]*\w+[a-zA-Z]-(?=\w+[a-zA-Z])|(?<=[\w\!\"\'\&\.\,\?])-{2,}(?=\w))"
    )

    def esc(s: str) -> str:
        return f'"{_escape(s, _BABEL_ESCAPES)}"'

    lines: list[str] = []
    if width > 0:
        for line in text.splitlines(True):
            if len(esc(line)) + len(prefix) > width:
                chunks = [c for c in word_sep.split(line)]
                chunks.reverse()
                while chunks:
                    buf: list[str] = []
                    size = 2
                    while chunks:
                        length = len(esc(chunks[-1])) - 2 + len(prefix)
                        if size + length < width:
                            buf.append(chunks.pop())
                            size += length
                        else:
                            if not buf:
                                buf.append(chunks.pop())
                            break
                    lines.append("".join(buf))
            else:
                lines.append(line)
    else:
        lines = text.splitlines(True)
    if len(lines) <= 1:
        return [f"{prefix}{keyword} {esc(text)}"]
    if lines and not lines[-1]:
        del lines[-1]
        lines[-1] += "\n"
    return [f'{prefix}{keyword} ""', *(prefix + esc(line) for line in lines)]


_BABEL_WORDS = re.compile(
    r"(\s+|[^\s\w]*\w+[a-zA-Z]-(?=\w+[a-zA-Z])|(?<=[\w\!\"\'\&\.\,\?])-{2,}(?=\w))"
)
_WRITERS = {"gnu": _gnu, "polib": _polib, "babel": _babel}


def format_field(prefix: str, keyword: str, text: str, style: Style) -> list[str]:
    return _WRITERS[style.tool](prefix, keyword, text, style.width)


# ---------------------------------------------------------------------------------------------
# Entries and catalogs


def _references(refs: list[str], style: Style) -> list[str]:
    if not refs:
        return []
    if style.tool == "gnu":  # message_print_comment_filepos: 79 columns even when unwrapped
        out, line = [], "#:"
        for ref in refs:
            if line != "#:" and len(line) + 1 + len(ref) > (style.width or 79):
                out.append(line)
                line = "#:"
            line += " " + ref
        return [*out, line]
    if style.tool == "polib":
        return textwrap.wrap(
            " ".join(refs),
            style.width,
            initial_indent="#: ",
            subsequent_indent="#: ",
            break_long_words=False,
        )
    return ["#: " + ln.strip() for ln in textwrap.wrap(" ".join(refs), style.width)]


def _comment_key(e: Entry) -> tuple[object, ...]:
    return (tuple(e.comments), tuple(e.auto_comments), tuple(e.occurrences), tuple(e.flags))


StyleOrLater = Style | Callable[[], Style]  # a layout, or how to find it once it is needed


def _resolve(style: StyleOrLater) -> Style:
    return style if isinstance(style, Style) else style()


def format_entry(entry: Entry, style: StyleOrLater = UNWRAPPED) -> list[str]:
    """The lines of one entry, in the order GNU gettext writes them; what did not change since
    it was read is written as it was."""
    raw = entry.raw or {}
    whole = raw.get("*")
    if whole is not None and whole[0] == written_key(entry):
        return list(whole[1])  # read as one block and unchanged since: its text as it was
    kept = raw.get("#")
    if kept is not None and kept[0] == _comment_key(entry):
        out = list(kept[1])
    else:
        out = [f"# {c}" if c else "#" for c in entry.comments]
        out += [f"#. {c}" if c else "#." for c in entry.auto_comments]
        out += _references(entry.occurrences, _resolve(style))
        if entry.flags:
            out.append("#, " + ", ".join(entry.flags))
    prefix = "#~ " if entry.obsolete else ""

    def field(pre: str, name: str, keyword: str, text: str) -> None:
        old = raw.get(name)
        if old is not None and old[0] == text and _prefixed(old[1], pre):
            out.extend(old[1])
        else:
            out.extend(format_field(pre, keyword, text, _resolve(style)))

    prev = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        field(prev, "prev_msgctxt", "msgctxt", entry.previous_msgctxt)
    if entry.previous_msgid is not None:
        field(prev, "prev_msgid", "msgid", entry.previous_msgid)
    if entry.previous_msgid_plural is not None:
        field(prev, "prev_msgid_plural", "msgid_plural", entry.previous_msgid_plural)
    if entry.msgctxt is not None:
        field(prefix, "msgctxt", "msgctxt", entry.msgctxt)
    field(prefix, "msgid", "msgid", entry.msgid)
    if entry.msgid_plural is not None:
        field(prefix, "msgid_plural", "msgid_plural", entry.msgid_plural)
        # A template's plural message has two empty forms, as xgettext writes it.
        for i, form in enumerate(entry.msgstr_plural or ["", ""]):
            field(prefix, f"msgstr[{i}]", f"msgstr[{i}]", form)
    else:
        field(prefix, "msgstr", "msgstr", entry.msgstr)
    return out


def _prefixed(lines: list[str], prefix: str) -> bool:
    """Whether lines read with one prefix can stand for another ("" vs "#~ ", "#| "...)."""
    head = prefix.rstrip()
    if not head:
        return not lines[0].startswith("#")
    return (
        all(ln.startswith(head) and not ln.startswith(head + "|") for ln in lines)
        if head == "#~"
        else all(ln.startswith(head) for ln in lines)
    )


def dumps(catalog: Catalog, style: StyleOrLater = UNWRAPPED) -> str:
    """Serialize a catalog: header, live entries, then obsolete ones (``#~``) at the end.

    ``style`` may be a function: it is called (once) only if some field must be laid out
    anew, so a catalog whose messages did not change costs no layout detection."""
    if not isinstance(style, Style):
        found: list[Style] = []
        later = style

        def style() -> Style:
            if not found:
                found.append(later())
            return found[0]

    blocks = []
    if catalog.header is not None:
        blocks.append("\n".join(format_entry(catalog.header, style)))
    live = [e for e in catalog.entries if not e.obsolete]
    dead = [e for e in catalog.entries if e.obsolete]
    blocks.extend("\n".join(format_entry(e, style)) for e in live)
    blocks.extend("\n".join(format_entry(e, style)) for e in dead)
    return "\n\n".join(blocks) + catalog.ending


def replace_header(text: str, catalog: Catalog, header: Entry, style: StyleOrLater) -> str:
    """``text``, which is ``dumps(catalog, style)``, with ``header`` as the catalog's header
    entry (it becomes ``catalog.header``): only the header is laid out again."""
    old = "\n".join(format_entry(catalog.header, style)) if catalog.header is not None else ""
    catalog.header = header
    if not old or not text.startswith(old + "\n"):
        return dumps(catalog, style)
    return "\n".join(format_entry(header, style)) + text[len(old) :]


def encode(text: str, charset: str) -> tuple[bytes, str]:
    """The catalog's bytes in its charset, as msgmerge keeps it; UTF-8 when that charset cannot
    hold the text (the header must then say so: the second value is the charset used)."""
    from transflow.pofile.reader import codec_of

    codec = codec_of(charset) or "utf-8"
    try:
        return text.encode(codec), charset
    except UnicodeEncodeError:
        return text.encode("utf-8"), "UTF-8"


# ---------------------------------------------------------------------------------------------
# Which layout a catalog has


def _samples(catalog: Catalog) -> Iterator[tuple[str, str, str, list[str]]]:
    """The fields whose layout tells layouts apart (long or multi-line), in file order."""
    for entry in ([catalog.header] if catalog.header else []) + catalog.entries:
        if entry is None or not entry.raw:
            continue
        for name, (value, lines) in entry.raw.items():
            if name == "#" or not isinstance(value, str):
                continue
            lines = list(lines)
            if len(lines) == 1 and len(lines[0]) < 70:
                continue
            prefix = lines[0][: len(lines[0]) - len(lines[0].lstrip("#~| "))]
            keyword = lines[0][len(prefix) :].split(" ", 1)[0]
            yield prefix, keyword, value, lines


def detect_style(catalog: Catalog, sample: int = 12) -> Style | None:
    """The layout that rewrites the most of the catalog's long or multi-line strings exactly as
    they are; None when no string tells (all short: every layout writes them alike).

    Up to ``sample`` fields are tried, fewer once three show one layout alone fits them all.
    A layout that failed once is not tried again unless no layout fits every field (then
    each is scored on every sampled field)."""
    perfect = list(CANDIDATES)  # the layouts that fit every field so far
    fields = []
    for prefix, keyword, value, lines in _samples(catalog):
        fields.append((prefix, keyword, value, lines))
        perfect = [s for s in perfect if format_field(prefix, keyword, value, s) == lines]
        if len(fields) >= sample or (len(fields) >= 3 and len(perfect) == 1):
            break
    if not fields:
        return None
    if perfect:
        return perfect[0]  # the first of equals: GNU before others
    scores = {
        style: sum(format_field(p, k, v, style) == ls for p, k, v, ls in fields)
        for style in CANDIDATES
    }
    best = max(CANDIDATES, key=lambda s: scores[s])
    return best if scores[best] else None
