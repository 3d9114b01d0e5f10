"""``transflow update`` on a real Sphinx project, with GNU gettext as the oracle.

How our fuzzy matching differs from msgmerge's (pinned by the tests below):

- msgmerge matches a new source string against *every* message of the old catalog, including
  ones still in use; we match only against messages that left this catalog (changed or removed
  in the template) and obsolete ones. A translation still in use elsewhere in the document is
  not offered again as a fuzzy guess (test_fuzzy_matching_differs_from_msgmerge).
- msgmerge scores with its own similarity measure (fstrcmp, cut-off 0.6); we use rapidfuzz's
  normalized Levenshtein ratio with a configurable cut-off (default 0.6).
- A message that leaves the template untranslated is dropped, not kept as an empty ``#~``.

Exact matches (the same msgctxt and msgid) behave as msgmerge's: the translation, its fuzzy
flag and comments stay, so every non-fuzzy translation msgmerge keeps, we keep identically
(test_keeps_what_msgmerge_keeps_on_a_corpus).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from conftest import msgfmt_check, translate

from transflow import config, extract, files, languages, pofile, update
from transflow.cli import main

VOLATILE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"\n', re.M)


def _msgmerge(old: Path, pot: Path, out: Path, *options: str) -> None:
    """GNU msgmerge of ``old`` with ``pot`` into ``out``: the oracle for ``update``."""
    subprocess.run(
        ["msgmerge", "--quiet", *options, "-o", str(out), str(old), str(pot)], check=True
    )


def _state(root: Path) -> dict[Path, tuple[int, bytes]]:
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (root / "locale").rglob("*.po")}


def test_new_catalogs_have_complete_headers_msgfmt_accepts(translated_project):
    root = translated_project()
    for lang, plural in (
        ("ja", "nplurals=1; plural=0;"),
        ("my", "nplurals=1; plural=0;"),
        ("nb", "nplurals=2; plural=(n != 1);"),
    ):
        for po in (root / "locale" / lang / "LC_MESSAGES").rglob("*.po"):
            check = msgfmt_check(po)
            assert check.returncode == 0 and check.stderr == "", check.stderr
            meta = pofile.read(po).metadata
            assert meta["Language"] == lang
            assert meta["Plural-Forms"] == plural
            assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert (root / "locale/nb/LC_MESSAGES/sub/page.po").is_file()


def test_golden_catalog(translated_project, file_regression):
    root = translated_project()
    text = (root / "locale/nb/LC_MESSAGES/guide.po").read_text()
    file_regression.check(VOLATILE.sub("", text), extension=".po")


def test_update_is_idempotent(translated_project, capsys):
    """A second run changes no byte and rewrites no file, with or without the update cache."""
    root = translated_project()
    cfg = config.load(root)
    translate(root / "locale/ja/LC_MESSAGES/guide.po", {"The guide": "ガイド"})
    update.update(cfg)
    before = _state(root)
    results = update.update(cfg, cache=False)  # every catalog read, merged and compared
    assert not any(r.written or r.cached for r in results)
    assert _state(root) == before
    assert main(["update", "--project", str(root)]) == 0
    assert "9 catalogs checked, 0 written, 9 unchanged" in capsys.readouterr().out
    assert _state(root) == before


def test_cache_notices_every_change(translated_project, capsys):
    """The update cache skips a catalog only while its template, file and settings are as left."""
    root = translated_project()
    cfg = config.load(root)
    po = root / "locale/nb/LC_MESSAGES/guide.po"
    assert all(r.cached for r in update.update(cfg))
    translate(po, GUIDE_NB)  # a translator's edit
    po.write_text(po.read_text() + 'msgid "The guide"\nmsgstr "x"\n')  # ... and a mistake
    assert main(["update", "--project", str(root)]) == 2
    assert f"{po}:" in capsys.readouterr().err  # it was read, not skipped
    po.write_text(po.read_text().rsplit('msgid "The guide"', 1)[0])  # fixed
    assert main(["update", "--project", str(root), "--width", "30", "--lang", "nb"]) == 0
    # The width is for new catalogs: this one keeps its layout (GNU's, 79 columns).
    assert max(len(line) for line in po.read_text().splitlines() if line[:1] != "#") > 30
    _change_sources(root)
    extract.extract(cfg)
    results = {(r.lang.tag, r.domain): r for r in update.update(cfg)}
    assert results["nb", "guide"].fuzzied == 1 and results["ja", "guide"].added == 2
    assert results["ja", "index"].cached and not results["ja", "guide"].cached


def _change_sources(root: Path) -> None:
    guide = root / "guide.rst"
    text = guide.read_text()
    text = text.replace("The cat sat on the mat", "The cat sat on the mats")  # small edit
    text = text.replace("This paragraph will be removed later.\n", "A brand new paragraph.\n")
    guide.write_text(text)


GUIDE_NB = {
    "The guide": "Veiledningen",
    "Install the package with ``pip install transflow`` before anything else.": "Installer pakken med ``pip install transflow`` før alt annet.",
    "The cat sat on the mat and looked at the moon.": "Katten satt på matten og så på månen.",
    "This paragraph will be removed later.": "Dette avsnittet fjernes senere.",
}


def test_changed_source_keeps_translation_as_fuzzy_with_previous_msgid(translated_project):
    root = translated_project()
    cfg = config.load(root)
    po = root / "locale/nb/LC_MESSAGES/guide.po"
    translate(po, GUIDE_NB)
    _change_sources(root)
    extract.extract(cfg)
    results = {(r.lang.tag, r.domain): r for r in update.update(cfg)}
    assert results["nb", "guide"].fuzzied == 1
    assert results["nb", "guide"].obsoleted == 1
    cat = pofile.read(po)
    entry = {e.msgid: e for e in cat.entries}["The cat sat on the mats and looked at the moon."]
    assert entry.fuzzy and entry.msgstr == "Katten satt på matten og så på månen."
    assert entry.previous_msgid == "The cat sat on the mat and looked at the moon."
    assert '#| msgid "The cat sat on the mat and looked at the moon."' in po.read_text()
    dead = [e for e in cat.entries if e.obsolete]
    assert [e.msgid for e in dead] == ["This paragraph will be removed later."]
    assert msgfmt_check(po).returncode == 0


def test_fuzzy_matching_can_be_switched_off_and_obsolete_purged(translated_project):
    root = translated_project()
    cfg = config.load(root)
    po = root / "locale/nb/LC_MESSAGES/guide.po"
    translate(po, GUIDE_NB)
    _change_sources(root)
    extract.extract(cfg)
    assert main(["update", "--project", str(root), "--no-fuzzy-matching", "--lang", "nb"]) == 0
    cat = pofile.read(po)
    assert not any(e.fuzzy for e in cat.entries)
    assert len(cat.obsolete()) == 2  # both old strings kept as #~, nothing lost
    assert main(["update", "--project", str(root), "--purge-obsolete", "--lang", "nb"]) == 0
    assert pofile.read(po).obsolete() == []


def test_keeps_what_msgmerge_keeps(translated_project, tmp_path):
    """On a changed template we keep every translation msgmerge keeps (non-fuzzy: exactly)."""
    root = translated_project()
    cfg = config.load(root)
    po = root / "locale/nb/LC_MESSAGES/guide.po"
    translate(po, GUIDE_NB)
    old = tmp_path / "old.po"
    shutil.copy(po, old)
    _change_sources(root)
    extract.extract(cfg)
    update.update(cfg)
    ref = tmp_path / "msgmerge.po"
    _msgmerge(old, root / "locale/_pot/guide.pot", ref, "--no-wrap")
    theirs = polib.pofile(str(ref))
    ours = pofile.read(po)
    kept_theirs = {e.msgid: e.msgstr for e in theirs if e.translated()}
    kept_ours = {e.msgid: e.msgstr for e in ours.entries if e.translated}
    assert kept_ours == kept_theirs
    fuzzy_theirs = {e.msgid for e in theirs if "fuzzy" in e.flags and not e.obsolete}
    fuzzy_ours = {e.msgid for e in ours.entries if e.fuzzy}
    assert fuzzy_theirs <= fuzzy_ours | {""}


def test_translator_comments_and_flags_survive(translated_project):
    root = translated_project()
    cfg = config.load(root)
    po = root / "locale/ja/LC_MESSAGES/guide.po"
    cat = pofile.read(po)
    entry = cat.entries[0]
    entry.msgstr = "ガイド"
    entry.comments = ["checked by the reviewer"]
    entry.flags.append("transflow-unchanged")
    files.write_if_changed(po, pofile.dumps(cat))
    (root / "guide.rst").write_text((root / "guide.rst").read_text() + "\nOne more line.\n")
    extract.extract(cfg)
    update.update(cfg)
    again = pofile.read(po).entries[0]
    assert (again.msgstr, again.comments, again.flags) == (
        "ガイド",
        ["checked by the reviewer"],
        ["transflow-unchanged"],
    )
    assert again.occurrences == ["../../guide.rst:2"]


def test_translators_header_survives_as_msgmerge_keeps_it(translated_project, tmp_path):
    """Who translated and when (the credits a dashboard shows) stay as the translators wrote
    them when the template changes; only POT-Creation-Date follows the template, as msgmerge."""
    root = translated_project()
    cfg = config.load(root)
    po = root / "locale/ja/LC_MESSAGES/guide.po"
    credits = {
        "Last-Translator": "Statements translation team <translations@example.org>",
        "Language-Team": "Japanese <translations@example.org>",
        "PO-Revision-Date": "2026-12-02 08:00+0000",
    }
    cat = pofile.read(po)
    for key, value in credits.items():
        cat.set_metadata(key, value)
    files.write_if_changed(po, pofile.dumps(cat))
    old = tmp_path / "old.po"
    shutil.copy(po, old)
    _change_sources(root)
    (root / "locale/_pot/guide.pot").unlink()  # a new template, with a new creation date
    extract.extract(cfg)
    update.update(cfg)
    ref = tmp_path / "msgmerge.po"
    pot = root / "locale/_pot/guide.pot"
    _msgmerge(old, pot, ref, "--no-wrap")
    ours, theirs = pofile.read(po).metadata, polib.pofile(str(ref)).metadata
    assert {k: ours[k] for k in credits} == credits == {k: theirs[k] for k in credits}
    created = pofile.read(pot).metadata["POT-Creation-Date"]
    assert ours["POT-Creation-Date"] == theirs["POT-Creation-Date"] == created


def test_width_wraps_long_strings(project):
    root = project()
    cfg = config.load(root)
    extract.extract(cfg)
    assert main(["update", "--project", str(root), "--width", "40", "--lang", "nb"]) == 0
    lines = (root / "locale/nb/LC_MESSAGES/guide.po").read_text().splitlines()
    assert max(len(line) for line in lines if not line.startswith("#")) <= 40
    assert msgfmt_check(root / "locale/nb/LC_MESSAGES/guide.po").returncode == 0


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ('msgid "a"\nmsgstr "b\\q"\n', 5, "invalid escape sequence"),
        ('msgid "a"\nmsgstr "b\n', 5, "end-of-line within string"),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 7, "duplicate message definition"),
        ('msgid "a"\nmsgstr "\xff"\n'.encode("latin-1"), 5, "invalid UTF-8"),
    ],
)
def test_broken_catalog_stops_update_and_nothing_is_written(
    translated_project, capsys, content, line, message
):
    root = translated_project()
    cfg = config.load(root)
    po = root / "locale/ja/LC_MESSAGES/guide.po"
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    data = header.encode() + (content if isinstance(content, bytes) else content.encode())
    po.write_bytes(data)
    (root / "guide.rst").write_text((root / "guide.rst").read_text() + "\nOne more line.\n")
    extract.extract(cfg)
    others = {p: p.read_bytes() for p in (root / "locale").rglob("*.po")}
    assert main(["update", "--project", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"{po}:{line}: error: {message}" in err
    assert "Traceback" not in err
    assert {p: p.read_bytes() for p in others} == others  # not one catalog touched


def test_missing_header_is_an_error(translated_project, capsys):
    root = translated_project()
    po = root / "locale/nb/LC_MESSAGES/guide.po"
    po.write_text('msgid "The guide"\nmsgstr "Veiledningen"\n')
    assert main(["update", "--project", str(root)]) == 2
    assert f"{po}:1: error: missing header entry" in capsys.readouterr().err
    assert po.read_text() == 'msgid "The guide"\nmsgstr "Veiledningen"\n'


def test_unknown_charset_is_an_error(translated_project, capsys):
    root = translated_project()
    po = root / "locale/nb/LC_MESSAGES/guide.po"
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=KLINGON\\n"\n')
    assert main(["update", "--project", str(root)]) == 2
    assert f"{po}:2: error: unknown charset 'KLINGON'" in capsys.readouterr().err


def test_latin1_catalog_stays_latin1_as_msgmerge_keeps_it(translated_project):
    root = translated_project()
    cfg = config.load(root)
    po = root / "locale/nb/LC_MESSAGES/guide.po"
    text = po.read_text().replace("charset=UTF-8", "charset=ISO-8859-1")
    text = text.replace(
        'msgid "The guide"\nmsgstr ""', 'msgid "The guide"\nmsgstr "Veiledningen på mål"'
    )
    po.write_bytes(text.encode("latin-1"))
    _change_sources(root)
    extract.extract(cfg)
    assert [r.written for r in update.update(cfg) if r.path == po] == [True]
    assert "Veiledningen på mål" in po.read_text(encoding="latin-1")
    assert "charset=ISO-8859-1" in po.read_text(encoding="latin-1")
    assert msgfmt_check(po).returncode == 0


def test_sphinx_intl_reads_what_we_write(translated_project):
    root = translated_project()
    done = subprocess.run(
        [sys.executable, "-m", "sphinx_intl", "stat", "-d", str(root / "locale"), "-l", "nb"],
        capture_output=True,
        text=True,
    )
    assert "guide.po: 0 translated, 0 fuzzy, 5 untranslated" in done.stdout, done.stdout


def _translations(root: Path) -> dict[str, set[tuple[str, tuple[str, ...], bool]]]:
    return {
        po.relative_to(root).as_posix(): {
            (e.msgid, tuple(e.strings), e.fuzzy)
            for e in pofile.read(po).entries
            if not e.obsolete and any(e.strings)
        }
        for po in (root / "locale").rglob("*.po")
    }


def test_our_own_catalogs_survive_extract_and_update(tmp_path):
    """On our statements, extract + update lose no translation and a re-run changes nothing.

    Run on a copy, so the translators' files are never touched by the test. The templates may
    lag behind the sources in line numbers only: the messages must be the same.
    """
    repo = Path(__file__).parents[1]
    root = tmp_path / "repo"
    for part in ("docs", "locale"):
        shutil.copytree(repo / part, root / part)
    shutil.copy(repo / "pyproject.toml", root / "pyproject.toml")
    committed = {
        p.name: {e.key for e in pofile.read(p).entries}
        for p in (root / "locale/_pot").glob("*.pot")
    }
    translations = _translations(root)
    cfg = config.load(root)
    extract.extract(cfg)
    fresh = {
        p.name: {e.key for e in pofile.read(p).entries}
        for p in (root / "locale/_pot").glob("*.pot")
    }
    assert fresh == committed, "the statements changed: run 'transflow extract'"
    results = update.update(cfg, cache=False)
    assert not any(r.created or r.added or r.fuzzied or r.obsoleted for r in results)
    assert _translations(root) == translations
    before = _state(root)
    assert not any(r.written for r in update.update(cfg, cache=False))
    assert _state(root) == before
    for r in results:
        check = msgfmt_check(r.path)
        assert check.returncode == 0, check.stderr


def test_add_language_validates_and_creates_catalogs(project, capsys):
    root = project()
    extract.extract(config.load(root))
    assert main(["add-language", "jp", "--project", str(root)]) == 2
    assert "unknown language 'jp'; did you mean 'ja' (Japanese)?" in capsys.readouterr().err
    assert main(["add-language", "pt_BR", "--project", str(root)]) == 0
    assert '"pt-BR"' in (root / "pyproject.toml").read_text()
    po = root / "locale/pt_BR/LC_MESSAGES/guide.po"
    assert pofile.read(po).metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert msgfmt_check(po).returncode == 0
    assert [lang.tag for lang in config.load(root).languages] == ["ja", "nb", "my", "pt-BR"]


# --- plural forms ---------------------------------------------------------------------------

PLURAL_POT = """msgid ""
msgstr ""
"Project-Id-Version: P 1\\n"
"POT-Creation-Date: 2024-03-01 00:00+0000\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "one file"
msgid_plural "{n} files"
msgstr[0] ""
msgstr[1] ""

