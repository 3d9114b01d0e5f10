"""The settings schema: every key the code reads is accepted, every wrong one is exit 2 naming the
file, the key and its line, and the README documents exactly what the schema accepts."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from transflow import build, config, settings
from transflow.cli import main
from transflow.languages import resolve
from transflow.sphinx import latex

README = Path(__file__).parents[1] / "README.md"


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_every_key_the_code_reads_is_accepted(translated_project, tmp_path, capsys):
    """``pdf-per-document`` (read by latex.py) was refused by build's own key list: exit 2."""
    root = translated_project()
    py = root / "pyproject.toml"
    py.write_text(py.read_text() + "\n[tool.transflow.build]\npdf-per-document = false\n")
    cfg = config.load(root)
    assert latex.settings_of(cfg).per_document is False
    assert build.make_plan(cfg, None, ["pdf"]).targets
    out = tmp_path / "out"
    argv = ["build", "-C", str(root), "--lang", "en", "--format", "html", "--output", str(out)]
    assert main(argv) == 0, capsys.readouterr().err
    assert (out / "html/en/index.html").is_file()


# A setting of the wrong type was ignored (the gate passed at 0 % with `coverage = 5`), or
# crashed with a traceback; each is now exit 2 naming the file, its line and the key.
BAD = [
    (
        "coverage = 5",
        "[tool.transflow] coverage must be a table ([tool.transflow.coverage]), not 5",
    ),
    ('lint = "off"', "[tool.transflow] lint must be a table ([tool.transflow.lint]), not 'off'"),
    ("update = 5", "[tool.transflow] update must be a table ([tool.transflow.update]), not 5"),
    ("source-dir = 5", "[tool.transflow] source-dir must be a path (a string), not 5"),
    ('languages = "ja"', "[tool.transflow] languages must be a list of language codes, not 'ja'"),
    ('source-language = "jp"', "[tool.transflow] source-language: unknown language 'jp'"),
    ("coverage.minimum = 150", "[tool.transflow.coverage] minimum must be from 0 to 100, not 150"),
    ("update.width = 1.5", "[tool.transflow.update] width must be a whole number ≥ 0, not 1.5"),
    ("update.fuzzy-threshold = 2", "[tool.transflow.update] fuzzy-threshold must be from 0 to 1"),
    ('lint.disable = ["no-such-check"]', "lint] disable has unknown check id(s) no-such-check"),
    (
        "lint.severity.nope = 'error'",
        "[tool.transflow.lint.severity] nope: unknown check id 'nope'",
    ),
    ("build.unreleased = 'hide'", '[tool.transflow.build] unreleased must be "skip" or "draft"'),
    ("build.pdf-per-document = 'yes'", "pdf-per-document must be true or false, not 'yes'"),
    ("colour = 5", "unknown key(s) colour in [tool.transflow] (known: source-dir, locale-dir"),
]


