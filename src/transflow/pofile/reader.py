"""Reading gettext catalogs (.po/.pot) as GNU ``msgfmt`` reads them.

GNU's reader is a tokenizer, not a line format: comments may be indented, one line may hold
several strings, a string may continue after a backslash-newline, ``#~`` marks the tokens of
its line obsolete and ``#|`` marks them as a previous source string. A comment inside a
message (between ``msgid`` and ``msgstr``) is an error, and the charset is the one the header
entry declares — nothing else in the file decides it. This reader follows that grammar, so a
catalog means here what it means to ``msgfmt -c``; it records the line of every entry (checks
and editors need ``path:line``), collects every problem before failing, and remembers how each
field was written so that a rewrite leaves unchanged messages byte for byte.
"""

from __future__ import annotations

import codecs
import functools
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path

from transflow.errors import CatalogError, TransflowError
from transflow.pofile.model import Catalog, Entry, parse_metadata, written_key


@functools.cache
def _token_pattern() -> re.Pattern[str]:
    """The tokenizer's pattern (compiled when a catalog first needs the full grammar)."""
    return re.compile(
        r"""(?P<nl>\n)
        |(?P<ws>[ \t\r\f\v]+)
        |(?P<str>"(?:[^"\\\n]|\\[\s\S])*")
        |(?P<open>"[^\n]*)
        |(?P<obs>\#~(?P<obsprev>\|)?)
        |(?P<prev>\#\|)
        |(?P<comment>\#[^\n]*)
        |(?P<kw>msgctxt|msgid_plural|msgid|msgstr)\b(?:[ \t]*\[[ \t]*(?P<idx>\d+)[ \t]*\])?
        |(?P<bad>[^\s"\#]+)""",
        re.VERBOSE,
    )


_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(\n)|(.))", re.DOTALL)
SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "?": "?",
}
_CHARSET = re.compile(r"charset=([^\s;]+)", re.IGNORECASE)
# Lines as GNU tools write them: one keyword and its string, or one string.
_FAST_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])? "((?:[^"\\]|\\.)*)"')
_FAST_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_IN_MESSAGE = ("msgctxt", "msgid", "msgid_plural")
_KINDS = {"idx": "kw", "obsprev": "obs"}  # a token's kind, when an inner group closed last


def unescape(value: str) -> str:
    """The text of a string's inside (without quotes); ValueError names an invalid escape."""
    if "\\" not in value:
        return value
    # The common escapes (\\, \", \n, \t) by plain replacements: split at each escaped
    # backslash (the leftmost pair always starts an escape), then nothing else may remain.
    parts = value.split("\\\\") if "\\\\" in value else [value]
    for i, part in enumerate(parts):
        if "\\" in part:
            part = part.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t")
            if "\\" in part:
                return _ESCAPE.sub(_unescape_one, value)  # octal, hex, \a...: one by one
            parts[i] = part
    return "\\".join(parts)


def _unescape_one(esc: re.Match[str]) -> str:
    octal, hexa, newline, char = esc.groups()
    if octal:
        return chr(int(octal, 8))
    if hexa:
        return chr(int(hexa, 16))
    if newline:
        return ""  # backslash-newline continues the string
    if char in SIMPLE_ESCAPES:
        return SIMPLE_ESCAPES[char]
    raise ValueError(char)


