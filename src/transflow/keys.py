"""A target's content key: one hash of everything its output depends on.

The key decides whether ``transflow build`` may skip a target and is what a CI job caches the
target's output under (``transflow matrix``). It is computed from file *contents*, never from
mtimes, and from paths relative to the project, so that a fresh clone on another machine, in
another folder, gets the same key as the machine that built the cache. Each file counts by its
git blob id (``sha1("blob <size>\\0" + bytes)``), the id ``git ls-files -s`` shows, so a key can
be checked against a repository by hand.

What counts: the Sphinx sources (without the catalog tree, the templates folder and build
folders), the templates (coverage notices count against them), the one language's catalogs
(another language's catalog is not an input, also where catalogs live inside the source
folder), the settings file, transflow's own code and version, Sphinx's version. What a target
is (version, language, format, draft) counts too. Which other languages exist does not: the
switchers are written once all targets are built (:mod:`transflow.assemble`), so adding a
language rebuilds no other.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

import transflow
from transflow.catalogs import CatalogRepository
from transflow.config import Config
from transflow.languages import Language

# Folders that are never inputs, wherever they are.
NOT_INPUTS = frozenset({"_build", "__pycache__", ".git", ".doctrees", ".nox", ".tox", ".venv"})
# In every build output folder, so that one inside the sources (``-o out``) is never an input.
OUTPUT_MARK = ".transflow-output"


def blob_id(data: bytes) -> str:
    """The git blob id of ``data``: what git would store it under."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def files(root: Path, skip: Iterable[Path] = ()) -> list[Path]:
    """The files below ``root`` in a stable order, leaving out ``skip``, build folders, caches
    and compiled catalogs (derived from what is counted)."""
    skipped = {p.resolve() for p in skip}
    found: list[Path] = []
    if not root.is_dir():
        return [root] if root.is_file() else []
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in NOT_INPUTS
            and (here / d).resolve() not in skipped
            and not (here / d / OUTPUT_MARK).exists()
        )
        found += [here / n for n in sorted(names) if not n.endswith((".mo", ".pyc"))]
    return found


@functools.cache
def _sphinx_version() -> str:
    try:
        return metadata.version("sphinx")
    except metadata.PackageNotFoundError:  # pragma: no cover - transflow requires Sphinx
        return "none"


@functools.cache
def _own_code() -> str:
    """transflow's code (a development install changes without a new version number)."""
    package = Path(transflow.__file__).parent
    h = hashlib.sha256()
    for p in files(package):
        h.update(f"{p.relative_to(package).as_posix()} {blob_id(p.read_bytes())}\n".encode())
    return h.hexdigest()


def key(
    identity: str,
    base: Path,
    groups: dict[str, list[Path]],
) -> str:
    """The key of one target: ``identity`` (what the target is) and, per named group, every
    file by its path relative to ``base`` and its blob id."""
    h = hashlib.sha256()
    h.update(f"transflow {transflow.__version__} {_own_code()}\n".encode())
    h.update(f"sphinx {_sphinx_version()}\n{identity}\n".encode())
    for name in sorted(groups):
        h.update(f"[{name}]\n".encode())
        for p in groups[name]:
            rel = os.path.relpath(p, base).replace(os.sep, "/")
            h.update(f"{rel} {blob_id(p.read_bytes())}\n".encode())
    return h.hexdigest()


def target_key(config: Config, lang: Language, identity: str, out: Path | None = None) -> str:
    """The key of one target of ``config``'s project in ``lang``, built into ``out`` (which is
    not an input, wherever it is)."""
    repo = CatalogRepository.of(config)
    skip = [config.locale_dir, config.pot_dir, config.build_dir, *([out] if out else [])]
    groups = {
        "settings": [config.file] if config.file else [],
        "sources": files(config.source_dir, skip),
        "templates": files(config.pot_dir),
        "catalogs": [] if lang == config.source_language else files(repo.lang_dir(lang)),
    }
    return key(identity, config.root, groups)
