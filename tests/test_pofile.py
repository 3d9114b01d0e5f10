"""Our PO reader and writer, pinned against polib and GNU gettext (msgcat, msgfmt)."""

from __future__ import annotations

import difflib
import subprocess
from pathlib import Path

import polib
import pytest

from transflow import files, pofile
from transflow.errors import CatalogError

REPO = Path(__file__).parents[1]

RICH = r"""# Translator comment
#
msgid ""
msgstr ""
"Project-Id-Version: x\n"
"Language: nb\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#. extracted
#: a.rst:1 b.rst:2
#, fuzzy, python-format
#| msgid "Old %s"
msgid "New %s"
msgstr "Ny %s"

msgctxt "ctx"
msgid ""
"multi\n"
"line \"q\" \\ tab\t"
msgstr "x"

msgid "one file"
msgid_plural "%d files"
msgstr[0] "én fil"
msgstr[1] "%d filer"

msgid "same"
msgstr "same"

msgid "日本語とမြန်မာ"
msgstr ""

# obsolete comment
#~| msgid "prev"
#~ msgid "gone"
#~ msgstr "borte"
"""


def _catalogs() -> list[Path]:
    return sorted((REPO / "locale").rglob("*.po")) + sorted((REPO / "locale").rglob("*.pot"))


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    path = tmp_path / "rich.po"
    path.write_text(RICH, encoding="utf-8")
    return path


def _msgcat(path: Path) -> str:
    return subprocess.run(
        ["msgcat", "--no-wrap", str(path)], capture_output=True, text=True, check=True
    ).stdout


def test_rewrite_is_what_msgcat_writes(rich):
    assert pofile.dumps(pofile.read(rich)) == _msgcat(rich)
    assert pofile.dumps(_fresh(pofile.read(rich))) == _msgcat(rich)


@pytest.mark.parametrize("path", _catalogs(), ids=lambda p: str(p.relative_to(REPO)))
def test_our_catalogs_round_trip_like_msgcat(path):
    text = path.read_text(encoding="utf-8")
    assert pofile.dumps(pofile.read(path)) == text
    if path.suffix == ".po":
        assert _msgcat(path) == text


def test_agrees_with_polib(rich):
    ours = pofile.read(rich)
    theirs = polib.pofile(str(rich))
    assert len(ours.entries) == len(theirs)
    for a, b in zip(ours.entries, theirs, strict=True):
        assert (a.msgid, a.msgctxt, a.msgstr, a.flags, a.obsolete) == (
            b.msgid,
            b.msgctxt,
            b.msgstr,
            b.flags,
            bool(b.obsolete),
        )
        assert a.msgid_plural == (b.msgid_plural or None)
        assert a.msgstr_plural == [b.msgstr_plural[k] for k in sorted(b.msgstr_plural)]
    assert ours.metadata == theirs.metadata


def test_entries_know_their_lines(rich):
    cat = pofile.read(rich)
    lines = RICH.splitlines()
    for e in cat.entries:
        assert lines[e.line - 1].lstrip("#~ ").startswith(("msgid", "msgctxt"))
        assert lines[e.msgstr_line - 1].lstrip("#~ ").startswith("msgstr")
    assert cat.entries[0].previous_msgid == "Old %s"
    assert cat.entries[-1].previous_msgid == "prev"  # polib loses this one


def test_wrapping_keeps_lines_within_width(rich):
    text = pofile.dumps(_fresh(pofile.read(rich)), pofile.Style("gnu", 20))
    assert pofile.dumps(_fresh(pofile.parse(text))) == pofile.dumps(_fresh(pofile.read(rich)))


def _fresh(catalog: pofile.Catalog) -> pofile.Catalog:
    """The catalog as if built in memory: the writer lays every field out anew."""
    for e in [catalog.header, *catalog.entries]:
        if e is not None:
            e.raw = None
    return catalog


