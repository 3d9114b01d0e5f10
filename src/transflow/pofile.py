"""Reading and writing gettext catalogs (.po/.pot).

polib reports a syntax error as a bare ``IOError`` without a line, accepts some input GNU gettext
rejects, and is the bottleneck on large trees. This reader follows GNU gettext's grammar, records
the line of every entry (checks and editors need ``path:line``), collects every problem before
failing, and is several times faster. Its results are pinned against polib and ``msgfmt`` in the
tests. The writer produces what ``msgcat --no-wrap`` would (or wraps at ``width`` columns), and
files are replaced atomically and only when their bytes change.
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from transflow.errors import CatalogError, TransflowError

# ---------------------------------------------------------------------------------------------
# Data model


@dataclass(slots=True, eq=False)
class Entry:
    """One message of a catalog, with everything a translator or a tool attached to it."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # translator comments ("# ")
    auto_comments: list[str] = field(default_factory=list)  # extracted comments ("#.")
    occurrences: list[str] = field(default_factory=list)  # "#:" references, e.g. "a.rst:3"
    flags: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = 0  # where the entry's msgctxt/msgid keyword stands in its file
    msgstr_line: int = 0  # where its (first) msgstr stands: what a translator edits

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def strings(self) -> list[str]:
        """The translation's forms: one, or one per plural form."""
        return self.msgstr_plural if self.msgid_plural is not None else [self.msgstr]

    @property
    def translated(self) -> bool:
        """Counted as translated: not fuzzy, not obsolete, and every form filled in."""
        return not self.obsolete and not self.fuzzy and all(self.strings) and bool(self.strings)

    def copy(self) -> Entry:
        """An independent copy (lists are not shared), much cheaper than copy.deepcopy."""
        return Entry(
            self.msgid, self.msgstr, self.msgctxt, self.msgid_plural, list(self.msgstr_plural),
            list(self.comments), list(self.auto_comments), list(self.occurrences), list(self.flags),
            self.previous_msgctxt, self.previous_msgid, self.previous_msgid_plural, self.obsolete,
            self.line, self.msgstr_line,
        )  # fmt: skip

    def set_fuzzy(self, on: bool) -> None:
        if on and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not on and "fuzzy" in self.flags:
            self.flags.remove("fuzzy")
            self.previous_msgctxt = self.previous_msgid = self.previous_msgid_plural = None


@dataclass(eq=False)
class Catalog:
    """A parsed catalog: its header entry and its messages in file order."""

    entries: list[Entry] = field(default_factory=list)
    header: Entry | None = None
    path: Path | None = None

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def live(self) -> list[Entry]:
        return [e for e in self.entries if not e.obsolete]

    def obsolete(self) -> list[Entry]:
        return [e for e in self.entries if e.obsolete]

    @property
    def metadata(self) -> dict[str, str]:
        """The header's ``Key: value`` fields, in order."""
        if self.header is None:
            return {}
        fields = {}
        for line in self.header.msgstr.split("\n"):
            key, sep, value = line.partition(":")
            if sep:
                fields[key.strip()] = value.strip()
        return fields

    def set_metadata(self, key: str, value: str) -> None:
        """Set one header field, keeping the others and their order."""
        if self.header is None:
            self.header = Entry(msgid="")
        lines = [ln for ln in self.header.msgstr.split("\n") if ln]
        for i, line in enumerate(lines):
            if line.partition(":")[0].strip() == key:
                lines[i] = f"{key}: {value}"
                break
        else:
            lines.append(f"{key}: {value}")
        self.header.msgstr = "".join(ln + "\n" for ln in lines)


# ---------------------------------------------------------------------------------------------
# Reading

_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t]*$')
_CLOSED = re.compile(r'"(?:[^"\\]|\\.)*"')
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))", re.DOTALL)
_SIMPLE_ESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\",
    "a": "\a", "b": "\b", "f": "\f", "v": "\v", "?": "?",
}  # fmt: skip
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]*(.*)$")
_CHARSET = re.compile(r"charset=([^\s;\\]+)", re.IGNORECASE)


