"""Our PO reader and writer, pinned against polib and GNU gettext (msgcat, msgfmt)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest

from transflow import pofile
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
    return subprocess.run(["msgcat", "--no-wrap", str(path)], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


def test_rewrite_is_what_msgcat_writes(rich):
    assert pofile.dumps(pofile.read(rich)) == _msgcat(rich)


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
            b.msgid, b.msgctxt, b.msgstr, b.flags, bool(b.obsolete)
        )  # fmt: skip
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
    text = pofile.dumps(pofile.read(rich), width=20)
    assert pofile.dumps(pofile.parse(text)) == pofile.dumps(pofile.read(rich))


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
    assert pofile.dumps(pofile.read(path)) == _msgcat(path)


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
                b.msgid, b.msgctxt, b.msgstr, b.flags, bool(b.obsolete)
            ), (path, a.line)  # fmt: skip
            assert a.msgid_plural == (b.msgid_plural or None)
            assert a.msgstr_plural == [b.msgstr_plural[k] for k in sorted(b.msgstr_plural)]
            assert (a.comments, a.auto_comments) == (b.tcomment.split("\n") if b.tcomment else [],
                                                     b.comment.split("\n") if b.comment else [])  # fmt: skip
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
    path.write_bytes(b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                     b'msgid "a"\nmsgstr "\xff"\n')  # fmt: skip
    with pytest.raises(CatalogError) as info:
        pofile.read(path)
    assert str(info.value).startswith(f"{path}:5: invalid UTF-8 byte sequence")


def test_write_if_changed_keeps_bytes_and_mtime(tmp_path):
    path = tmp_path / "x.po"
    assert pofile.write_if_changed(path, "a\n")
    before = path.stat().st_mtime_ns
    assert not pofile.write_if_changed(path, "a\n")
    assert path.stat().st_mtime_ns == before
    assert pofile.write_if_changed(path, "b\n")
    assert path.read_text() == "b\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.po"]  # no temporary file left behind
