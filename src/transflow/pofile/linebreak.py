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

import re
import sys
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate

from transflow.pofile._linebreak_data import CLASSES, STARTS

# Classes kept apart by the rules below; everything else (AI, XX, SG, SA...) reads as AL.
_KEEP = {
    "BA",
    "BB",
    "B2",
    "BK",
    "CB",
    "CL",
    "CP",
    "CM",
    "CR",
    "EX",
    "GL",
    "HY",
    "ID",
    "IN",
    "IS",
    "LF",
    "NL",
    "NS",
    "NU",
    "OP",
    "PO",
    "PR",
    "QU",
    "RI",
    "SP",
    "SY",
    "WJ",
    "ZW",
    "ZWJ",
}
_ALIAS = {
    "H2": "ID",
    "H3": "ID",
    "JL": "ID",
    "JV": "ID",
    "JT": "ID",
    "EB": "ID",
    "EM": "ID",
    "CJ": "NS",
    "HL": "AL",
}


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
    ("AL", "NU"),
    ("NU", "AL"),  # LB23
    ("PR", "ID"),
    ("ID", "PO"),  # LB23a
    ("PR", "AL"),
    ("PO", "AL"),
    ("AL", "PR"),
    ("AL", "PO"),  # LB24
    ("CL", "PO"),
    ("CP", "PO"),
    ("CL", "PR"),
    ("CP", "PR"),
    ("NU", "PO"),
    ("NU", "PR"),
    ("PO", "OP"),
    ("PO", "NU"),
    ("PR", "OP"),
    ("PR", "NU"),
    ("HY", "NU"),
    ("IS", "NU"),
    ("NU", "NU"),
    ("SY", "NU"),  # LB25
    ("AL", "AL"),  # LB28
    ("AL", "OP"),
    ("NU", "OP"),
    ("CP", "AL"),
    ("CP", "NU"),  # LB30
}


_PAIRS: dict[tuple[str, str, bool], bool] = {}

# Each class as one character, so that a whole string's classes are one ``str.translate`` away
# and the common case is found by one regular expression (in C) instead of a Python loop.
_NAMES = sorted(_KEEP | {"AL"})
_CODE = {"SP": " ", "AL": "a", "NU": "n", "CM": "m", "ZWJ": "z", "RI": "r"}
_CODE.update(zip((n for n in _NAMES if n not in _CODE), "ABCDEFGHIJKLMNOPQRSTUVWXYZ", strict=False))
_NAME = {code: name for name, code in _CODE.items()}
_STATEFUL = re.compile("[mzr]")  # marks, joiners, flags: the per-character loop decides
_NOT_WORD = re.compile("[^an]")


class _Table(dict[int, str]):
    """``str.translate`` table: a code point → its class (or width) code, found once each."""

    def __init__(self, of: Callable[[str], str]):
        super().__init__()
        self.of = of

    def __missing__(self, cp: int) -> str:
        code = self[cp] = self.of(chr(cp))
        return code


_CLASS_CODES = _Table(lambda c: _CODE[line_class(c)])
_WIDTH_CODES = _Table(lambda c: "012"[column_width(c)])


# For strings without marks, joiners or flags (the common case), whether a break may come
# before a character depends only on its class, the class of the last character before it that
# is not a space, and whether spaces came between: one dictionary look-up.
_PLAIN = [n for n in _NAMES if n not in ("SP", "CM", "ZWJ", "RI")]
_ALLOWED = {
    (_CODE[a], _CODE[b], spaced): _allowed(a, b, spaced)
    for a in _PLAIN
    for b in _PLAIN
    for spaced in (False, True)
}


def opportunities(text: str) -> list[int]:
    """The positions a line may break before (never 0)."""
    return _opportunities(text.translate(_CLASS_CODES))


def _opportunities(codes: str) -> list[int]:
    result = []
    before = ""  # class of the last character that is not a space
    spaced = False
    flags = 0  # regional indicators in a row: they pair up into flags (LB30a)
    pairs = _PAIRS
    for i, code in enumerate(codes):
        cls = _NAME[code]
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
                pass
            else:
                key = (before, cls, spaced)
                allowed = pairs.get(key)
                if allowed is None:
                    allowed = pairs[key] = _allowed(before, cls, spaced)
                if allowed:
                    result.append(i)
        flags = flags + 1 if cls == "RI" and not spaced else (1 if cls == "RI" else 0)
        before, spaced = cls, False
    return result