class _Parser:
    """GNU gettext's PO grammar as a line-driven state machine."""

    def __init__(self, path: Path | None):
        self.path = path
        self.errors: list[TransflowError] = []
        self.entries: list[Entry] = []
        self.entry: Entry | None = None  # the entry whose strings are being read
        self.target: tuple[Entry, str, int | None] | None = None  # where a "..." line goes
        self.state = "comments"  # "comments", "msgctxt", "msgid", "msgid_plural", "msgstr"
        self.pending = Entry(msgid="")  # comments seen before the next keyword
        self.pending_has = False
        self.seen: dict[tuple[str | None, str], int] = {}
        self.previous_attr: str | None = None  # the "#|" field a continuation extends

    def error(self, line: int, message: str) -> None:
        self.errors.append(TransflowError(message, self.path, line))

    def unquote(self, text: str, lineno: int) -> str | None:
        if len(text) > 1 and text[0] == '"' and text[-1] == '"':
            inner = text[1:-1]
            if '"' not in inner and "\\" not in inner:  # the common case: nothing to decode
                return inner
        m = _STRING.match(text)
        if m is None:
            closed = _CLOSED.match(text)
            if closed:
                rest = text[closed.end() :].strip()
                self.error(lineno, f"unexpected text after the string: {rest[:40]!r}")
            elif text.startswith('"'):
                self.error(lineno, "end-of-line within string (a missing closing '\"')")
            else:
                self.error(lineno, f"syntax error: expected a quoted string, found {text[:40]!r}")
            return None
        value = m.group(1)
        if "\\" not in value:
            return value

        def replace(esc: re.Match[str]) -> str:
            octal, hexa, char = esc.groups()
            if octal:
                return chr(int(octal, 8))
            if hexa:
                return chr(int(hexa, 16))
            if char in _SIMPLE_ESCAPES:
                return _SIMPLE_ESCAPES[char]
            self.error(lineno, f"invalid escape sequence '\\{char}'")
            return char

        return _ESCAPE.sub(replace, value)

    def finish_entry(self, lineno: int) -> None:
        entry = self.entry
        self.entry = None
        self.target = None
        if entry is None:
            return
        if self.state != "msgstr":
            self.error(entry.line, f"missing 'msgstr' for msgid {_short(entry.msgid)}")
            return
        if entry.msgid_plural is not None and not entry.msgstr_plural:
            self.error(entry.line, "a message with 'msgid_plural' needs 'msgstr[0]'")
        # Unlike msgfmt, an obsolete entry may repeat a msgid (Babel, and so Sphinx, accept it;
        # an update drops the obsolete copy).
        if not entry.obsolete:
            first = self.seen.get(entry.key)
            if first is not None:
                self.error(
                    entry.line,
                    f"duplicate message definition {_short(entry.msgid)} "
                    f"(first defined at line {first})",
                )
            else:
                self.seen[entry.key] = entry.line
        self.entries.append(entry)

    def keyword(self, line: str, lineno: int, obsolete: bool) -> None:
        m = _KEYWORD.match(line)
        if m is None:
            self.error(lineno, f"syntax error: unknown keyword in {line[:40]!r}")
            return
        kw, index, rest = m.groups()
        value = self.unquote(rest, lineno)
        if value is None:
            value = ""
        state = self.state
        if kw == "msgctxt" or kw == "msgid":
            if kw == "msgid" and state == "msgctxt" and self.entry is not None:
                self.entry.msgid = value
                self.target = (self.entry, "msgid", None)
                self.state = "msgid"
                return
            if self.entry is not None:
                self.finish_entry(lineno)
            new = self.pending if self.pending_has else Entry(msgid="")
            self.pending = Entry(msgid="")
            self.pending_has = False
            new.obsolete = obsolete
            new.line = lineno
            self.entry = new
            if kw == "msgctxt":
                new.msgctxt = value
                self.target = (new, "msgctxt", None)
                self.state = "msgctxt"
            else:
                new.msgid = value
                self.target = (new, "msgid", None)
                self.state = "msgid"
            return
        entry = self.entry
        if entry is None or state == "comments":
            self.error(lineno, f"'{kw}' without a preceding 'msgid'")
            return
        if kw == "msgid_plural":
            if state != "msgid":
                self.error(lineno, "'msgid_plural' must follow 'msgid'")
                return
            entry.msgid_plural = value
            self.target = (entry, "msgid_plural", None)
            self.state = "msgid_plural"
            return
        # msgstr or msgstr[n]
        if state == "msgctxt":
            self.error(lineno, "missing 'msgid' after 'msgctxt'")
            return
        if index is None:
            if entry.msgid_plural is not None:
                self.error(lineno, "a message with 'msgid_plural' needs 'msgstr[0]', not 'msgstr'")
            elif state == "msgstr":
                self.error(lineno, "a second 'msgstr' for the same message")
            entry.msgstr = value
            entry.msgstr_line = lineno
            self.target = (entry, "msgstr", None)
        else:
            n = int(index)
            if entry.msgid_plural is None:
                self.error(lineno, f"'msgstr[{n}]' in a message without 'msgid_plural'")
            elif n != len(entry.msgstr_plural):
                self.error(
                    lineno,
                    f"'msgstr[{n}]' out of order (expected msgstr[{len(entry.msgstr_plural)}])",
                )
            if not entry.msgstr_plural:
                entry.msgstr_line = lineno
            entry.msgstr_plural.append(value)
            self.target = (entry, "msgstr_plural", len(entry.msgstr_plural) - 1)
        self.state = "msgstr"

    def continuation(self, line: str, lineno: int) -> None:
        value = self.unquote(line, lineno)
        if self.target is None:
            self.error(lineno, "a string without a keyword before it")
            return
        if value is None:
            return
        entry, attr, index = self.target
        if index is None:
            setattr(entry, attr, getattr(entry, attr) + value)
        else:
            entry.msgstr_plural[index] += value

    def previous(self, text: str, lineno: int) -> None:
        """A ``#|`` line: the source string a fuzzy translation was made for."""
        text = text.strip()
        self.start_comment(lineno)
        p = self.pending
        if text.startswith('"'):
            value = self.unquote(text, lineno)
            attr = self.previous_attr
            if value is not None and attr is not None:
                setattr(p, attr, (getattr(p, attr) or "") + value)
            return
        kw, _, rest = text.partition(" ")
        attr = {"msgctxt": "previous_msgctxt", "msgid": "previous_msgid",
                "msgid_plural": "previous_msgid_plural"}.get(kw)  # fmt: skip
        if attr is None:
            self.error(lineno, f"syntax error in '#|' line: {text[:40]!r}")
            return
        value = self.unquote(rest.strip(), lineno)
        setattr(p, attr, value or "")
        self.previous_attr = attr

    def start_comment(self, lineno: int) -> None:
        # A comment after a complete entry starts the next one.
        if self.entry is not None and self.state == "msgstr":
            self.finish_entry(lineno)
            self.state = "comments"
        self.pending_has = True

    def feed(self, lines: list[str]) -> None:
        for lineno, raw in enumerate(lines, 1):
            line = raw.rstrip("\r")
            if not line:
                continue
            first = line[0]
            if first == '"':
                self.continuation(line.rstrip(), lineno)
            elif first == "m":
                self.keyword(line, lineno, False)
            elif first == "#":
                second = line[1:2]
                if second == "~":
                    rest = line[2:].lstrip(" ")
                    if rest.startswith("|"):
                        self.previous(rest[1:], lineno)
                    elif rest.startswith('"'):
                        self.continuation(rest.rstrip(), lineno)
                    elif rest:
                        self.keyword(rest, lineno, True)
                    continue
                self.start_comment(lineno)
                p = self.pending
                if second == ",":
                    p.flags.extend(f for f in (s.strip() for s in line[2:].split(",")) if f)
                elif second == ":":
                    p.occurrences.extend(line[2:].split())
                elif second == ".":
                    p.auto_comments.append(line[3:] if line[2:3] == " " else line[2:])
                elif second == "|":
                    self.previous(line[2:], lineno)
                else:
                    p.comments.append(line[2:] if second == " " else line[1:])
            elif line.strip():
                if line.lstrip().startswith(("msg", '"', "#")):
                    self.feed_indented(line.lstrip(), lineno)
                else:
                    self.error(lineno, f"syntax error: {line[:40]!r}")
        self.finish_entry(len(lines))
        # Comments after the last message belong to nothing: GNU accepts and drops them.

    def feed_indented(self, line: str, lineno: int) -> None:
        if line.startswith('"'):
            self.continuation(line.rstrip(), lineno)
        elif line.startswith("msg"):
            self.keyword(line, lineno, False)


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _decode(data: bytes, path: Path | None) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    head = data[:4096].decode("ascii", "replace")
    m = _CHARSET.search(head)
    charset = m.group(1) if m else "UTF-8"
    if charset.upper() == "CHARSET":  # the placeholder in a fresh template
        charset = "UTF-8"
    try:
        codec = codecs.lookup(charset)
    except LookupError:
        line = head[: m.start()].count("\n") + 1 if m else 1
        raise CatalogError(
            [TransflowError(f"unknown charset {charset!r} in the Content-Type header", path, line)]
        ) from None
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError(
            [
                TransflowError(
                    f"invalid {charset} byte sequence {data[exc.start : exc.end]!r} (the header declares charset={charset})",
                    path,
                    line,
                )
            ]
        ) from None