msgid "one page"
msgid_plural "{n} pages"
msgstr[0] ""
msgstr[1] ""
"""


@pytest.mark.parametrize(
    ("lang", "header_plural", "forms"),
    [
        ("my", None, 1),  # new catalog: CLDR's rule (Babel's table says 2 for my)
        ("ja", None, 1),
        ("nb", None, 2),
        ("my", "nplurals=2; plural=(n != 1);", 2),  # existing header: msgfmt checks against it
        ("nb", "nplurals=1; plural=0;", 1),
    ],
)
def test_plural_forms_follow_nplurals(tmp_path, lang, header_plural, forms):
    template = pofile.parse(PLURAL_POT)
    old = None
    if header_plural is not None:
        old = pofile.parse(
            f'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Plural-Forms: {header_plural}\\n"\n\n'
            'msgid "one page"\nmsgid_plural "{n} pages"\nmsgstr[0] "x"\n'
            + "".join(f'msgstr[{i}] ""\n' for i in range(1, 3))  # a surplus empty form
        )
    merged, _ = update.merge(template, old, languages.resolve(lang), "d", config.UpdateSettings())
    assert [len(e.msgstr_plural) for e in merged.entries] == [forms, forms]
    assert merged.entries[1].msgstr_plural[0] == ("x" if old else "")
    path = tmp_path / "d.po"
    files.write_if_changed(path, pofile.dumps(merged))
    check = msgfmt_check(path)
    assert check.returncode == 0, check.stderr


def test_surplus_translated_form_is_never_dropped():
    template = pofile.parse(PLURAL_POT)
    old = pofile.parse(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "one file"\nmsgid_plural "{n} files"\nmsgstr[0] "a"\nmsgstr[1] "b"\n'
    )
    merged, _ = update.merge(template, old, languages.resolve("ja"), "d", config.UpdateSettings())
    assert merged.entries[0].msgstr_plural == ["a", "b"]  # the translator decides, lint tells


# --- against msgmerge -----------------------------------------------------------------------


def _corpus(root: Path, documents: int, messages: int) -> Path:
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    try:
        from make_corpus import make
    finally:
        sys.path.pop(0)
    return make(root, documents, messages, seed=7, languages=("nb", "ja", "my"))


def test_keeps_what_msgmerge_keeps_on_a_corpus(tmp_path):
    """Reworded, typo-fixed, inserted, removed and moved paragraphs in three languages: every
    translation msgmerge keeps as non-fuzzy, we keep with the same text, and msgfmt -c accepts
    every catalog we write."""
    corpus = _corpus(tmp_path / "corpus", 6, 60)
    (corpus / "pyproject.toml").write_text(
        '[tool.transflow]\nlocale-dir = "locale"\npot-dir = "pot-new"\n'
        'languages = ["nb", "ja", "my"]\n'
    )
    old = tmp_path / "old"
    shutil.copytree(corpus / "locale", old)
    results = update.update(config.load(corpus, require_sources=False), cache=False)
    assert sum(r.fuzzied for r in results) and sum(r.obsoleted for r in results)
    compared = 0
    for r in results:
        rel = r.path.relative_to(corpus / "locale")
        ref = tmp_path / "msgmerge" / rel
        ref.parent.mkdir(parents=True, exist_ok=True)
        _msgmerge(old / rel, corpus / "pot-new" / f"{r.domain}.pot", ref, "--no-wrap")
        theirs = {e.key: e.strings for e in pofile.read(ref).entries if e.translated}
        ours = {e.key: e.strings for e in pofile.read(r.path).entries if e.translated}
        assert ours == theirs, r.path
        live_ours = [e.key for e in pofile.read(r.path).entries if not e.obsolete]
        live_theirs = [e.key for e in pofile.read(ref).entries if not e.obsolete]
        assert live_ours == live_theirs  # template order, as msgmerge
        check = msgfmt_check(r.path)
        assert check.returncode == 0 and not check.stderr, check.stderr
        compared += len(theirs)
    assert compared > 500


def test_fuzzy_matching_differs_from_msgmerge(tmp_path):
    """A new sentence close to one still in use: msgmerge offers that one's translation as a
    fuzzy guess, we leave the new one untranslated (the guess would be a second copy of a
    translation already on the page, easy to let through unreviewed)."""
    pot = tmp_path / "d.pot"
    pot.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Click Save to keep your changes."\nmsgstr ""\n\n'
        'msgid "Click Save to keep your change."\nmsgstr ""\n'
    )
    po = tmp_path / "d.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: nb\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Click Save to keep your changes."\nmsgstr "Klikk Lagre for å beholde endringene."\n'
    )
    ref = tmp_path / "msgmerge.po"
    _msgmerge(po, pot, ref)
    theirs = {e.msgid: e for e in pofile.read(ref).entries}
    assert theirs["Click Save to keep your change."].fuzzy
    merged, counts = update.merge(
        pofile.read(pot), pofile.read(po), languages.resolve("nb"), "d", config.UpdateSettings()
    )
    ours = {e.msgid: e for e in merged.entries}
    assert ours["Click Save to keep your change."].msgstr == ""
    assert ours["Click Save to keep your changes."].translated
    assert counts["added"] == 1 and counts["fuzzied"] == 0


def test_fuzzy_threshold_decides_what_is_similar_enough(translated_project):
    root = translated_project()
    cfg = config.load(root)
    po = root / "locale/nb/LC_MESSAGES/guide.po"
    translate(po, GUIDE_NB)
    guide = root / "guide.rst"
    guide.write_text(guide.read_text().replace("The cat sat on the mat", "A dog lay on the rug"))
    extract.extract(cfg)
    keep = {p: p.read_bytes() for p in (root / "locale").rglob("*.po")}
    assert (
        main(
            [
                "update",
                "-C",
                str(root),
                "-l",
                "nb",
                "--fuzzy-threshold",
                "0.95",
                "--dry-run",
                "--json",
            ]
        )
        == 0
    )
    assert {p: p.read_bytes() for p in keep} == keep  # a dry run writes nothing
    update.update(cfg, [cfg.language("nb")])  # default 0.6: similar enough
    entry = {e.msgid: e for e in pofile.read(po).entries}[
        "A dog lay on the rug and looked at the moon."
    ]
    assert entry.fuzzy and entry.previous_msgid == "The cat sat on the mat and looked at the moon."


# --- summaries ------------------------------------------------------------------------------


def test_summary_as_text_and_json(translated_project, capsys):
    root = translated_project()
    cfg = config.load(root)
    translate(root / "locale/nb/LC_MESSAGES/guide.po", GUIDE_NB)
    _change_sources(root)
    extract.extract(cfg)
    capsys.readouterr()
    assert main(["update", "-C", str(root), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^nb +guide +1 +1 +1 +0 +3 +would be written$", out, re.M), out
    assert re.search(r"^ja +guide +2 +0 +0 +0 +3 +would be written$", out, re.M), out
    assert "9 catalogs checked, 3 would be written, 6 unchanged" in out
    assert main(["update", "-C", str(root), "--json", "-l", "nb", "-l", "ja"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "transflow.update/1"
    rows = {(c["language"], c["document"]): c for c in data["catalogs"]}
    assert set(rows) == {(lang, d) for lang in ("nb", "ja") for d in ("index", "guide", "sub/page")}
    nb = rows["nb", "guide"]
    assert (nb["added"], nb["fuzzied"], nb["obsoleted"], nb["written"]) == (1, 1, 1, True)
    assert nb["path"].endswith("locale/nb/LC_MESSAGES/guide.po")
    assert not rows["nb", "index"]["written"]


# --- bad input ------------------------------------------------------------------------------


def test_every_broken_catalog_is_reported_and_none_written(translated_project, capsys):
    root = translated_project()
    ja = root / "locale/ja/LC_MESSAGES/guide.po"
    my = root / "locale/my/LC_MESSAGES/sub/page.po"
    ja.write_text(ja.read_text() + '\nmsgid "x\\q"\nmsgstr ""\n')
    my.write_text(my.read_text().replace('msgstr ""', 'msgstr "unterminated', 1))
    (root / "guide.rst").write_text((root / "guide.rst").read_text() + "\nOne more line.\n")
    extract.extract(config.load(root))
    before = _state(root)
    assert main(["update", "-C", str(root)]) == 2
    err = capsys.readouterr().err
    assert re.search(rf"^transflow: {re.escape(str(ja))}:\d+: error: invalid escape", err, re.M)
    assert re.search(rf"^transflow: {re.escape(str(my))}:\d+: error: end-of-line", err, re.M)
    assert _state(root) == before  # not even the healthy nb catalogs


def test_bytes_outside_the_declared_charset(translated_project, capsys):
    root = translated_project()
    po = root / "locale/nb/LC_MESSAGES/guide.po"
    text = po.read_text().replace("charset=UTF-8", "charset=ASCII")
    po.write_bytes(text.encode())
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if not ln.isascii())  # "Bokmål"
    assert main(["update", "-C", str(root)]) == 2
    assert f"{po}:{line}: error: invalid ASCII byte sequence" in capsys.readouterr().err
    assert po.read_bytes() == text.encode()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["update", "--lang", "jp"], "unknown language 'jp'; did you mean 'ja' (Japanese)?"),
        (["update", "--lang", "de"], "language 'de' is not configured"),
        (["update", "--fuzzy-threshold", "2"], "--fuzzy-threshold must be from 0 to 1, not 2"),
        (["update", "--width", "-1"], "--width must be 0"),
    ],
)
def test_bad_arguments_are_exit_2(translated_project, capsys, argv, message):
    root = translated_project()
    before = _state(root)
    assert main([*argv, "-C", str(root)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert _state(root) == before


def test_no_templates_is_exit_2(project, capsys):
    root = project()
    assert main(["update", "-C", str(root)]) == 2
    assert "no templates (.pot) found: run 'transflow extract' first" in capsys.readouterr().err


# --- sphinx-intl ----------------------------------------------------------------------------


def test_a_sphinx_intl_project_works_unchanged(tmp_path):
    """sphinx-intl's layout, no transflow settings: we find its templates and catalogs, keep
    its translations, and sphinx-intl reads what we wrote."""
    src = tmp_path / "proj"
    shutil.copytree(
        Path(__file__).parent / "roots/test-basic",
        src,
        ignore=shutil.ignore_patterns("pyproject.toml"),
    )
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text().replace('extensions = ["transflow"]', "extensions = []")
        + 'locale_dirs = ["locales/"]\n'
    )
    (src / ".git").mkdir()  # the project's root: settings are not looked for above it
    sphinx = Path(sys.executable).parent
    subprocess.run(
        [sphinx / "sphinx-build", "-q", "-b", "gettext", src, src / "_build/gettext"], check=True
    )
    subprocess.run(
        [
            sphinx / "sphinx-intl",
            "update",
            "-p",
            src / "_build/gettext",
            "-d",
            src / "locales",
            "-l",
            "nb",
        ],
        check=True,
        capture_output=True,
    )
    po = src / "locales/nb/LC_MESSAGES/guide.po"
    translate(po, GUIDE_NB)
    cfg = config.load(src)
    assert [lang.code for lang in cfg.languages] == ["nb"]
    assert cfg.pot_dir == src / "_build/gettext"
    update.update(cfg)
    assert msgfmt_check(po).returncode == 0
    kept = {e.msgid: e.msgstr for e in pofile.read(po).entries if e.translated}
    assert kept == {k: v for k, v in GUIDE_NB.items()}
    done = subprocess.run(
        [sphinx / "sphinx-intl", "stat", "-d", src / "locales", "-l", "nb"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "guide.po: 4 translated, 0 fuzzy, 1 untranslated" in done.stdout, done.stdout


# --- add-language ---------------------------------------------------------------------------

TOML = """# our settings
source-dir = "."
locale-dir = "locale"   # catalogs live here
pot-dir = "locale/_pot"
languages = [
  "ja",  # Japanese
  "nb",
]
"""


def test_add_language_keeps_the_settings_file_as_written(project, capsys):
    root = project()
    (root / "pyproject.toml").unlink()
    (root / "transflow.toml").write_text(TOML)
    extract.extract(config.load(root))
    assert main(["add-language", "no", "-C", str(root)]) == 0
    captured = capsys.readouterr()
    assert "note: no (norsk) is close to the configured nb (norsk bokmål)" in captured.err
    assert (root / "transflow.toml").read_text() == TOML.replace('  "nb",\n', '  "nb",\n  "no",\n')
    assert msgfmt_check(root / "locale/no/LC_MESSAGES/guide.po").returncode == 0
    assert main(["add-language", "nb", "-C", str(root)]) == 0
    assert "nb (norsk bokmål) is already configured" in capsys.readouterr().out
    assert (root / "transflow.toml").read_text().count('"nb"') == 1


def test_add_language_without_templates_writes_nothing(project, capsys):
    root = project()
    before = (root / "pyproject.toml").read_text()
    assert main(["add-language", "de", "-C", str(root)]) == 2
    assert "run 'transflow extract' first" in capsys.readouterr().err
    assert (root / "pyproject.toml").read_text() == before
    assert not (root / "locale/de").exists()


def test_add_language_where_languages_are_the_locale_directories(project):
    root = project()
    text = (root / "pyproject.toml").read_text()
    (root / "pyproject.toml").write_text(text.replace('languages = ["ja", "nb", "my"]\n', ""))
    extract.extract(config.load(root))
    assert main(["add-language", "bur", "-C", str(root)]) == 0  # the old code of Burmese
    assert (root / "locale/my/LC_MESSAGES/guide.po").is_file()
    assert [lang.tag for lang in config.load(root).languages] == ["my"]
    assert "languages" not in (root / "pyproject.toml").read_text()


def test_catalog_of_a_removed_document_is_kept_and_reported(translated_project, capsys):
    root = translated_project()
    cfg = config.load(root)
    po = root / "locale/nb/LC_MESSAGES/sub/page.po"
    translate(po, {"A page in a folder": "En side i en mappe"})
    (root / "sub/page.rst").unlink()
    (root / "index.rst").write_text((root / "index.rst").read_text().replace("   sub/page\n", ""))
    extract.extract(cfg)
    capsys.readouterr()
    assert main(["update", "-C", str(root), "-l", "nb"]) == 0
    assert f"note: {os.path.relpath(po)} has no template" in capsys.readouterr().out
    assert "En side i en mappe" in po.read_text()  # a translator's work is never deleted
    assert main(["update", "-C", str(root), "-l", "nb", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["without_template"] == [os.path.relpath(po)]


# --- catalogs as GNU keeps them: no churn, msgmerge's header, every layout kept -----------------


def _redate_templates(root: Path) -> None:
    """What a rebuild of the templates does when no source changed: a new POT-Creation-Date."""
    for pot in (root / "locale/_pot").rglob("*.pot"):
        text = re.sub(
            r"POT-Creation-Date: [^\\]*",
            "POT-Creation-Date: 2031-01-01 00:00+0000",
            pot.read_text(),
        )
        pot.write_text(text)


def _translators_header(po: Path) -> None:
    """A header as translators' tools leave it: fuzzy, no Plural-Forms, an empty Language."""
    text = re.sub(r'"Plural-Forms: .*\\n"\n', "", po.read_text())
    text = text.replace('"Language: nb\\n"', '"Language: \\n"')
    po.write_text(text.replace('msgid ""\nmsgstr ""', '#, fuzzy\nmsgid ""\nmsgstr ""', 1))


