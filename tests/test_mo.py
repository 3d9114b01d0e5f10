"""Compiled catalogs: our .mo is the one GNU msgfmt writes, byte for byte, and msgunfmt reads
back exactly the messages msgfmt would keep (fuzzy, untranslated and obsolete ones left out)."""

from __future__ import annotations

import gettext
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, fuzzy

from transflow import pofile
from transflow.pofile.mo import compile_mo

EDGES = r"""# a catalog with every kind of entry msgfmt treats specially
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: x\n"
"POT-Creation-Date: 2024-01-01 00:00+0000\n"
"Language: pl\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

msgid "zebra"
msgstr "zebra (pl)"

#, fuzzy
msgid "Fuzzy one"
msgstr "Niepewne"

msgid "Untranslated"
msgstr ""

msgctxt "menu"
msgid "Open"
msgstr "Otwórz"

msgid "Open"
msgstr "Otwarte"

msgid "one file"
msgid_plural "%d files"
msgstr[0] "jeden plik"
msgstr[1] "%d pliki"
msgstr[2] "%d plików"

msgid "first form missing"
msgid_plural "forms"
msgstr[0] ""
msgstr[1] "x"
msgstr[2] "y"

msgid "日本語とမြန်မာ"
msgstr "japoński i birmański"

msgid "Älpha"
msgstr "Alfa"

#~ msgid "gone"
#~ msgstr "nie ma"
"""


def _msgfmt(path: Path, *options: str) -> bytes:
    return subprocess.run(
        ["msgfmt", *options, "-o", "-", str(path)], capture_output=True, check=True
    ).stdout


def _msgunfmt(data: bytes, tmp_path: Path, charset: str = "utf-8") -> str:
    mo = tmp_path / "x.mo"
    mo.write_bytes(data)
    done = subprocess.run(["msgunfmt", "--no-wrap", str(mo)], capture_output=True, check=True)
    return done.stdout.decode(charset)  # msgunfmt writes the catalog's own charset


@pytest.mark.parametrize("use_fuzzy", [False, True])
@pytest.mark.parametrize("charset", ["UTF-8", "ISO-8859-2"])
def test_edge_cases_compile_as_msgfmt_compiles_them(tmp_path, use_fuzzy, charset):
    text = EDGES.replace("charset=UTF-8", f"charset={charset}")
    if charset != "UTF-8":  # what the charset cannot hold stays out
        text = text.replace('msgid "日本語とမြန်မာ"\nmsgstr "japoński i birmański"\n', "")
    po = tmp_path / "edges.po"
    po.write_bytes(text.encode("utf-8" if charset == "UTF-8" else "iso-8859-2"))
    ours = compile_mo(pofile.read(po), use_fuzzy=use_fuzzy)
    assert ours == _msgfmt(po, *(["--use-fuzzy"] if use_fuzzy else []))
    seen = _msgunfmt(ours, tmp_path, charset)
    assert ("Niepewne" in seen) is use_fuzzy
    assert "nie ma" not in seen and "Untranslated" not in seen and "first form" not in seen
    assert 'msgctxt "menu"' in seen and "%d plików" in seen
    assert "POT-Creation-Date" not in seen  # msgfmt leaves the template's date out


def test_python_reads_what_we_compile(tmp_path):
    po = tmp_path / "edges.po"
    po.write_text(EDGES, encoding="utf-8")
    mo = tmp_path / "edges.mo"
    mo.write_bytes(compile_mo(pofile.read(po)))
    with mo.open("rb") as f:
        t = gettext.GNUTranslations(f)
    assert t.gettext("zebra") == "zebra (pl)"
    assert t.pgettext("menu", "Open") == "Otwórz" and t.gettext("Open") == "Otwarte"
    assert t.ngettext("one file", "%d files", 5) == "%d plików"
    assert t.gettext("Fuzzy one") == "Fuzzy one"  # fuzzy: the source text, as with msgfmt


def test_every_catalog_of_ours_compiles_as_msgfmt_compiles_it():
    catalogs = sorted((REPO / "locale").rglob("*.po"))
    catalogs += sorted((REPO / "src/transflow/locale").rglob("*.po"))
    assert len(catalogs) > 10
    for po in catalogs:
        assert compile_mo(pofile.read(po)) == _msgfmt(po), po


def test_a_catalog_with_nothing_translated_is_an_empty_mo(tmp_path):
    """msgfmt writes no file at all here; we write one that holds nothing, so that a .mo
    compiled earlier (with translations since removed) does not stay behind."""
    po = tmp_path / "empty.po"
    po.write_text('msgid "a"\nmsgstr ""\n\n#, fuzzy\nmsgid "b"\nmsgstr "B"\n', encoding="utf-8")
    data = compile_mo(pofile.read(po))
    assert _msgfmt(po) == b""
    assert _msgunfmt(data, tmp_path) == ""
    assert gettext.GNUTranslations(io.BytesIO(data)).gettext("b") == "b"


def test_sphinx_reads_the_mo_msgfmt_would_write(translated_project, tmp_path):
    """A plain sphinx-build compiles the project's catalogs as msgfmt does: the fuzzy
    translation is not shown (coverage does not count it either), each .mo is msgfmt's byte for
    byte, and a build after a fresh checkout (newer .po files, the same content) rewrites none,
    so Sphinx rereads no page."""
    root = translated_project(
        {"nb/guide": {"The guide": "Veiledningen", 1: fuzzy("Installer pakken først.")}}
    )
    argv = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D", "language=nb", str(root)]
    done = subprocess.run([*argv, str(tmp_path / "out")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "out/guide.html").read_text(encoding="utf-8")
    assert "Veiledningen" in page and "Installer pakken først." not in page
    compiled = sorted((root / "locale/nb/LC_MESSAGES").rglob("*.mo"))
    assert len(compiled) == len(list((root / "locale/nb/LC_MESSAGES").rglob("*.po")))
    for mo in compiled:
        assert mo.read_bytes() == _msgfmt(mo.with_suffix(".po")) or (
            _msgfmt(mo.with_suffix(".po")) == b"" and _msgunfmt(mo.read_bytes(), tmp_path) == ""
        ), mo
    before = {mo: mo.stat().st_mtime_ns for mo in compiled}
    later = time.time() + 5
    for mo in compiled:  # a fresh checkout: newer catalogs, the same content
        os.utime(mo.with_suffix(".po"), (later, later))
    again = subprocess.run([*argv, str(tmp_path / "out")], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert {mo: mo.stat().st_mtime_ns for mo in compiled} == before