class _Parser:
    """GNU gettext's PO grammar over a token stream."""

    def __init__(self, text: str, path: Path | None):
        self.text = text
        self.path = path
        self.lines = text.split("\n")
        self.errors: list[TransflowError] = []
        self.entries: list[Entry] = []
        self.entry: Entry | None = None  # the message being read
        self.state = "idle"  # idle, prev, msgctxt, msgid, msgid_plural, msgstr
        self.pending = Entry(msgid="")  # comments and "#|" strings before the next message
        self.pending_has = False
        self.raw_comments: list[str] | None = []  # the comment lines, while each is alone
        self.field: str | None = None  # the field a string extends ("msgstr[1]", "prev_msgid")
        self.target: tuple[Entry, str] = (self.pending, "msgid")  # where its text goes
        self.field_line = 0
        self.fields: dict[str, tuple[int, int]] = {}  # field → first and last line
        self.expect: int = 0  # line of a keyword still waiting for its string
        self.seen: dict[tuple[str | None, str], int] = {}
        self.prev_obsolete = False  # whether the pending "#|" lines were "#~|"
        self.layout = True  # record each entry's lines (Entry.raw)
        self.tokenized = False  # reading a line token by token: its fields cannot be kept as is
        self.dirty: set[str] = set()  # fields written in a way the writer will not repeat

    def error(self, line: int, message: str) -> None:
        self.errors.append(TransflowError(message, self.path, line))

    # -- the entry being built -------------------------------------------------------------

    def _append(self, text: str) -> None:
        obj, attr = self.target
        if attr == "msgstr_plural":
            obj.msgstr_plural[-1] += text
        else:
            setattr(obj, attr, (getattr(obj, attr) or "") + text)

    def _start_field(self, field: str, line: int) -> None:
        self.field = field
        entry = self.entry
        assert entry is not None or field.startswith("prev_")  # keyword() opened the message
        if field.startswith("prev_"):
            self.target = (self.pending, "previous_" + field[5:])
        elif field.startswith("msgstr["):
            self.target = (entry, "msgstr_plural")  # type: ignore[assignment]  # not None: asserted
        else:
            self.target = (entry, field)  # type: ignore[assignment]  # not None: asserted
        self.fields[field] = (line, line)
        self.expect = line
        if self.tokenized:
            self.dirty.add(field)

    def _record_raw(self, e: Entry) -> None:
        raw: dict[str, tuple[object, list[str]]] = {}
        lines = self.lines
        for field, (first, last) in self.fields.items():
            if field not in self.dirty:
                raw[field] = (self._field_value(e, field), lines[first - 1 : last])
        if self.raw_comments is not None:
            raw["#"] = (_comment_key(e), self.raw_comments)
        e.raw = raw

    @staticmethod
    def _field_value(e: Entry, field: str) -> str | None:
        if field.startswith("msgstr["):
            return e.msgstr_plural[int(field[7:-1])]
        if field.startswith("prev_"):
            return getattr(e, "previous_" + field[5:])
        return getattr(e, field)

    def finish(self, line: int) -> None:
        entry = self.entry
        self.entry = None
        self.field = None
        if entry is None:
            return
        if (
            "\0" in entry.msgid
            or "\0" in (entry.msgctxt or "")
            or "\0" in (entry.msgid_plural or "")
        ):
            # GNU reads C strings: a source string ends at its first NUL.
            entry.msgid = entry.msgid.split("\0", 1)[0]
            if entry.msgctxt is not None:
                entry.msgctxt = entry.msgctxt.split("\0", 1)[0]
            if entry.msgid_plural is not None:
                entry.msgid_plural = entry.msgid_plural.split("\0", 1)[0]
        if self.state != "msgstr":
            self.error(entry.line, f"missing 'msgstr' for msgid {_short(entry.msgid)}")
        elif entry.msgid_plural is not None and not entry.msgstr_plural:
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
        if self.layout:
            self._record_raw(entry)
        self.entries.append(entry)
        self.state = "idle"
        self.fields = {}
        self.dirty = set()
        self.raw_comments = []

    def _new_entry(self, line: int, obsolete: bool) -> Entry:
        entry = self.pending
        self.pending = Entry(msgid="")
        self.pending_has = False
        entry.obsolete = obsolete
        entry.line = line
        self.entry = entry
        return entry

    # -- tokens ------------------------------------------------------------------------------

    def comment(self, text: str, line: int, alone: bool) -> None:
        if self.state in _IN_MESSAGE:
            self.error(line, f"a comment between '{self.state}' and 'msgstr': {text[:40]!r}")
        elif self.state == "prev":
            self.error(line, "a comment between a '#|' line and its message")
        elif self.state == "msgstr":
            self.finish(line)
        if alone and self.raw_comments is not None:
            self.raw_comments.append(self.lines[line - 1].rstrip("\r"))
        else:
            self.raw_comments = None
        self.pending_has = True
        p = self.pending
        second = text[1:2]
        if second == ",":
            p.flags.extend(f for f in (s.strip() for s in text[2:].split(",")) if f)
        elif second == ":":
            p.occurrences.extend(text[2:].split())
        elif second == ".":
            p.auto_comments.append(text[3:] if text[2:3] == " " else text[2:])
        else:
            p.comments.append(text[2:] if second == " " else text[1:])

    def previous(self, kw: str, index: str | None, line: int, obsolete: bool) -> None:
        if kw == "msgstr" or index is not None:
            self.error(line, f"'{kw}' in a '#|' line")
            return
        if self.state == "msgstr":
            self.finish(line)
        elif self.state in _IN_MESSAGE:
            self.error(line, f"a '#|' line between '{self.state}' and 'msgstr'")
            return
        if getattr(self.pending, "previous_" + kw) is not None:
            self.error(line, f"syntax error: a second '#| {kw}' for one message")
        self.state = "prev"
        self.pending_has = True
        self.prev_obsolete = obsolete
        setattr(self.pending, "previous_" + kw, "")
        self._start_field("prev_" + kw, line)

    def keyword(self, kw: str, index: str | None, line: int, obsolete: bool) -> None:
        state = self.state
        entry = self.entry
        if entry is not None and entry.obsolete != obsolete and state != "msgstr":
            self.error(line, "inconsistent use of #~ (a message partly obsolete)")
        if kw == "msgctxt" or kw == "msgid":
            if kw == "msgid" and state == "msgctxt" and entry is not None:
                self.state = "msgid"
                self._start_field("msgid", line)
                return
            if entry is not None:
                self.finish(line)
            if state == "prev" and self.prev_obsolete != obsolete:
                self.error(line, "inconsistent use of #~ (a message partly obsolete)")
            entry = self._new_entry(line, obsolete)
            self.state = kw
            if kw == "msgctxt":
                entry.msgctxt = ""
            self._start_field(kw, line)
            return
        if entry is None or state in ("idle", "prev"):
            self.error(line, f"'{kw}' without a preceding 'msgid'")
            self.field = None
            return
        if kw == "msgid_plural":
            if state != "msgid":
                self.error(line, "'msgid_plural' must follow 'msgid'")
                self.field = None
                return
            entry.msgid_plural = ""
            self.state = "msgid_plural"
            self._start_field(kw, line)
            return
        if state == "msgctxt":
            self.error(line, "missing 'msgid' after 'msgctxt'")
            self.field = None
            return
        if index is None:
            if entry.msgid_plural is not None:
                self.error(line, "a message with 'msgid_plural' needs 'msgstr[0]', not 'msgstr'")
            elif state == "msgstr":
                self.error(line, "a second 'msgstr' for the same message")
            entry.msgstr = ""
            entry.msgstr_line = line
            self._start_field("msgstr", line)
        else:
            n = int(index)
            if entry.msgid_plural is None:
                self.error(line, f"'msgstr[{n}]' in a message without 'msgid_plural'")
            elif n != len(entry.msgstr_plural):
                self.error(
                    line,
                    f"'msgstr[{n}]' out of order (expected msgstr[{len(entry.msgstr_plural)}])",
                )
            if not entry.msgstr_plural:
                entry.msgstr_line = line
            entry.msgstr_plural.append("")
            self._start_field(f"msgstr[{len(entry.msgstr_plural) - 1}]", line)
        self.state = "msgstr"

    def string(
        self, inner: str, line: int, end_line: int, *, prev: bool, obsolete: bool = False
    ) -> None:
        field = self.field
        self.expect = 0
        if field is not None and prev != field.startswith("prev_"):
            field = self.field = None  # a '#|' string continues only a '#|' field
        elif field and not prev and self.entry is not None and self.entry.obsolete != obsolete:
            self.error(line, "inconsistent use of #~ (a message partly obsolete)")
        try:
            value = unescape(inner) if "\\" in inner else inner
        except ValueError as exc:
            self.error(line, f"invalid escape sequence '\\{exc}'")
            value = ""
        if field is None:
            self.error(line, "a string without a keyword before it")
            return
        if value:
            self._append(value)
        first, _ = self.fields[field]
        self.fields[field] = (first, end_line)
        if self.tokenized:
            self.dirty.add(field)

    def run(self) -> None:
        """Lines as GNU tools write them are read directly; any other line (indented, several
        tokens, a backslash-newline...) goes through the tokenizer."""
        lines = self.lines
        keyword_line, string_line = _FAST_KEYWORD.fullmatch, _FAST_STRING.fullmatch
        offset = 0
        i = 0
        while i < len(lines):
            line = lines[i]
            lineno = i + 1
            if not line:
                i += 1
                offset += 1
                continue
            first = line[0]
            done = False  # read by the fast path; else the tokenizer reads the line
            if first == '"':
                field = self.field
                if (
                    field is not None
                    and line[-1] == '"'
                    and line.count('"') == 2
                    and "\\" not in line
                    and not field.startswith("prev_")
                    and not (self.entry is not None and self.entry.obsolete)
                ):  # the common continuation line: plain text for the current field
                    obj, attr = self.target
                    if attr == "msgstr_plural":
                        obj.msgstr_plural[-1] += line[1:-1]
                    else:
                        setattr(obj, attr, getattr(obj, attr) + line[1:-1])
                    self.fields[field] = (self.fields[field][0], lineno)
                    self.expect = 0
                    i += 1
                    offset += len(line) + 1
                    continue
                m = string_line(line)
                if m:
                    self.string(m[1], lineno, lineno, prev=False)
                    done = True
            elif first == "m":
                m = keyword_line(line)
                if m:
                    self.keyword(m[1], m[2], lineno, False)
                    self.string(m[3], lineno, lineno, prev=False)
                    done = True
            elif first == "#":
                second = line[1:2]
                if second not in ("~", "|"):
                    if self.expect:
                        self.missing_string(line)
                    self.comment(line, lineno, True)
                    done = True
                else:
                    done = self.fast_marked(line, lineno, keyword_line, string_line)
            if done:
                i += 1
                offset += len(line) + 1
                continue
            consumed = self.tokens(offset, lineno)
            for _ in range(consumed):
                offset += len(lines[i]) + 1
                i += 1
        if self.expect:
            self.error(self.expect, "syntax error: expected a quoted string, found the end")
        self.finish(len(lines))
        # Comments after the last message belong to nothing: GNU accepts and drops them.

    def fast_marked(self, line: str, lineno: int, keyword_line, string_line) -> bool:
        """``#~ msgid "..."``, ``#~ "..."``, ``#| msgid "..."``, ``#~| "..."`` as GNU writes them."""
        if line.startswith("#~ "):
            body, obsolete, prev = line[3:], True, False
        elif line.startswith("#| "):
            body, obsolete, prev = line[3:], False, True
        elif line.startswith("#~| "):
            body, obsolete, prev = line[4:], True, True
        else:
            return False
        if body[:1] == '"':
            m = string_line(body)
            if not m:
                return False
            if prev:
                self._prev_marker(lineno)
            self.string(m[1], lineno, lineno, prev=prev, obsolete=obsolete)
            return True
        m = keyword_line(body)
        if not m:
            return False
        if prev:
            self._prev_marker(lineno)
            self.previous(m[1], m[2], lineno, obsolete)
        else:
            self.keyword(m[1], m[2], lineno, obsolete)
        self.string(m[3], lineno, lineno, prev=prev, obsolete=obsolete)
        return True

    def missing_string(self, found: str) -> None:
        self.error(self.expect, f"syntax error: expected a quoted string, found {found[:40]!r}")
        self.expect = 0
        self.field = None

    def tokens(self, offset: int, line: int) -> int:
        """Read one line (more, if a string continues after a backslash-newline) token by
        token; return how many lines were read."""
        text = self.text
        self.tokenized = True
        first_line = line
        marker = ""  # "obs", "prev" or "obsprev": what a "#~"/"#|" did to this line
        last = ""  # the kind of the previous token on this line
        line_start = offset
        for m in _token_pattern().finditer(text, offset):
            group = m.lastgroup or ""  # every alternative of _TOKEN is a named group
            kind = _KINDS.get(group, group)
            if kind == "ws":
                continue
            if kind == "nl":
                break
            alone = not text[line_start : m.start()].strip()
            if kind in ("obs", "prev") and last not in ("", "obs", "prev"):
                # "#~"/"#|" after a keyword or string: a comment to the end of the line
                end = text.find("\n", m.start())
                comment = text[m.start() : end if end >= 0 else len(text)]
                if self.expect:
                    self.missing_string(comment)
                self.comment(comment.rstrip("\r"), line, False)
                break
            if self.expect and kind not in ("str", "open"):
                self.missing_string(m.group(0))
            if kind == "str":
                token = m.group(0)
                end_line = line + token.count("\n")
                self.string(
                    token[1:-1],
                    line,
                    end_line,
                    prev=marker in ("prev", "obsprev"),
                    obsolete=marker == "obs",
                )
                if end_line != line:
                    line = end_line
                    line_start = text.rfind("\n", 0, m.end()) + 1
            elif kind == "kw":
                kw, index = m.group("kw"), m.group("idx")
                if marker in ("prev", "obsprev"):
                    self.previous(kw, index, line, marker == "obsprev")
                else:
                    self.keyword(kw, index, line, marker == "obs")
            elif kind == "comment":
                self.comment(m.group(0).rstrip("\r"), line, alone)
            elif kind == "obs":  # "#~", "#~|", and after "#|": the line is obsolete
                prev = m.group("obsprev") is not None or marker in ("prev", "obsprev")
                marker = "obsprev" if prev else "obs"
                if prev:
                    self._prev_marker(line)
            elif kind == "prev":  # "#|", also after "#~"
                marker = "obsprev" if marker in ("obs", "obsprev") else "prev"
                self._prev_marker(line)
            elif kind == "open":
                self.error(line, "end-of-line within string (a missing closing '\"')")
                self.expect = 0
            else:  # bad
                found = m.group(0)[:40]
                if last == "str":
                    self.error(line, f"unexpected text after the string: {found!r}")
                else:
                    self.error(line, f"syntax error: {found!r}")
            last = kind
        self.tokenized = False
        return line - first_line + 1

    def _prev_marker(self, line: int) -> None:
        """A "#|" line: it starts the next message (or continues its previous strings)."""
        if self.state == "msgstr":
            self.finish(line)
        elif self.state in _IN_MESSAGE:
            self.error(line, f"a '#|' line between '{self.state}' and 'msgstr'")


