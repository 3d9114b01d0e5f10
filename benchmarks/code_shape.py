"""The shape of transflow's code at two git revisions, side by side: what issue #13 measures.

Usage: python benchmarks/code_shape.py [BEFORE [AFTER]]  (default: main, the working tree)

Per revision: modules and lines of ``src/transflow``, the largest modules, the most complex
functions (radon's cyclomatic complexity, ``pip install radon``), repeated blocks (the same six
significant lines in two places), tests that set a project up inline (extract and update in the
test's own body, not the ``translated_project`` fixture), and the markers that hide code from the tools (``# fmt:
skip``, ``type: ignore``). No timing here: the test suite's time is pytest's own summary line.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WINDOW = 6


def checkout(rev: str | None, dest: Path) -> Path:
    """``src/`` and ``tests/`` of ``rev`` (None: the working tree) under ``dest``."""
    if rev is None:
        return REPO
    data = subprocess.run(
        ["git", "-C", str(REPO), "archive", rev, "src", "tests"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def significant(line: str) -> str:
    text = line.strip()
    return "" if not text or text.startswith("#") else text


def repeated_blocks(files: list[Path]) -> int:
    """Windows of six significant lines that occur in more than one place."""
    where: dict[tuple[str, ...], set[tuple[Path, int]]] = defaultdict(set)
    for path in files:
        lines = [s for s in map(significant, path.read_text("utf-8").splitlines()) if s]
        for i in range(len(lines) - WINDOW + 1):
            block = tuple(lines[i : i + WINDOW])
            if sum(len(x) for x in block) > 120:  # not six lines of brackets
                where[block].add((path, i))
    return sum(1 for places in where.values() if len(places) > 1)


def complexity(src: Path) -> list[tuple[int, str]]:
    done = subprocess.run(
        [sys.executable, "-m", "radon", "cc", "-s", "-n", "C", str(src)],
        capture_output=True,
        text=True,
    )
    found, module = [], ""
    for line in done.stdout.splitlines():
        if not line.startswith(" "):
            module = line.strip().removeprefix(str(src) + "/")
        elif "(" in line:
            name = line.split()[2]
            score = int(line.rsplit("(", 1)[1].rstrip(")"))
            found.append((score, f"{module}:{name}"))
    return sorted(found, reverse=True)


def shape(root: Path) -> dict[str, object]:
    src = root / "src" / "transflow"
    modules = sorted(p for p in src.rglob("*.py") if "_linebreak_data" not in p.name)
    sizes = sorted(
        ((len(p.read_text("utf-8").splitlines()), str(p.relative_to(src))) for p in modules),
        reverse=True,
    )
    tests = sorted((root / "tests").glob("*.py"))
    text = {p: p.read_text("utf-8") for p in [*modules, *tests]}
    cc = complexity(src)
    return {
        "modules": len(modules),
        "lines": sum(n for n, _ in sizes),
        "largest modules": ", ".join(f"{name} {n}" for n, name in sizes[:5]),
        "functions with CC >= 20": sum(1 for score, _ in cc if score >= 20),
        "most complex": ", ".join(f"{name} {score}" for score, name in cc[:5]),
        "repeated 6-line blocks (src)": repeated_blocks(modules),
        "repeated 6-line blocks (tests)": repeated_blocks(tests),
        "tests setting up a project inline": sum(
            t.count("extract.extract(cfg)\n    update.update(cfg")
            for p, t in text.items()
            if p in tests
        ),
        "'# fmt: skip' (src + tests)": sum(t.count("# fmt: skip") for t in text.values()),
        "'type: ignore' (src)": sum(text[p].count("type: ignore") for p in modules),
    }


def main() -> None:
    revs: list[str | None] = [*sys.argv[1:3]]
    revs += [None] * (2 - len(revs)) if revs else ["main", None]
    with tempfile.TemporaryDirectory() as tmp:
        shapes = [shape(checkout(rev, Path(tmp) / str(i))) for i, rev in enumerate(revs)]
    names = [rev or "working tree" for rev in revs]
    print(f"{'':32} | {names[0]} | {names[1]}")
    for key in shapes[0]:
        print(f"{key:32} | {shapes[0][key]} | {shapes[1][key]}")


if __name__ == "__main__":
    main()
