"""``transflow lint``: one deliberately broken translation per check, for ja, my and nb.

Each broken entry in ``tests/lint_corpus`` carries a translator comment ``# expect: <ids>``;
the findings of every file must be exactly those ids on that entry's msgstr line (catalog-level
ones on the header's line). ``tests/lint_corpus_good`` holds correct translations of the same
sources and must produce nothing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from transflow import config, lint, pofile
from transflow.cli import main

TESTS = Path(__file__).parent
CORPUS = TESTS / "lint_corpus"
GOOD = TESTS / "lint_corpus_good"
HOSTILE = TESTS / "hostile" / "locale"  # the untrusted-input checks: see test_untrusted.py


def _expected(path: Path) -> set[tuple[str, int]]:
    cat = pofile.read(path)
    expected = set()
    for e in [cat.header, *cat.entries] if cat.header else cat.entries:
        for comment in e.comments:
            m = re.match(r"expect: (.+)", comment)
            if m:
                line = e.line if e.is_header else e.msgstr_line
                expected |= {(x.strip(), line) for x in m.group(1).split(",")}
    return expected


def _findings(tree: Path, langs: list[str] | None = None) -> list[lint.Finding]:
    cfg = config.load(tree, locale_dir=tree, languages=langs, require_sources=False)
    return lint.lint(cfg)


CORPUS_FILES = sorted(CORPUS.rglob("*.po"))


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: "/".join(p.parts[-3:]))
def test_each_broken_translation_gives_exactly_its_finding(path):
    found = {(f.check, f.line) for f in _findings(CORPUS) if f.path == path}
    assert found == _expected(path)


ONLY = {  # checks that concern one script or one kind of language
    "zawgyi": {"my"},
    "my-order": {"my"},
    "my-lookalike-digit": {"my"},
    "ja-ascii-punctuation": {"ja"},
    "zh-ascii-punctuation": {"zh_TW"},
    "double-space": {"my", "nb"},
    "spelling": {"nb"},  # Debian has no hunspell dictionary for ja or my
}


@pytest.mark.parametrize("lang", ["ja", "my", "nb"])
def test_every_check_is_exercised_in_every_language(lang):
    files = sorted((CORPUS / lang).rglob("*.po")) + sorted((HOSTILE / lang).rglob("*.po"))
    ids = {check for check, _ in set().union(*(_expected(p) for p in files))}
    wanted = {i for i in lint.SEVERITY if lang in ONLY.get(i, {lang})}
    # po-syntax and catalog-outside-tree: their own tests (test_untrusted.py for the second)
    assert ids == wanted - {"po-syntax", "catalog-outside-tree"}


def test_correct_translations_produce_nothing():
    assert _findings(GOOD) == []


def test_po_syntax_errors_are_findings_not_crashes(tmp_path, capsys):
    tree = tmp_path / "tree"
    (tree / "nb/LC_MESSAGES").mkdir(parents=True)
    (tree / "nb/LC_MESSAGES/bad.po").write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "\\q"\n')
    shutil.copy(GOOD / "nb/LC_MESSAGES/good.po", tree / "nb/LC_MESSAGES/good.po")
    assert main(["lint", "--locale-dir", str(tree)]) == 1
    out = capsys.readouterr().out
    assert re.search(r"nb/LC_MESSAGES/bad\.po:5: error \[po-syntax\] invalid escape sequence", out)


def test_output_formats_and_exit_codes(capsys):
    broken = pofile.read(CORPUS / "nb/LC_MESSAGES/broken.po")
    line = next(e.msgstr_line for e in broken.entries if e.msgid == "Type ``ls -l``.")
    assert main(["lint", "--locale-dir", str(CORPUS), "--lang", "nb"]) == 1
    text = capsys.readouterr().out
    assert re.search(
        rf"lint_corpus/nb/LC_MESSAGES/broken\.po:{line}: error \[rst-literal\] inline literal "
        r"``ls -l`` of the source is missing",
        text,
    )

    assert main(["lint", "--locale-dir", str(CORPUS), "--lang", "nb", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "transflow.lint/1"
    assert {"path", "line", "severity", "check", "message"} <= set(data["findings"][0])

    assert main(["lint", "--locale-dir", str(CORPUS), "--lang", "nb", "--format", "github"]) == 1
    assert re.search(
        rf"^::error file=.*broken\.po,line={line},title=rst-literal::",
        capsys.readouterr().out,
        re.M,
    )

    assert main(["lint", "--locale-dir", str(CORPUS), "--lang", "nb", "--format", "sarif"]) == 1
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["version"] == "2.1.0"
    result = sarif["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] > 0

    assert main(["lint", "--locale-dir", str(GOOD)]) == 0
    assert main(["lint", "--locale-dir", str(CORPUS), "--lang", "xx"]) == 2


def test_warnings_fail_only_with_strict(tmp_path):
    tree = tmp_path / "tree"
    (tree / "nb/LC_MESSAGES").mkdir(parents=True)
    (tree / "nb/LC_MESSAGES/w.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: nb\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "It works."\nmsgstr "Det  virker."\n'
    )
    assert main(["lint", "--locale-dir", str(tree)]) == 0
    assert main(["lint", "--locale-dir", str(tree), "--strict"]) == 1


def test_checks_can_be_silenced_in_the_configuration(translated_project, capsys):
    root = translated_project(
        {
            "ja/guide": {
                0: "The guide",  # unchanged: a warning
                1: "``pip install`` を最初に実行する",  # literal changed, no 。: error + warning
            }
        }
    )
    found = {f.check for f in lint.lint(config.load(root))}
    assert {"unchanged", "rst-literal", "end-punctuation"} <= found
    py = root / "pyproject.toml"
    py.write_text(
        py.read_text() + '\n[tool.transflow.lint]\ndisable = ["unchanged"]\n'
        '[tool.transflow.lint.languages.ja]\ndisable = ["end-punctuation"]\n'
    )
    found = {f.check for f in lint.lint(config.load(root))}
    assert "unchanged" not in found and "end-punctuation" not in found and "rst-literal" in found
    py.write_text(py.read_text().replace('disable = ["unchanged"]', 'disable = ["no-such-check"]'))
    assert main(["lint", "--project", str(root)]) == 2
    assert "unknown check id(s) no-such-check" in capsys.readouterr().err


def test_lint_runs_inside_sphinx_builds_as_typed_warnings(translated_project):
    root = translated_project({"nb/guide": {1: "Installer pakken med ``pip`` før alt annet."}})
    po = root / "locale/nb/LC_MESSAGES/guide.po"
    cat = pofile.read(po)
    base = [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "-q",
        "-b",
        "html",
        "-D",
        "language=nb",
        str(root),
    ]
    done = subprocess.run([*base, str(root / "_out")], capture_output=True, text=True)
    assert done.returncode != 0
    assert f"{po}:{cat.entries[1].msgstr_line}: WARNING: [rst-literal]" in done.stderr
    assert "[transflow.rst-literal]" in done.stderr
    quiet = subprocess.run(
        [*base, str(root / "_out2"), "-D", "suppress_warnings=transflow.rst-literal"],
        capture_output=True,
        text=True,
    )
    assert "rst-literal" not in quiet.stderr
    py = root / "pyproject.toml"
    py.write_text(py.read_text() + "\n[tool.transflow.lint]\nsphinx = false\n")
    off = subprocess.run([*base, str(root / "_out3")], capture_output=True, text=True)
    assert off.returncode == 0 and "transflow" not in off.stderr


def test_our_own_catalogs_have_no_findings():
    repo = Path(__file__).parents[1]
    found = [
        f"{f.path.name}:{f.line}: [{f.check}] {f.message}" for f in lint.lint(config.load(repo))
    ]
    assert found == []


def test_silencing_comments_survive_msgmerge(tmp_path):
    """Why the marks are translator comments: GNU msgmerge drops '#,' flags it does not know."""
    tree = tmp_path / "tree"
    po = tree / "nb/LC_MESSAGES/names.po"
    po.parent.mkdir(parents=True)
    header = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: nb\\n"\n\n'
    )
    po.write_text(
        header + '# transflow: unchanged\nmsgid "Progressive Voice"\nmsgstr "Progressive Voice"\n\n'
        '# transflow: ignore numbers\nmsgid "2nd Forum"\nmsgstr "Andre forum"\n'
    )
    pot = tmp_path / "names.pot"
    pot.write_text(
        header.replace('"Language: nb\\n"\n', "") + 'msgid "Progressive Voice"\nmsgstr ""\n\n'
        'msgid "2nd Forum"\nmsgstr ""\n'
    )
    subprocess.run(["msgmerge", "-q", "-U", "--backup=none", str(po), str(pot)], check=True)
    assert "# transflow: unchanged" in po.read_text()
    assert _findings(tree) == []
    po.write_text(
        po.read_text()
        .replace("# transflow: unchanged\n", "")
        .replace("# transflow: ignore numbers\n", "")
    )
    assert {f.check for f in _findings(tree)} == {"unchanged", "numbers"}


def test_severity_overrides_and_bad_lint_settings(translated_project, capsys):
    root = translated_project({"nb/guide": {"The guide": "The guide"}})  # unchanged: a warning
    py = root / "pyproject.toml"
    base = py.read_text()
    assert main(["lint", "--project", str(root), "--lang", "nb"]) == 0
    py.write_text(base + '\n[tool.transflow.lint.severity]\nunchanged = "error"\n')
    assert main(["lint", "--project", str(root), "--lang", "nb"]) == 1
    assert re.search(r"guide\.po:\d+: error \[unchanged\]", capsys.readouterr().out)
    for bad, message in (
        ('[tool.transflow.lint.severity]\nunchanged = "fatal"\n', 'must be "error" or "warning"'),
        ("[tool.transflow.lint]\nsphinx = 1\n", "sphinx must be true or false"),
        ('[tool.transflow.lint]\ndisabled = ["unchanged"]\n', "unknown key(s) disabled"),
        ("[tool.transflow.lint.languages.xx-nonsense]\ndisable = []\n", "xx-nonsense"),
    ):
        py.write_text(base + "\n" + bad)
        assert main(["lint", "--project", str(root)]) == 2
        err = capsys.readouterr().err
        assert message in err and "pyproject.toml" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("lang", "rule", "finding"),
    [
        ("nb", "nplurals=2; plural=n==1 ? 0 : 1;", None),  # the same rule, written otherwise
        (
            "nb",
            "nplurals=2; plural=(n > 1);",
            "Norwegian Bokmål has 'nplurals=2; plural=(n != 1);'",
        ),
        ("fr", "nplurals=2; plural=(n > 1);", None),
        ("fr", "BABEL", None),  # what pybabel init writes (CLDR's three forms since Babel 2.19)
        ("fr", "nplurals=2; plural=(n != 1);", "French has 'nplurals=2; plural=(n > 1);'"),
        ("ja", "nplurals=1; plural=n +* 1;", "does not parse"),
    ],
)
def test_plural_forms_are_compared_by_what_they_choose(tmp_path, lang, rule, finding):
    from babel.messages.plurals import PLURALS

    if rule == "BABEL":
        rule = "nplurals={}; plural={};".format(*PLURALS[lang])
    po = tmp_path / lang / "LC_MESSAGES" / "p.po"
    po.parent.mkdir(parents=True)
    po.write_text(f'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Plural-Forms: {rule}\\n"\n')
    found = [f.message for f in _findings(tmp_path) if f.check == "plural-forms"]
    if finding is None:
        assert found == []
    else:
        assert len(found) == 1 and finding in found[0], found