BAD = [
    ('msgid "a\\q"\nmsgstr ""\n', 1, "invalid escape sequence '\\q'"),
    ('msgid "a"\nmsgstr "abc\n', 2, "end-of-line within string"),
    ('msgid "a" x\nmsgstr ""\n', 1, "unexpected text after the string"),
    ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4, "duplicate message definition"),
    ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 1, "missing 'msgstr'"),
    ('msgstr "x"\n', 1, "'msgstr' without a preceding 'msgid'"),
    ('msgid "a"\nmsgstr[0] "x"\n', 2, "without 'msgid_plural'"),
    ('msgid "a"\nmsgid_plural "b"\nmsgstr "x"\n', 3, "needs 'msgstr[0]'"),
    ('msgid "a"\nmsgstr "x"\nbogus\n', 3, "syntax error"),
    ('msgid a\nmsgstr ""\n', 1, "expected a quoted string"),
    ('msgctxt "c"\nmsgstr "x"\n', 2, "missing 'msgid' after 'msgctxt'"),
    ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[2] "y"\n', 4, "out of order"),
    ('msgid "a"\nmsgstr "b"\n"unterminated\n', 3, "end-of-line within string"),
    ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 3, "a second 'msgstr'"),
    ('msgid ""\nmsgstr "x"\n\nmsgid ""\nmsgstr "y"\n', 4, "duplicate message"),
    ('msgid "a"\n# c\nmsgstr "b"\n', 2, "a comment between 'msgid' and 'msgstr'"),
    ('#| msgid "x"\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n', 2, "a comment between a '#|' line"),
    ('#~ msgid "a"\nmsgstr "b"\n', 2, "inconsistent use of #~"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD, ids=[b[2] for b in BAD])
def test_syntax_errors_name_the_line_and_msgfmt_agrees(tmp_path, text, line, message):
    path = tmp_path / "bad.po"
    path.write_text(text)
    with pytest.raises(CatalogError) as info:
        pofile.read(path)
    first = info.value.errors[0]
    assert (first.path, first.line) == (path, line)
    assert message in first.message
    assert subprocess.run(["msgfmt", "-o", "/dev/null", str(path)], capture_output=True).returncode


GOOD = [
    # The same msgid in two contexts is two messages.
    'msgctxt "x"\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
    # Comments after the last message: GNU accepts them (and msgcat drops them).
    'msgid "a"\nmsgstr "b"\n\n#, fuzzy\n# note\n',
    # Octal and hex escapes.
    'msgid "a\\x41\\101"\nmsgstr "b"\n',
    # CRLF line ends.
    'msgid "a"\r\nmsgstr "b"\r\n',
]


@pytest.mark.parametrize("text", GOOD)
def test_what_msgfmt_accepts_we_read_as_msgcat_does(tmp_path, text):
    path = tmp_path / "good.po"
    path.write_bytes(text.encode())
    assert subprocess.run(["msgfmt", "-o", "/dev/null", str(path)]).returncode == 0
    assert pofile.dumps(_fresh(pofile.read(path))) == _msgcat(path)


def test_obsolete_copy_of_a_live_message_is_read_and_update_drops_it(tmp_path):
    """msgfmt rejects a live and an obsolete entry with one msgid; Babel (so Sphinx) accepts it.
    We read it, as Sphinx would build it, and an update leaves only the live one."""
    from transflow import config, languages, update

    text = 'msgid ""\nmsgstr "Language: nb\\n"\n\nmsgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n'
    path = tmp_path / "dup.po"
    path.write_text(text)
    assert subprocess.run(["msgfmt", "-o", "/dev/null", str(path)], capture_output=True).returncode
    cat = pofile.read(path)
    assert [(e.msgstr, e.obsolete) for e in cat.entries] == [("b", False), ("c", True)]
    template = pofile.parse('msgid "a"\nmsgstr ""\n')
    merged, _ = update.merge(template, cat, languages.resolve("nb"), "d", config.UpdateSettings())
    assert [(e.msgstr, e.obsolete) for e in merged.entries] == [("b", False)]


def _corpus_catalogs(root: Path) -> list[Path]:
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from make_corpus import make
    finally:
        sys.path.pop(0)
    make(root, 3, 60, seed=3, languages=("nb", "ja", "my"))
    return sorted(root.rglob("*.po")) + sorted(root.rglob("*.pot"))


