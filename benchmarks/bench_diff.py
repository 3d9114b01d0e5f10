"""The diff each tool leaves on a real catalog tree: transflow update vs msgmerge vs sphinx-intl.

A team adopts an update tool only if its run is a reviewable diff. This takes a real tree of
translated catalogs (for instance python/python-docs-pl, 465 catalogs that Transifex and
``msgcat`` lay out GNU's way), derives its templates (each catalog's messages, untranslated,
with a new POT-Creation-Date, as a rebuild of the documentation would write them), and lets
each tool update its own git-committed copy, in two rounds:

1. no source change: only the templates' date is new;
2. source changes: a seeded 10 % of the messages reworded, 3 % removed, 3 % added, and every
   reference moved two lines down (a paragraph inserted above).

Tools: ``transflow update`` (a fresh process; by default the work msgmerge does, and with
``--tm-project`` also filling untranslated messages from the language's other catalogs),
``msgmerge --previous -U`` once per catalog, one process each (what GNU users, Makefiles and
python-docs' scripts run), ``sphinx-intl update``. For each: files changed and lines of ``git diff``,
translations lost (a message the template still has, translated before and not after),
catalogs ``msgfmt -c`` rejects, and the time, with transflow's as a ratio of msgmerge's.

Usage: python benchmarks/bench_diff.py TREE [LANG]   (TREE: a directory of .po files)
"""

from __future__ import annotations

import random
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "src"))

from transflow import files, pofile
from transflow.pofile import Catalog, Entry

BIN = Path(sys.executable).parent
TOOLS = ("transflow", "transflow --tm-project", "msgmerge", "sphinx-intl")


def templates(tree: Path, pot: Path, rng: random.Random | None) -> None:
    """Each catalog's messages as a template; with ``rng``, the sources changed as well."""
    for po in sorted(tree.rglob("*.po")):
        catalog = pofile.read(po)
        entries = []
        seen = set()
        for e in catalog.live():
            refs = e.occurrences
            msgid = e.msgid
            if rng is not None:
                roll = rng.random()
                if roll < 0.03:
                    continue  # a removed paragraph
                if roll < 0.13 and " " in msgid:
                    words = msgid.split(" ")
                    words[rng.randrange(len(words))] = "reworded"
                    msgid = " ".join(words) if (e.msgctxt, " ".join(words)) not in seen else msgid
                if roll > 0.97:
                    entries.append(Entry(f"A new paragraph {rng.random():.6f}.", occurrences=refs))
                refs = [re.sub(r":(\d+)$", lambda m: f":{int(m[1]) + 2}", r) for r in refs]
            seen.add((e.msgctxt, msgid))
            t = Entry(
                msgid,
                msgctxt=e.msgctxt,
                msgid_plural=e.msgid_plural,
                occurrences=refs,
                auto_comments=list(e.auto_comments),
                flags=[f for f in e.flags if f != "fuzzy"],
            )
            entries.append(t)
        day = 2 if rng else 1
        header = Entry(
            "",
            f"Project-Id-Version: bench\nPOT-Creation-Date: 2031-01-0{day} 00:00+0000\n"
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
            "Content-Transfer-Encoding: 8bit\n",
        )
        dest = pot / po.relative_to(tree).with_suffix(".pot")
        files.write_if_changed(dest, pofile.dumps(Catalog(entries, header), pofile.writer.GNU))


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def translated(locale: Path) -> dict[tuple[str, object], tuple[str, ...]]:
    done = {}
    for po in locale.rglob("*.po"):
        doc = po.relative_to(locale).as_posix()
        for e in pofile.read(po).entries:
            if e.translated:
                done[doc, e.key] = tuple(e.strings)
    return done


def run(tool: str, work: Path, lang: str) -> tuple[float, float]:
    """The tool's wall time and CPU time (user + system, of its processes): on a shared
    machine the CPU time is the fairer comparison."""
    locale, pot = work / "locale" / lang / "LC_MESSAGES", work / "pot"
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    if tool.startswith("transflow"):
        subprocess.run(
            [str(BIN / "transflow"), "update", "--project", str(work), *tool.split()[1:]],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    elif tool == "msgmerge":
        for po in sorted(locale.rglob("*.po")):
            template = pot / po.relative_to(locale).with_suffix(".pot")
            subprocess.run(
                ["msgmerge", "--quiet", "--previous", "--backup=off", "-U", str(po), str(template)],
                check=True,
            )
    else:
        subprocess.run(
            [
                str(BIN / "sphinx-intl"),
                "update",
                "-p",
                str(pot),
                "-d",
                str(work / "locale"),
                "-l",
                lang,
                "-j",
                "1",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return time.perf_counter() - start, cpu


def main() -> None:
    tree = Path(sys.argv[1]).resolve()
    lang = sys.argv[2] if len(sys.argv) > 2 else "pl"
    root = Path(__file__).parent / "_corpus" / "diff"
    shutil.rmtree(root, ignore_errors=True)
    works = {}
    for tool in TOOLS:
        work = works[tool] = root / tool.replace(" --", "-")
        for po in tree.rglob("*.po"):
            dest = work / "locale" / lang / "LC_MESSAGES" / po.relative_to(tree)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(po, dest)
        (work / "pyproject.toml").write_text(
            f'[tool.transflow]\nlocale-dir = "locale"\npot-dir = "pot"\nlanguages = ["{lang}"]\n'
        )
        (work / ".gitignore").write_text("_build/\n")
        git(work, "init", "-q")
    count = sum(1 for _ in tree.rglob("*.po"))
    for title, seed in (("no source change", None), ("source changes", 5)):
        print(f"\n{title}: {count} catalogs of {tree.name}")
        print(
            f"{'tool':18} {'files':>6} {'diff lines':>11} {'lost':>6} {'msgfmt -c rejects':>18} "
            f"{'time':>8} {'CPU':>8}"
        )
        times, cpus = {}, {}
        for tool, work in works.items():
            templates(tree, work / "pot", random.Random(seed) if seed is not None else None)
            git(work, "add", "-A")
            git(work, "commit", "-qm", "before", "--allow-empty")
            locale = work / "locale" / lang / "LC_MESSAGES"
            before = translated(locale)
            times[tool], cpus[tool] = run(tool, work, lang)
            changed = [ln for ln in git(work, "status", "--porcelain").splitlines() if ln]
            lines = sum(
                int(a) + int(b)
                for a, b, *_ in (
                    ln.split("\t") for ln in git(work, "diff", "--numstat").splitlines()
                )
                if a != "-"
            )
            wanted = {
                (doc, e.key)
                for pot in (work / "pot").rglob("*.pot")
                for doc in [pot.relative_to(work / "pot").with_suffix(".po").as_posix()]
                for e in pofile.read(pot).entries
            }
            after = translated(locale)
            lost = sum(1 for k, v in before.items() if k in wanted and after.get(k) != v)
            rejects = sum(
                subprocess.run(
                    ["msgfmt", "-c", "-o", "/dev/null", str(p)], capture_output=True
                ).returncode
                != 0
                for p in locale.rglob("*.po")
            )
            print(
                f"{tool:18} {len(changed):6} {lines:11} {lost:6} {rejects:18} "
                f"{times[tool]:7.2f}s {cpus[tool]:7.2f}s"
            )
        for tool in ("transflow", "transflow --tm-project"):
            print(
                f"{tool} / msgmerge: time {times[tool] / times['msgmerge']:.2f}, "
                f"CPU {cpus[tool] / cpus['msgmerge']:.2f}"
            )


if __name__ == "__main__":
    main()
