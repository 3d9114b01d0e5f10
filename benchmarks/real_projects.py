"""Every transflow command on real Sphinx projects, each unchanged (run on a copy); a table.

Usage: python benchmarks/real_projects.py [--build-langs N] [--recall LANG,...] DIR...

Each DIR is a checkout of a public project (bring one with the search tool's ``fetch`` and
``git archive``): a Sphinx project with committed catalogs (OnionShare's ``docs/``,
pypa/packaging.python.org's ``translation/source`` branch), or a one-language catalog tree
(python-docs-es, python-docs-pl). The copy goes to a temporary folder; nothing is written into
DIR. For a Sphinx project the script runs ``languages, extract, update, stats, check, lint,
report, build``; for a catalog tree the commands that need no sources (``stats, check, lint,
report`` with ``--locale-dir``). ``build`` builds HTML for the source language and the first
N-1 other languages (default 3 in all; 0: every language) and then checks that the project's
tree holds nothing new but the build folder (no ``.mo`` files beside the catalogs).

``--recall L1,L2``: also build those languages with plain ``sphinx-build`` (no transflow) and
count Sphinx's own warnings about translated text (inconsistent references, docutils inline
markup) that ``transflow lint`` reports on the same document and source line: recall against
Sphinx, the number ``lint`` must keep at 100 %.

Exit code 1 if a command crashed (a traceback) or the build wrote into the project's tree.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from transflow import config as config_mod  # noqa: E402
from transflow import pofile  # noqa: E402
from transflow.errors import TransflowError  # noqa: E402

TRANSFLOW = [sys.executable, "-c", "import sys; from transflow.cli import main; sys.exit(main())"]


def run(args: list[str], cwd: Path) -> tuple[int, float, str, str]:
    start = time.monotonic()
    done = subprocess.run([*TRANSFLOW, *args], cwd=cwd, capture_output=True, text=True)
    return done.returncode, time.monotonic() - start, done.stdout, done.stderr


def summary(code: int, out: str, err: str) -> str:
    """The line a user reads first: the last line of the report, or the first error."""
    if "Traceback" in err:
        return "CRASH: " + err.strip().splitlines()[-1]
    errors = [ln for ln in err.splitlines() if "error" in ln.lower()]
    warnings = sum(ln.startswith("transflow: warning") for ln in err.splitlines())
    lines = [ln for ln in out.splitlines() if ln.strip()]
    text = errors[0] if errors and code == 2 else (lines[-1] if lines else (err.strip() or ""))
    if warnings:
        text += f" [{warnings} warning line(s)]"
    return text[:150]


def snapshot(root: Path, skip: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and skip not in p.parents
    }


def sphinx_project(copy: Path) -> config_mod.Config | None:
    if config_mod._is_flat(copy):  # python-docs-es has a conf.py, for CPython's sources
        return None
    try:
        return config_mod.load(copy, require_sources=True)
    except TransflowError:
        return None


def project_rows(name: str, copy: Path, cfg: config_mod.Config, build_langs: int) -> list[list]:
    rows = []
    for command in (
        ["languages"],
        ["extract"],
        ["update"],
        ["stats", "--summary"],
        ["check"],
        ["lint"],
        ["report"],
    ):
        code, secs, out, err = run([*command, "-C", str(copy)], copy)
        if command == ["lint"]:
            out = err.strip().splitlines()[-1] if err.strip() else out
        elif command == ["languages"] and code == 0:
            codes = [ln.split()[1] for ln in out.splitlines()[2:] if ln.strip()]
            out = f"{len(codes)} languages: {' '.join(codes)}"
        rows.append([name, command[0], code, f"{secs:.1f}", summary(code, out, err)])
    langs = [x.code for x in cfg.languages][: build_langs - 1 if build_langs else None]
    before = snapshot(copy, cfg.build_dir)
    args = ["build", "-C", str(copy), "--format", "html"]
    args += [a for code in [cfg.source_language.code, *langs] for a in ("--lang", code)]
    code, secs, out, err = run(args, copy)
    after = snapshot(copy, cfg.build_dir)
    changed = sorted(set(after) ^ set(before) | {k for k in before if after.get(k) != before[k]})
    note = summary(code, out, err)
    note += f"; project tree: {len(changed)} file(s) written outside {cfg.build_dir.name}/"
    rows.append([name, f"build ({1 + len(langs)} lang)", code, f"{secs:.1f}", note])
    if changed:
        rows[-1][2] = f"{code} WROTE {changed[:3]}"
    return rows


def tree_rows(name: str, copy: Path) -> list[list]:
    rows = []
    for command in (["stats", "--summary"], ["check"], ["lint"], ["report", "-o", "report"]):
        code, secs, out, err = run([*command, "--locale-dir", str(copy)], copy.parent)
        if command == ["lint"]:
            out = err.strip().splitlines()[-1] if err.strip() else out
        rows.append([name, command[0], code, f"{secs:.1f}", summary(code, out, err)])
    rows.append(
        [
            name,
            "extract/update/build",
            "-",
            "-",
            "not run: a catalog tree without its Sphinx sources",
        ]
    )
    return rows


_LOCATION = re.compile(
    r"^(?P<path>[^:\n]+\.rst):(?P<line>\d+):(?:<translated>:\d+:)? WARNING: (?P<message>.*)$", re.M
)
_TRANSLATION_WARNINGS = re.compile(
    r"inconsistent .*references in translated message|Inline .* start-string without end-string"
    r"|Unknown target name|Duplicate explicit target name|Mismatch: both interpreted text role"
    r"|malformed hyperlink target|undefined label|Unknown interpreted text role"
)


def recall(name: str, copy: Path, cfg: config_mod.Config, languages: list[str]) -> list[list]:
    """Sphinx's warnings about translated text, and how many of them lint reports."""
    rows = []
    lint = subprocess.run(
        [
            *TRANSFLOW,
            "lint",
            "-C",
            str(copy),
            "-f",
            "json",
            *[a for code in languages for a in ("--lang", code)],
        ],
        capture_output=True,
        text=True,
    )
    flagged: set[tuple[str, str, int]] = set()  # (language, document.rst, source line)
    catalogs: dict[str, pofile.Catalog] = {}
    for f in json.loads(lint.stdout)["findings"]:
        if f["severity"] != "error":
            continue
        path = str((Path.cwd() / f["path"]).resolve())
        catalog = catalogs.get(path) or catalogs.setdefault(path, pofile.read(path))
        code = Path(path).relative_to(cfg.locale_dir).parts[0]
        for e in catalog.entries:
            if f["line"] in (e.line, e.msgstr_line):
                for occurrence in e.occurrences:
                    doc, _, line = occurrence.rpartition(":")
                    flagged.add((code, Path(doc).name, int(line or 0)))
    base = copy / "_recall" / "base"
    # The source's own warnings once, from a fresh build: a second build into the same folder
    # is incremental, rereads nothing, and would leave the source's warnings (an intersphinx
    # label with no network) counted as the translation's.
    for code in [None, *languages]:
        out = copy / "_recall" / code if code else base
        subprocess.run(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-b",
                "html",
                "-q",
                "-D",
                f"language={code or 'en'}",
                "-D",
                "html_theme=alabaster",
                "-w",
                str(out.parent / f"{out.name}.log"),
                "-d",
                str(out / ".doctrees"),
                str(cfg.source_dir),
                str(out),
            ],
            capture_output=True,
            text=True,
        )
        if code is None:
            continue
        warnings = _warnings(out)
        source_warnings = {(p, m) for p, _, m in _warnings(base)}
        relevant = [
            w
            for w in warnings
            if _TRANSLATION_WARNINGS.search(w[2]) and (w[0], w[2]) not in source_warnings
        ]
        hit = [w for w in relevant if (code, Path(w[0]).name, w[1]) in flagged]
        missed = [w for w in relevant if w not in hit]
        rows.append(
            [
                name,
                f"recall {code}",
                "-",
                "-",
                f"Sphinx warns about {len(relevant)} translated message(s); lint flags "
                f"{len(hit)}" + (f"; missed e.g. {missed[0]}" if missed else ""),
            ]
        )
    return rows


