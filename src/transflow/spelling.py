"""Spell-checking of translations: hunspell dictionaries through Enchant, plus the project's words.

The words checked are the translation's prose: inline literals, verbatim roles, link targets,
URLs, email addresses, substitutions and footnote labels are removed first, and so is every word
that also occurs in the source (names, product names and acronyms the translator kept). What is
left must be in the language's dictionary or in the project's word list,
``<locale-dir>/<lang>/wordlist.txt`` (one word per line, ``#`` comments; a word written in lower
case also accepts its capitalised form, as hunspell does).

Dictionaries are the system's hunspell ones (Debian: ``hunspell-no`` for nb/nn, ``hunspell-id``,
``hunspell-th`` ...), found through Enchant (pyenchant + ``libenchant-2-2``): a C engine, about
12 µs a lookup, against 125 µs and a 5-second dictionary load for the pure-Python spylls. Each
distinct word is looked up once per run.

Scripts written without spaces between words (Thai, Lao, Khmer, Burmese, Japanese, Chinese) are
cut into words by ICU's dictionary-based word break iterator (PyICU, from the ``pyicu-wheels``
wheel) first. ICU's dictionary and hunspell's do not always agree where a word ends (ICU cuts
เมียนมา "Myanmar" into เมีย + นมา), so an unknown piece that forms a known word with its
neighbour is accepted, and word-list entries are taken out of the text before it is cut.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from transflow.checks import _EMAIL, _URL, _VERBATIM_ROLES, _XREF_ROLES, Context
from transflow.errors import ConfigError
from transflow.languages import Language
from transflow.pofile import Entry

WORDLIST = "wordlist.txt"
UNSPACED = frozenset({"th", "lo", "km", "my", "ja", "zh"})
# Codes whose dictionary carries another name: Norwegian "no" is Bokmål's dictionary.
_DICTIONARY_ALIASES = {"no": "nb"}

# reST that is not prose, removed before the words are taken (a role keeps its text where the
# text is translated: :ref:`translated title <target>`, :abbr:`...`, :guilabel:`...`).
_MARKUP = re.compile(
    r"``.+?``"
    r"|:(?P<role>[\w.+:-]+):`(?P<content>(?:\\.|[^`\\])*)`"
    r"|`(?P<title>(?:\\.|[^`<\\])*)(?:<[^<>`]*>)?`_{0,2}"
    r"|\|[^|\s](?:[^|]*[^|\s])?\|_{0,2}"
    r"|\[(?:#[\w-]*|\*|[^\]\s]+)\]_"
    r"|<[^<>\s]+>"
)
_TITLE = re.compile(r"(?s)(.*?)\s*<[^<>]+>\s*$")
# A word of a spaced script: letters, with inner hyphens and apostrophes (PDF-er, don't).
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_SOURCE_WORD = re.compile(r"\w+")
_NOT_A_WORD = re.compile(r"[\d_]")
_REPEAT = "\u0e46"  # Thai ๆ repeats the word before it: เรื่อยๆ is เรื่อย, repeated


def _prose(text: str) -> str:
    """``text`` without what is not prose: markup, literals, targets, URLs, email addresses."""
    text = _URL.sub(" ", _EMAIL.sub(" ", unicodedata.normalize("NFC", text)))

    def keep(m: re.Match[str]) -> str:
        role = m.group("role")
        if role is not None:
            name = role.rsplit(":", 1)[-1]
            content = m.group("content")
            if name in _VERBATIM_ROLES:
                return " "
            if name in _XREF_ROLES or ":" in role:
                titled = _TITLE.match(content)
                return f" {titled.group(1)} " if titled else " "
            return f" {content} "
        if m.group("title") is not None:
            return f" {m.group('title')} "
        return " "

    return _MARKUP.sub(keep, text).replace("\\", "")


@functools.cache
def _broker():
    """Enchant's broker, hunspell first; None when the Enchant C library is not installed."""
    try:
        import enchant
    except ImportError:  # pyenchant raises it when libenchant-2 is missing
        return None
    broker = enchant.Broker()
    broker.set_ordering("*", "hunspell,aspell,*")
    return broker


