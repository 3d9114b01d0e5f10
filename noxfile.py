"""Sessions for developers and CI: ``nox -s statements``, ``nox -s tests``, ``nox -s lint``.

System tools (GNU gettext, XeLaTeX and fonts, Chromium) come from ``bash .ci/setup``.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def statements(session: nox.Session) -> None:
    """The main job: build the statements in every language (HTML and PDF) and the coverage report."""
    session.install("-e", ".")
    session.run("transflow", "build", "--format", "html,pdf", *session.posargs)
    session.run("transflow", "report", "--output", "_build/coverage")
    session.run("transflow", "stats")


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite, with real Sphinx, GNU gettext, XeLaTeX and Chromium."""
    session.install("-e", ".[test]", "-c", "constraints-data.txt")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint and formatting) and mypy (types, against the installed dependencies)."""
    session.install("-e", ".", "ruff", "mypy", "types-docutils")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session
def benchmarks(session: nox.Session) -> None:
    """Speed against the tools a user would otherwise use (prints ratios)."""
    session.install("-e", ".[test,bench]")
    for script in ("bench_update.py", "bench_stats.py", "bench_lint.py", "bench_build.py"):
        session.run("python", f"benchmarks/{script}", *session.posargs)
