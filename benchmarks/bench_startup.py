"""Start-up: ``transflow --version`` and ``transflow --help`` against ``python -c pass`` (the
floor) and ``sphinx-build --version`` (the tool a user runs beside it). Uses hyperfine when
installed, else the best of a loop of runs. Target: ``transflow --version`` ≤ 0.1 s. Usage:
python benchmarks/bench_startup.py [RUNS]
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def measure(cmd: list[str], runs: int) -> float:
    """The median wall time of ``cmd``, in seconds."""
    hyperfine = shutil.which("hyperfine")
    if hyperfine:
        with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
            subprocess.run(
                [
                    hyperfine,
                    "-N",
                    "--warmup",
                    "3",
                    "--runs",
                    str(runs),
                    "--export-json",
                    tmp.name,
                    subprocess.list2cmdline(cmd),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            return json.loads(Path(tmp.name).read_text())["results"][0]["median"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    floor = measure([sys.executable, "-c", "pass"], runs)
    sphinx = measure([str(BIN / "sphinx-build"), "--version"], runs)
    print(f"python -c pass          {floor:6.3f} s")
    print(f"sphinx-build --version  {sphinx:6.3f} s")
    for args in (["--version"], ["--help"]):
        ours = measure([str(BIN / "transflow"), *args], runs)
        print(
            f"transflow {' '.join(args):13} {ours:6.3f} s  ({ours / floor:.2f}× python -c pass, "
            f"{ours / sphinx:.2f}× sphinx-build --version)"
        )


if __name__ == "__main__":
    main()