def dictionary_tag(lang: Language) -> str | None:
    """The installed dictionary for ``lang`` (``nb`` → ``nb_NO``), or None."""
    broker = _broker()
    if broker is None:
        return None
    code = lang.code.split("@")[0]
    base = _DICTIONARY_ALIASES.get(lang.base, lang.base)
    installed = sorted(tag for tag, _provider in broker.list_dicts())
    for wanted in (code, f"{base}_{base.upper()}", base):
        if wanted in installed:
            return wanted
    return next((tag for tag in installed if tag.split("_")[0] == base), None)


def missing_dictionary(lang: Language) -> str | None:
    """Why ``lang`` cannot be spell-checked (one line for the user), or None when it can."""
    if _broker() is None:
        return (
            "spelling: not checked, the Enchant library is missing "
            "(Debian: apt-get install libenchant-2-2)"
        )
    if dictionary_tag(lang) is None:
        return (
            f"spelling: {lang.english_name} ({lang.code}) not checked, no hunspell dictionary "
            f"installed (Debian: apt-cache search hunspell-{lang.base})"
        )
    if lang.base in UNSPACED and _icu() is None:
        return (
            f"spelling: {lang.english_name} ({lang.code}) not checked, its words need ICU's word "
            "breaker (pip install pyicu-wheels)"
        )
    return None


class _Dictionary(Protocol):
    """What is used of an Enchant dictionary."""

    def check(self, word: str) -> bool: ...


@dataclass
class Speller:
    """One language's dictionary, the project's word list and, for unspaced scripts, ICU."""

    tag: str
    dictionary: _Dictionary
    words: frozenset[str]
    segment: bool
    _known: dict[str, bool] = field(default_factory=dict)
    _verdicts: dict[str, bool] = field(default_factory=dict)

    def known(self, word: str) -> bool:
        found = self._known.get(word)
        if found is None:
            capitalised = word[1:] == word.lower()[1:]  # "Juntaen" for "juntaen", not "jUNTAEN"
            found = (
                word in self.words
                or (capitalised and word.lower() in self.words)
                or self.dictionary.check(word)
            )
            self._known[word] = found
        return found

    def unknown(self, msgstr: str, msgid: str) -> list[str]:
        """The distinct words of ``msgstr`` that are neither known nor in ``msgid``, as shown
        to the translator: ``'word'``, or ``'piece' (in 'text around it')`` for unspaced text,
        where the reader cannot see where the segmenter cut."""
        text = _prose(msgstr)
        pieces = self._pieces(text) if self.segment else ((w, w) for w in _WORD.findall(text))
        found: dict[str, None] = {}
        source: set[str] | None = None
        for word, around in pieces:
            if self._fine(word):
                continue
            if source is None:  # rarely needed: most words are known
                source = {w.casefold() for w in _SOURCE_WORD.findall(msgid)}
            parts = re.split(r"[-'’]", word)
            if word.casefold() in source or (
                len(parts) > 1
                and all(not p or p.casefold() in source or self._fine(p) for p in parts)
            ):
                continue
            found[repr(word) if around == word else f"{word!r} (in {around!r})"] = None
        return list(found)

    def _fine(self, word: str) -> bool:
        """Known, or not a word to check (numbers, single letters, acronyms); once per word."""
        fine = self._verdicts.get(word)
        if fine is None:
            parts = re.split(r"[-'’]", word)
            fine = (
                len(word) < 2
                or _NOT_A_WORD.search(word) is not None
                or word.isupper()
                or self.known(word)
                or (len(parts) > 1 and all(not p or p.isupper() or self.known(p) for p in parts))
            )
            self._verdicts[word] = fine
        return fine

    def _pieces(self, text: str) -> Iterator[tuple[str, str]]:
        """The pieces of unspaced text ICU cuts that are not part of a known word, each with its
        neighbours. A piece that makes a known word with one or two of its neighbours is part of
        that word (ICU cuts สิทธิมนุษยชน, human rights, as สิทธิ|มนุษย|ชน)."""
        for entry in sorted((w for w in self.words if not w.isascii()), key=len, reverse=True):
            if entry in text:  # the word list first: ICU does not know the project's words
                text = text.replace(entry, " ")
        pieces = [w.rstrip(_REPEAT) or w for w in _icu_words(self.tag, text)]
        unknown = [False] * len(pieces)
        for i, word in enumerate(pieces):
            if word.isascii():
                if not self.known(word):
                    yield word, word  # a Latin word inside Thai text: a word of its own
            elif not self.known(word):
                windows = (
                    "".join(pieces[a : a + n])
                    for n in (2, 3)
                    for a in range(max(0, i - n + 1), min(i, len(pieces) - n) + 1)
                )
                unknown[i] = not any(self.known(w) for w in windows)
        i = 0
        while i < len(pieces):  # neighbouring unknown pieces are one unknown word
            if not unknown[i]:
                i += 1
                continue
            end = i
            while end + 1 < len(pieces) and unknown[end + 1]:
                end += 1
            yield "".join(pieces[i : end + 1]), "".join(pieces[max(0, i - 1) : end + 2])
            i = end + 1


