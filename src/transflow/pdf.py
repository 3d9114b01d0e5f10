"""PDF from the ``.tex`` files of a Sphinx latex build: latexmk and XeLaTeX, run by ``transflow build``.

Outside Sphinx: the ``sphinx-build`` process only writes ``.tex`` (configured by
:mod:`transflow.sphinx.latex`) and the manifest naming which of them are current.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from transflow.errors import TransflowError
from transflow.files import write_if_changed

# Written by the latex build (transflow.sphinx.latex): the .tex files it made this time.
MANIFEST = "transflow-pdfs.json"


@dataclass(frozen=True)
class PdfResult:
    pdfs: tuple[Path, ...]  # <pdf_dir>/<document>.pdf
    logs: tuple[Path, ...]  # XeLaTeX's log per document
    problems: tuple[str, ...]  # "<name>.log: Missing character: ..." and the like
    seconds: float


# Log lines that mean the PDF looks wrong although XeLaTeX finished.
_PROBLEM = re.compile(r"Missing character: |LaTeX Font Warning: Font shape .* undefined")
# Log lines that say why XeLaTeX stopped (-file-line-error style, or TeX's "! ...").
_ERROR = re.compile(r"^(?:\S+\.(?:tex|sty|cls):\d+: |! )")


def _error_lines(log_text: str, limit: int = 12) -> list[str]:
    lines = log_text.splitlines()
    found = []
    for i, line in enumerate(lines):
        if _ERROR.match(line):
            found.append(line)
            # TeX shows the offending input as "l.<n> ..." a few lines below.
            found += [ln for ln in lines[i + 1 : i + 6] if re.match(r"l\.\d+ ", ln)][:1]
    return found[:limit]


def _manifest(latex_dir: Path) -> dict | None:
    manifest = latex_dir / MANIFEST
    return json.loads(manifest.read_text("utf-8")) if manifest.is_file() else None


def _wanted_tex(latex_dir: Path) -> list[Path]:
    manifest = _manifest(latex_dir)
    if manifest is not None:
        return [latex_dir / name for name in manifest["tex"]]
    return sorted(latex_dir.glob("*.tex"))


def titles(latex_dir: Path) -> dict[str, str]:
    """Each PDF's title (by file name) as the Sphinx latex build recorded it: the translated
    heading of its start document; none for a build without transflow's extension."""
    manifest = _manifest(latex_dir) or {}
    return {
        f"{Path(tex).stem}.pdf": title
        for tex, title in manifest.get("titles", {}).items()
        if isinstance(title, str)
    }


# What a pass writes for the next one to read back: while one of them changes, run again.
_READ_BACK = (".aux", ".toc", ".out", ".lof", ".lot")
# Files a run writes beside the .tex: never inputs.
_WRITTEN = frozenset(
    {*_READ_BACK, ".log", ".xdv", ".pdf", ".fls", ".fdb_latexmk", ".idx", ".ind", ".ilg", ".inputs"}
)
# LaTeX and its packages asking for another pass, whatever the files say.
_RERUN = re.compile(r"Rerun to get|Label\(s\) may have changed|Rerun LaTeX")
_MAX_PASSES = 5


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(f"{p.name}\0".encode())
        h.update(p.read_bytes() if p.is_file() else b"\0absent")
    return h.hexdigest()


def _inputs(tex: Path) -> str:
    """The document and every file beside it that it may read (Sphinx's styles, images),
    by content: what decides whether its PDF must be made again."""
    stems = {t.stem for t in tex.parent.glob("*.tex")}
    found = [
        p
        for p in sorted(tex.parent.iterdir())
        if p.is_file()
        and p.name != MANIFEST
        and not (p.stem in stems and p.suffix in _WRITTEN)
        and (p.suffix != ".tex" or p == tex)
    ]
    return _digest(found)


