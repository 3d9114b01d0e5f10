"""How fast is ``transflow stats`` against the tools people use to count translations?

    python benchmarks/bench_stats.py [--documents 520] [--messages 100] [--repeat 5]

Makes (once, seeded) a tree of 520 catalogs × 100 messages (52 000 messages with plurals,
fuzzy, untranslated and obsolete entries) and its templates, then times, each as a separate
process as a user runs it, best of ``--repeat``:

- ``transflow stats --locale-dir`` on the catalogs as they are (what the peers count), and
  ``--pot-dir`` against the templates (what a project's ``transflow stats`` does);
- ``sphinx-intl stat``, ``potodo --no-cache`` and a loop of ``msgfmt --statistics`` per file;
- the floor: one Python process reading the same bytes and running a single regex over them.

It prints each ratio and checks that transflow's counts equal msgfmt's, summed over the tree.
Then, in one process, where the time goes: reading bytes, transflow's full reader
(``pofile.parse``), the counting scan coverage uses, and polib.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[0] / "src"))

from transflow import coverage, files, pofile  # noqa: E402

BIN = Path(sys.executable).parent
FLOOR = r"""
import re, sys
from pathlib import Path
rx = re.compile(rb'^(?:#, .*fuzzy|msgid |msgstr(?:\[0\])? "(.*)"$)', re.M)
n = 0
for p in Path(sys.argv[1]).rglob('*.po'):
    n += len(rx.findall(p.read_bytes()))
