"""What a gettext catalog holds, and the one rule for when a message counts as translated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

Key = tuple[str | None, str]
UNTRANSLATED, FUZZY, TRANSLATED = 0, 1, 2

_NPLURALS = re.compile(r"\bnplurals\s*=\s*(\d+)")


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
    # How the entry was written in its file, so that a rewrite keeps what did not change
    # byte for byte: field name → (value, lines), the comment lines with what they said ("#"),
    # and, when the whole entry was read as one block, its text with its written_key ("*").
    raw: dict[str, tuple[object, list[str]]] | None = None

    @property
    def key(self) -> Key:
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
        return is_translated(self)

    def copy(self) -> Entry:
        """An independent copy (lists are not shared), much cheaper than copy.deepcopy."""
        return Entry(
            self.msgid,
            self.msgstr,
            self.msgctxt,
            self.msgid_plural,
            list(self.msgstr_plural),
            list(self.comments),
            list(self.auto_comments),
            list(self.occurrences),
            list(self.flags),
            self.previous_msgctxt,
            self.previous_msgid,
            self.previous_msgid_plural,
            self.obsolete,
            self.line,
            self.msgstr_line,
            self.raw,
        )

    def set_fuzzy(self, on: bool) -> None:
        if on and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not on and "fuzzy" in self.flags:
            self.flags.remove("fuzzy")
            self.previous_msgctxt = self.previous_msgid = self.previous_msgid_plural = None


def written_key(entry: Entry) -> tuple[object, ...]:
    """Everything an entry's written form depends on: equal keys, equal text (so an entry read
    and not changed since can be written as the bytes it was read from)."""
    return (
        entry.obsolete,
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr,
        tuple(entry.msgstr_plural),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
        tuple(entry.comments),
        tuple(entry.auto_comments),
        tuple(entry.occurrences),
        tuple(entry.flags),
    )


def filled(text: str) -> bool:
    """Whether a translation string says anything: msgfmt stores C strings, so one that is
    empty or starts with NUL is empty."""
    return bool(text) and text[0] != "\0"


def state(entry: Entry) -> int:
    """UNTRANSLATED, FUZZY (fuzzy with text) or TRANSLATED, as ``msgfmt --statistics`` counts:
    only the first form matters (lint reports missing plural forms)."""
    strings = entry.strings
    if not (strings and filled(strings[0])):
        return UNTRANSLATED
    return FUZZY if entry.fuzzy else TRANSLATED


def is_translated(entry: Entry) -> bool:
    """The one rule for "translated", everywhere: msgfmt's (see :func:`state`)."""
    return not entry.obsolete and state(entry) == TRANSLATED


def source_words(entry: Entry) -> int:
    """Words of the English source: the msgid, plus the msgid_plural when there is one."""
    n = word_count(entry.msgid)
    if entry.msgid_plural is not None:
        n += word_count(entry.msgid_plural)
    return n


def word_count(text: str) -> int:
    """``len(text.split())``: words are what whitespace separates. In ASCII text whose only
    whitespace is single spaces (most of it), counting the spaces tells it without building
    the list of words; each test below is one search in C."""
    if text.isascii() and not any(c in text for c in _ASCII_SPACES_BUT_ONE):
        return text.count(" ") + 1 - text.startswith(" ") - text.endswith(" ") if text else 0
    return len(text.split())


# What str.split() splits ASCII text at, other than a single space (and two spaces in a row).
_ASCII_SPACES_BUT_ONE = ("\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f", "  ")


def parse_metadata(header_msgstr: str) -> dict[str, str]:
    """The header's ``Key: value`` fields, in order."""
    fields = {}
    for line in header_msgstr.split("\n"):
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


def nplurals(plural_forms: str) -> int | None:
    """The number of forms a ``Plural-Forms`` value declares (None: none, or not a number ≥ 1)."""
    m = _NPLURALS.search(plural_forms)
    return int(m.group(1)) if m and int(m.group(1)) > 0 else None


@dataclass(eq=False)
class Catalog:
    """A parsed catalog: its header entry and its messages in file order."""

    entries: list[Entry] = field(default_factory=list)
    header: Entry | None = None
    path: Path | None = None
    charset: str = "UTF-8"  # what its bytes were (and will be written) in
    ending: str = "\n"  # after the last entry: Babel leaves a blank line there, GNU does not

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def live(self) -> list[Entry]:
        return [e for e in self.entries if not e.obsolete]

    def obsolete(self) -> list[Entry]:
        return [e for e in self.entries if e.obsolete]

    @property
    def metadata(self) -> dict[str, str]:
        return parse_metadata(self.header.msgstr) if self.header is not None else {}

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