def _typeset(tex: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """XeLaTeX (``-no-pdf``) until what a pass reads back stops changing, then xdvipdfmx once:
    latexmk's rule without latexmk's start-up and its dependency analysis (0.6 s a document
    here, more than the two passes' body typesetting). A document whose inputs are those of its
    last PDF is not typeset at all. A document with an index (``\\makeindex``) goes to latexmk,
    which runs makeindex between the passes with Sphinx's own latexmkrc."""
    stamp = tex.with_suffix(".inputs")
    pdf = tex.with_suffix(".pdf")
    inputs = _inputs(tex)
    if pdf.is_file() and stamp.is_file() and stamp.read_text() == inputs:
        return subprocess.CompletedProcess([], 0, "", "")
    stamp.unlink(missing_ok=True)
    xelatex = [
        "xelatex",
        "-no-pdf",
        "-interaction=nonstopmode",
        "-halt-on-error",
        "-file-line-error",
        tex.name,
    ]
    read_back = [tex.with_suffix(s) for s in _READ_BACK]
    for _ in range(_MAX_PASSES):
        before = _digest(read_back)
        done = subprocess.run(
            xelatex, cwd=tex.parent, capture_output=True, text=True, env=env, check=False
        )
        if done.returncode != 0:
            return done
        idx = tex.with_suffix(".idx")
        if idx.is_file() and idx.stat().st_size:
            return _latexmk(tex, env)
        log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
        if _digest(read_back) == before and not _RERUN.search(log):
            break
    done = subprocess.run(
        ["xdvipdfmx", "-q", "-o", pdf.name, tex.with_suffix(".xdv").name],
        cwd=tex.parent,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode == 0:
        stamp.write_text(inputs)
    return done


def _latexmk(tex: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "latexmk",
            "-xelatex",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-file-line-error",
            "-silent",
            tex.name,
        ],
        cwd=tex.parent,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def build_pdfs(latex_dir: Path, pdf_dir: Path) -> PdfResult:
    """XeLaTeX on the .tex files of a Sphinx latex build (:func:`_typeset`); PDFs go to
    ``pdf_dir``.

    Inputs are compared by content, so an unchanged document costs no XeLaTeX run, and a PDF in
    ``pdf_dir`` is rewritten only when its bytes change. ``pdf_dir`` belongs to this language's
    build: PDFs of documents that no longer exist are removed from it.
    """
    start = time.monotonic()
    if not all(shutil.which(tool) for tool in ("latexmk", "xelatex", "xdvipdfmx")):
        raise TransflowError(
            "PDF needs latexmk, xelatex and xdvipdfmx: run 'bash .ci/setup' (Debian)"
        )
    # Unwrapped log lines (TeX wraps at 79 columns), so a "Missing character" line stays whole.
    env = {**os.environ, "max_print_line": "10000"}
    pdfs, logs, problems = [], [], []
    for tex in _wanted_tex(latex_dir):
        if not tex.is_file():
            raise TransflowError(
                f"{tex.name} missing: the Sphinx latex build did not write it", tex
            )
        done = _typeset(tex, env)
        log = tex.with_suffix(".log")
        log_text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        logs.append(log)
        if done.returncode != 0:
            detail = _error_lines(log_text) or (done.stdout + done.stderr).splitlines()[-20:]
            raise TransflowError(
                f"xelatex failed on {tex.name} (log: {log}):\n" + "\n".join(detail), log
            )
        problems += [
            f"{log.name}: {ln.strip()}" for ln in log_text.splitlines() if _PROBLEM.search(ln)
        ]
        target = pdf_dir / f"{tex.stem}.pdf"
        write_if_changed(target, tex.with_suffix(".pdf").read_bytes())
        pdfs.append(target)
    for stale in set(pdf_dir.glob("*.pdf")) - set(pdfs):
        stale.unlink()
    return PdfResult(
        tuple(pdfs), tuple(logs), tuple(dict.fromkeys(problems)), time.monotonic() - start
    )