print(n)
"""


def make_corpus(root: Path, documents: int, messages: int) -> tuple[Path, Path]:
    """The tree ``root/locale/nb/LC_MESSAGES/**/*.po`` and its templates ``root/pot-new``."""
    stamp = root / f".made-{documents}x{messages}"
    if stamp.exists():
        return root / "locale", root / "pot-new"
    try:
        sys.path.insert(0, str(HERE))
        import make_corpus as shared  # the benchmarks' common generator, when present

        shared.make(root, documents=documents, messages=messages)
    except ImportError:
        _make_own(root, documents, messages)
    stamp.touch()
    return root / "locale", root / "pot-new"


def _make_own(root: Path, documents: int, messages: int) -> None:
    """A fallback generator with the same layout: plurals, fuzzy, untranslated, obsolete."""
    rng = random.Random(7)
    words = [
        "the",
        "of",
        "and",
        "to",
        "in",
        "translation",
        "catalog",
        "document",
        "build",
        "release",
        "language",
        "project",
        "source",
        "text",
        "message",
        "template",
        "update",
        "coverage",
        "people",
        "community",
    ]
    if root.exists():
        shutil.rmtree(root)
    header = "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"
    for d in range(documents):
        domain = f"section{d // 40:02d}/doc{d:04d}"
        tpl, po = [], []
        for m in range(messages):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(8, 60))) + "."
            if m % 50 == 7:
                e = pofile.Entry(msgid=f"{m} item {domain}", msgid_plural=f"{m} items {domain}")
                t = pofile.Entry(
                    msgid=e.msgid,
                    msgid_plural=e.msgid_plural,
                    msgstr_plural=["x", "y"] if rng.random() < 0.9 else ["", ""],
                )
            else:
                e = pofile.Entry(msgid=text)
                r = rng.random()
                t = pofile.Entry(
                    msgid=text,
                    msgstr=text.upper() if r < 0.9 else "",
                    flags=["fuzzy"] if 0.85 < r < 0.9 else [],
                )
            tpl.append(e)
            po.append(t)
        po.append(pofile.Entry(msgid=f"old {domain}", msgstr="gammel", obsolete=True))
        files.write_if_changed(
            root / "pot-new" / f"{domain}.pot",
            pofile.dumps(pofile.Catalog(tpl, pofile.Entry(msgid="", msgstr=header))),
        )
        files.write_if_changed(
            root / "locale/nb/LC_MESSAGES" / f"{domain}.po",
            pofile.dumps(pofile.Catalog(po, pofile.Entry(msgid="", msgstr=header))),
        )


def best(argv: list[str], repeat: int, **kw) -> tuple[float, subprocess.CompletedProcess[str]]:
    times = []
    done = None
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, **kw)
        times.append(time.perf_counter() - start)
    assert done is not None
    return min(times), done


def msgfmt_loop(files: list[Path]) -> tuple[int, int, int]:
    totals = [0, 0, 0]
    for f in files:
        err = subprocess.run(
            ["msgfmt", "--statistics", "-o", "/dev/null", str(f)], capture_output=True, text=True
        ).stderr
        for i, word in enumerate(("translated", "fuzzy", "untranslated")):
            m = re.search(rf"(\d+) {word}", err)
            totals[i] += int(m.group(1)) if m else 0
    return totals[0], totals[1], totals[2]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=520)
    ap.add_argument("--messages", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=HERE / "_corpus" / "stats")
    args = ap.parse_args()

    locale, pots = make_corpus(args.corpus, args.documents, args.messages)
    files = sorted(locale.rglob("*.po"))
    size = sum(f.stat().st_size for f in files)
    print(
        f"corpus: {len(files)} catalogs, {args.documents * args.messages} template messages, "
        f"{size / 1e6:.1f} MB  ({args.corpus})"
    )
    # As pip installs it: with bytecode (an editable install under PYTHONDONTWRITEBYTECODE would
    # compile every module on every run, which no user's installed transflow does).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "src")], check=True)
    transflow = [str(BIN / "transflow"), "stats", "--locale-dir", str(locale), "--lang", "nb"]
    cold = {**os.environ, "TRANSFLOW_CACHE_DIR": "off"}
    warm = {**os.environ, "TRANSFLOW_CACHE_DIR": str(args.corpus / "cache")}
    against = ["--pot-dir", str(pots)]
    runs = {
        "transflow stats (catalogs as they are)": ([*transflow, "--format", "json"], cold),
        "transflow stats --pot-dir (against templates)": (
            [*transflow, *against, "--format", "json"],
            cold,
        ),
        "transflow stats, unchanged tree (its cache)": ([*transflow, "--format", "json"], warm),
        "sphinx-intl stat": (
            [str(BIN / "sphinx-intl"), "stat", "-d", str(locale), "-l", "nb"],
            None,
        ),
        "potodo --no-cache": (
            [str(BIN / "potodo"), "-p", str(locale / "nb"), "--no-cache", "-s"],
            None,
        ),
        "potodo, unchanged tree (its cache)": (
            [str(BIN / "potodo"), "-p", str(locale / "nb"), "-s"],
            None,
        ),
        "regex floor (one process, one pass)": ([sys.executable, "-c", FLOOR, str(locale)], None),
    }
    timing = {}
    outputs = {}
    for name, (argv, env) in runs.items():
        if "cache" in name and "no-cache" not in name:
            subprocess.run(argv, capture_output=True, env=env, cwd=args.corpus)  # fill the cache
        timing[name], done = best(argv, args.repeat, env=env, cwd=args.corpus)
        if done.returncode not in (0, 1):  # sphinx-intl exits 1 when anything is untranslated
            print(f"{name} failed ({done.returncode}): {done.stderr[-500:]}")
        outputs[name] = done.stdout
    start = time.perf_counter()
    oracle = msgfmt_loop(files)
    timing["msgfmt --statistics loop"] = time.perf_counter() - start

    import json

    ours = json.loads(outputs["transflow stats (catalogs as they are)"])["totals"]
    same = (ours["translated"], ours["fuzzy"], ours["untranslated"]) == oracle
    cached = outputs["transflow stats, unchanged tree (its cache)"]
    if cached != outputs["transflow stats (catalogs as they are)"]:
        print("the cached count differs from the first count")
        same = False
    print(
        f"counts: transflow {ours['translated']}/{ours['fuzzy']}/{ours['untranslated']}, "
        f"msgfmt {oracle[0]}/{oracle[1]}/{oracle[2]} (translated/fuzzy/untranslated): "
        f"{'identical' if same else 'DIFFERENT'}"
    )

    ref = timing["transflow stats (catalogs as they are)"]
    hot = timing["transflow stats, unchanged tree (its cache)"]
    floor = timing["regex floor (one process, one pass)"]
    print(f"\n{'':48} {'seconds':>8} {'× transflow':>12}")
    for name, t in timing.items():
        print(f"{name:48} {t:8.3f} {t / ref:12.2f}")
    peers = [
        timing[k] for k in ("sphinx-intl stat", "potodo --no-cache", "msgfmt --statistics loop")
    ]
    cached_peer = timing["potodo, unchanged tree (its cache)"]
    print(
        f"\nfirst count: fastest peer / transflow {min(peers) / ref:.1f}× (aim ≥ 5×), "
        f"transflow / regex floor {ref / floor:.2f} (aim ≤ 2)"
        f"\nunchanged tree: fastest peer / transflow {min(peers) / hot:.1f}×, "
        f"potodo's cache / transflow's {cached_peer / hot:.1f}×, "
        f"transflow / regex floor {hot / floor:.2f}"
    )

    # Where the time goes, in one process (best of --repeat each).
    data = [f.read_bytes() for f in files]
    texts = [pofile.reader.decode(b, f) for b, f in zip(data, files, strict=True)]

    def timed(fn) -> float:
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - start)
        return min(samples)

    parts = {
        "read bytes": lambda: [f.read_bytes() for f in files],
        "decode (UTF-8)": lambda: [b.decode("utf-8") for b in data],
        "pofile.parse (full reader)": lambda: [pofile.parse(t) for t in texts],
        "coverage scan (counting pass)": lambda: [pofile.parse_summary(t) for t in texts],
        "count() on the summaries": lambda: [
            coverage.count(None, pofile.parse_summary(t)) for t in texts
        ],
    }
    try:
        import polib

        parts["polib.pofile"] = lambda: [polib.pofile(t) for t in texts[: len(texts) // 5]]
    except ImportError:
        pass
    print("\nin one process:")
    for name, fn in parts.items():
        t = timed(fn) if name != "polib.pofile" else 5 * timed(fn)  # polib timed on a fifth
        print(f"  {name:34} {t:7.3f} s")
    print(
        f"  (process start and imports: transflow --version "
        f"{statistics.median(best([str(BIN / 'transflow'), '--version'], 3)[0] for _ in range(1)):.3f} s)"
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
