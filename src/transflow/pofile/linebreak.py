"""Unicode line breaking as GNU gettext's writer applies it (libunistring's UAX #14).

``msgcat``/``msgmerge`` break a long string where Unicode allows a line break, not only at
spaces: between ideographs, after a hyphen, before an em dash..., never inside an escape
sequence or right before a final ``\\n``, and they count columns as a terminal does (an
ideograph is two columns). :func:`breaks` reproduces ``u8_width_linebreaks``: the break
opportunities of UAX #14 (rules LB4–LB31, with complex-context scripts such as Burmese and Thai
resolved to letters, as libunistring does without a dictionary), then greedy filling.

The class of each character comes from the Unicode Character Database's LineBreak.txt,
collapsed to the classes these rules distinguish; regenerate the table with
``python -m transflow.pofile.linebreak LineBreak.txt > src/transflow/po/_linebreak_data.py``.
"""

from __future__ import annotations

import sys
import unicodedata
from bisect import bisect_right
from functools import lru_cache

from transflow.pofile._linebreak_data import CLASSES, STARTS

# Classes kept apart by the rules below; everything else (AI, XX, SG, SA...) reads as AL.
_KEEP = {
    "BA", "BB", "B2", "BK", "CB", "CL", "CP", "CM", "CR", "EX", "GL", "HY", "ID", "IN", "IS",
    "LF", "NL", "NS", "NU", "OP", "PO", "PR", "QU", "RI", "SP", "SY", "WJ", "ZW", "ZWJ",
}  # fmt: skip
_ALIAS = {"H2": "ID", "H3": "ID", "JL": "ID", "JV": "ID", "JT": "ID", "EB": "ID", "EM": "ID",
          "CJ": "NS", "HL": "AL"}  # fmt: skip


@lru_cache(maxsize=4096)
def line_class(char: str) -> str:
    """The character's line breaking class (collapsed as described above)."""
    cp = ord(char)
    if cp < 128:
        return _ASCII[cp]
    i = bisect_right(STARTS, cp) - 1
    return CLASSES[i] if i >= 0 else "AL"


@lru_cache(maxsize=4096)
def column_width(char: str) -> int:
    """Columns a terminal gives the character (libunistring's uc_width for UTF-8)."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _allowed(a: str, b: str, spaced: bool) -> bool:
    """Whether UAX #14 allows a break before class ``b`` after class ``a`` (spaces between)."""
    if a == "ZW":
        return True  # LB8
    if a in ("GL", "WJ") or b == "WJ":
        return False  # LB11, LB12
    if b == "GL" and not spaced and a not in ("BA", "HY"):
        return False  # LB12a
    if b in ("CL", "CP", "EX", "IS", "SY"):
        return False  # LB13
    if a == "OP":
        return False  # LB14
    if a == "QU" and b == "OP":
        return False  # LB15
    if a in ("CL", "CP") and b == "NS":
        return False  # LB16
    if a == "B2" and b == "B2":
        return False  # LB17
    if spaced:
        return True  # LB18
    if a == "QU" or b == "QU":
        return False  # LB19
    if a == "CB" or b == "CB":
        return True  # LB20
    if b in ("BA", "HY", "NS") or a == "BB":
        return False  # LB21
    if b == "IN":
        return False  # LB22
    return (a, b) not in _NO_BREAK  # LB23–LB30; LB31: break everywhere else


_NO_BREAK = {
    ("AL", "NU"), ("NU", "AL"),  # LB23
    ("PR", "ID"), ("ID", "PO"),  # LB23a
    ("PR", "AL"), ("PO", "AL"), ("AL", "PR"), ("AL", "PO"),  # LB24
    ("CL", "PO"), ("CP", "PO"), ("CL", "PR"), ("CP", "PR"), ("NU", "PO"), ("NU", "PR"),
    ("PO", "OP"), ("PO", "NU"), ("PR", "OP"), ("PR", "NU"), ("HY", "NU"), ("IS", "NU"),
    ("NU", "NU"), ("SY", "NU"),  # LB25
    ("AL", "AL"),  # LB28
    ("AL", "OP"), ("NU", "OP"), ("CP", "AL"), ("CP", "NU"),  # LB30
}  # fmt: skip


_PAIRS: dict[tuple[str, str, bool], bool] = {}