def parse(text: str, path: str | Path | None = None, *, require_header: bool = False) -> Catalog:
    """Parse catalog text; raise CatalogError listing every problem with its line."""
    path = Path(path) if path is not None else None
    parser = _Parser(path)
    parser.feed(text.split("\n"))
    header = None
    entries = parser.entries
    if entries and entries[0].is_header and not entries[0].obsolete:
        header = entries.pop(0)
    elif any(e.is_header and not e.obsolete for e in entries):
        pass  # a header entry in the middle is legal, if odd
    if header is None:
        for i, e in enumerate(entries):
            if e.is_header and not e.obsolete:
                header = entries.pop(i)
                break
    if require_header and header is None and not parser.errors:
        parser.error(1, 'missing header entry (msgid "" with Language, Content-Type, ...)')
    if parser.errors:
        raise CatalogError(parser.errors)
    return Catalog(entries=entries, header=header, path=path)


def read(path: str | Path, *, require_header: bool = False) -> Catalog:
    """Read a catalog file (UTF-8 or its declared charset)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError([TransflowError(f"cannot read: {exc.strerror}", path)]) from None
    return parse(_decode(data, path), path, require_header=require_header)


# ---------------------------------------------------------------------------------------------
# Writing


def _escape(text: str) -> str:
    if not any(c in text for c in '\\"\n\t\r\a\b\f\v'):
        return text
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\r", "\\r")
        .replace("\a", "\\a")
        .replace("\b", "\\b")
        .replace("\f", "\\f")
        .replace("\v", "\\v")
    )


def _wrap_pieces(escaped: str, room: int) -> list[str]:
    """Break an escaped line after spaces so that each piece fits ``room`` columns."""
    pieces: list[str] = []
    current = ""
    for word in re.findall(r"[^ ]* *", escaped):
        if not word:
            continue
        if current and len(current) + len(word) > room:
            pieces.append(current)
            current = word
        else:
            current += word
    if current:
        pieces.append(current)
    return pieces


def _field(prefix: str, keyword: str, text: str, width: int) -> list[str]:
    escaped = _escape(text)
    segments = escaped.split("\\n")
    if len(segments) > 1:  # keep the "\n" at the end of each line, as gettext does
        segments = [s + "\\n" for s in segments[:-1]] + ([segments[-1]] if segments[-1] else [])
    single = f'{keyword} "{escaped}"'
    multiline = len(segments) > 1
    if not multiline and (width <= 0 or len(prefix) + len(single) <= width):
        return [prefix + single]
    lines = [f'{prefix}{keyword} ""']
    for segment in segments:
        if width > 0 and len(prefix) + len(segment) + 2 > width:
            lines.extend(f'{prefix}"{p}"' for p in _wrap_pieces(segment, width - len(prefix) - 2))
        else:
            lines.append(f'{prefix}"{segment}"')
    return lines


def format_entry(entry: Entry, width: int = 0) -> list[str]:
    """The lines of one entry, in the order GNU gettext writes them."""
    out = [f"# {c}" if c else "#" for c in entry.comments]
    out += [f"#. {c}" if c else "#." for c in entry.auto_comments]
    # References are wrapped at the page width even when strings are not, as GNU does.
    line = "#:"
    for ref in entry.occurrences:
        if line != "#:" and len(line) + 1 + len(ref) > (width if width > 0 else 79):
            out.append(line)
            line = "#:"
        line += " " + ref
    if line != "#:":
        out.append(line)
    if entry.flags:
        out.append("#, " + ", ".join(entry.flags))
    prefix = "#~ " if entry.obsolete else ""
    prev = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        out += _field(prev, "msgctxt", entry.previous_msgctxt, width)
    if entry.previous_msgid is not None:
        out += _field(prev, "msgid", entry.previous_msgid, width)
    if entry.previous_msgid_plural is not None:
        out += _field(prev, "msgid_plural", entry.previous_msgid_plural, width)
    if entry.msgctxt is not None:
        out += _field(prefix, "msgctxt", entry.msgctxt, width)
    out += _field(prefix, "msgid", entry.msgid, width)
    if entry.msgid_plural is not None:
        out += _field(prefix, "msgid_plural", entry.msgid_plural, width)
        # A template's plural message has two empty forms, as xgettext writes it.
        for i, form in enumerate(entry.msgstr_plural or ["", ""]):
            out += _field(prefix, f"msgstr[{i}]", form, width)
    else:
        out += _field(prefix, "msgstr", entry.msgstr, width)
    return out


def dumps(catalog: Catalog, width: int = 0) -> str:
    """Serialize a catalog: header, live entries, then obsolete ones (``#~``) at the end."""
    blocks = []
    if catalog.header is not None:
        blocks.append("\n".join(format_entry(catalog.header, width)))
    live = [e for e in catalog.entries if not e.obsolete]
    dead = [e for e in catalog.entries if e.obsolete]
    blocks.extend("\n".join(format_entry(e, width)) for e in live)
    blocks.extend("\n".join(format_entry(e, width)) for e in dead)
    return "\n\n".join(blocks) + "\n"


def write_if_changed(path: str | Path, text: str) -> bool:
    """Atomically replace ``path`` with ``text`` unless it already holds exactly that.

    Returns whether the file was written. Unchanged files keep their bytes and mtime, so
    build tools and ``make`` see nothing to do.
    """
    path = Path(path)
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