def test_varied_catalogs_agree_with_polib_and_msgcat(tmp_path, rich):
    """Plurals, fuzzy with #| msgid, obsolete, comments, CJK and Burmese text, templates."""
    paths = [rich, *_catalogs(), *_corpus_catalogs(tmp_path / "corpus")]
    for path in paths:
        ours = pofile.read(path)
        theirs = polib.pofile(str(path), wrapwidth=0)
        assert len(ours.entries) == len(theirs), path
        for a, b in zip(ours.entries, theirs, strict=True):
            assert (a.msgid, a.msgctxt, a.msgstr, a.flags, a.obsolete) == (
                b.msgid,
                b.msgctxt,
                b.msgstr,
                b.flags,
                bool(b.obsolete),
            ), (path, a.line)
            assert a.msgid_plural == (b.msgid_plural or None)
            assert a.msgstr_plural == [b.msgstr_plural[k] for k in sorted(b.msgstr_plural)]
            assert (a.comments, a.auto_comments) == (
                b.tcomment.split("\n") if b.tcomment else [],
                b.comment.split("\n") if b.comment else [],
            )
            if not a.obsolete:  # polib drops the "#~|" of obsolete entries
                assert a.previous_msgid == b.previous_msgid
            assert a.occurrences == [f"{f}:{n}" if n else f for f, n in b.occurrences]
        assert ours.metadata == theirs.metadata
        if path.suffix == ".po":
            assert pofile.dumps(ours) == _msgcat(path) == path.read_text(encoding="utf-8")


def test_every_error_is_reported_not_just_the_first(tmp_path):
    path = tmp_path / "bad.po"
    path.write_text('msgid "a\\q"\nmsgstr ""\n\nmsgid "b"\nmsgstr "c\n')
    with pytest.raises(CatalogError) as info:
        pofile.read(path)
    assert [e.line for e in info.value.errors] == [1, 5]


def test_invalid_utf8_names_its_line(tmp_path):
    path = tmp_path / "bad.po"
    path.write_bytes(
        b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        b'msgid "a"\nmsgstr "\xff"\n'
    )
    with pytest.raises(CatalogError) as info:
        pofile.read(path)
    assert str(info.value).startswith(f"{path}:5: invalid UTF-8 byte sequence")


def test_write_if_changed_keeps_bytes_and_mtime(tmp_path):
    path = tmp_path / "x.po"
    assert files.write_if_changed(path, "a\n")
    before = path.stat().st_mtime_ns
    assert not files.write_if_changed(path, "a\n")
    assert path.stat().st_mtime_ns == before
    assert files.write_if_changed(path, "b\n")
    assert path.read_text() == "b\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.po"]  # no temporary file left behind


# --- GNU's grammar: what msgfmt accepts, read as msgcat reads it -------------------------------

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'

GNU_SYNTAX = {
    "indented comments and obsolete lines": (
        '  #, fuzzy\n  # note\nmsgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n\n'
        '   #~ msgid "o"\n  #~ msgstr "p"\n'
    ),
    "two strings on one line": 'msgid "a" "x"\nmsgstr "b" "c"\n',
    "backslash-newline inside a string": 'msgid "a\\\nb"\nmsgstr "c\\\nd"\n',
    "a comment after the string": 'msgid "a"\nmsgstr "b" # note\n\nmsgid "c"\nmsgstr "d"\n',
    "tabs, and no space before the string": 'msgid\t"a"\nmsgstr"b"\n',
    "keyword and string on separate lines": 'msgid\n"a"\nmsgstr\n"b"\n',
    "indented keywords": '  msgid "a"\n    msgstr "b"\n  "c"\n',
}


def _stats(path: Path) -> tuple[int, tuple[int, int, int]]:
    """msgfmt's verdict (exit code) and its --statistics: translated, fuzzy, untranslated."""
    import re

    run = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C"},
    )
    counts = [0, 0, 0]
    for n, what in re.findall(r"(\d+) (translated|fuzzy|untranslated)", run.stderr):
        counts[("translated", "fuzzy", "untranslated").index(what)] = int(n)
    return run.returncode, (counts[0], counts[1], counts[2])


def _our_stats(catalog: pofile.Catalog) -> tuple[int, int, int]:
    states = [pofile.state(e) for e in catalog.entries if not e.obsolete]
    return (
        states.count(pofile.TRANSLATED),
        states.count(pofile.FUZZY),
        states.count(pofile.UNTRANSLATED),
    )