# ---------------------------------------------------------------------------------------------
# The fast path: a catalog laid out as GNU tools (and polib, Babel, Weblate...) write it, read one
# entry per regular-expression match instead of one token at a time


def _field(prefix: str, keyword: str) -> str:
    p = re.escape(prefix)
    return p + keyword + r' ".*"\n(?:' + p + r'".*"\n)*'


def _fast_pattern(prefix: str, prev: str) -> re.Pattern[str]:
    """One entry, written line by line as tools write it: comments, "#|" previous strings,
    then each keyword with its string and continuation lines holding one string each.
    Strings are matched loosely here and checked afterwards (see :func:`_fast_entries`)."""
    return re.compile(
        r"(\n*)((?:#(?![~|]).*\n)*)"
        + "("
        + _field(prev, "msgctxt")
        + ")?"
        + "("
        + _field(prev, "msgid")
        + ")?"
        + "("
        + _field(prev, "msgid_plural")
        + ")?"
        + "("
        + _field(prefix, "msgctxt")
        + ")?"
        + "("
        + _field(prefix, "msgid")
        + ")"
        + "("
        + _field(prefix, "msgid_plural")
        + ")?"
        + "("
        + _field(prefix, "msgstr")
        + "|(?:"
        + _field(prefix, r"msgstr\[\d+\]")
        + ")+)"
    )


