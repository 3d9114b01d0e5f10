"""transflow build (parallel) vs sequential sphinx-build calls, on this repository's statements.

Both build every language's HTML from scratch into fresh directories, in one run; then
transflow's no-change rebuild is timed against its full build. Usage:
python benchmarks/bench_build.py [ROUNDS]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).parents[1]
sys.path.insert(0, str(REPO / "src"))

from transflow import config  # noqa: E402


def timed(cmds: list[list[str]]) -> float:
    start = time.perf_counter()
    for cmd in cmds:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    cfg = config.load(REPO)
    codes = [cfg.source_language.code, *(lang.code for lang in cfg.languages)]
    transflow = str(Path(sys.executable).parent / "transflow")
    ours, theirs, again = [], [], []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "tf"
            ours.append(
                timed([[transflow, "build", "-C", str(REPO), "--format", "html", "-o", str(out)]])
            )
            again.append(
                timed([[transflow, "build", "-C", str(REPO), "--format", "html", "-o", str(out)]])
            )
            seq = Path(tmp) / "seq"
            theirs.append(timed([
                [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D", f"language={code}",
                 "-d", str(seq / ".doctrees" / code), str(cfg.source_dir), str(seq / code)]
                for code in codes
            ]))  # fmt: skip
            shutil.rmtree(seq, ignore_errors=True)
    best = min(ours), min(theirs), min(again)
    print(f"{len(codes)} languages, HTML, best of {rounds}")
    print(f"transflow build (parallel):      {best[0]:6.2f} s")
    print(f"sequential sphinx-build calls:   {best[1]:6.2f} s")
    print(f"ratio:                           {best[0] / best[1]:6.2f}  (aim ≤ 0.65 on two cores)")
    print(
        f"no-change rebuild:               {best[2]:6.2f} s = {100 * best[2] / best[0]:.0f} % of a full build (aim < 10 %)"
    )


if __name__ == "__main__":
    main()