@pytest.mark.parametrize("name", sorted(GNU_SYNTAX))
def test_gnu_syntax_reads_as_msgfmt_and_msgcat_read_it(tmp_path, name):
    path = tmp_path / "x.po"
    path.write_text(HEADER + GNU_SYNTAX[name], encoding="utf-8")
    code, counts = _stats(path)
    assert code == 0
    catalog = pofile.read(path)
    assert _our_stats(catalog) == counts
    assert pofile.dumps(_fresh(catalog)) == _msgcat(path)
    assert pofile.read_summary(path) == pofile.summarize(catalog)


def test_indented_fuzzy_flag_keeps_the_message_fuzzy(tmp_path):
    path = tmp_path / "x.po"
    path.write_text(HEADER + '  #, fuzzy\nmsgid "a"\nmsgstr "b"\n', encoding="utf-8")
    assert _stats(path)[1] == (0, 1, 0)
    assert pofile.read(path).entries[0].fuzzy
    assert pofile.read_summary(path).messages[(None, "a")] == pofile.FUZZY


def test_nul_translation_is_untranslated_as_msgfmt_counts_it(tmp_path):
    path = tmp_path / "x.po"
    path.write_text(
        HEADER + 'msgid "a"\nmsgstr "\\0"\n\nmsgid "b"\nmsgstr "\\000x"\n\n'
        'msgid "c"\nmsgid_plural "cs"\nmsgstr[0] "\\x00"\nmsgstr[1] "y"\n\nmsgid "d"\nmsgstr "ok"\n',
        encoding="utf-8",
    )
    assert _stats(path) == (0, (1, 0, 3))
    catalog = pofile.read(path)
    assert _our_stats(catalog) == (1, 0, 3)
    assert [e.translated for e in catalog.entries] == [False, False, False, True]
    assert pofile.read_summary(path) == pofile.summarize(catalog)


def test_charset_comes_from_the_header_entry_only(tmp_path):
    path = tmp_path / "x.po"
    text = (
        "# This file was converted from charset=ISO-8859-1 long ago.\n"
        + HEADER
        + 'msgid "a"\nmsgstr "ñandú 日本"\n'
    )
    path.write_text(text, encoding="utf-8")
    assert pofile.read(path).entries[0].msgstr == "ñandú 日本"
    assert pofile.read_summary(path).messages[(None, "a")] == pofile.TRANSLATED
    # A Latin-1 header after more than 4 KB of comments is still the header.
    latin = ("# " + "x" * 70 + "\n") * 80 + HEADER.replace("UTF-8", "ISO-8859-1")
    path.write_bytes(latin.encode() + 'msgid "a"\nmsgstr "ñandú"\n'.encode("latin-1"))
    assert _stats(path)[0] == 0
    catalog = pofile.read(path)
    assert (catalog.entries[0].msgstr, catalog.charset) == ("ñandú", "ISO-8859-1")
    assert pofile.read_summary(path).messages[(None, "a")] == pofile.TRANSLATED


@pytest.mark.parametrize(
    "charset", ["rot13", "base64", "hex", "zlib", "undefined", "UTF-16", "no-such-charset"]
)
def test_a_charset_that_is_no_text_encoding_is_an_error_naming_the_header(tmp_path, charset):
    path = tmp_path / "x.po"
    path.write_text("# comment\n" + HEADER.replace("UTF-8", charset) + 'msgid "a"\nmsgstr "b"\n')
    for reader in (pofile.read, pofile.read_summary):
        with pytest.raises(CatalogError) as info:
            reader(path)
        assert str(info.value) == (
            f"{path}:4: unknown charset {charset!r} in the "
            "Content-Type header (not a text encoding)"
        )


# --- a bounded fuzz: mutants of real catalogs, each judged by msgfmt and by us -----------------