def _warnings(folder: Path) -> list[tuple[str, int, str]]:
    log = folder.parent / f"{folder.name}.log"
    text = log.read_text() if log.is_file() else ""
    return [(m["path"], int(m["line"]), m["message"]) for m in _LOCATION.finditer(text)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--build-langs", type=int, default=3)
    parser.add_argument("--recall", default="", help="languages to measure lint's recall on")
    args = parser.parse_args()
    rows: list[list] = []
    with tempfile.TemporaryDirectory(prefix="transflow-real-") as tmp:
        for source in args.dirs:
            name = source.resolve().name
            if name in ("docs", "doc"):  # OnionShare's docs/: say whose
                name = f"{source.resolve().parent.name}/{name}"
            copy = Path(tmp) / name.replace("/", "_")
            shutil.copytree(source, copy, ignore=shutil.ignore_patterns(".git"), symlinks=True)
            cfg = sphinx_project(copy)
            if cfg is not None:
                rows += project_rows(name, copy, cfg, args.build_langs)
                if args.recall:
                    rows += recall(name, copy, cfg, args.recall.split(","))
            else:
                rows += tree_rows(name, copy)
    widths = [max(len(str(r[i])) for r in rows) for i in range(4)]
    print(
        " | ".join(
            h.ljust(w) for h, w in zip(("project", "command", "exit", "s"), widths, strict=True)
        )
        + " | result"
    )
    for r in rows:
        print(
            " | ".join(str(c).ljust(w) for c, w in zip(r[:4], widths, strict=True)) + f" | {r[4]}"
        )
    bad = [r for r in rows if "CRASH" in r[4] or "WROTE" in str(r[2])]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