@functools.cache
def _fast_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A live entry's pattern and an obsolete one's (compiled on first use: counting coverage
    never needs them)."""
    return _fast_pattern("", "#| "), _fast_pattern("#~ ", "#~| ")


_FAST_INNER = re.compile(r'"(.*)"')  # the inside of a line's one string (no escapes, no quotes)
_ESCAPE_PAIR = re.compile(r"\\[^\n]")
_VARIABLE = re.compile(r"\\[0-7x]")
_FAST_FORM = re.compile(r"^(?:#~ )?msgstr\[(\d+)\] ", re.MULTILINE)


class _Unusual(Exception):
    """Something the fast path does not vouch for: the full grammar decides."""


def _fast_value(block: str) -> str:
    """The text of a field's lines (``block``, each line ending with a newline)."""
    if "\\" not in block and block.count('"') == 2 * block.count("\n"):
        return "".join(_FAST_INNER.findall(block))  # one plain string a line: the common case
    inners = _FAST_INNER.findall(block)
    # Well formed: without its escapes, no line holds a quote or a backslash (one left at the
    # end of a line would meet the newline joining it to the next).
    probe = _ESCAPE_PAIR.sub("", "\n".join(inners))
    if '"' in probe or "\\" in probe:
        raise _Unusual  # two strings on a line, a stray quote...
    joined = "".join(inners)
    try:
        # Each line decodes on its own ("\\x4" then "C" is not "\\x4C"); only an octal or hex
        # escape could tell the difference.
        if _VARIABLE.search(joined) is None:
            value = unescape(joined)
        else:
            value = "".join(map(unescape, inners))
    except ValueError:
        raise _Unusual from None  # an invalid escape: an error to report with its line
    if "\0" in value:
        raise _Unusual  # GNU cuts source strings at a NUL: the full reader does that
    return value


