"""Shared fixtures: Sphinx's own testing fixtures, our testroots, and GNU gettext as an oracle."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

TESTS = Path(__file__).parent
REPO = TESTS.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds ``testroot='<name>'``: tests/roots/test-<name>."""
    return TESTS / "roots"


@pytest.fixture
def project(tmp_path: Path):
    """A writable copy of a testroot, configured for transflow, returned by name."""

    def make(name: str = "basic") -> Path:
        dest = tmp_path / name
        shutil.copytree(TESTS / "roots" / f"test-{name}", dest)
        return dest

    return make


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    """GNU msgfmt -c: the oracle every catalog we write must satisfy."""
    return subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )


def msgfmt_statistics(path: Path) -> str:
    done = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stderr.strip()