def _changed_lines(a: str, b: str) -> int:
    return sum(
        1
        for ln in difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=0)
        if ln[:1] in "+-" and ln[:3] not in ("---", "+++")
    )


def test_no_source_change_writes_nothing_in_any_layout(translated_project):
    root = translated_project()
    cfg = config.load(root)
    nb = root / "locale/nb/LC_MESSAGES"
    translate(nb / "guide.po", GUIDE_NB)
    _translators_header(nb / "guide.po")
    polib.pofile(str(nb / "index.po"), wrapwidth=78).save()  # polib's layout
    subprocess.run(
        ["msgcat", "--no-wrap", "-o", str(nb / "sub/page.po"), str(nb / "sub/page.po")], check=True
    )
    _redate_templates(root)
    before = _state(root)
    assert not any(r.written for r in update.update(cfg, cache=False))
    assert _state(root) == before


def test_a_source_change_changes_no_more_than_msgmerge_and_keeps_the_header(
    translated_project, tmp_path
):
    root = translated_project()
    cfg = config.load(root)
    po = root / "locale/nb/LC_MESSAGES/guide.po"
    translate(po, GUIDE_NB)
    _translators_header(po)
    old = po.read_text()
    _change_sources(root)
    extract.extract(cfg)
    update.update(cfg)
    ref = tmp_path / "msgmerge.po"
    (tmp_path / "old.po").write_text(old)
    _msgmerge(tmp_path / "old.po", root / "locale/_pot/guide.pot", ref, "--previous")
    new = po.read_text()
    assert 0 < _changed_lines(old, new) <= _changed_lines(old, ref.read_text())
    meta, template = pofile.read(po).metadata, pofile.read(root / "locale/_pot/guide.pot").metadata
    assert "Plural-Forms" not in meta and meta["Language"] == ""
    assert meta["POT-Creation-Date"] == template["POT-Creation-Date"]
    assert pofile.read(po).header.fuzzy
    assert msgfmt_check(po).returncode == 0


