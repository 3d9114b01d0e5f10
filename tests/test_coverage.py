"""One definition of coverage, with GNU msgfmt as the oracle, and the CI gate built on it."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import msgfmt_statistics

from transflow import config, coverage, extract, pofile, update
from transflow.cli import main

TRICKY = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "one file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] "x"

msgid "one dog"
msgid_plural "%d dogs"
msgstr[0] "en hund"
msgstr[1] "%d hunder"

#, fuzzy
msgid "fuzzy and empty"
msgstr ""

#, fuzzy
msgid "fuzzy with text"
msgstr "uklar"

msgid "same"
msgstr "same"

msgid "untranslated words here"
msgstr ""

#~ msgid "gone"
#~ msgstr "borte"
"""


def _msgfmt_counts(path: Path) -> tuple[int, int, int]:
    text = msgfmt_statistics(path)
    get = lambda word: int(m.group(1)) if (m := re.search(rf"(\d+) {word}", text)) else 0  # noqa: E731
    return get("translated"), get("fuzzy"), get("untranslated")


def _catalogs() -> list[Path]:
    return sorted((Path(__file__).parents[1] / "locale").rglob("*.po"))


def test_counts_equal_msgfmt_on_tricky_catalog(tmp_path):
    path = tmp_path / "tricky.po"
    path.write_text(TRICKY)
    c = coverage.count(None, pofile.read(path))
    assert (c.translated, c.fuzzy, c.untranslated) == _msgfmt_counts(path) == (2, 1, 3)
    assert c.obsolete == 1 and c.total == 6


@pytest.mark.parametrize("path", _catalogs(), ids=lambda p: "/".join(p.parts[-3:]))
def test_counts_equal_msgfmt_on_our_catalogs(path):
    c = coverage.count(None, pofile.read(path))
    assert (c.translated, c.fuzzy, c.untranslated) == _msgfmt_counts(path)


def test_source_words_count_both_plural_forms(tmp_path):
    path = tmp_path / "tricky.po"
    path.write_text(TRICKY)
    c = coverage.count(None, pofile.read(path))
    # "one file" + "%d files" (4), "one dog" + "%d dogs" (4), 3, 3, 1, 3 words
    assert (c.words, c.translated_words) == (18, 5)
    assert coverage.format_percent(c.percent("words")) == "27 %"


def test_measured_against_the_template(project):
    root = project()
    cfg = config.load(root)
    extract.extract(cfg)
    update.update(cfg, [cfg.language("nb")])  # ja and my have no catalogs yet
    po = root / "locale/nb/LC_MESSAGES/guide.po"
    cat = pofile.read(po)
    cat.entries[0].msgstr = "Veiledningen"
    pofile.write_if_changed(po, pofile.dumps(cat))
    (root / "guide.rst").write_text((root / "guide.rst").read_text() + "\nA new line.\n")
    extract.extract(cfg)  # the catalog is now stale: the template has one more message
    report = {lc.lang.tag: lc for lc in coverage.measure(cfg)}
    guide = report["nb"].document("guide")
    assert (guide.counts.total, guide.counts.translated, guide.stale) == (6, 1, True)
    ja = report["ja"].document("guide")
    assert (ja.counts.total, ja.counts.untranslated, ja.po_path) == (6, 6, None)
    assert report["ja"].counts.percent() == 0.0


def test_never_shows_100_unless_complete():
    assert coverage.format_percent(99.96) == "99 %"
    assert coverage.format_percent(100.0) == "100 %"
    assert coverage.Counts().percent() == 100.0  # nothing to translate