_SNIPPETS = [
    "# note",
    "#, fuzzy",
    "#. extracted",
    "#: a.rst:1",
    '#| msgid "old"',
    '#~ msgid "zz"',
    "  #, fuzzy",
    '"loose"',
    'msgstr "x"',
    'msgid_plural "p"',
    "",
    "#~ #, fuzzy",
]
_ESCAPES = ["\\0", "\\x00", "\\n", "\\q", '\\"', "\\\\", '"', "\\101", "\\\n"]
_CHARSETS = ["ISO-8859-1", "latin1", "KOI8-R", "ASCII", "CP1252", "rot13", "base64", "undefined"]


def _mutate(rng, text: str) -> str:  # type: ignore[no-untyped-def]
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        op = rng.choice(
            [
                "indent",
                "delete",
                "duplicate",
                "swap",
                "insert",
                "join",
                "escape",
                "obsolete",
                "charset",
                "tail",
            ]
        )
        if op == "indent":
            lines[i] = " " * rng.randint(1, 3) + lines[i]
        elif op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif op == "insert":
            lines.insert(i, rng.choice(_SNIPPETS))
        elif op == "join" and i + 1 < len(lines):
            lines[i : i + 2] = [lines[i] + " " + lines[i + 1]]
        elif op == "escape" and lines[i].count('"') >= 2:
            at = rng.randrange(lines[i].index('"') + 1, lines[i].rindex('"') + 1)
            lines[i] = lines[i][:at] + rng.choice(_ESCAPES) + lines[i][at:]
        elif op == "obsolete":
            lines[i] = "#~ " + lines[i]
        elif op == "charset":
            lines = "\n".join(lines).replace("charset=UTF-8", "charset=" + rng.choice(_CHARSETS))
            lines = lines.split("\n")
        elif op == "tail":
            lines[i] += rng.choice([" # c", ' "more"', " x"])
    return "\n".join(lines)


