"""A large, realistic catalog tree for the benchmarks, made deterministically (seeded).

``make(root, documents, messages, languages=("nb",))`` writes::

    root/pot-old/<section>/<doc>.pot   templates as Sphinx's gettext builder writes them
    root/pot-new/<section>/<doc>.pot   the same after a round of source edits
    root/locale/<lang>/LC_MESSAGES/<section>/<doc>.po   catalogs translated against pot-old

The edits between the two template sets are the ones a documentation project sees between two
releases: a word reworded, a word added, a typo fixed, paragraphs inserted, removed and moved
(moving shifts the ``#:`` line numbers of everything after it, as in real sources). The
catalogs hold what real ones hold: mostly translated, some fuzzy (with ``#| msgid``), some
untranslated, plural messages, translator comments, and obsolete ``#~`` entries.

Paragraphs carry the reST of a real project: ``literals``, :ref:`roles <target>`, links and
numbers. Translations are stand-ins that keep the markup, so a linter finds little to report:
Norwegian-like words for ``nb``, Japanese- and Burmese-script text without spaces for ``ja``
and ``my``. The stats, lint and update benchmarks share this generator.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "src"))

from transflow import files, pofile
from transflow.pofile import Catalog, Entry

_VOCABULARY = (
    "the of and to in is that for it as with was on be by this are or from at an which have not "
    "translation catalog document build release language project source text message template "
    "update coverage check editor translator statement solidarity people community support forum "
    "network strategy movement review progress challenge solution participant network committee "
    "report version configuration directory option command output input error warning file line"
)
WORDS = _VOCABULARY.split()

# Per language: how a word is rendered, how words are joined, the sentence end, Plural-Forms.
_KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
_MYANMAR = list("ကခဂငစဆညတထဒနပဖဗမယရလဝသ")
_MY_VOWELS = ["ာ", "ိ", "ီ", "ု", "ူ", "ေ", "ဲ", "ံ", ""]


def _nb_word(w: str) -> str:
    return w[::-1] + "e"


def _ja_word(w: str) -> str:
    return "".join(_KANA[(ord(c) * 7 + i) % len(_KANA)] for i, c in enumerate(w[:4]))


def _my_word(w: str) -> str:
    return "".join(
        _MYANMAR[(ord(c) * 3 + i) % len(_MYANMAR)] + _MY_VOWELS[(ord(c) + i) % len(_MY_VOWELS)]
        for i, c in enumerate(w[:3])
    )


LANGUAGES = {
    "nb": (_nb_word, " ", ".", "Norwegian Bokmål", "nplurals=2; plural=(n != 1);"),
    "ja": (_ja_word, "", "。", "Japanese", "nplurals=1; plural=0;"),
    "my": (_my_word, "", "။", "Burmese", "nplurals=1; plural=0;"),
}

POT_HEADER = (
    "Project-Id-Version: Bench 1.0\nReport-Msgid-Bugs-To: \nPOT-Creation-Date: {date}\n"
    "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\nLast-Translator: FULL NAME <EMAIL@ADDRESS>\n"
    "Language-Team: LANGUAGE <LL@li.org>\nMIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n"
)
POT_COMMENTS = [
    "SOME DESCRIPTIVE TITLE.",
    "Copyright (C) 2024, Bench authors",
    "This file is distributed under the same license as the Bench package.",
    "FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.",
    "",
]
PO_HEADER = (
    "Project-Id-Version: Bench 1.0\nReport-Msgid-Bugs-To: \n"
    "POT-Creation-Date: 2024-01-01 00:00+0000\nPO-Revision-Date: 2024-01-20 10:00+0000\n"
    "Last-Translator: A Translator <translator@example.org>\nLanguage-Team: {team}\n"
    "Language: {lang}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\nPlural-Forms: {plural}\n"
)


def _sentence(rng: random.Random) -> list[str]:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 24))]
    extra = rng.random()
    if extra < 0.15:
        words.insert(rng.randrange(len(words)), "``make html``")
    elif extra < 0.25:
        words.insert(
            rng.randrange(len(words)), f":ref:`{rng.choice(WORDS)} <sec-{rng.randint(1, 99)}>`"
        )
    elif extra < 0.30:
        words.insert(rng.randrange(len(words)), "`the site <https://example.org/docs/>`_")
    elif extra < 0.40:
        words.insert(rng.randrange(len(words)), str(rng.randint(2, 2024)))
    words[0] = words[0][0].upper() + words[0][1:] if words[0][0].isalpha() else words[0]
    return words


def _paragraph(rng: random.Random) -> str:
    return " ".join(" ".join(_sentence(rng)) + "." for _ in range(rng.randint(1, 4)))


def translate(text: str, lang: str) -> str:
    """A stand-in translation of ``text`` into ``lang`` that keeps markup, numbers and shape."""
    word, joiner, stop, _, _ = LANGUAGES[lang]
    out = []
    for sentence in text.split(". "):
        tokens = []
        for token in sentence.rstrip(".").split(" "):
            bare = token.lower()
            if bare in WORDS:
                tokens.append(word(bare))
            else:  # markup, numbers: kept, set off by spaces so reST still sees them
                tokens.append(f" {token} " if joiner == "" else token)
        out.append(joiner.join(tokens).strip() + stop)
    return (" " if joiner else "").join(out).replace("  ", " ")


def _edit(rng: random.Random, text: str) -> str:
    """A reworded sentence: one word replaced by another, or one added."""
    words = text.split(" ")
    i = rng.randrange(len(words))
    if rng.random() < 0.5 and words[i] in WORDS:
        words[i] = rng.choice([w for w in WORDS if w != words[i]])
    else:
        words.insert(i, rng.choice(WORDS))
    return " ".join(words)


def _typo(rng: random.Random, text: str) -> str | None:
    """``text`` with a typo (two letters swapped in a word), as the old source had it."""
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return None
    i = rng.choice(long)
    w = words[i]
    k = rng.randrange(1, len(w) - 2)
    words[i] = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    return " ".join(words)


def _templates(rng: random.Random, domain: str, messages: int) -> tuple[list[Entry], list[Entry]]:
    """The messages of one document before and after a round of edits, as (msgid, plural)."""
    old: list[Entry] = []
    new: list[Entry] = []
    for m in range(messages):
        if m % 50 == 7:  # a message with plural forms
            e = Entry(msgid=f"{m} item in {domain}", msgid_plural=f"{m} items in {domain}")
            old.append(e)
            new.append(Entry(msgid=e.msgid, msgid_plural=e.msgid_plural))
            continue
        text = _paragraph(rng)
        r = rng.random()
        if r < 0.02:
            old.append(Entry(msgid=text))  # removed from the sources
        elif r < 0.04:
            new.append(Entry(msgid=text))  # inserted into the sources
        elif r < 0.07:
            old.append(Entry(msgid=text))
            new.append(Entry(msgid=_edit(rng, text)))  # reworded
        elif r < 0.09 and (typo := _typo(rng, text)) is not None:
            old.append(Entry(msgid=typo))
            new.append(Entry(msgid=text))  # typo fixed
        else:
            old.append(Entry(msgid=text))
            new.append(Entry(msgid=text))
    for _ in range(max(1, messages // 50)):  # paragraphs moved to another place
        i, j = rng.randrange(len(new)), rng.randrange(len(new))
        new.insert(j, new.pop(i))
    for entries in (old, new):  # locations follow the order, as line numbers in a .rst do
        line = 1
        for e in entries:
            e.occurrences = [f"../../{domain}.rst:{line}"]
            line += 2 + e.msgid.count(". ") // 2
    return old, new


def _translated(rng: random.Random, e: Entry, lang: str, nplurals: int) -> Entry:
    t = Entry(msgid=e.msgid, msgid_plural=e.msgid_plural, occurrences=list(e.occurrences))
    r = rng.random()
    if e.msgid_plural is not None:
        forms = [translate(e.msgid, lang)] + [translate(e.msgid_plural, lang)] * (nplurals - 1)
        t.msgstr_plural = forms if r < 0.9 else [""] * nplurals
    elif r < 0.85:
        t.msgstr = translate(e.msgid, lang)
        if r < 0.02:
            t.comments = ["checked against the printed edition"]
    elif r < 0.90:  # fuzzy, from an earlier round of edits
        t.msgstr = translate(e.msgid, lang)
        t.flags = ["fuzzy"]
        t.previous_msgid = _edit(rng, e.msgid)
    return t  # otherwise untranslated


def make(
    root: Path,
    documents: int = 400,
    messages: int = 100,
    seed: int = 1,
    languages: tuple[str, ...] = ("nb",),
) -> Path:
    """Write the corpus under ``root`` (replacing what is there); returns ``root``."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    for d in range(documents):
        domain = f"section{d // 40:02d}/doc{d:04d}"
        old, new = _templates(rng, domain, messages)
        for name, entries, date in (
            ("pot-old", old, "2024-01-01 00:00+0000"),
            ("pot-new", new, "2024-03-01 00:00+0000"),
        ):
            header = Entry(
                msgid="",
                msgstr=POT_HEADER.format(date=date),
                flags=["fuzzy"],
                comments=POT_COMMENTS,
            )
            text = pofile.dumps(Catalog(entries=entries, header=header))
            files.write_if_changed(root / name / f"{domain}.pot", text)
        for lang in languages:
            _, _, _, team, plural = LANGUAGES[lang]
            nplurals = int(plural.split(";")[0].split("=")[1])
            entries = [_translated(rng, e, lang, nplurals) for e in old]
            for k in range(rng.randint(0, 3)):
                gone = f"An old paragraph {k} of {domain}, since removed."
                entries.append(Entry(msgid=gone, msgstr=translate(gone, lang), obsolete=True))
            header = Entry(msgid="", msgstr=PO_HEADER.format(team=team, lang=lang, plural=plural))
            text = pofile.dumps(Catalog(entries=entries, header=header))
            files.write_if_changed(root / "locale" / lang / "LC_MESSAGES" / f"{domain}.po", text)
    return root


if __name__ == "__main__":
    out = make(
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "_corpus" / "tree"
    )
    print(f"corpus in {out}")