def _fast_entries(text: str, layout: bool) -> list[Entry]:
    """Every entry of a catalog written as tools write it; raises _Unusual for anything else
    (an error, an indented comment, two strings on a line...), which the full grammar reads."""
    if "\r" in text or "\0" in text:
        raise _Unusual
    if not text.endswith("\n"):
        text += "\n"
    entries: list[Entry] = []
    seen: set[tuple[str | None, str]] = set()
    live, obsolete_entry = _fast_patterns()
    match_live, match_obsolete = live.match, obsolete_entry.match
    count = text.count
    pos, line = 0, 1  # the line ``pos`` starts
    end = len(text)
    while pos < end:
        m = match_live(text, pos)
        obsolete = m is None
        if m is None:
            m = match_obsolete(text, pos)
            if m is None:
                if text[pos:].strip("\n"):
                    raise _Unusual
                break
        (_, comments, p_ctx, p_id, p_plural, ctx, msgid, plural, msgstr) = m.groups()
        start = pos
        pos = m.end()
        e = Entry(_fast_value(msgid), obsolete=obsolete)
        if ctx is not None:
            e.msgctxt = _fast_value(ctx)
            e.line = line + count("\n", start, m.start(6))
        else:
            e.line = line + count("\n", start, m.start(7))
        e.msgstr_line = line + count("\n", start, m.start(9))
        line += count("\n", start, pos)
        if p_ctx is not None:
            e.previous_msgctxt = _fast_value(p_ctx)
        if p_id is not None:
            e.previous_msgid = _fast_value(p_id)
        if p_plural is not None:
            e.previous_msgid_plural = _fast_value(p_plural)
        forms: list[str] | None = None
        if plural is not None:
            e.msgid_plural = _fast_value(plural)
            # msgstr[0], msgstr[1]...: in order (a plain msgstr is an error)
            found = list(_FAST_FORM.finditer(msgstr))
            if not found or [f[1] for f in found] != [str(i) for i in range(len(found))]:
                raise _Unusual
            starts = [f.start() for f in found]
            forms = [msgstr[a:b] for a, b in pairwise([*starts, len(msgstr)])]
            e.msgstr_plural = [_fast_value(f) for f in forms]
        elif msgstr[3 if obsolete else 0 :].startswith("msgstr["):
            raise _Unusual  # msgstr[0] without a msgid_plural: an error
        else:
            e.msgstr = _fast_value(msgstr)
        if not obsolete:
            key = (e.msgctxt, e.msgid)
            if key in seen:
                raise _Unusual  # a duplicate: an error naming both lines
            seen.add(key)
        raw_comments = comments[:-1].split("\n") if comments else []
        for c in raw_comments:
            second = c[1:2]
            if second == ":":
                e.occurrences.extend(c[2:].split())
            elif second == ",":
                e.flags.extend(f for f in (s.strip() for s in c[2:].split(",")) if f)
            elif second == ".":
                e.auto_comments.append(c[3:] if c[2:3] == " " else c[2:])
            else:
                e.comments.append(c[2:] if second == " " else c[1:])
        if layout:
            raw: dict[str, tuple[object, list[str]]] = {}
            if p_ctx is not None:
                raw["prev_msgctxt"] = (e.previous_msgctxt, p_ctx[:-1].split("\n"))
            if p_id is not None:
                raw["prev_msgid"] = (e.previous_msgid, p_id[:-1].split("\n"))
            if p_plural is not None:
                raw["prev_msgid_plural"] = (e.previous_msgid_plural, p_plural[:-1].split("\n"))
            if ctx is not None:
                raw["msgctxt"] = (e.msgctxt, ctx[:-1].split("\n"))
            raw["msgid"] = (e.msgid, msgid[:-1].split("\n"))
            if forms is None:
                raw["msgstr"] = (e.msgstr, msgstr[:-1].split("\n"))
            else:
                raw["msgid_plural"] = (e.msgid_plural, plural[:-1].split("\n"))
                for i, form in enumerate(forms):
                    raw[f"msgstr[{i}]"] = (e.msgstr_plural[i], form[:-1].split("\n"))
            raw["#"] = (
                (tuple(e.comments), tuple(e.auto_comments), tuple(e.occurrences), tuple(e.flags)),
                raw_comments,
            )
            raw["*"] = (written_key(e), [text[m.start(2) : pos - 1]])
            e.raw = raw
        entries.append(e)
    return entries