def opportunities(text: str) -> list[bool]:
    """For each position, whether a line may break before that character."""
    result = [False] * len(text)
    before = ""  # class of the last character that is not a space
    spaced = False
    flags = 0  # regional indicators in a row: they pair up into flags (LB30a)
    pairs = _PAIRS
    for i, cls in enumerate(map(line_class, text)):
        if cls == "AL" and before == "AL" and not spaced:
            continue  # the common case: inside a word (LB28)
        if cls in ("CM", "ZWJ"):
            if before and not spaced:
                continue  # LB9: a mark belongs to its base (and takes its class)
            cls = "AL"  # LB10
        if cls == "SP":
            spaced = True
            continue
        if before:
            if cls == "RI" and before == "RI" and not spaced and flags % 2:
                result[i] = False
            else:
                key = (before, cls, spaced)
                allowed = pairs.get(key)
                if allowed is None:
                    allowed = pairs[key] = _allowed(before, cls, spaced)
                result[i] = allowed
        flags = flags + 1 if cls == "RI" and not spaced else (1 if cls == "RI" else 0)
        before, spaced = cls, False
    return result


def breaks(text: str, width: int, start: int, prohibited: set[int]) -> list[int]:
    """Where GNU's writer breaks ``text``: positions to start a new line at.

    ``width`` is the room of a line, ``start`` the column the first line starts at (relative
    to the following ones), ``prohibited`` positions no break may happen before (inside
    escape sequences).
    """
    if text.isascii() and start + len(text) <= width:
        return []  # it fits: nothing to break
    possible = opportunities(text)
    if text.isascii():
        offset = list(range(len(text) + 1))  # column of each position: one per character
    else:
        offset = [0]
        for w in map(column_width, text):
            offset.append(offset[-1] + w)
    result: list[int] = []
    last_break = -1
    column = start
    piece_start = 0
    for i in (i for i, ok in enumerate(possible) if ok and i not in prohibited):
        piece = offset[i] - offset[piece_start]
        if last_break >= 0 and column + piece > width:
            result.append(last_break)
            column = 0
        last_break = i
        column += piece
        piece_start = i
    if last_break >= 0 and column + offset[-1] - offset[piece_start] > width:
        result.append(last_break)
    return result


_ASCII = (
    ["CM"] * 9 + ["BA", "LF", "BK", "BK", "CR"] + ["CM"] * 18
    + ["SP", "EX", "QU", "AL", "PR", "PO", "AL", "QU", "OP", "CP", "AL", "PR", "IS", "HY", "IS", "SY"]
    + ["NU"] * 10 + ["IS", "IS", "AL", "AL", "AL", "EX", "AL"] + ["AL"] * 26
    + ["OP", "PR", "CP", "AL", "AL", "AL"] + ["AL"] * 26 + ["OP", "BA", "CL", "AL", "CM"]
)  # fmt: skip


def _generate(path: str) -> str:
    """The data module, from the UCD's LineBreak.txt."""
    from pathlib import Path

    data = Path(path).read_text(encoding="utf-8")
    classes = ["AL"] * 0x110000
    for raw in data.splitlines():
        line = raw.split("#")[0].strip()
        if not line:
            continue
        cps, cls = (s.strip() for s in line.split(";"))
        lo, _, hi = cps.partition("..")
        cls = _ALIAS.get(cls, cls)
        if cls not in _KEEP:  # SA (complex context) too, marks included: as libunistring
            cls = "AL"
        for cp in range(int(lo, 16), int(hi or lo, 16) + 1):
            classes[cp] = cls
    starts: list[int] = []
    names: list[str] = []
    for cp, cls in enumerate(classes):
        if not names or names[-1] != cls:
            starts.append(cp)
            names.append(cls)
    header = f'"""Generated from {data.splitlines()[0][2:].strip()} by transflow.pofile.linebreak."""\n\n'
    import textwrap

    numbers = textwrap.fill(", ".join(map(str, starts)), 92, initial_indent="    ",
                            subsequent_indent="    ")  # fmt: skip
    words = textwrap.fill(" ".join(names), 90, initial_indent="    ", subsequent_indent="    ")
    words = "\n".join(f'    "{w.strip()} "' for w in words.split("\n"))
    return f"{header}# fmt: off\nSTARTS = [\n{numbers}\n]\nCLASSES = (\n{words}\n).split()\n"


if __name__ == "__main__":
    sys.stdout.write(_generate(sys.argv[1]))
