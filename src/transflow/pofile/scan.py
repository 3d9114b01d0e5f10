"""The counting pass: what coverage needs of a catalog, read about 2.5 times faster than a full
parse.

:func:`read_summary` gets each message's key, state and source words with one regular-expression
match per entry and hands any file it does not recognise completely (an indented comment, two
strings on one line, an unusual charset...) to the full reader (:func:`transflow.pofile.parse`),
which also reports every syntax error with ``path:line``. The tests pin both readers to each
other and to ``msgfmt --statistics``; ``benchmarks/bench_stats.py`` measures whether the scan
still earns its place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from transflow.errors import CatalogError, TransflowError
from transflow.pofile.model import (
    FUZZY,
    TRANSLATED,
    UNTRANSLATED,
    Catalog,
    Key,
    parse_metadata,
    state,
    word_count,
)
from transflow.pofile.reader import _CHARSET, codec_of, parse, parse_bytes, unescape


@dataclass(frozen=True)
class Summary:
    """A catalog reduced to what coverage needs: each live message's state, and its source
    strings (the key's msgid, the msgid_plural) for counting words."""

    messages: Mapping[Key, int]  # key → state, in file order
    obsolete: int = 0
    metadata: Mapping[str, str] = field(default_factory=dict)  # the header's fields
    path: Path | None = None
    plurals: Mapping[Key, str] = field(default_factory=dict)  # key → msgid_plural

    def words(self, keys: Iterable[Key] | None = None) -> int:
        """Source words of these messages (all of them by default): the msgid, plus the
        msgid_plural. Counted over the strings joined by a space, which splits into exactly the
        words of each: a few passes in C instead of a ``split()`` per message, and a catalog's
        words are counted only when a count asks for them (without a template)."""
        keys = list(self.messages if keys is None else keys)
        strings = [k[1] for k in keys]
        if self.plurals:
            strings += [self.plurals[k] for k in keys if k in self.plurals]
        return word_count(" ".join(strings))


def summarize(catalog: Catalog) -> Summary:
    """The summary of a fully parsed catalog."""
    messages = {}
    plurals = {}
    obsolete = 0
    for e in catalog.entries:
        if e.obsolete:
            obsolete += 1
        else:
            messages[e.key] = state(e)
            if e.msgid_plural is not None:
                plurals[e.key] = e.msgid_plural
    meta = parse_metadata(catalog.header.msgstr) if catalog.header is not None else {}
    return Summary(messages, obsolete, meta, catalog.path, plurals)


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
        + r"(?:"
        + p
        + "msgctxt "
        + _STR
        + more
        + r")?"
        + p
        + "msgid "
        + _STR
        + more
        + r"(?:"
        + p
        + "msgid_plural "
        + _STR
        + more
        + r")?"
        + r"(?:"
        + p
        + "msgstr "
        + _STR
        + more
        + r"|"
        + p
        + r"msgstr\[0\] "
        + _STR
        + more
        + r"((?:"
        + p
        + r"msgstr\[\d+\] "
        + _ANY
        + r"(?:"
        + p
        + _ANY
        + r")*)*))"
    )


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
    try:
        return unescape(raw)
    except ValueError:
        raise _Unrecognised from None  # an invalid escape: an error the full reader will report


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
    messages: dict[Key, int] = {}
    plurals: dict[Key, str] = {}
    header: str | None = None
    obsolete = 0
    pos = 0
    match_entry, match_obsolete = _ENTRY.match, _OBSOLETE.match
    find, count_ = text.find, text.count
    if "\0" in text:
        raise _Unrecognised  # a NUL as such, not as an escape: for the full reader to judge
    while True:
        m = match_entry(text, pos)
        dead = m is None
        if m is None:
            m = match_obsolete(text, pos)
            if m is None:
                break
            obsolete += 1
        (
            comments,
            previous,
            ctx,
            ctx_more,
            msgid,
            id_more,
            plural,
            plural_more,
            msgstr,
            str_more,
            first,
            first_more,
            forms,
        ) = m.groups()
        start, pos = m.end(2), m.end()
        # No backslash and two quotes a line: every string is plain. Otherwise look closer. A
        # message of one msgid and one msgstr line has its two strings searched for a quote.
        single = ctx is None and plural is None and not id_more and not str_more
        if find("\\", start, pos) >= 0 or (
            ('"' in msgid or '"' in msgstr)
            if single and msgstr is not None
            else count_('"', start, pos) != 2 * count_("\n", start, pos)
        ):
            _check_strings(text[start:pos])
        fuzzy = False
        if (comments and ("fuzzy" in comments or "|" in comments)) or previous:
            fuzzy = _fuzzy(comments, previous)
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
            if "#|" in comments:
                raise _Unrecognised  # "#|" before "#~": msgfmt's "inconsistent use of #~"
            continue
        if ctx is None and not id_more and "\\" not in msgid:
            key: Key = (None, msgid)  # as written: a NUL in it is one in the text
        else:
            key = (None if ctx is None else _string(ctx, ctx_more), _string(msgid, id_more))
            if "\0" in key[1] or "\0" in (key[0] or ""):
                raise _Unrecognised  # a source string cut at a NUL: the full reader does that
        if key in messages:
            raise _Unrecognised  # a duplicate: the full reader names both lines
        if not key[1] and key[0] is None:
            if header is not None:
                raise _Unrecognised
            header = _string(msgstr or "", str_more)
            continue
        if plural is not None:
            plurals[key] = _string(plural, plural_more)
            if "\0" in plurals[key]:
                raise _Unrecognised  # cut at the NUL, as the full reader does
        # An escape first ("\\0", NUL, means empty to msgfmt), on the keyword's line or the
        # first continuation line after an empty one.
        if filled and (filled[0] == "\\" or filled[:2] == '"\\'):
            filled = (
                _string(msgstr or "", str_more) if plural is None else _string(first, first_more)
            )
            filled = filled if filled and filled[0] != "\0" else ""
        messages[key] = (FUZZY if fuzzy else TRANSLATED) if filled else UNTRANSLATED
    if text[pos:].strip("\n"):
        raise _Unrecognised
    meta = parse_metadata(header) if header is not None else {}
    return Summary(messages, obsolete, meta, path, plurals)


def parse_summary(text: str, path: str | Path | None = None) -> Summary:
    """The summary of catalog text; a syntax error raises CatalogError naming every line."""
    path = Path(path) if path is not None else None
    try:
        return _scan(text, path)
    except _Unrecognised:
        return summarize(parse(text, path, layout=False))


def read_summary(path: str | Path) -> Summary:
    """The summary of a catalog file, read in the charset its header declares."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError([TransflowError(f"cannot read: {exc.strerror}", path)]) from None
    return summary_of(data, path)


def summary_of(data: bytes, path: Path | None = None) -> Summary:
    """The summary of a catalog's bytes, decoded in the charset its header declares."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return summarize(parse_bytes(data, path, layout=False))
    summary = parse_summary(text, path)
    m = _CHARSET.search(summary.metadata.get("Content-Type", ""))
    if (
        m is None
        or m.group(1).upper() in ("UTF-8", "CHARSET")
        or (data.isascii() and codec_of(m.group(1)))
    ):
        return summary
    return summarize(
        parse_bytes(data, path, layout=False)
    )  # another charset: decoded as it declares
