"""Our .mo against GNU msgfmt's, byte for byte, on every catalog under the given folders.

Usage: python benchmarks/compare_mo.py DIR...   (e.g. checkouts of python-docs-es and -pl)

Each catalog msgfmt accepts is compiled both ways, with and without ``--use-fuzzy``; a catalog
msgfmt rejects (or our reader rejects) is counted apart. Exit 1 if any pair differs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from transflow import pofile
from transflow.errors import TransflowError
from transflow.pofile.mo import compile_mo


def main() -> int:
    same, different, rejected = 0, [], 0
    for po in sorted(p for d in sys.argv[1:] for p in Path(d).rglob("*.po")):
        try:
            catalog = pofile.read(po)
        except TransflowError:
            rejected += 1
            continue
        for fuzzy in (False, True):
            argv = ["msgfmt", *(["--use-fuzzy"] if fuzzy else []), "-o", "-", str(po)]
            done = subprocess.run(argv, capture_output=True)
            if done.returncode != 0:
                rejected += 1
                break
            if compile_mo(catalog, use_fuzzy=fuzzy) == done.stdout:
                same += 1
            else:
                different.append(f"{po}{' --use-fuzzy' if fuzzy else ''}")
    print(f"{same} identical, {len(different)} different, {rejected} rejected by a reader")
    for name in different[:20]:
        print("  differs:", name)
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
