"""Tables in a terminal: columns line up whatever the script (CJK wide, Burmese and Thai marks)."""

from __future__ import annotations

import wcwidth
from conftest import REPO

from transflow.cli import main
from transflow.commands import output

NAMES = ["မြန်မာ", "日本語", "ไทย", "norsk bokmål", "ဘက်ပြောင်းမှု", "中文（简体）"]


def test_every_column_starts_at_the_same_terminal_column():
    text = output.table(["name", "after"], [[name, "x"] for name in NAMES])
    starts = {wcwidth.wcswidth(line[: line.rindex(" ") + 1]) for line in text.splitlines()[2:]}
    assert len(starts) == 1, text
    # Burmese vowel signs above and below take no column: a per-character count pads too little
    assert output.width("ဘက်ပြောင်းမှု") == 7 and output.width("日本語") == 6


def test_a_control_character_does_not_break_the_table():
    assert output.width("a\tb") == 2
    assert output.pad("a\x1bb", 4) == "a\x1bb  "


def test_the_languages_table_lines_up(project, capsys):
    root = project()
    assert main(["languages", "-C", str(root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    starts = {wcwidth.wcswidth(lines[0][: lines[0].index("  name ") + 2])}
    for line, english in zip(lines[2:], ["Japanese", "Norwegian Bokmål", "Burmese"], strict=True):
        starts.add(wcwidth.wcswidth(line[: line.index(english)]))
    assert len(starts) == 1, lines  # the English names start below their header


def test_each_command_is_found_where_a_run_registers_only_its_own_module(capsys):
    from transflow import cli, commands

    full = cli.build_parser()
    choices = next(a for a in full._actions if a.dest == "command").choices
    assert list(choices) == list(commands.COMMANDS)  # --help lists every command, in order
    for name in commands.COMMANDS:
        alone = next(a for a in cli.build_parser(name)._actions if a.dest == "command")
        assert name in alone.choices
    assert cli._command(["-C", "docs", "stats", "--lang", "ja"]) == "stats"
    assert cli._command(["--project=docs", "lint"]) == "lint"
    assert cli._command(["--help"]) is None
    assert cli.main(["-C", str(REPO), "languages"]) == 0
    assert "မြန်မာ" in capsys.readouterr().out


def test_lang_takes_a_comma_list_as_format_and_versions_do():
    from transflow import cli

    for name in ("stats", "check", "lint", "update", "build", "glossary", "matrix"):
        args = cli.build_parser(name).parse_args([name, "--lang", "ja,nb", "-l", "my"])
        assert args.lang == ["ja", "nb", "my"], name
