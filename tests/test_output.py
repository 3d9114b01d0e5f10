"""Tables in a terminal: columns line up whatever the script (CJK wide, Burmese and Thai marks)."""

from __future__ import annotations

import wcwidth

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
