"""``transflow check``: thresholds from the configuration, exit codes, CI output formats and the
no-regression rule against a git revision."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from transflow import config, extract, files, gate, pofile
from transflow.cli import main

# Four messages of ja's guide translated: the state every test here starts from.
JA_GUIDE = {"ja/guide": dict.fromkeys(range(4), "訳")}


THRESHOLDS = """
[tool.transflow.coverage]
minimum = 0
[tool.transflow.coverage.languages]
ja = 40
[tool.transflow.coverage.documents]
guide = 50
"""


def test_check_lists_each_failure_and_exits_1(translated_project, capsys):
    root = translated_project(JA_GUIDE, settings=THRESHOLDS)
    assert main(["check", "--project", str(root)]) == 1
    out = capsys.readouterr().out
    # ja: 4 of 9 messages = 44 % ≥ 40, its guide 4/5 = 80 % ≥ 50; nb and my: guide 0 % < 50.
    assert re.search(r"^ok    ja .* 44 %  required 40 %$", out, re.MULTILINE)
    assert re.search(r"^FAIL  nb\s+guide\s+0 %\s+required 50 %$", out, re.MULTILINE)
    assert re.search(r"^FAIL  my\s+guide\s+0 %\s+required 50 %$", out, re.MULTILINE)
    assert "1 of 3 languages pass the coverage gate" in out


def test_check_passes_with_exit_0_and_min_overrides_the_global_minimum(translated_project, capsys):
    root = translated_project(JA_GUIDE, settings=THRESHOLDS)
    assert main(["check", "--project", str(root), "--lang", "ja"]) == 0
    # --min replaces the global minimum; ja's own minimum (40) still wins for ja.
    assert main(["check", "--project", str(root), "--lang", "ja", "--min", "90"]) == 0


def test_min_alone_decides_without_configured_thresholds(translated_project, capsys):
    root = translated_project(JA_GUIDE)
    assert main(["check", "--project", str(root), "--lang", "ja", "--min", "44"]) == 0
    assert main(["check", "--project", str(root), "--lang", "ja", "--min", "45"]) == 1
    assert re.search(
        r"FAIL  ja\s+\(all documents\)\s+44 %\s+required 45 %", capsys.readouterr().out
    )


def test_check_by_words(translated_project, capsys):
    root = translated_project(
        JA_GUIDE, settings='\n[tool.transflow.coverage]\nmetric = "words"\nminimum = 30\n'
    )
    assert main(["check", "--project", str(root), "--lang", "ja"]) == 0
    assert "(by words)" in capsys.readouterr().out


def test_check_github_annotations(translated_project, capsys):
    root = translated_project(JA_GUIDE, settings=THRESHOLDS)
    assert main(["check", "--project", str(root), "--format", "github"]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 2
    assert any(
        re.match(
            r"::error file=.*locale/nb/LC_MESSAGES/guide\.po,title=translation coverage "
            r"\(nb\)::nb guide is at 0 %25, below the required 50 %25$",
            line,
        )
        for line in errors
    )  # fmt: skip  (GitHub shows %25 as %: its toolkit's escaping)
    assert "1 of 3 languages pass" in captured.err  # the summary stays out of the annotations


def test_check_junit_xml(translated_project, tmp_path):
    root = translated_project(JA_GUIDE, settings=THRESHOLDS)
    junit = tmp_path / "reports/junit.xml"
    assert main(["check", "--project", str(root), "--junit-xml", str(junit)]) == 1
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and (suite.get("tests"), suite.get("failures")) == ("3", "2")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {"ja", "nb", "my"}
    assert cases["ja"].find("failure") is None
    failure = cases["nb"].find("failure")
    assert failure is not None and failure.get("type") == "document"
    assert "nb guide is at 0 %, below the required 50 %" in failure.get("message", "")


def test_stale_catalogs_are_reported_but_do_not_fail(translated_project, capsys):
    root = translated_project(JA_GUIDE)
    cfg = config.load(root)
    (root / "guide.rst").write_text((root / "guide.rst").read_text() + "\nA new paragraph.\n")
    extract.extract(cfg)
    assert main(["check", "--project", str(root), "--lang", "ja"]) == 0
    assert (
        "guide.po is out of date with its template: run transflow update" in capsys.readouterr().err
    )
    assert main(["check", "--project", str(root), "--lang", "ja", "--format", "github"]) == 0
    assert re.search(
        r"^::warning file=.*guide\.po,title=stale catalog::", capsys.readouterr().out, re.MULTILINE
    )


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("minimum = 120", "[tool.transflow.coverage] minimum must be from 0 to 100, not 120"),
        ("minimum = -1", "[tool.transflow.coverage] minimum must be from 0 to 100, not -1"),
        ('minimum = "high"', "[tool.transflow.coverage] minimum must be a number from 0 to 100"),
        ("minimum = true", "[tool.transflow.coverage] minimum must be a number from 0 to 100"),
        ("release = 101", "[tool.transflow.coverage] release must be from 0 to 100"),
        ('max-drop = "2"', "[tool.transflow.coverage] max-drop must be a number from 0 to 100"),
        ("metric = 'lines'", '[tool.transflow.coverage] metric must be "messages" or "words"'),
        ("minimun = 50", "unknown key(s) minimun"),
        ("languages = 5", "[tool.transflow.coverage] languages must be a table"),
        ("[tool.transflow.coverage.languages]\nde = 50", "language 'de' is not configured"),
        (
            "[tool.transflow.coverage.languages]\nja = 'all'",
            "[tool.transflow.coverage.languages] ja must be a number",
        ),
        (
            "[tool.transflow.coverage.documents]\nnope = 50",
            "no document 'nope' (documents: guide, index, sub/page)",
        ),
        (
            '[tool.transflow.coverage.documents]\n"sub/page" = 500',
            "[tool.transflow.coverage.documents] sub/page must be from 0 to 100",
        ),
    ],
)
def test_bad_thresholds_are_exit_2_naming_the_key(translated_project, capsys, toml, message):
    root = translated_project(JA_GUIDE)  # the catalogs made with valid settings; then the bad ones
    py = root / "pyproject.toml"
    py.write_text(py.read_text() + "\n[tool.transflow.coverage]\n" + toml + "\n")
    for command in (["check"], ["stats"], ["report", "--output", str(root / "out")]):
        assert main([*command, "--project", str(root)]) == 2
        captured = capsys.readouterr()
        assert message in captured.err and "pyproject.toml" in captured.err, command
        assert captured.out == ""
    assert not (root / "out").exists()  # nothing written


def test_bad_min_and_broken_catalog_are_exit_2(translated_project, capsys):
    root = translated_project(JA_GUIDE)
    assert main(["check", "--project", str(root), "--min", "150"]) == 2
    assert "--min must be from 0 to 100, not 150" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["check", "--project", str(root), "--min", "lots"])
    assert exc.value.code == 2
    po = root / "locale/nb/LC_MESSAGES/guide.po"
    po.write_text(po.read_text() + '\nmsgid "broken\nmsgstr ""\n')
    assert main(["check", "--project", str(root)]) == 2
    assert re.search(
        r"locale/nb/LC_MESSAGES/guide\.po:\d+: error: end-of-line within string",
        capsys.readouterr().err,
    )


def test_release_threshold_for_the_build(translated_project):
    root = translated_project(JA_GUIDE, settings="\n[tool.transflow.coverage]\nrelease = 60\n")
    cfg = config.load(root)
    assert gate.thresholds(cfg).release == 60.0
    from transflow.coverage import measure

    assert gate.released(measure(cfg), gate.thresholds(cfg)) == {
        "ja": False,
        "nb": False,
        "my": False,
    }


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        check=True,
        capture_output=True,
    )


def test_no_regression_rule_against_a_git_ref(translated_project, capsys):
    root = translated_project(JA_GUIDE, settings="\n[tool.transflow.coverage]\nmax-drop = 10\n")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "translations")
    po = root / "locale/ja/LC_MESSAGES/guide.po"
    cat = pofile.read(po)
    cat.entries[0].msgstr = ""  # ja loses 1 of 9 messages: 11 points
    files.write_if_changed(po, pofile.dumps(cat))
    assert main(["check", "--project", str(root), "--lang", "ja", "--compare-to", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert re.search(r"FAIL  ja +\(all documents\) +-11.1 points  required max drop 10", out)
    assert (
        main(
            [
                "check",
                "--project",
                str(root),
                "--lang",
                "ja",
                "--compare-to",
                "HEAD",
                "--format",
                "github",
            ]
        )
        == 1
    )
    assert (
        "ja dropped 11.1 points (from 44 %25 to 33 %25), more than the 10 allowed"
        in capsys.readouterr().out
    )
    assert main(["check", "--project", str(root), "--lang", "nb", "--compare-to", "HEAD"]) == 0
    # One message more translated elsewhere keeps ja within the allowed drop? No: 1 of 9 is 11.
    cat.entries[1].msgstr = "訳"
    cat.entries[0].msgstr = "訳"
    files.write_if_changed(po, pofile.dumps(cat))
    assert main(["check", "--project", str(root), "--lang", "ja", "--compare-to", "HEAD"]) == 0


def test_regression_with_untracked_templates_and_new_languages(translated_project, capsys):
    """Templates in _build are not committed; a language added since REV cannot have dropped."""
    root = translated_project(JA_GUIDE)
    (root / ".gitignore").write_text("locale/_pot/\nlocale/my/\n")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "translations")
    before = {lc.lang.tag: lc for lc in gate.measure_at(config.load(root), "HEAD")}
    assert set(before) == {"ja", "nb"}
    assert before["ja"].counts.translated == 4 and before["ja"].counts.total == 9
    assert main(["check", "--project", str(root), "--compare-to", "HEAD"]) == 0


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("commit", "--compare-to no-such-rev: no such commit"),
        ("none", "--compare-to needs a git repository"),
    ],
)
def test_compare_to_errors_are_exit_2(translated_project, capsys, tmp_path, setup, message):
    root = translated_project(JA_GUIDE)
    if setup == "commit":
        _git(root, "init", "-q")
        _git(root, "add", ".")
        _git(root, "commit", "-qm", "x")
    else:
        # A project copied outside any repository (tmp_path has no .git above it).
        assert (
            subprocess.run(["git", "-C", str(root), "rev-parse"], capture_output=True).returncode
            != 0
        )
    assert main(["check", "--project", str(root), "--compare-to", "no-such-rev"]) == 2
    assert message in capsys.readouterr().err


def test_matrix_prints_the_configured_languages(translated_project, capsys):
    root = translated_project(JA_GUIDE, settings="\n[tool.transflow.coverage]\nrelease = 40\n")
    assert main(["matrix", "--project", str(root)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lang"] == ["ja", "nb", "my"]
    assert data["include"][0] == {"lang": "ja", "code": "ja", "name": "Japanese"}
    assert main(["matrix", "--project", str(root), "--released"]) == 0
    assert json.loads(capsys.readouterr().out)["lang"] == ["ja"]  # 44 % ≥ 40; nb, my at 0 %


def test_compare_to_keeps_no_counts_of_its_throwaway_tree(
    translated_project, tmp_path, monkeypatch
):
    """The revision's tree is unpacked into a new temporary folder each run: counts kept for
    it could never be used again, and would pile up in the user's cache."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("TRANSFLOW_CACHE_DIR", str(cache))
    root = translated_project(JA_GUIDE)
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "translations")
    for _ in range(2):
        assert main(["check", "--project", str(root), "--compare-to", "HEAD"]) == 0
    assert len(list(cache.rglob("*.json"))) == 1  # the project's own tree