def _only_checks(path: Path) -> bool:
    """Whether every error msgfmt reports is about a translation (newlines, format strings,
    plural forms), which lint checks, rather than about the catalog's syntax."""
    run = subprocess.run(
        ["msgfmt", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C"},
    )
    errors = [
        ln
        for ln in run.stderr.splitlines()
        if not ln.startswith(("msgfmt: found", " ")) and "warning:" not in ln
    ]
    semantic = ("begin with '\\n'", "end with '\\n'", "format specification", "plural form")
    return bool(errors) and all(any(s in ln for s in semantic) for ln in errors)


def test_fuzzed_catalogs_read_as_msgfmt_reads_them(tmp_path):
    """Mutants of real catalogs: we accept exactly what msgfmt accepts, and count as it counts.
    Deliberate differences (README): an unknown charset is an error here; an obsolete copy of a
    live message is accepted (Babel and Sphinx accept it)."""
    import random

    rng = random.Random(11)
    bases = [RICH, *(p.read_text(encoding="utf-8") for p in _catalogs()[:3])]
    for n in range(120):
        text = _mutate(rng, bases[n % len(bases)])
        path = tmp_path / f"m{n}.po"
        path.write_bytes(text.encode("utf-8"))
        code, counts = _stats(path)
        try:
            ours = pofile.read(path)
        except CatalogError as exc:
            if code == 0:
                assert "unknown charset" in str(exc), (text, str(exc))
            continue
        live = {e.key for e in ours.entries if not e.obsolete}
        if code != 0 and any(e.obsolete and e.key in live for e in ours.entries):
            continue
        if code != 0 and _only_checks(path):
            continue  # a translation's mistake, not the file's syntax: `transflow lint` reports it
        assert code == 0, text
        assert _our_stats(ours) == counts, text
        assert pofile.summarize(ours) == pofile.read_summary(path), text


def _entries_as_read(entries: list[pofile.Entry]) -> list[tuple[object, ...]]:
    return [
        (
            e.msgid,
            e.msgstr,
            e.msgctxt,
            e.msgid_plural,
            e.msgstr_plural,
            e.comments,
            e.auto_comments,
            e.occurrences,
            e.flags,
            e.previous_msgctxt,
            e.previous_msgid,
            e.previous_msgid_plural,
            e.obsolete,
            e.line,
            e.msgstr_line,
            e.raw and [kv for kv in e.raw.items() if kv[0] != "*"],
        )
        for e in entries
    ]


def test_the_fast_path_reads_what_the_full_grammar_reads():
    """The reader takes a catalog written as tools write it one entry per regular-expression
    match, and anything else through the full grammar; on mutants of real catalogs (strings
    split, escapes, stray quotes, comments inside entries...) the two build the same entries
    wherever the fast path vouches for the text, and it never vouches for an erroneous one."""
    import random

    from transflow.pofile import reader

    def full(text: str, layout: bool) -> list[pofile.Entry]:
        parser = reader._Parser(text, None)
        parser.layout = layout
        parser.run()
        if parser.errors:
            raise CatalogError(parser.errors)
        return parser.entries

    rng = random.Random(5)
    bases = [RICH, *(p.read_text(encoding="utf-8") for p in _catalogs()[:6])]
    vouched = 0
    for n in range(1500):
        text = _mutate(rng, bases[n % len(bases)]) if n >= len(bases) else bases[n]
        if n % 3 == 0:  # escapes at a line's end, and strings split differently
            lines = text.split("\n")
            i = rng.randrange(len(lines))
            if lines[i].endswith('"') and len(lines[i]) > 2:
                lines[i] = (
                    lines[i][:-1] + rng.choice(["\\\\", "\\", '\\"', '" "', "\\x4", "\\0"]) + '"'
                )
            text = "\n".join(lines)
        layout = n % 2 == 0
        try:
            fast = reader._fast_entries(text, layout)
        except reader._Unusual:
            continue
        vouched += 1
        assert _entries_as_read(fast) == _entries_as_read(full(text, layout)), text
        for e in fast if layout else []:
            # The entry's block as read is what its fields, as read, write.
            assert e.raw is not None
            block = e.raw.pop("*")[1]
            assert block == ["\n".join(pofile.format_entry(e))], text
    assert vouched > 200  # the comparison compared something


# --- the writer: GNU's line breaking, as msgcat -w N does it -----------------------------------

WRAP_TEXTS = [
    "日本語のドキュメントは、Sphinxのビルドで生成されます。「翻訳」はカタログ（.po）に保存され、"
    "チェックの後で公開されます。句読点、括弧（）や長音「ー」の扱いも確認します。",
    "这是一个很长的中文句子，用来测试换行规则：标点符号、括号（例如这样）和数字123以及English words混合。",
    "한국어 문장은 띄어쓰기가 있습니다. 그러나 긴 문장에서는 음절 사이에서도 줄을 바꿀 수 있는지 확인해야 합니다.",
    "မြန်မာဘာသာစကားသည်စကားလုံးများကြားတွင်နေရာလွတ်မရှိပါ။ ဤစာကြောင်းသည်အလွန်ရှည်လျားသောကြောင့်လိုင်းခွဲရန်လိုအပ်ပါသည်။",
    "ภาษาไทยไม่มีการเว้นวรรคระหว่างคำ ประโยคนี้ยาวมากเพื่อทดสอบการตัดบรรทัดของเครื่องมือ GNU gettext",
    "See https://docs.python.org/3/library/stdtypes.html#str.format and https://example.com/a/very/"
    "long/path/with-many-segments/and_underscores?query=1&x=2 for details.",
    "A supercalifragilisticexpialidociousandevenlongerwordthatcannotbebrokenanywhereatall then text.",
    'Tabs\tand "quotes" and back\\slashes \\n literal, a bell\a and form\ffeed, em—dashes—everywhere '
    "— and ellipsis… and non-breaking\u00a0spaces here.",
    "Numbers like 1,234.56 and 3.14159, 50% and $100, ranges 10-20, dates 2024-01-01, v1.2.3-rc1.",
    "Emoji 👍🏽 and flags 🇯🇵🇳🇴 mixed with words; combining e\u0301 accents and zero\u200bwidth\u200b"
    "spaces and word\u2060joiners in a long enough line to wrap.",
    "Multiple lines\nwith a second line that is long enough to need wrapping by itself here\nthird\n",
    "(parenthesized) [brackets] {braces} 'single' «guillemets» „German“ “curly” a/b/c hy-phen-ated.",
    "Learn how to :ref:`contribute <contributing>` via :c:func:`PyList_New` and :c:member:"
    "`~PyTypeObject.tp_basicsize`, non-\\ ``NULL`` values.",
]


@pytest.mark.parametrize("width", [79, 60, 40, 25])
def test_gnu_layout_is_what_msgcat_writes(tmp_path, width):
    catalog = pofile.Catalog(header=pofile.Entry("", "Content-Type: text/plain; charset=UTF-8\n"))
    for i, text in enumerate(WRAP_TEXTS):
        catalog.entries.append(pofile.Entry(f"m{i}", text))
        catalog.entries.append(pofile.Entry(text, text[::-1], msgctxt=f"c{i}"))
    catalog.entries.append(pofile.Entry("gone", WRAP_TEXTS[0], obsolete=True))
    path = tmp_path / "x.po"
    path.write_text(pofile.dumps(catalog), encoding="utf-8")
    expected = subprocess.run(
        ["msgcat", "-w", str(width), str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert pofile.dumps(catalog, pofile.Style("gnu", width)) == expected
    assert pofile.dumps(_fresh(pofile.parse(expected)), pofile.Style("gnu", width)) == expected


def test_line_ends_found_backwards_are_the_greedy_fill_over_every_opportunity():
    """The writer looks for each line's last break opportunity backwards from where the line
    is full; that must be where GNU's greedy fill over all of them breaks (which msgcat pins
    above), for any width, first-line offset and escapes."""
    import random

    from transflow.pofile import linebreak

    rng = random.Random(3)
    alphabet = list("abcXYZ 0123-/.,;:!?()[]{}\"'%$#&*+=<>|~_@\\") + list(
        "\u00a0\u2014\u3001中文字日本語ကခéął\u0e01\u2028\uff08\uff09"
    )
    alphabet += [" "] * 8 + ["a"] * 20
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 150)))
        width, start = rng.choice([(72, 7), (20, 0), (5, 3), (10, 30), (1, 0), (76, 70)])
        prohibited = {i for i in range(len(text)) if rng.random() < 0.05}
        offsets = linebreak._offsets(text)
        every = linebreak._fill(
            linebreak.opportunities(text), len(text), offsets, width, start, prohibited
        )
        assert linebreak.breaks(text, width, start, prohibited) == every, (text, width, start)


