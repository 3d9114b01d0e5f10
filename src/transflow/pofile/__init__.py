"""The PO layer: gettext catalogs read as GNU ``msgfmt`` reads them, counted by its rule, and
written in each catalog's own layout.

- :mod:`~transflow.pofile.model` — entries and catalogs, and the one rule for "translated";
- :mod:`~transflow.pofile.reader` — the reader (GNU's grammar; the charset is the header's);
- :mod:`~transflow.pofile.scan` — the fast counting pass coverage uses;
- :mod:`~transflow.pofile.writer` — the writer and the layouts it keeps (GNU, polib, Babel, unwrapped);
- :mod:`~transflow.pofile.linebreak` — Unicode line breaking as GNU's writer does it.

The reader, the scan and the writer are imported when first used: counting coverage needs
neither the writer nor its line-breaking tables (``transflow stats`` starts that much faster).
"""

from __future__ import annotations

import importlib

from transflow.pofile.model import (
    FUZZY,
    TRANSLATED,
    UNTRANSLATED,
    Catalog,
    Entry,
    Key,
    is_translated,
    nplurals,
    parse_metadata,
    source_words,
    state,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from transflow.pofile import linebreak, reader, scan, writer
    from transflow.pofile.reader import parse, parse_bytes, read, without_gc
    from transflow.pofile.scan import Summary, parse_summary, read_summary, summarize, summary_of
    from transflow.pofile.writer import Style, detect_style, dumps, encode, format_entry

_LAZY = {
    **dict.fromkeys(["parse", "parse_bytes", "read", "without_gc"], "reader"),
    **dict.fromkeys(
        ["Summary", "parse_summary", "read_summary", "summarize", "summary_of"], "scan"
    ),
    **dict.fromkeys(["Style", "detect_style", "dumps", "encode", "format_entry"], "writer"),
}


def __getattr__(name: str) -> object:
    if name in ("reader", "scan", "writer", "linebreak"):
        return importlib.import_module(f"{__name__}.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # once: later look-ups are plain attribute reads
    return value


__all__ = [
    "FUZZY",
    "TRANSLATED",
    "UNTRANSLATED",
    "Catalog",
    "Entry",
    "Key",
    "Style",
    "Summary",
    "detect_style",
    "dumps",
    "encode",
    "format_entry",
    "is_translated",
    "linebreak",
    "nplurals",
    "parse",
    "parse_bytes",
    "parse_metadata",
    "parse_summary",
    "read",
    "read_summary",
    "reader",
    "scan",
    "source_words",
    "state",
    "summarize",
    "summary_of",
    "without_gc",
    "writer",
]
