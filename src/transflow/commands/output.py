"""Formatting shared by the commands: aligned tables that respect wide (CJK) and combining
(Burmese, Thai) characters."""

from __future__ import annotations

import json
import os
from pathlib import Path


def width(text: str) -> int:
    """Terminal columns, as wcwidth counts them: CJK wide characters take two, combining marks
    and Burmese vowel signs above or below none; a control character counts as none."""
    import wcwidth  # here: a command that prints no table does not pay for it

    columns = wcwidth.wcswidth(text)
    if columns >= 0:
        return columns
    return sum(max(0, wcwidth.wcwidth(ch)) for ch in text)


def pad(text: str, size: int, right: bool = False) -> str:
    fill = " " * max(0, size - width(text))
    return fill + text if right else text + fill


def table(headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> str:
    """A plain aligned table; ``right`` lists the columns to right-align (numbers)."""
    right = right or set()
    cells = [headers, *rows]
    sizes = [max(width(str(r[i])) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "  ".join(pad(str(c), sizes[i], i in right) for i, c in enumerate(row)).rstrip()
        )
        if n == 0:
            lines.append("  ".join("-" * s for s in sizes))
    return "\n".join(lines)


def relpath(path: Path) -> str:
    """A path as the user would type it from where they stand."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def json_text(data: object, flat_from: int = 3) -> str:
    """Indented JSON whose containers nested ``flat_from`` deep sit on one line each.

    Still one line per document or finding, so it reads in a terminal and diffs well; and the
    bulk is written by the json module's C encoder, which ``indent`` switches off (four times
    slower on a 500-document tree).
    """

    def dump(value: object, depth: int) -> str:
        if depth >= flat_from or not isinstance(value, dict | list) or not value:
            return json.dumps(value, ensure_ascii=False)
        if isinstance(value, dict):
            opening, closing = "{", "}"
            items = [
                f"{json.dumps(k, ensure_ascii=False)}: {dump(v, depth + 1)}"
                for k, v in value.items()
            ]
        else:
            opening, closing = "[", "]"
            items = [dump(v, depth + 1) for v in value]
        inner = "\n" + "  " * (depth + 1)
        return opening + inner + ("," + inner).join(items) + "\n" + "  " * depth + closing

    return dump(data, 0) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_annotation(level: str, message: str, **properties: object) -> str:
    """A GitHub workflow command (``::error file=…,line=…::message``), escaped as GitHub's
    toolkit does, so a file name or message cannot end the command or forge another one:
    ``%``, CR and LF everywhere, and ``:`` and ``,`` in property values too."""
    props = ",".join(
        f"{key}={_escape_data(str(value)).replace(':', '%3A').replace(',', '%2C')}"
        for key, value in properties.items()
        if value is not None
    )
    return f"::{level}{' ' + props if props else ''}::{_escape_data(message)}"
