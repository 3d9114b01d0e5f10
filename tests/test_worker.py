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
    results = build.build(cfg, plan, out, jobs=2, finish=False)  # switchers: written later
    assert [(r.ok, r.up_to_date) for r in results] == [(True, False)] * 2, results
    for target in plan.targets:
        plain = tmp_path / "plain" / target.lang.code
        subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", "html",
             "-D", f"language={target.lang.code}",
             "-D", f"locale_dirs={out / '.locale' / target.name}",
             "-D", "transflow_languages=nb,ja",
             "-d", str(tmp_path / "doctrees" / target.lang.code),
             str(cfg.source_dir), str(plain)],
            check=True, capture_output=True,
        )  # fmt: skip
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
def test_no_state_leaks_between_targets_and_a_dead_child_is_a_failed_target():
    results: list[str] = []

    def run(n: int) -> str:
        if n == 3:
            os._exit(7)  # a crash that leaves no result
        return _mutate(n)

    worker.run_all(run, [1, 2, 3], 2, results.append, lambda n, why: f"{n}: {why}")
    assert sorted(results) == ["3: the build process ended without a result (exit code 7)",
                               "untouched", "untouched"]  # fmt: skip
    assert _STATE == ["untouched"]  # the parent's state is the parent's


def test_without_fork_targets_run_on_threads(monkeypatch):
    monkeypatch.setenv("TRANSFLOW_FORK", "0")
    assert not worker.forking()
    results: list[str] = []
    worker.run_all(_mutate, [1], 2, results.append, lambda n, why: why)
    assert results == ["untouched"] and _STATE == ["changed by 1"]
    _STATE[0] = "untouched"
