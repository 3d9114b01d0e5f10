"""Coverage already counted, remembered by content: on an unchanged catalog tree ``transflow
stats`` (and ``check``, ``report``) reads and hashes each file instead of parsing it again.
translate-toolkit's ``pocount`` keeps a statistics database for the same reason.

An entry holds for one catalog the digests of its bytes and of its template's, and the counts
they gave; it is used only when both digests match again, under the same counting code.
Never modification times: a checkout, a ``touch`` or a skewed clock cannot serve a stale count.
One small JSON file per catalog tree, in ``$TRANSFLOW_CACHE_DIR`` if set (``off`` turns the cache
off), else ``$XDG_CACHE_HOME/transflow`` or ``~/.cache/transflow``. A cache that cannot be read
or written is ignored: it only ever saves time, and a count never depends on it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from pathlib import Path

from transflow.errors import TransflowError

# The code that counts: an entry written by any other version of it is not used.
_COUNTING = ("coverage.py", "pofile/model.py", "pofile/reader.py", "pofile/scan.py")

Entry = list  # [template digest or "", catalog digest, *counts(7), stale, translator, revised]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]  # sha256: the fastest here (CPU instructions)


@functools.cache
def _format() -> str | None:
    """The counting code's identity; None when its source cannot be read (an install without
    ``.py`` files, a zip): no cache then, rather than one no version check could guard."""
    here = Path(__file__).parent
    try:
        code = b"".join((here / name).read_bytes() for name in _COUNTING)
    except OSError:
        return None
    return "coverage/1 " + digest(code)


def cache_file(locale_dir: Path) -> Path | None:
    """Where the counts of the catalog tree ``locale_dir`` are kept; None when turned off, or
    when there is nowhere to keep them (no ``HOME`` and no user entry, as for an arbitrary uid
    in a container)."""
    setting = os.environ.get("TRANSFLOW_CACHE_DIR")
    if setting is not None:
        if setting.strip().lower() in ("", "0", "off", "no", "false"):
            return None
        base = Path(setting)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        xdg = xdg if xdg and os.path.isabs(xdg) else None  # the XDG spec: relative is invalid
        try:
            base = (Path(xdg) if xdg else Path.home() / ".cache") / "transflow"
        except (RuntimeError, KeyError):  # Path.home(): no HOME, no passwd entry
            return None
    if _format() is None:
        return None
    tree = digest(os.fsencode(os.path.realpath(locale_dir)))
    return base / "coverage" / f"{tree}.json"


def load(path: Path | None) -> dict[str, Entry]:
    """The entries kept at ``path``, keyed by catalog path; nothing when unreadable or written
    by other counting code."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("format") != _format():
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def save(path: Path | None, entries: dict[str, Entry]) -> None:
    """Keep ``entries`` (those of catalogs that still exist) at ``path``, quietly if it cannot
    be written."""
    if path is None:
        return
    from transflow import files

    kept = {k: v for k, v in sorted(entries.items()) if os.path.exists(k)}
    # ASCII: a file name that is not UTF-8 (os.walk gives it with surrogates) is kept escaped
    # and read back as the same str; written raw it could not be encoded at all.
    text = json.dumps({"format": _format(), "entries": kept}, ensure_ascii=True, indent=0)
    with contextlib.suppress(TransflowError):
        files.write_if_changed(path, text + "\n")
