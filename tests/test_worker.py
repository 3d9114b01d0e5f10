"""The forked worker: each target in a child of one pre-loaded process, building exactly what a
fresh ``sphinx-build`` process builds, sharing no state with the other targets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from transflow import build, config, worker

REPO = Path(__file__).parents[1]
needs_fork = pytest.mark.skipif(not worker.forking(), reason="no os.fork in this process")


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@needs_fork
def test_a_forked_build_writes_what_a_plain_sphinx_build_writes(tmp_path):
    """Byte for byte, every file of the site (pages, search index, objects.inv, static files),
    against ``sphinx-build -D language=L`` in a fresh process with the same catalogs: the
    pre-loaded modules, the shared template cache and the remembered stems change nothing.
    Norwegian exercises a snowball stemmer, Japanese transflow's own search."""
    cfg = config.load(REPO)
    plan = build.make_plan(cfg, [cfg.language("nb"), cfg.language("ja")], ["html"])
    out = tmp_path / "out"
    # In a process of its own, as `transflow build` runs: this test process has run Sphinx
    # in-process (other tests), and a child forked from it would inherit that.
    script = (
        "import sys; from pathlib import Path; from transflow import build, config, worker\n"
        "cfg = config.load(Path(sys.argv[1]))\n"
        "plan = build.make_plan(cfg, [cfg.language('nb'), cfg.language('ja')], ['html'])\n"
        "assert worker.forking()\n"
        "rs = build.build(cfg, plan, Path(sys.argv[2]), jobs=2, finish=False)\n"
        "sys.exit(0 if all(r.ok and not r.up_to_date for r in rs) else 1)\n"
    )  # switchers: written later, by finish
    subprocess.run([sys.executable, "-c", script, str(REPO), str(out)], check=True)
    for target in plan.targets:
        plain = tmp_path / "plain" / target.lang.code
        subprocess.run(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-q",
                "-b",
                "html",
                "-D",
                f"language={target.lang.code}",
                "-D",
                f"locale_dirs={out / '.locale' / target.name}",
                "-D",
                "transflow_languages=nb,ja",
                "-d",
                str(tmp_path / "doctrees" / target.lang.code),
                str(cfg.source_dir),
                str(plain),
            ],
            check=True,
            capture_output=True,
        )
        ours, theirs = _files(target.folder(out, "html")), _files(plain)
        assert sorted(ours) == sorted(theirs)
        differ = [name for name in ours if ours[name] != theirs[name]]
        assert differ == [], f"{target.name}: {differ}"
        assert "searchindex.js" in ours and "index.html" in ours
    # The theme's static files are stored once and linked into each language.
    nb, ja = (t.folder(out, "html") / "_static" / "file.png" for t in plan.targets)
    assert nb.stat().st_ino == ja.stat().st_ino and nb.stat().st_nlink == 3  # and the store's


_STATE = ["untouched"]


def _mutate(n: int) -> str:
    seen = _STATE[0]
    _STATE[0] = f"changed by {n}"
    return seen


@needs_fork
def test_a_process_that_ran_sphinx_itself_does_not_fork(tmp_path):
    """Its module state would reach every child (objects.inv came out with "Python Module
    Index" untranslated when this test process forked): such a process builds on threads."""
    script = (
        "import sys; from sphinx.cmd.build import main; from transflow import worker\n"
        "assert worker.forking()\n"
        "main(['-q', '-b', 'html', sys.argv[1], sys.argv[2]])\n"
        "print(worker.forking())\n"
    )
    root = REPO / "tests/roots/test-basic"
    done = subprocess.run(
        [sys.executable, "-c", script, str(root), str(tmp_path / "html")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "False"


@needs_fork
def test_no_state_leaks_between_targets_and_a_dead_child_is_a_failed_target(monkeypatch):
    monkeypatch.setattr(worker, "_sphinx_ran_here", False)  # no Sphinx in these children
    results: list[str] = []

    def run(n: int) -> str:
        if n == 3:
            os._exit(7)  # a crash that leaves no result
        return _mutate(n)

    worker.run_all(run, [1, 2, 3], 2, results.append, lambda n, why: f"{n}: {why}")
    assert sorted(results) == [
        "3: the build process ended without a result (exit code 7)",
        "untouched",
        "untouched",
    ]
    assert _STATE == ["untouched"]  # the parent's state is the parent's


def test_without_fork_targets_run_on_threads(monkeypatch):
    monkeypatch.setenv("TRANSFLOW_FORK", "0")
    assert not worker.forking()
    results: list[str] = []
    worker.run_all(_mutate, [1], 2, results.append, lambda n, why: why)
    assert results == ["untouched"] and _STATE == ["changed by 1"]
    _STATE[0] = "untouched"
