"""Coverage already counted: on an unchanged catalog tree ``transflow stats`` (and ``check``,
``report``) reads and hashes each file instead of parsing it again. translate-toolkit's
``pocount`` keeps a statistics database for the same reason.

An entry holds for one catalog the digests of its bytes and of its template's, and the counts
they gave; it is used only when both digests match again, under the same counting code. One
small JSON file per catalog tree (where: :mod:`transflow.cache`).
"""

from __future__ import annotations

import os
from pathlib import Path

from transflow import cache
from transflow.cache import digest

__all__ = ["Entry", "cache_file", "digest", "load", "save"]

# The code that counts: an entry written by any other version of it is not used.
_COUNTING = ("coverage.py", "pofile/model.py", "pofile/reader.py", "pofile/scan.py")

Entry = list  # [template digest or "", catalog digest, *counts(7), stale, translator, revised]


def _format() -> str | None:
    return cache.code_digest("coverage/1", _COUNTING)


def cache_file(locale_dir: Path) -> Path | None:
    """Where the counts of the catalog tree ``locale_dir`` are kept; None when there are none."""
    return cache.cache_file("coverage", locale_dir, _format())


def load(path: Path | None) -> dict[str, Entry]:
    """The entries kept at ``path``, keyed by catalog path."""
    return cache.load(path, _format())


def save(path: Path | None, entries: dict[str, Entry]) -> None:
    """Keep ``entries`` (those of catalogs that still exist) at ``path``."""
    kept = {k: v for k, v in sorted(entries.items()) if os.path.exists(k)}
    cache.save(path, _format(), kept)