PLURAL_TEMPLATE = (
    'msgid "file"\nmsgstr ""\n\nmsgid "dog"\nmsgid_plural "dogs"\nmsgstr[0] ""\nmsgstr[1] ""\n'
)
PLURAL_CATALOG = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

msgid "file"
msgid_plural "files"
msgstr[0] "plik"
msgstr[1] "pliki"
msgstr[2] "plików"

msgid "dog"
msgstr "pies"

#~ msgid "cat"
#~ msgid_plural "cats"
#~ msgstr[0] "kot"
#~ msgstr[1] "koty"
#~ msgstr[2] "kotów"
"""


def test_a_template_adding_or_dropping_a_plural_makes_the_entry_fuzzy_as_msgmerge(tmp_path):
    (tmp_path / "t.pot").write_text(PLURAL_TEMPLATE)
    (tmp_path / "old.po").write_text(PLURAL_CATALOG)
    _msgmerge(tmp_path / "old.po", tmp_path / "t.pot", tmp_path / "ref.po")
    merged, counts = update.merge(
        pofile.parse(PLURAL_TEMPLATE),
        pofile.parse(PLURAL_CATALOG),
        languages.resolve("pl"),
        "d",
        config.UpdateSettings(),
    )
    theirs = pofile.read(tmp_path / "ref.po")

    def shape(cat: pofile.Catalog) -> list[tuple[object, ...]]:
        return [(e.key, e.msgid_plural, e.strings, e.fuzzy, e.obsolete) for e in cat.entries]

    assert shape(merged) == shape(theirs)
    assert counts["fuzzied"] == 2


def test_update_under_file_faults(translated_project, capsys, monkeypatch):
    """A symlink is written through, a read-only catalog and one edited meanwhile are left
    alone and named, a full disk loses nothing, a killed run's temporary files go away, and
    nothing of ours shows in git status."""
    import errno

    root = translated_project()
    cfg = config.load(root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    _change_sources(root)
    extract.extract(cfg)
    locale = root / "locale"
    real = root / "elsewhere/guide.po"
    real.parent.mkdir()
    (locale / "nb/LC_MESSAGES/guide.po").rename(real)
    (locale / "nb/LC_MESSAGES/guide.po").symlink_to(real)
    read_only = locale / "ja/LC_MESSAGES/guide.po"
    read_only.chmod(0o444)
    edited = locale / "my/LC_MESSAGES/guide.po"
    full = locale / "nb/LC_MESSAGES/index.po"
    leftover = files.temporary_dir(cfg.build_dir) / ".0-guide.po.999999999.transflow-tmp"
    leftover.write_text("junk")
    before = {p: p.read_bytes() for p in (read_only, full)}
    merge = update.merge

    def someone_saves_meanwhile(template, old, lang, domain, settings, **kw):  # type: ignore[no-untyped-def]
        if lang.code == "my" and domain == "guide":
            edited.write_text(edited.read_text() + "\n# a translator was here\n")
        return merge(template, old, lang, domain, settings, **kw)

    real_replace = os.replace

    def disk_full(src, dst):  # type: ignore[no-untyped-def]
        if Path(dst) == full:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(update, "merge", someone_saves_meanwhile)
    monkeypatch.setattr(files.os, "replace", disk_full)
    (root / "index.rst").write_text((root / "index.rst").read_text() + "\nOne more line.\n")
    extract.extract(cfg)
    assert main(["update", "--project", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"{read_only}: read-only: not replaced" in err
    assert f"{edited}: changed by someone else while transflow ran: not overwritten" in err
    assert f"{full}: cannot write: no space left on the device" in err
    assert (locale / "nb/LC_MESSAGES/guide.po").is_symlink()
    assert "A brand new paragraph." in real.read_text()
    assert {p: p.read_bytes() for p in (read_only, full)} == before
    assert edited.read_text().endswith("# a translator was here\n")
    assert "One more line." in (locale / "ja/LC_MESSAGES/index.po").read_text()
    assert not leftover.exists()
    assert list(files.temporary_dir(cfg.build_dir).iterdir()) == [
        files.temporary_dir(cfg.build_dir) / ".gitignore"
    ]
    status = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "-uall"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "guide.po" in status and "transflow-tmp" not in status and "/tmp/" not in status