def _offsets(text: str) -> list[int] | None:
    """The column each position starts at; None when every character is one column wide."""
    if text.isascii():
        return None
    widths = text.translate(_WIDTH_CODES)
    if "0" not in widths and "2" not in widths:
        return None
    return [0, *accumulate(map(int, widths))]


def breaks(text: str, width: int, start: int, prohibited: set[int], limit: int = -1) -> list[int]:
    """Where GNU's writer breaks ``text``: positions to start a new line at.

    ``width`` is the room of a line, ``start`` the column the first line starts at (relative
    to the following ones), ``prohibited`` positions no break may happen before (inside
    escape sequences). ``limit``: stop after that many breaks.

    GNU fills lines greedily: each line ends at its last break opportunity that fits (or its
    first, when none fits). So only the opportunities near each line's end are looked for,
    backwards from where the line is full, not every one in the string.
    """
    offset = _offsets(text)
    n = len(text)
    if start + (n if offset is None else offset[-1]) <= width:
        return []  # it fits: nothing to break
    codes = text.translate(_CLASS_CODES)
    if _STATEFUL.search(codes) is not None:
        cuts = _fill(_opportunities(codes), n, offset, width, start, prohibited)
        return cuts[:limit] if limit >= 0 else cuts
    allowed = _ALLOWED
    reverse = codes[::-1]  # to find, backwards, where a run of letters and digits starts

    def opportunity(x: int) -> bool:
        """Whether a line may start at ``x``: the class before it (spaces skipped) allows it."""
        code = codes[x]
        if code == " " or x in prohibited:
            return False
        j = x - 1
        while codes[j] == " " and j > 0:
            j -= 1
        return codes[j] != " " and allowed[codes[j], code, j < x - 1]

    result: list[int] = []
    line, column = 0, start  # where the current line starts, and its first column
    while True:
        if offset is None:
            full = line + width - column  # the last position that still fits
        else:
            full = bisect_right(offset, offset[line] + width - column) - 1
        if full >= n:
            return result  # the rest fits
        found = -1
        x = min(full, n - 1)
        while x > line:  # the last opportunity that fits
            if codes[x] == "a" or codes[x] == "n":
                # Inside a run of letters and digits no break may come (LB23, LB25, LB28):
                # only before its first character.
                m = _NOT_WORD.search(reverse, n - x)
                x = n - m.start() if m is not None else 0
                if x <= line:
                    break
            if opportunity(x):
                found = x
                break
            x -= 1
        if found < 0:  # none fits: the first one there is
            found = next((x for x in range(max(full, line) + 1, n) if opportunity(x)), -1)
        if found < 0:
            return result
        result.append(found)
        if len(result) == limit:
            return result
        line, column = found, 0


def _fill(
    possible: list[int],
    n: int,
    offset: list[int] | None,
    width: int,
    start: int,
    prohibited: set[int],
) -> list[int]:
    """Greedy filling over every opportunity (strings with marks, joiners or flags)."""
    if offset is None:
        offset = list(range(n + 1))
    result: list[int] = []
    last_break = -1
    column = start
    piece_start = 0
    for i in possible:
        if i in prohibited:
            continue
        piece = offset[i] - offset[piece_start]
        if last_break >= 0 and column + piece > width:
            result.append(last_break)
            column = 0
        last_break = i
        column += piece
        piece_start = i
    if last_break >= 0 and column + offset[n] - offset[piece_start] > width:
        result.append(last_break)
    return result


_ASCII = (
    ["CM"] * 9
    + ["BA", "LF", "BK", "BK", "CR"]
    + ["CM"] * 18
    + [
        "SP",
        "EX",
        "QU",
        "AL",
        "PR",
        "PO",
        "AL",
        "QU",
        "OP",
        "CP",
        "AL",
        "PR",
        "IS",
        "HY",
        "IS",
        "SY",
    ]
    + ["NU"] * 10
    + ["IS", "IS", "AL", "AL", "AL", "EX", "AL"]
    + ["AL"] * 26
    + ["OP", "PR", "CP", "AL", "AL", "AL"]
    + ["AL"] * 26
    + ["OP", "BA", "CL", "AL", "CM"]
)


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

    numbers = textwrap.fill(
        ", ".join(map(str, starts)), 92, initial_indent="    ", subsequent_indent="    "
    )
    words = textwrap.fill(" ".join(names), 90, initial_indent="    ", subsequent_indent="    ")
    words = "\n".join(f'    "{w.strip()} "' for w in words.split("\n"))
    return f"{header}# fmt: off\nSTARTS = [\n{numbers}\n]\nCLASSES = (\n{words}\n).split()\n"


if __name__ == "__main__":
    sys.stdout.write(_generate(sys.argv[1]))
