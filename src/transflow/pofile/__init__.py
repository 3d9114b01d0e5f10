"""The PO layer: gettext catalogs read as GNU ``msgfmt`` reads them, counted by its rule, and
written in each catalog's own layout.

- :mod:`~transflow.pofile.model` — entries and catalogs, and the one rule for "translated";
- :mod:`~transflow.pofile.reader` — the reader (GNU's grammar; the charset is the header's);
- :mod:`~transflow.pofile.scan` — the fast counting pass coverage uses;
- :mod:`~transflow.pofile.writer` — the writer and the layouts it keeps (GNU, polib, Babel, unwrapped);
- :mod:`~transflow.pofile.linebreak` — Unicode line breaking as GNU's writer does it.
"""

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
from transflow.pofile.reader import parse, parse_bytes, read, without_gc
from transflow.pofile.scan import Summary, parse_summary, read_summary, summarize
from transflow.pofile.writer import Style, detect_style, dumps, encode, format_entry

__all__ = [
    "FUZZY", "TRANSLATED", "UNTRANSLATED", "Catalog", "Entry", "Key", "Style", "Summary",
    "detect_style", "dumps", "encode", "format_entry", "is_translated", "nplurals",
    "parse", "parse_bytes", "parse_metadata", "parse_summary", "read", "read_summary",
    "source_words", "state", "summarize", "without_gc",
]  # fmt: skip
