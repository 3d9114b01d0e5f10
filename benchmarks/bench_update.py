"""transflow update vs sphinx-intl update vs a msgmerge loop, on copies of the same catalogs.

The corpus (make_corpus.py) has 400 documents × 100 messages = 40 000 messages by default; its
templates changed between an old and a new set (reworded, typo fixes, inserted, removed and
moved paragraphs). Each tool updates its own copy of the same catalogs against the new
templates, as a user would run it:

- ``transflow update`` (the command line, a fresh process);
- ``sphinx-intl update -p pot -d locale -l nb``;
- ``msgmerge --quiet --no-wrap --backup=off -U <po> <pot>`` once per catalog.

Printed: each tool's time and its ratio to msgmerge; the translations each keeps (non-fuzzy,
counted as msgfmt counts) and fuzzy ones; whether transflow kept every non-fuzzy translation
msgmerge kept (the same msgstr for the same msgid); ``msgfmt -c`` on every catalog each tool
wrote (all of them, not a sample); and transflow's no-change re-run time against its cold
update, both with its update cache and without it (cache deleted: every catalog parsed, merged
and compared, none written).

Usage: python benchmarks/bench_update.py [DOCUMENTS] [MESSAGES]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "src"))

from make_corpus import make

from transflow import pofile

BIN = Path(sys.executable).parent
TOOLS = ("transflow", "sphinx-intl", "msgmerge")


def timed(cmd: list[str] | None = None, fn=None) -> float:
    start = time.perf_counter()
    if cmd is not None:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        fn()
    return time.perf_counter() - start


def translations(locale: Path) -> tuple[dict[tuple[str, str], tuple[str, ...]], int]:
    """Non-fuzzy translated live messages (by document and msgid) and the number of fuzzy ones."""
    done: dict[tuple[str, str], tuple[str, ...]] = {}
    fuzzy = 0
    for po in sorted(locale.rglob("*.po")):
        doc = po.relative_to(locale).as_posix()
        for e in pofile.read(po).entries:
            if e.obsolete:
                continue
            fuzzy += e.fuzzy
            if e.translated:
                done[doc, e.msgid] = tuple(e.strings)
    return done, fuzzy


def rejected_by_msgfmt(locale: Path) -> int:
    bad = 0
    for po in locale.rglob("*.po"):
        done = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True)
        bad += done.returncode != 0 or b"warning" in done.stderr
    return bad


def snapshot(locale: Path) -> dict[Path, tuple[int, bytes]]:
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in locale.rglob("*.po")}


def main() -> None:
    documents = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    messages = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    root = Path(__file__).parent / "_corpus" / "update"
    make(root, documents, messages)
    catalogs = list((root / "locale").rglob("*.po"))
    print(
        f"corpus: {len(catalogs)} catalogs, {documents} documents × {messages} messages "
        f"= {documents * messages} messages, templates changed between old and new"
    )
    trees = {}
    for tool in TOOLS:
        trees[tool] = root / tool
        shutil.copytree(root / "locale", trees[tool] / "locale")
        shutil.copytree(root / "pot-new", trees[tool] / "pot")
    tf = trees["transflow"]
    (tf / "pyproject.toml").write_text(
        '[tool.transflow]\nlocale-dir = "locale"\npot-dir = "pot"\nlanguages = ["nb"]\n'
    )
    transflow = [str(BIN / "transflow"), "update", "--project", str(tf)]
    times = {"transflow": timed(transflow)}
    before = snapshot(tf / "locale")
    no_change = timed(transflow)
    (tf / "_build/.transflow/update-cache.json").unlink()
    no_change_uncached = timed(transflow)
    idempotent = snapshot(tf / "locale") == before

    si = trees["sphinx-intl"]
    times["sphinx-intl"] = timed(
        [
            str(BIN / "sphinx-intl"),
            "update",
            "-p",
            str(si / "pot"),
            "-d",
            str(si / "locale"),
            "-l",
            "nb",
        ]
    )
    mm = trees["msgmerge"]

    def msgmerge_loop() -> None:
        for pot in sorted((mm / "pot").rglob("*.pot")):
            po = mm / "locale/nb/LC_MESSAGES" / pot.relative_to(mm / "pot").with_suffix(".po")
            subprocess.run(
                ["msgmerge", "--quiet", "--no-wrap", "--backup=off", "-U", str(po), str(pot)],
                check=True,
            )

    times["msgmerge"] = timed(fn=msgmerge_loop)

    print(
        f"\n{'tool':12} {'seconds':>8} {'vs msgmerge':>12} {'translated':>11} {'fuzzy':>7} "
        f"{'msgfmt -c rejects':>18}"
    )
    kept = {}
    for tool in TOOLS:
        kept[tool], fuzzy = translations(trees[tool] / "locale")
        bad = rejected_by_msgfmt(trees[tool] / "locale")
        print(
            f"{tool:12} {times[tool]:8.2f} {times[tool] / times['msgmerge']:11.2f}× "
            f"{len(kept[tool]):11} {fuzzy:7} {bad:>11} of {len(catalogs)}"
        )
    lost = {k: v for k, v in kept["msgmerge"].items() if kept["transflow"].get(k) != v}
    print(f"\ntranslations msgmerge kept that transflow lost or changed: {len(lost)}")
    for (doc, msgid), v in list(lost.items())[:5]:
        print(f"  {doc}: {msgid[:60]!r} → {v[0][:40]!r}")
    print(
        f"transflow no-change re-run: {no_change:.2f} s = "
        f"{100 * no_change / times['transflow']:.0f} % of the cold update "
        f"(without its cache: {no_change_uncached:.2f} s = "
        f"{100 * no_change_uncached / times['transflow']:.0f} %)"
    )
    print(f"no-change re-runs left every catalog's bytes and mtime alone: {idempotent}")


if __name__ == "__main__":
    main()
