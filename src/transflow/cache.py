"""What transflow keeps between runs to save time, by content: counts of catalogs
(:func:`transflow.coverage.measure`) and the translation memory of git revisions
(:mod:`transflow.memory`).

Everything kept is keyed by the digest of the bytes it was made from and of the code that made
it — never by modification times — so a checkout, a ``touch`` or a skewed clock cannot serve a
stale answer. JSON files (never pickles: a cache folder must not be a way to run code) in
``$TRANSFLOW_CACHE_DIR`` if set (``off`` turns caching off), else ``$XDG_CACHE_HOME/transflow``
or ``~/.cache/transflow``. A cache that cannot be read or written is ignored: it only ever saves
time, and no result depends on it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from pathlib import Path

from transflow.errors import TransflowError

TYPE_CHECKING = False  # typing not imported: start-up time (benchmarks/bench_startup.py)
if TYPE_CHECKING:
    from typing import Any


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]  # sha256: the fastest here (CPU instructions)


@functools.cache
def code_digest(kind: str, modules: tuple[str, ...]) -> str | None:
    """The identity of the code whose results a cache keeps (paths below the package); None
    when its source cannot be read (an install without ``.py`` files, a zip): no cache then,
    rather than one no version check could guard."""
    here = Path(__file__).parent
    try:
        code = b"".join((here / name).read_bytes() for name in modules)
    except OSError:
        return None
    return f"{kind} {digest(code)}"


def cache_file(kind: str, of: Path, code: str | None) -> Path | None:
    """Where what ``kind`` keeps about the folder ``of`` goes; None when caching is off, when
    the code cannot be identified, or when there is nowhere to keep it (no ``HOME`` and no user
    entry, as for an arbitrary uid in a container)."""
    if code is None:
        return None
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
    return base / kind / f"{digest(os.fsencode(os.path.realpath(of)))}.json"


def load(path: Path | None, code: str | None) -> dict[str, Any]:
    """The entries kept at ``path``; nothing when unreadable or written by other code."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("format") != code:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def save(path: Path | None, code: str | None, entries: dict[str, Any]) -> None:
    """Keep ``entries`` at ``path``, quietly if it cannot be written."""
    if path is None:
        return
    from transflow import files

    # ASCII: a file name that is not UTF-8 (os.walk gives it with surrogates) is kept escaped
    # and read back as the same str; written raw it could not be encoded at all.
    text = json.dumps({"format": code, "entries": entries}, ensure_ascii=True, indent=0)
    with contextlib.suppress(TransflowError):
        files.write_if_changed(path, text + "\n")