@pytest.mark.parametrize(("toml", "message"), BAD)
def test_a_wrong_setting_is_exit_2_naming_file_line_and_key(
    translated_project, capsys, toml, message
):
    root = translated_project()
    py = root / "pyproject.toml"
    key = toml.split(" = ")[0]
    kept = [ln for ln in py.read_text().splitlines() if not ln.startswith(f"{key} = ")]
    text = "\n".join(kept) + "\n" + toml + "\n"  # still inside [tool.transflow]
    py.write_text(text)
    for command in (["check"], ["stats"], ["lint"], ["languages"]):
        assert main([*command, "-C", str(root)]) == 2, command
        captured = capsys.readouterr()
        assert f"{py}:{_line(text, toml)}: error: " in captured.err
        assert message in captured.err and "Traceback" not in captured.err
        assert captured.out == ""


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('tool = "x"\n', "tool must be a table ([tool]), not 'x'", 1),
        (
            '[tool]\ntransflow = "docs"\n',
            "[tool] transflow must be a table ([tool.transflow]), not 'docs'",
            2,
        ),
        (
            "[tool]\ntransflow = 5\n",
            "[tool] transflow must be a table ([tool.transflow]), not 5",
            2,
        ),
        ('[tool.transflow]\nlanguages = ["ja"]\n# Bokm\xe5l\n', "not UTF-8 (byte 0xe5)", 3),
        ("[tool.transflow\n", "invalid TOML", 1),
    ],
)
def test_a_broken_settings_file_is_exit_2(project, capsys, text, message, line):
    root = project()
    py = root / "pyproject.toml"
    py.write_bytes(text.encode("latin-1"))
    assert main(["check", "-C", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"{py}:{line}: error: {message}" in err and "Traceback" not in err
    assert "unknown key" not in err  # "transflow = 'docs'" was "unknown key(s) c, d, o, s"


def test_an_unreadable_settings_file_is_exit_2(project, capsys, monkeypatch):
    root = project()
    py = root / "pyproject.toml"
    real = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path == py:
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)  # as root, chmod 000 would not stop a read
    assert main(["check", "-C", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"{py}: error: cannot read the settings: Permission denied" in err


def test_transflow_toml_names_keys_without_the_tool_table(project, capsys):
    root = project()
    (root / "pyproject.toml").unlink()
    (root / "transflow.toml").write_text('languages = ["ja"]\n[coverage]\nminimum = "all"\n')
    assert main(["check", "-C", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"{root / 'transflow.toml'}:3: error: [coverage] minimum must be a number" in err


def test_thresholds_are_keyed_by_the_configured_languages(translated_project, capsys):
    root = translated_project()
    py = root / "pyproject.toml"
    py.write_text(py.read_text() + "\n[tool.transflow.coverage.languages]\nmya = 100\n")
    cfg = config.load(root)
    assert cfg.settings["coverage.languages"] == {"my": 100.0}  # Burmese by its old code
    py.write_text(py.read_text() + "my = 50\n")  # which one holds? neither: an error
    assert main(["check", "-C", str(root)]) == 2
    err = capsys.readouterr().err
    assert "[tool.transflow.coverage.languages] my: the same language as 'mya'" in err


# --- conf.py ---------------------------------------------------------------------------------


def _without_locale_settings(root: Path) -> None:
    """Settings that leave the locale directory to conf.py's locale_dirs."""
    (root / "pyproject.toml").write_text('[tool.transflow]\nsource-dir = "."\n')


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        (
            'locale_dirs = "locale"',
            "locale_dirs must be a list of folders, not 'locale' (write ['locale'])",
        ),
        ("locale_dirs = [123]", "locale_dirs must be a list of folders, not [123]"),
        ('locale_dirs = ["guide.rst"]', "locale_dirs: "),
    ],
)
def test_locale_dirs_sphinx_could_not_use_are_exit_2(project, capsys, assignment, message):
    """A string gave 0 languages and a passing gate (Sphinx reads it letter by letter)."""
    root = project()
    _without_locale_settings(root)
    conf = root / "conf.py"
    text = conf.read_text() + assignment + "\n"
    conf.write_text(text)
    for command in (["check"], ["stats"], ["add-language", "de"]):
        assert main([*command, "-C", str(root)]) == 2
        err = capsys.readouterr().err
        assert f"{conf}:{_line(text, 'locale_dirs')}: error: {message}" in err, err
        assert "Traceback" not in err
    assert (root / "pyproject.toml").read_text() == '[tool.transflow]\nsource-dir = "."\n'


def test_a_list_of_locale_dirs_is_read_as_sphinx_reads_it(translated_project):
    root = translated_project()
    _without_locale_settings(root)
    (root / "conf.py").write_text((root / "conf.py").read_text() + 'locale_dirs = ("locale",)\n')
    cfg = config.load(root)
    assert cfg.locale_dir == root / "locale"
    assert {x.tag for x in cfg.languages} == {"ja", "nb", "my"}


@pytest.mark.parametrize("command", [["check"], ["build", "--format", "html"], ["extract"]])
def test_a_conf_py_that_raises_is_exit_2_with_its_line(translated_project, capsys, command):
    root = translated_project()
    _without_locale_settings(root)
    conf = root / "conf.py"
    conf.write_text(conf.read_text() + "\nimport os\nos.environ['NOPE']\n")
    line = len(conf.read_text().splitlines())
    assert main([*command, "-C", str(root)]) == 2
    captured = capsys.readouterr()
    assert f"{conf}:{line}: error: Sphinx failed:" in captured.err
    assert "KeyError: 'NOPE'" in captured.err
    assert "Traceback" not in captured.err and "Exception occurred" not in captured.out


# --- folders ---------------------------------------------------------------------------------


def test_a_locale_dir_that_is_a_file_stops_add_language_before_it_writes(
    translated_project, capsys
):
    root = translated_project()
    py = root / "pyproject.toml"
    text = py.read_text().replace('locale-dir = "locale"', 'locale-dir = "guide.rst"')
    py.write_text(text)
    assert main(["add-language", "de", "-C", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"{py}:{_line(text, 'locale-dir')}: error: [tool.transflow] locale-dir: " in err
    assert "is not a directory" in err and "Traceback" not in err
    assert py.read_text() == text


@pytest.mark.parametrize("pot_dir", ["missing", "guide.rst"])
def test_templates_are_required_where_coverage_is_counted(translated_project, capsys, pot_dir):
    """Without templates each catalog counted against itself: any catalog was 'complete'."""
    root = translated_project()
    py = root / "pyproject.toml"
    text = py.read_text().replace('pot-dir = "locale/_pot"', f'pot-dir = "{pot_dir}"')
    py.write_text(text)
    for command in (["stats"], ["check"], ["report"], ["matrix", "--released"]):
        assert main([*command, "-C", str(root)]) == 2, command
        err = capsys.readouterr().err
        if pot_dir == "missing":
            assert f"{root / 'missing'}: error: no templates (.pot) found" in err
        else:
            assert f"{py}:{_line(text, 'pot-dir')}: error: [tool.transflow] pot-dir: " in err
            assert "is not a directory" in err
    assert not (root / "_build" / "coverage").exists()


# --- the command line ------------------------------------------------------------------------


def test_project_option_before_or_after_the_command(project, capsys):
    root = project()
    for argv in (
        ["-C", str(root), "languages"],
        ["languages", "-C", str(root)],
        ["--project", str(root), "languages", "--json"],
    ):
        assert main(argv) == 0, argv
        assert "norsk bokmål" in capsys.readouterr().out
    # after the command name wins, as it is the nearer one
    assert main(["-C", "/nonexistent", "languages", "-C", str(root)]) == 0


# --- the README ------------------------------------------------------------------------------


def _readme_block() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Configuration") :]
    return re.search(r"```toml\n(.*?)```", section, re.S).group(1)


def test_the_readme_documents_exactly_what_the_schema_accepts():
    block = _readme_block()
    source = settings.Source(README, ("tool", "transflow"), block)
    table = tomllib.loads(block)["tool"]["transflow"]
    checked = settings.validate(table, source)  # every documented key and value is accepted
    checked.keyed_by_language(lambda code: resolve(code).tag)
    shown = dict(settings.names(table))
    assert set(shown) == set(settings.KEYS)  # every key documented, nothing else
    lines = block.splitlines()
    for name, key in settings.KEYS.items():
        parts = table_path(table, name.split("."))
        line = lines[settings.locate(block, ["tool", "transflow", *parts]) - 1]
        assert re.match(rf'\s*"?{re.escape(parts[-1])}"?\s*=', line), name
        assert line.split("# ", 1)[1] == key.doc, name
        if key.default is not None:
            value = checked[name] if "*" not in name else key.default
            assert value == key.default, f"{name}: the README shows {value!r}"


def table_path(table: dict, parts: list[str]) -> list[str]:
    """``coverage.languages.*`` in the README's table: the names it actually uses."""
    found, node = [], table
    for part in parts:
        name = part if part != "*" else next(iter(node))
        found.append(name)
        node = node[name]
    return found


def test_an_error_finds_the_line_of_any_toml_spelling_of_its_key():
    text = (
        '[tool.other]\nminimum = 1\n[tool.transflow]\ndescription = """\nminimum = 3\n"""\n'
        'coverage = {minimum = 150}\nlanguages = [\n  "ja",\n  5,\n]\n'
        'lint.severity."odd.name" = "x"\n[tool.transflow.coverage.documents]\n'
        "\"sub/page\" = 5\n'api.v2' = 5\n"
    )
    where = {
        ("coverage", "minimum"): 7,  # inside an inline table: the table's line
        ("languages",): 8,  # an array over several lines: where it starts
        ("lint", "severity", "odd.name"): 12,  # dotted and quoted keys
        ("coverage", "documents", "sub/page"): 14,
        ("coverage", "documents", "api.v2"): 15,
        ("description",): 4,  # not the "minimum = 3" inside the string
    }
    for place, line in where.items():
        assert settings.locate(text, ["tool", "transflow", *place]) == line, place
