"""Git refs → one source tree per version, under the build folder.

Each ref of ``--versions`` (or ``[tool.transflow.build] versions``) is built from its own tree:
``git archive`` of the ref's commit unpacked into ``<out>/.versions/<label>/``, so the working
tree and the index are never touched and a version's sources, configuration and catalogs are
the ones committed with it. A tree is unpacked again only when its ref moved to another commit.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from transflow.config import Config
from transflow.errors import ConfigError
from transflow.files import write_if_changed


@dataclass(frozen=True)
class Version:
    ref: str  # as the user wrote it
    label: str  # the folder name in the site: html/<label>/<lang>/
    commit: str
    config: Config


def label(ref: str) -> str:
    """A ref as a folder name: ``release/2.0`` → ``release-2.0``."""
    text = re.sub(r"[^A-Za-z0-9._+-]+", "-", ref).strip("-.")
    if not text:
        raise ConfigError(f"version {ref!r} gives no usable folder name")
    return text


def _git(cwd: Path, *args: str, data: bool = False) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=True, text=not data
        )
    except FileNotFoundError:
        raise ConfigError("--versions needs git, which is not installed") from None
    except subprocess.CalledProcessError as exc:
        err = exc.stderr if isinstance(exc.stderr, str) else exc.stderr.decode(errors="replace")
        raise ConfigError(f"git {' '.join(args)}: {err.strip()}", cwd) from None


def checkout(config: Config, refs: list[str], out: Path) -> list[Version]:
    """Each ref's tree under ``<out>/.versions/``, with its own configuration loaded."""
    from transflow import config as config_mod

    if len(set(map(label, refs))) != len(refs):
        raise ConfigError(f"versions {', '.join(refs)}: two of them share a folder name")
    top = Path(_git(config.root, "rev-parse", "--show-toplevel").stdout.strip())
    start = config.file.parent if config.file else config.source_dir
    inside = start.resolve().relative_to(top.resolve())
    found = []
    for ref in refs:
        commit = _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").stdout.strip()
        name = label(ref)
        tree = out / ".versions" / name
        stamp = out / ".versions" / f"{name}.commit"
        if not (stamp.is_file() and stamp.read_text() == commit and tree.is_dir()):
            shutil.rmtree(tree, ignore_errors=True)
            tree.mkdir(parents=True)
            archive = _git(top, "archive", "--format=tar", commit, data=True).stdout
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(tree, filter="data")
            write_if_changed(stamp, commit)
        try:
            cfg = config_mod.load(tree / inside)
        except ConfigError as exc:
            raise ConfigError(f"version {ref}: {exc.message}", exc.path, exc.line) from None
        found.append(Version(ref, name, commit, cfg))
    return found