def test_stats_on_a_bare_catalog_tree(tmp_path, capsys):
    tree = tmp_path / "python-docs-fr"
    (tree / "fr/LC_MESSAGES/library").mkdir(parents=True)
    (tree / "fr/LC_MESSAGES/library/os.po").write_text(TRICKY)
    assert main(["stats", "--locale-dir", str(tree), "--lang", "fr", "--format", "json",
                 "--project", str(tmp_path)]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "transflow.coverage/1"
    fr = data["languages"][0]
    assert (fr["native_name"], fr["counts"]["translated"], fr["counts"]["total"]) == (
        "français",
        2,
        6,
    )
    assert fr["documents"][0]["document"] == "library/os"


def _project_with(root: Path, coverage_toml: str) -> config.Config:
    py = root / "pyproject.toml"
    py.write_text(py.read_text() + coverage_toml)
    cfg = config.load(root)
    extract.extract(cfg)
    update.update(cfg)
    po = root / "locale/ja/LC_MESSAGES/guide.po"
    cat = pofile.read(po)
    for e in cat.entries[:4]:
        e.msgstr = "訳"
    pofile.write_if_changed(po, pofile.dumps(cat))
    return cfg


def test_check_passes_and_fails_with_exit_codes(project, capsys, tmp_path):
    root = project()
    _project_with(root, '\n[tool.transflow.coverage]\nminimum = 0\n[tool.transflow.coverage.languages]\n'
                        'ja = 40\n[tool.transflow.coverage.documents]\nguide = 50\n')  # fmt: skip
    junit = tmp_path / "junit.xml"
    assert main(["check", "--project", str(root), "--junit-xml", str(junit)]) == 1
    out = capsys.readouterr().out
    # ja: 4 of 9 messages = 44 % ≥ 40, guide 4/5 = 80 % ≥ 50: passes; nb and my: guide 0 % < 50.
    assert "ok    ja" in out
    assert re.search(r"FAIL  nb\s+guide\s+0 %\s+required 50 %", out)
    assert re.search(r"FAIL  my\s+guide\s+0 %\s+required 50 %", out)
    failures = ET.parse(junit).getroot().findall(".//failure")
    assert len(failures) == 2
    assert main(["check", "--project", str(root), "--lang", "ja"]) == 0
    assert (
        main(["check", "--project", str(root), "--lang", "ja", "--min", "50"]) == 0
    )  # per-language wins
    assert main(["check", "--project", str(root), "--lang", "nb", "--format", "github"]) == 1
    assert "::error file=" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("minimum = 120", "[tool.transflow.coverage] minimum must be from 0 to 100, not 120"),
        ('minimum = "high"', "[tool.transflow.coverage] minimum must be a number from 0 to 100"),
        ("metric = 'lines'", '[tool.transflow.coverage] metric must be "messages" or "words"'),
        ("[tool.transflow.coverage.languages]\nde = 50", "language 'de' is not configured"),
        ("[tool.transflow.coverage.documents]\nnope = 50", "no document 'nope'"),
    ],
)
def test_bad_thresholds_are_exit_2_naming_the_key(project, capsys, toml, message):
    root = project()
    header = "" if toml.startswith("[") else "\n[tool.transflow.coverage]\n"
    _project_with(
        root,
        header + ("\n[tool.transflow.coverage]\n" if toml.startswith("[") else "") + toml + "\n",
    )
    assert main(["check", "--project", str(root)]) == 2
    err = capsys.readouterr().err
    assert message in err and "pyproject.toml" in err


def test_no_regression_rule_against_a_git_ref(project, capsys):
    root = project()
    _project_with(root, "\n[tool.transflow.coverage]\nmax-drop = 10\n")
    git = ["git", "-C", str(root)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run(
        [*git, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"], check=True
    )
    po = root / "locale/ja/LC_MESSAGES/guide.po"
    cat = pofile.read(po)
    cat.entries[0].msgstr = ""  # ja loses 1 of 9 messages: 11 points
    pofile.write_if_changed(po, pofile.dumps(cat))
    assert main(["check", "--project", str(root), "--lang", "ja", "--compare-to", "HEAD"]) == 1
    assert re.search(
        r"FAIL  ja +\(all documents\) +-11.1 points  required max drop 10", capsys.readouterr().out
    )
    assert main(["check", "--project", str(root), "--lang", "nb", "--compare-to", "HEAD"]) == 0
    assert main(["check", "--project", str(root), "--compare-to", "no-such-rev"]) == 2


def test_report_is_offline_escaped_and_has_badges(project, tmp_path):
    root = project()
    cfg = _project_with(root, "")
    out = tmp_path / "report"
    assert main(["report", "--project", str(root), "--output", str(out)]) == 0
    page = (out / "index.html").read_text()
    assert "日本語" in page and "norsk bokmål" in page and "မြန်မာ" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org', "") and "https://" not in page
    assert 'href="../' in page and "guide.po" in page  # relative links to each catalog
    badge = (out / "badges/ja.svg").read_text()
    assert "ja: 44 %" in badge
    data = json.loads((out / "coverage.json").read_text())
    assert data["languages"][0]["tag"] == "ja" and cfg


def test_report_escapes_catalog_strings():
    from transflow.report import badge

    svg = badge("<script>alert(1)</script>", 50)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
