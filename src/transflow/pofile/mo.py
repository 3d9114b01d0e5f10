"""Compiled catalogs: the ``.mo`` bytes GNU ``msgfmt`` writes for a catalog.

Sphinx and Python's :mod:`gettext` read ``.mo`` files, and which messages a reader sees must be
the ones transflow counts as translated: the same rule as :func:`~transflow.pofile.model.state`,
because it is msgfmt's — obsolete, untranslated (first form empty) and fuzzy messages are left
out, the header stays even when it is fuzzy (without its ``POT-Creation-Date``). The layout is msgfmt's too (messages sorted by
msgctxt and msgid, its hash table, strings in the catalog's own charset), so the bytes equal
``msgfmt``'s and a compiled catalog changes only when a translation a reader sees changes.

Not written: msgfmt's section for system-dependent strings (``<PRIu64>`` in C format strings),
which documentation catalogs do not have; such a msgid is stored as it is spelled.
"""

from __future__ import annotations

import struct

from transflow.pofile.model import TRANSLATED, Catalog, Entry, filled, state
from transflow.pofile.writer import encode

MAGIC = 0x950412DE


def _kept(entry: Entry, use_fuzzy: bool) -> bool:
    if entry.obsolete:
        return False
    if entry.is_header:  # msgfmt ignores the header's fuzzy flag
        return filled(entry.msgstr)
    return state(entry) == TRANSLATED or (use_fuzzy and filled(entry.strings[0]))


def _without_creation_date(header: str) -> str:
    """msgfmt leaves the template's date out of the compiled header (reproducible builds)."""
    lines = header.split("\n")
    return "\n".join(line for line in lines if not line.startswith("POT-Creation-Date:"))


def _hash(key: bytes) -> int:
    """GNU gettext's ``hash_string`` (hashpjw), over the bytes up to the first NUL."""
    value = 0
    for byte in key.split(b"\0", 1)[0]:
        value = (value << 4) + byte
        high = value & 0xF0000000
        if high:
            value ^= high >> 24
            value ^= high
    return value


def _is_prime(n: int) -> bool:
    """gettext's test, as it is: trial division from 3, so 3 itself counts as no prime."""
    d = 3
    while d * d < n and n % d:
        d += 2
    return n % d != 0


def _table_size(count: int) -> int:
    """msgfmt's hash table size: the next odd "prime" from 4/3 of the messages, at least 3."""
    size = (count * 4 // 3) | 1
    while not _is_prime(size):
        size += 2
    return size if size > 2 else 3


def compile_mo(catalog: Catalog, *, use_fuzzy: bool = False) -> bytes:
    """The catalog as ``msgfmt`` (``--use-fuzzy`` with ``use_fuzzy``) compiles it."""
    charset = encode("", catalog.charset)[1]

    def raw(text: str) -> bytes:
        return encode(text, charset)[0]

    entries = ([catalog.header] if catalog.header is not None else []) + catalog.entries
    pairs: dict[bytes, bytes] = {}
    for e in entries:
        if e is None or not _kept(e, use_fuzzy):
            continue
        key = raw(e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}")
        if e.msgid_plural is not None:
            key += b"\0" + raw(e.msgid_plural)
        strings = [_without_creation_date(e.msgstr)] if e.is_header else e.strings
        pairs.setdefault(key, b"\0".join(raw(s) for s in strings))
    # strcmp order: the key up to its first NUL (msgctxt EOT msgid, without the plural)
    keys = sorted(pairs, key=lambda k: k.split(b"\0", 1)[0])
    n = len(keys)
    size = _table_size(n)
    table = [0] * size
    for i, key in enumerate(keys):
        h = _hash(key)
        idx = h % size
        if table[idx]:
            step = 1 + h % (size - 2)
            while table[idx]:
                idx = idx - (size - step) if idx >= size - step else idx + step
        table[idx] = i + 1

    originals_at = 28
    translations_at = originals_at + 8 * n
    hash_at = translations_at + 8 * n
    offset = hash_at + 4 * size
    originals, translations = [], []
    for key in keys:
        originals += [len(key), offset]
        offset += len(key) + 1
    for key in keys:
        value = pairs[key]
        translations += [len(value), offset]
        offset += len(value) + 1
    return b"".join(
        [
            struct.pack("<7I", MAGIC, 0, n, originals_at, translations_at, size, hash_at),
            struct.pack(f"<{2 * n}I", *originals),
            struct.pack(f"<{2 * n}I", *translations),
            struct.pack(f"<{size}I", *table),
            *(key + b"\0" for key in keys),
            *(pairs[key] + b"\0" for key in keys),
        ]
    )
