"""transflow build against a sequential loop of plain sphinx-build calls, in one run.

Usage: python benchmarks/bench_build.py [--rounds N] [--format html|pdf] [--project DIR]
       [--lang L ...] [--no-subprocess-mode]

Default project: this repository's statements. ``--project DIR``: a Sphinx project with
committed catalogs (OnionShare's ``docs/``: ``git --git-dir=/work/.mirror/onionshare+onionshare/
repo archive HEAD docs | tar -x``), copied to a temporary folder first (its templates extracted
there, untimed). Every build starts from empty output folders.

Printed, each as wall time and the CPU time (user + system) of all processes it ran:

- ``transflow build``: the forked worker (:mod:`transflow.worker`);
- ``transflow build`` with ``TRANSFLOW_FORK=0``: one fresh ``sphinx-build`` process per target
  on as many threads as cores (what parallelism alone gives; skip with --no-subprocess-mode);
- a sequential loop of plain ``sphinx-build -b html -D language=L`` (no transflow), or, with
  ``--format pdf``, of ``sphinx-build -M latexpdf -D language=L`` (Sphinx's own ``make
  latexpdf``: its engine, its latexmkrc);
- the no-change re-run of ``transflow build``, against its cold build;
- with ``--format pdf``, per language and one process at a time, ``transflow build --format
  pdf`` against ``sphinx-build -M latexpdf``.

The ratios are wall-time ratios; the load average is printed before and after, since the
parallel ratio needs both cores free. Targets: HTML ≤ 0.40× the loop on two cores, a no-change
re-run ≤ 5 % of a cold build.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).parents[1]
sys.path.insert(0, str(REPO / "src"))

from transflow import config  # noqa: E402

TRANSFLOW = str(Path(sys.executable).parent / "transflow")


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# transflow as it was when the benchmark started (a copy of src/): editing the working tree
# meanwhile would change transflow's code, hence every content key, between two runs.
FROZEN: dict[str, str] = {}


def timed(
    cmds: list[list[str]], env: dict[str, str] | None = None, ok: bool = True
) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds, failures."""
    start, used, failures = time.perf_counter(), cpu(), 0
    for cmd in cmds:
        done = subprocess.run(
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **FROZEN, **(env or {})},
        )
        failures += done.returncode != 0
        if ok and done.returncode != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}")
    return time.perf_counter() - start, cpu() - used, failures


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def per_language(project: Path, source: Path, codes: list[str], tmp: Path) -> None:
    """Per language, one process at a time: ``transflow build --format pdf --jobs 1`` (its
    Sphinx latex build and XeLaTeX through latexmk) against Sphinx's own ``make latexpdf``
    (``sphinx-build -M latexpdf``: Sphinx's default engine for the language, its latexmkrc)."""
    print(f"{'language':10} {'transflow':>10} {'latexpdf':>10}  ratio")
    for code in codes:
        ours = timed(
            [
                [
                    TRANSFLOW,
                    "build",
                    "-C",
                    str(project),
                    "--format",
                    "pdf",
                    "--jobs",
                    "1",
                    "--lang",
                    code,
                    "-o",
                    str(tmp / "tf" / code),
                ]
            ],
            ok=False,
        )
        theirs = timed(
            [
                [
                    sys.executable,
                    "-m",
                    "sphinx",
                    "-M",
                    "latexpdf",
                    str(source),
                    str(tmp / "sphinx" / code),
                    "-q",
                    "-D",
                    f"language={code}",
                ]
            ],
            ok=False,
        )
        note = "" if not theirs[2] else "  (Sphinx's own build failed for this language)"
        print(f"{code:10} {ours[0]:9.2f}s {theirs[0]:9.2f}s  {ours[0] / theirs[0]:5.2f}{note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--format", default="html", choices=("html", "pdf"))
    parser.add_argument("--project", type=Path, default=None)
    parser.add_argument("--lang", action="append", default=None)
    parser.add_argument("--no-subprocess-mode", action="store_true")
    args = parser.parse_args()
    rows: dict[str, list[tuple[float, float, int]]] = {}
    with tempfile.TemporaryDirectory(prefix="transflow-bench-") as tmp:
        shutil.copytree(
            REPO / "src",
            Path(tmp) / "src",
            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
        )
        FROZEN["PYTHONPATH"] = str(Path(tmp) / "src")
        # Compiled, as pip installs it (PYTHONDONTWRITEBYTECODE would leave the copy without
        # .pyc files and charge every process for compiling transflow).
        compileall.compile_dir(Path(tmp) / "src", quiet=1)
        project = REPO
        if args.project:
            project = Path(tmp) / "project"
            shutil.copytree(
                args.project,
                project,
                symlinks=True,
                ignore=shutil.ignore_patterns(".git", "_build", "build"),
            )
            timed([[TRANSFLOW, "extract", "-C", str(project)]])
        cfg = config.load(project)
        codes = args.lang or [cfg.source_language.code, *(x.code for x in cfg.languages)]
        langs = [a for code in codes for a in ("--lang", code)]
        print(
            f"{project if args.project is None else args.project}: {len(codes)} languages, "
            f"{args.format}, best of {args.rounds}; {load()}"
        )
        for n in range(args.rounds):
            out = Path(tmp) / f"tf{n}"
            cmd = [
                TRANSFLOW,
                "build",
                "-C",
                str(project),
                "--format",
                args.format,
                "-o",
                str(out),
                *langs,
            ]
            rows.setdefault("transflow build (forked worker)", []).append(timed([cmd]))
            rows.setdefault("  no-change re-run", []).append(timed([cmd]))
            shutil.rmtree(out)
            if not args.no_subprocess_mode:
                rows.setdefault("transflow build, TRANSFLOW_FORK=0", []).append(
                    timed([cmd], {"TRANSFLOW_FORK": "0"})
                )
                shutil.rmtree(out)
            seq = Path(tmp) / f"seq{n}"
            if args.format == "html":
                loop = [
                    [
                        sys.executable,
                        "-m",
                        "sphinx",
                        "-q",
                        "-b",
                        "html",
                        "-D",
                        f"language={code}",
                        "-d",
                        str(seq / ".doctrees" / code),
                        str(cfg.source_dir),
                        str(seq / code),
                    ]
                    for code in codes
                ]
            else:
                loop = [
                    [
                        sys.executable,
                        "-m",
                        "sphinx",
                        "-M",
                        "latexpdf",
                        str(cfg.source_dir),
                        str(seq / code),
                        "-q",
                        "-D",
                        f"language={code}",
                    ]
                    for code in codes
                ]
            name = "sequential plain sphinx-build" + (
                " -M latexpdf" if args.format == "pdf" else ""
            )
            rows.setdefault(name, []).append(timed(loop, ok=False))
            shutil.rmtree(seq, ignore_errors=True)
            if args.format == "pdf" and n == 0:
                per_language(project, cfg.source_dir, codes, Path(tmp) / "each")
        print(f"after: {load()}")
    best = {name: min(runs) for name, runs in rows.items()}
    loop_name = next(n for n in best if n.startswith("sequential"))
    base = best[loop_name][0]
    cold = best["transflow build (forked worker)"][0]
    for name, (wall, used, failures) in best.items():
        note = f"{wall / base:5.2f}× the loop"
        if name.strip() == "no-change re-run":
            note = f"{100 * wall / cold:4.1f} % of the cold build (aim ≤ 5 %)"
        if failures:
            note += f"; {failures} of {len(codes)} builds failed"
        print(f"{name:38} {wall:7.2f} s wall {used:7.2f} s CPU  {note}")
    if args.format == "html":
        print(f"aim: transflow build ≤ 0.40× the loop on two cores ({os.cpu_count()} here)")


if __name__ == "__main__":
    main()