def _comment_key(e: Entry) -> tuple[object, ...]:
    return (tuple(e.comments), tuple(e.auto_comments), tuple(e.occurrences), tuple(e.flags))


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


@contextmanager
def without_gc() -> Iterator[None]:
    """No cyclic garbage collection meanwhile (also as a decorator). Catalogs are many small
    objects and no cycles: while they are built and merged, every collection would walk all of
    them again for nothing (a fifth of an update's time on a python-docs tree)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def parse(
    text: str,
    path: str | Path | None = None,
    *,
    require_header: bool = False,
    layout: bool = True,
) -> Catalog:
    """Parse catalog text; raise CatalogError listing every problem with its line.

    ``layout``: remember how each field was written, for a rewrite that keeps it (a template
    that is only read needs none of that)."""
    path = Path(path) if path is not None else None
    errors: list[TransflowError] = []
    with without_gc():
        try:
            entries = _fast_entries(text, layout)
        except _Unusual:
            parser = _Parser(text, path)
            parser.layout = layout
            parser.run()
            entries, errors = parser.entries, parser.errors
    header = None
    for i, e in enumerate(entries):
        if e.is_header and not e.obsolete:  # first, usually; anywhere is legal, if odd
            header = entries.pop(i)
            break
    if require_header and header is None and not errors:
        errors.append(
            TransflowError(
                'missing header entry (msgid "" with Language, Content-Type, ...)', path, 1
            )
        )
    if errors:
        raise CatalogError(errors)
    end = len(text)
    while end and text[end - 1] == "\n":  # (text.rstrip would copy the whole text)
        end -= 1
    ending = "\n" * max(1, len(text) - end)
    return Catalog(entries=entries, header=header, path=path, ending=ending)


# ---------------------------------------------------------------------------------------------
# Bytes → text: the charset is the header entry's, as msgfmt reads it


def codec_of(charset: str) -> str | None:
    """Python's codec for a charset a catalog may declare; None for anything that is not an
    ASCII-compatible text encoding (``rot13``, ``base64``, ``undefined``, UTF-16...)."""
    if charset.upper() == "CHARSET":  # the placeholder in a fresh template
        return "utf-8"
    try:
        info = codecs.lookup(charset)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name == "undefined":
        return None
    probe = 'msgid "#~|[0]\\n"'
    try:
        if probe.encode(info.name) != probe.encode("ascii"):
            return None
    except (UnicodeError, LookupError):
        return None
    return info.name


def header_charset(catalog: Catalog) -> tuple[str, int]:
    """The charset the header entry declares (UTF-8 without one), and the header's line."""
    if catalog.header is None:
        return "UTF-8", 1
    m = _CHARSET.search(parse_metadata(catalog.header.msgstr).get("Content-Type", ""))
    return (m.group(1) if m else "UTF-8"), catalog.header.line