def _polib_and_babel_catalogs(tmp_path: Path) -> dict[str, Path]:
    import io

    from babel.messages.catalog import Catalog as BabelCatalog
    from babel.messages.pofile import write_po

    refs = [(f"docs/chapter{i}/section.rst", str(i * 7)) for i in range(12)]
    made = polib.POFile(wrapwidth=78)
    made.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    babel = BabelCatalog(locale="nb")
    for i, text in enumerate(WRAP_TEXTS):
        made.append(polib.POEntry(msgid=f"m{i} {text[:30]}", msgstr=text, occurrences=refs))
        babel.add(f"m{i} {text[:30]}", text, locations=[(f, int(n)) for f, n in refs])
    buffer = io.BytesIO()
    write_po(buffer, babel, width=76)
    paths = {"polib 78": tmp_path / "polib.po", "babel 76": tmp_path / "babel.po"}
    paths["polib 78"].write_text(str(made), encoding="utf-8")
    paths["babel 76"].write_bytes(buffer.getvalue())
    return paths


def test_polib_and_babel_layouts_are_recognised_and_kept(tmp_path):
    for style, path in _polib_and_babel_catalogs(tmp_path).items():
        text = path.read_text(encoding="utf-8")
        catalog = pofile.read(path)
        assert str(pofile.detect_style(catalog)) == style
        # Laid out anew in that style, every message comes back as the tool wrote it.
        assert pofile.dumps(_fresh(pofile.read(path)), pofile.detect_style(catalog)) == text
        # A changed message is laid out in the catalog's style; the others stay as they were.
        catalog.entries[3].msgstr = WRAP_TEXTS[5]
        catalog.entries[3].set_fuzzy(True)
        changed = pofile.dumps(catalog, pofile.detect_style(catalog)).splitlines()
        diff = [
            ln
            for ln in difflib.unified_diff(text.splitlines(), changed, lineterm="", n=0)
            if ln[:1] in "+-" and ln[:3] not in ("---", "+++")
        ]
        assert diff and all(ln[1:].startswith(("msgstr", '"', "#, fuzzy")) for ln in diff)
