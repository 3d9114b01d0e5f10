"""PDF from the ``.tex`` files of a Sphinx latex build: latexmk and XeLaTeX, run by ``transflow build``.

Outside Sphinx: the ``sphinx-build`` process only writes ``.tex`` (configured by
:mod:`transflow.sphinx.latex`) and the manifest naming which of them are current.
"""

from __future__ import annotations

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


def _wanted_tex(latex_dir: Path) -> list[Path]:
    manifest = latex_dir / MANIFEST
    if manifest.is_file():
        return [latex_dir / name for name in json.loads(manifest.read_text("utf-8"))["tex"]]
    return sorted(latex_dir.glob("*.tex"))


def build_pdfs(latex_dir: Path, pdf_dir: Path) -> PdfResult:
    """Run latexmk -xelatex on the .tex files of a Sphinx latex build; PDFs go to ``pdf_dir``.

    latexmk compares file contents, so an unchanged document costs no XeLaTeX run, and a PDF in
    ``pdf_dir`` is rewritten only when its bytes change. ``pdf_dir`` belongs to this language's
    build: PDFs of documents that no longer exist are removed from it.
    """
    start = time.monotonic()
    if shutil.which("latexmk") is None or shutil.which("xelatex") is None:
        raise TransflowError("PDF needs latexmk and xelatex: run 'bash .ci/setup' (Debian)")
    # Unwrapped log lines (TeX wraps at 79 columns), so a "Missing character" line stays whole.
    env = {**os.environ, "max_print_line": "10000"}
    pdfs, logs, problems = [], [], []
    for tex in _wanted_tex(latex_dir):
        if not tex.is_file():
            raise TransflowError(
                f"{tex.name} missing: the Sphinx latex build did not write it", tex
            )
        done = subprocess.run(
            ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error",
             "-file-line-error", "-silent", tex.name],
            cwd=latex_dir, capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        log = tex.with_suffix(".log")
        log_text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        logs.append(log)
        if done.returncode != 0:
            detail = _error_lines(log_text) or (done.stdout + done.stderr).splitlines()[-20:]
            raise TransflowError(
                f"xelatex failed on {tex.name} (log: {log}):\n" + "\n".join(detail), log
            )
        problems += [f"{log.name}: {ln.strip()}" for ln in log_text.splitlines()
                     if _PROBLEM.search(ln)]  # fmt: skip
        target = pdf_dir / f"{tex.stem}.pdf"
        write_if_changed(target, tex.with_suffix(".pdf").read_bytes())
        pdfs.append(target)
    for stale in set(pdf_dir.glob("*.pdf")) - set(pdfs):
        stale.unlink()
    return PdfResult(
        tuple(pdfs), tuple(logs), tuple(dict.fromkeys(problems)), time.monotonic() - start
    )