def _icu_words(tag: str, text: str) -> list[str]:
    """The word-like segments of ``text`` (letters, not spaces or punctuation), by ICU."""
    iterator = _break_iterator(tag)
    iterator.setText(text)
    words, start = [], 0
    for end in iterator:
        if iterator.getRuleStatus() >= 100:  # UBRK_WORD_NUMBER and up: not spaces or punctuation
            words.append(text[start:end])
        start = end
    return words


@functools.cache
def _icu():
    """PyICU, or None where its wheel is not installed."""
    try:
        import icu
    except ImportError:
        return None
    return icu


@functools.cache
def _break_iterator(tag: str):
    icu = _icu()
    return icu.BreakIterator.createWordInstance(icu.Locale(tag))


def read_wordlist(path: Path) -> frozenset[str]:
    """The words of a project word list: one a line, ``#`` starts a comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset()
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ConfigError("the word list is not UTF-8", path, line) from None
    words = set()
    for number, raw in enumerate(text.splitlines(), 1):
        word = raw.split("#", 1)[0].strip()
        if not word:
            continue
        if any(c.isspace() for c in word):
            raise ConfigError(f"one word a line, not {word!r}", path, number)
        words.add(unicodedata.normalize("NFC", word))
    return frozenset(words)


def speller(lang: Language, lang_root: Path | None) -> Speller | None:
    """The speller of ``lang`` with the word list in ``lang_root``; None without a dictionary."""
    wordlist = lang_root / WORDLIST if lang_root is not None else None
    try:
        stamp = wordlist.stat().st_mtime_ns if wordlist is not None else None
    except FileNotFoundError:
        stamp = None
    return _speller(lang, wordlist, stamp)


@functools.lru_cache(maxsize=32)
def _speller(lang: Language, wordlist: Path | None, _stamp: int | None) -> Speller | None:
    tag = dictionary_tag(lang)
    if tag is None or (lang.base in UNSPACED and _icu() is None):
        return None
    words = read_wordlist(wordlist) if wordlist is not None else frozenset()
    return Speller(tag, _broker().request_dict(tag), words, lang.base in UNSPACED)


# The speller of the catalog being checked: looked up once per catalog, not once per entry
# (the lookup stats the word list, a third of the check's time when done per entry).
_current: tuple[Context | None, Speller | None] = (None, None)


def check(ctx: Context, e: Entry) -> Iterator[str]:
    global _current
    if _current[0] is not ctx:
        _current = (ctx, speller(ctx.lang, ctx.lang_root))
    found = _current[1]
    if found is None:
        return
    where = f"{ctx.lang_root.name}/{WORDLIST}" if ctx.lang_root is not None else WORDLIST
    for word in found.unknown(e.msgstr, e.msgid):
        yield (
            f"unknown word {word} (not in the {found.tag} dictionary): fix the typo, or add "
            f"the word to {where}"
        )