def _bad_bytes(
    data: bytes, exc: UnicodeDecodeError, charset: str, path: Path | None
) -> CatalogError:
    line = data[: exc.start].count(b"\n") + 1
    return CatalogError(
        [
            TransflowError(
                f"invalid {charset} byte sequence {data[exc.start : exc.end]!r} "
                f"(the header declares charset={charset})",
                path,
                line,
            )
        ]
    )


def parse_bytes(
    data: bytes,
    path: str | Path | None = None,
    *,
    require_header: bool = False,
    layout: bool = True,
) -> Catalog:
    """Parse a catalog's bytes in the charset its header entry declares."""
    path = Path(path) if path is not None else None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text, utf8_error = data.decode("utf-8"), None
    except UnicodeDecodeError as exc:  # read as bytes to find the header; decode after
        text, utf8_error = data.decode("latin-1"), exc
    catalog = parse(text, path, require_header=require_header, layout=layout)
    charset, line = header_charset(catalog)
    codec = codec_of(charset)
    if codec is None:
        lines = text.split("\n")
        at = next((i + 1 for i in range(line - 1, len(lines)) if "charset=" in lines[i]), line)
        raise CatalogError(
            [
                TransflowError(
                    f"unknown charset {charset!r} in the Content-Type header (not a text encoding)",
                    path,
                    at,
                )
            ]
        )
    if codec == "utf-8":
        if utf8_error is not None:
            raise _bad_bytes(data, utf8_error, charset, path)
        catalog.charset = "UTF-8" if charset.upper() == "CHARSET" else charset
        return catalog
    if not data.isascii():
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise _bad_bytes(data, exc, charset, path) from None
        catalog = parse(text, path, require_header=require_header, layout=layout)
    catalog.charset = charset
    return catalog


def decode(data: bytes, path: Path | None) -> str:
    """A catalog's text, decoded in its header's charset."""
    catalog_charset = parse_bytes(data, path).charset
    codec = codec_of(catalog_charset) or "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    return data.decode(codec)


def read(path: str | Path, *, require_header: bool = False, layout: bool = True) -> Catalog:
    """Read a catalog file in the charset its header declares."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError([TransflowError(f"cannot read: {exc.strerror}", path)]) from None
    return parse_bytes(data, path, require_header=require_header, layout=layout)
