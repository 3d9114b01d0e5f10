"""Translation memory on a real release: transflow update --tm vs pot2po --tm vs msgmerge -C.

A python-docs-* translation (python/python-docs-es, -pl: one language's catalogs, one branch
per CPython release) is the real case: the catalogs of release OLD as memory for the templates
of release NEW. The templates are NEW's catalogs with every translation blanked (the
repositories hold only .po; blanking them gives exactly the messages NEW's documentation has);
NEW's own translations are the answer key. Catalogs of NEW that do not parse are left out
(python-docs-es 3.12 has one, ``library/re.po``) and counted.

Each tool fills empty catalogs for NEW's templates from OLD, in one run:

- ``transflow update --tm OLD``: a git repository whose commit ``old`` holds OLD's catalogs in
  the catalog folder (read with git, nothing checked out); the working tree has no catalogs;
- ``pot2po --tm COMPENDIUM -t EMPTY -i POT -o OUT`` (translate-toolkit; one process for the
  tree; ``-t`` an empty catalog per template, without which pot2po 3.20 stops on a new one);
- ``msgmerge -C COMPENDIUM -o OUT EMPTY ALL.pot``: once, on the ``msgcat`` of every template
  (per catalog, msgmerge reloads the compendium each time: 2.5 s × 500 catalogs).

Both GNU and translate-toolkit need a compendium: ``msgcat --use-first`` of OLD's catalogs,
``msgattrib --translated --no-fuzzy``; its time is printed apart and not counted for them.

Measured per tool: messages filled by an exact match (same msgid; translate-toolkit and GNU
fill those as translated, transflow as fuzzy by default) and by a near one (fuzzy, ``#|
msgid``); of each, the share *equal* to NEW's real translation (a translator keeps it as it
is) and the share *near* it (rapidfuzz ratio ≥ 90 against NEW's translation: a small edit),
counted over the messages NEW has translated; *correct* = filled and equal; and wall time.

Usage: python benchmarks/bench_tm.py REPO OLD NEW [--lang es] [--limit N] [--threshold R]
   e.g. python benchmarks/bench_tm.py /work/.mirror/python+python-docs-es/repo 3.11 3.12
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "src"))

from rapidfuzz import fuzz

from transflow import pofile
from transflow.errors import CatalogError
from transflow.pofile import Catalog, Entry

BIN = Path(sys.executable).parent
HEADER = (
    "Project-Id-Version: bench\nPOT-Creation-Date: 2031-01-01 00:00+0000\n"
    "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
)
Answers = dict[tuple[str, tuple[str | None, str]], tuple[str, ...]]


def unpack(repo: str, rev: str, dest: Path, limit: int | None) -> list[Path]:
    """The .po files of ``rev``, unpacked (``git archive``), sorted; the first ``limit``."""
    data = subprocess.run(
        ["git", "--git-dir", repo, "archive", f"refs/heads/{rev}"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = [m for m in tar.getmembers() if m.name.endswith(".po") and m.isfile()]
        tar.extractall(dest, members=members, filter="data")
    found = sorted(dest.rglob("*.po"))
    return found[:limit] if limit else found


def templates(
    new: Path, catalogs: list[Path], pot: Path, empty: Path, lang: str
) -> tuple[Answers, int]:
    """NEW's catalogs as templates and empty catalogs; NEW's translations, the answer key."""
    answers: Answers = {}
    broken = 0
    for po in catalogs:
        try:
            cat = pofile.read(po)
        except CatalogError:
            broken += 1
            continue
        doc = po.relative_to(new).with_suffix("").as_posix()
        entries = []
        for e in cat.live():
            if e.translated:
                answers[doc, e.key] = tuple(e.strings)
            entries.append(
                Entry(
                    e.msgid,
                    msgctxt=e.msgctxt,
                    msgid_plural=e.msgid_plural,
                    msgstr_plural=["", ""] if e.msgid_plural is not None else [],
                    occurrences=e.occurrences,
                    auto_comments=e.auto_comments,
                    flags=[f for f in e.flags if f != "fuzzy"],
                )
            )
        out = pot / f"{doc}.pot"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(pofile.dumps(Catalog(entries, Entry("", HEADER)), pofile.writer.GNU))
        blank = empty / f"{doc}.po"
        blank.parent.mkdir(parents=True, exist_ok=True)
        blank.write_text(
            f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Language: {lang}\\n"\n'
        )
    return answers, broken


def run(argv: list[str], **kw) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, **kw)
    return time.perf_counter() - start


def filled_tree(out: Path, suffix: str = ".po") -> dict[tuple[str, tuple], tuple[bool, tuple]]:
    """(document, key) → (fuzzy, strings) of each filled message of a tree of catalogs."""
    found = {}
    for po in out.rglob(f"*{suffix}"):
        doc = po.relative_to(out).with_suffix("").as_posix()
        for e in pofile.read(po).live():
            if e.msgid and any(e.strings[:1]) and e.strings[0]:
                found[doc, e.key] = (e.fuzzy, tuple(e.strings))
    return found


def score(name: str, filled, answers: Answers, templates_keys, seconds: float) -> dict:
    """Counts per kind of fill (exact: same msgid as memory; near: fuzzy with another msgid)."""
    row = {"tool": name, "time": seconds}
    for kind in ("exact", "near"):
        row[kind] = row[kind + "_graded"] = row[kind + "_equal"] = row[kind + "_close"] = 0
    for (doc, key), (kind, strings) in filled.items():
        if (doc, key) not in templates_keys:
            continue
        row[kind] += 1
        truth = answers.get((doc, key))
        if truth is None:
            continue
        row[kind + "_graded"] += 1
        if strings == truth:
            row[kind + "_equal"] += 1
        if fuzz.ratio(strings[0], truth[0]) >= 90:
            row[kind + "_close"] += 1
    row["correct"] = row["exact_equal"] + row["near_equal"]
    row["close"] = row["exact_close"] + row["near_close"]
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("repo")
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--lang", default="es")
    ap.add_argument("--limit", type=int, help="only the first N catalogs of NEW (sorted)")
    ap.add_argument("--threshold", type=float, default=None, help="transflow's tm-threshold")
    ap.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["pot2po", "msgmerge"],
        help="leave a competitor out (while tuning; the figures need all three)",
    )
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-tm-"))
    try:
        old, new = tmp / "old", tmp / "new"
        old_files = unpack(args.repo, args.old, old, None)
        new_files = unpack(args.repo, args.new, new, args.limit)
        pot, empty = tmp / "pot", tmp / "empty"
        answers, broken = templates(new, new_files, pot, empty, args.lang)
        keys = {
            (p.relative_to(pot).with_suffix("").as_posix(), e.key)
            for p in pot.rglob("*.pot")
            for e in pofile.read(p).live()
            if e.msgid
        }
        print(
            f"{args.repo}: memory {args.old} ({len(old_files)} catalogs), templates "
            f"{args.new} ({len(new_files) - broken} catalogs, {len(keys)} messages, "
            f"{len(answers)} translated in {args.new}; {broken} unreadable left out)"
        )

        # transflow: OLD's catalogs committed in a git repository, read with --tm.
        tf = tmp / "transflow"
        lc = tf / "locale" / args.lang / "LC_MESSAGES"
        shutil.copytree(old, lc)
        git = ["git", "-C", str(tf), "-c", "user.name=b", "-c", "user.email=b@example.org"]
        subprocess.run([*git, "init", "-q"], check=True)
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-qm", "old"], check=True)
        subprocess.run([*git, "tag", "old"], check=True)
        shutil.rmtree(lc)
        lc.mkdir(parents=True)
        shutil.copytree(pot, tf / "pot")
        extra = f"tm-threshold = {args.threshold}\n" if args.threshold is not None else ""
        (tf / "pyproject.toml").write_text(
            f'[tool.transflow]\nlocale-dir = "locale"\npot-dir = "pot"\n'
            f'languages = ["{args.lang}"]\n[tool.transflow.update]\n{extra}'
        )
        # A cache folder of this run only: the first update reads OLD from git (as the other
        # tools read their compendium); the second finds OLD's catalogs already parsed.
        env = {**os.environ, "TRANSFLOW_CACHE_DIR": str(tmp / "cache")}
        update = [str(BIN / "transflow"), "update", "--project", str(tf), "--tm", "old"]
        t_tf = run(update, stdout=subprocess.DEVNULL, env=env)
        ours = {
            k: ("near" if e.previous_msgid is not None else "exact", tuple(e.strings))
            for k, e in _entries(lc).items()
        }
        shutil.rmtree(lc)
        lc.mkdir(parents=True)
        t_warm = run(update, stdout=subprocess.DEVNULL, env=env)
        same = ours == {
            k: ("near" if e.previous_msgid is not None else "exact", tuple(e.strings))
            for k, e in _entries(lc).items()
        }

        # The compendium GNU and translate-toolkit need.
        comp, comp_all = tmp / "compendium.po", tmp / "compendium-all.po"
        start = time.perf_counter()
        subprocess.run(
            ["msgcat", "--use-first", "-o", str(comp_all), *map(str, old_files)],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        subprocess.run(
            [
                "msgattrib",
                "--translated",
                "--no-fuzzy",
                "--no-obsolete",
                "-o",
                str(comp),
                str(comp_all),
            ],
            check=True,
        )
        t_comp = time.perf_counter() - start

        rows = [score("transflow", ours, answers, keys, t_tf)]
        if "pot2po" not in args.skip:
            out_tt = tmp / "pot2po"
            t_tt = run(
                [
                    str(BIN / "pot2po"),
                    "--progress=none",
                    "--tm",
                    str(comp),
                    "-t",
                    str(empty),
                    "-i",
                    str(pot),
                    "-o",
                    str(out_tt),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            theirs_tt = {
                k: ("near" if fz else "exact", s) for k, (fz, s) in filled_tree(out_tt).items()
            }
            rows.append(score("pot2po --tm", theirs_tt, answers, keys, t_tt))
        if "msgmerge" not in args.skip:
            all_pot, out_mm, blank = tmp / "all.pot", tmp / "msgmerge.po", tmp / "blank.po"
            subprocess.run(
                [
                    "msgcat",
                    "--use-first",
                    "-o",
                    str(all_pot),
                    *map(str, sorted(pot.rglob("*.pot"))),
                ],
                check=True,
            )
            blank.write_text(
                f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                f'"Language: {args.lang}\\n"\n'
            )
            t_mm = run(
                [
                    "msgmerge",
                    "--quiet",
                    "-C",
                    str(comp),
                    "-o",
                    str(out_mm),
                    str(blank),
                    str(all_pot),
                ]
            )
            merged = {
                e.key: ("near" if e.fuzzy else "exact", tuple(e.strings))
                for e in pofile.read(out_mm).live()
                if e.msgid and e.strings[0]
            }
            theirs_mm = {(doc, key): merged[key] for doc, key in keys if key in merged}
            rows.append(score("msgmerge -C", theirs_mm, answers, keys, t_mm))
        print(
            f"compendium for pot2po and msgmerge (msgcat + msgattrib): {t_comp:.1f} s, not counted"
        )
        head = (
            f"{'tool':<13} {'exact':>6} {'=real':>6} {'near':>6} {'graded':>6} {'=real':>6} "
            f"{'≥90%':>6} {'correct':>8} {'≥90%':>6} {'time s':>7}"
        )
        print(head)
        print("-" * len(head))
        for r in rows:
            print(
                f"{r['tool']:<13} {r['exact']:>6} {_share(r['exact_equal'], r['exact_graded']):>6} "
                f"{r['near']:>6} {r['near_graded']:>6} {_share(r['near_equal'], r['near_graded']):>6} "
                f"{_share(r['near_close'], r['near_graded']):>6} {r['correct']:>8} "
                f"{r['close']:>6} {r['time']:>7.1f}"
            )
        tfr, others = rows[0], rows[1:]
        if not others:
            return
        fastest = min(others, key=lambda r: r["time"])
        for r in others:
            print(
                f"transflow / {r['tool']}: correct {tfr['correct'] / max(1, r['correct']):.2f}×, "
                f"near-correct {tfr['near_equal'] / max(1, r['near_equal']):.2f}×, "
                f"time {tfr['time'] / r['time']:.2f}×"
            )
        print(
            f"time against the faster ({fastest['tool']}): {tfr['time'] / fastest['time']:.2f}× "
            "(aim ≤ 0.5×)"
        )
        print(
            f"transflow again, OLD's catalogs kept from the first run: {t_warm:.1f} s "
            f"({t_warm / fastest['time']:.2f}× {fastest['tool']}; "
            f"{'the same fills' if same else 'DIFFERENT fills'})"
        )
        print(
            "columns: exact/near = messages filled; =real = share equal to the new release's "
            "translation; graded = near fills whose message the new release translated; "
            "≥90% = share within rapidfuzz ratio 90 of it; correct = fills equal to it"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def _entries(locale: Path) -> dict[tuple[str, tuple], Entry]:
    found = {}
    for po in locale.rglob("*.po"):
        doc = po.relative_to(locale).with_suffix("").as_posix()
        for e in pofile.read(po).live():
            if e.msgid and e.strings[0]:
                found[doc, e.key] = e
    return found


if __name__ == "__main__":
    main()
