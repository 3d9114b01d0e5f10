"""PDF through XeLaTeX: fonts and line breaking that render Burmese, Japanese and Thai.

Sphinx's defaults fail here (see L10N-FACTS.md): pdflatex cannot set Myanmar at all, uplatex
prints boxes for it, and Sphinx warns "no Babel option known" for ``my`` under ``-W``. XeLaTeX
with Noto fonts, switched per Unicode range through ``\\XeTeXinterchartoks`` classes, shapes every
script we publish; ``\\XeTeXlinebreaklocale`` lets ICU break long unspaced lines.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transflow.errors import TransflowError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config as SphinxConfig
    from sphinx.environment import BuildEnvironment

# Unicode ranges per font class: Myanmar (+ extended A/B), CJK (punctuation, kana,
# ideographs, full-width forms), Thai.
_RANGES = {
    "myanmar": [(0x1000, 0x109F), (0xAA60, 0xAA7F), (0xA9E0, 0xA9FF)],
    "cjk": [
        (0x3000, 0x30FF),
        (0x31F0, 0x31FF),
        (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF),
        (0xF900, 0xFAFF),
        (0xFF00, 0xFFEF),
    ],
    "thai": [(0x0E00, 0x0E7F)],
}
_FONTS = {
    "myanmar": r"\newfontfamily\TFmyanmarfont{Noto Serif Myanmar}[Script=Myanmar]",
    "cjk": r"\newfontfamily\TFcjkfont{Noto Serif CJK JP}",
    "thai": r"\newfontfamily\TFthaifont{Noto Serif Thai}[Script=Thai]",
}


def _preamble(linebreak_locale: str) -> str:
    lines = [
        r"\XeTeXinterchartokenstate=1",
        r"\XeTeXlinebreaklocale " + f'"{linebreak_locale}"',
        r"\XeTeXlinebreakskip=0pt plus 1pt",
    ]
    classes = list(_RANGES)
    for name in classes:
        lines.append(_FONTS[name])
        lines.append(rf"\newXeTeXintercharclass\TF{name}class")
        for lo, hi in _RANGES[name]:
            lines.append(
                rf"\count255=\numexpr{lo}\relax\loop\XeTeXcharclass\count255=\TF{name}class"
                rf"\relax\ifnum\count255<\numexpr{hi}\relax\advance\count255 by 1\repeat"
            )
    # Enter a script's font from ordinary text (class 0) or a boundary (4095); leave it back;
    # switch directly between two scripts.
    for name in classes:
        enter = rf"\begingroup\TF{name}font"
        lines.append(rf"\XeTeXinterchartoks 0 \TF{name}class = {{{enter}}}")
        lines.append(rf"\XeTeXinterchartoks 4095 \TF{name}class = {{{enter}}}")
        lines.append(rf"\XeTeXinterchartoks \TF{name}class 0 = {{\endgroup}}")
        lines.append(rf"\XeTeXinterchartoks \TF{name}class 4095 = {{\endgroup}}")
        for other in classes:
            if other != name:
                lines.append(
                    rf"\XeTeXinterchartoks \TF{name}class \TF{other}class = "
                    rf"{{\endgroup\begingroup\TF{other}font}}"
                )
    return "\n".join(lines) + "\n"


_FONTPKG = r"""\setmainfont{Noto Serif}
\setsansfont{Noto Sans}
\setmonofont{DejaVu Sans Mono}[Scale=MatchLowercase]
"""


def latex_settings(code: str) -> dict[str, Any]:
    """Sphinx configuration values for a PDF in the language with gettext ``code``."""
    base = code.split("_")[0]
    elements = {
        "fontpkg": _FONTPKG,
        "preamble": _preamble("th" if base == "th" else "ja") + "\\setcounter{secnumdepth}{0}\n",
        "fncychap": "",
        "babel": "",
        # polyglossia knows neither Burmese nor Thai; hyphenation of the Latin-script names
        # and citations is all we would get from it.
        "polyglossia": "",
        "printindex": "",
        # A statement carries its own date and needs no contents page or section numbers.
        "maketitle": r"\date{}\maketitle",
        "tableofcontents": "",
        "papersize": "a4paper",
    }
    return {
        "latex_engine": "xelatex",
        "latex_elements": elements,
        "latex_docclass": {"howto": "article", "manual": "report"},
        "latex_use_xindy": False,
    }


class _NoBabelNoise(logging.Filter):
    """Sphinx warns for any language docutils' Babel table lacks, though we need no Babel."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("no Babel option known for language")


_NO_BABEL_NOISE = _NoBabelNoise()  # one instance: filters are not added twice


def _on_config_inited(app: Sphinx, config: SphinxConfig) -> None:
    raw = config._raw_config
    for key, value in latex_settings(config.language or "en").items():
        if key not in raw:
            setattr(config, key, value)
    for name in ("sphinx.sphinx.builders.latex", "sphinx.sphinx.writers.latex"):
        logging.getLogger(name).addFilter(_NO_BABEL_NOISE)


def _per_document(app: Sphinx, env: BuildEnvironment) -> None:
    """One PDF per document (except the root), titled as the translated page is."""
    if app.builder.name != "latex" or "latex_documents" in app.config._raw_config:
        return
    from sphinx.util.texescape import escape

    docs = []
    for docname in sorted(env.found_docs):
        if docname == app.config.root_doc:
            continue
        title = env.titles[docname].astext() if docname in env.titles else docname
        # A document's own ":author:" field wins over the project's author.
        author = env.metadata.get(docname, {}).get("author", app.config.author)
        docs.append((docname, f"{docname.replace('/', '-')}.tex", escape(title), escape(author),
                     "howto"))  # fmt: skip
    app.config.latex_documents = docs


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _on_config_inited, priority=600)
    app.connect("env-updated", _per_document)


@dataclass(frozen=True)
class PdfResult:
    pdfs: tuple[Path, ...]
    problems: tuple[str, ...]  # "Missing character" and similar lines from the LaTeX logs


def build_pdfs(latex_dir: Path, out_dir: Path) -> PdfResult:
    """Run latexmk -xelatex on every .tex of a Sphinx latex build; copy PDFs to ``out_dir``."""
    if shutil.which("latexmk") is None or shutil.which("xelatex") is None:
        raise TransflowError("PDF needs latexmk and xelatex: run 'bash .ci/setup' (Debian)")
    pdfs, problems = [], []
    for tex in sorted(latex_dir.glob("*.tex")):
        done = subprocess.run(
            ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error",
             tex.name],
            cwd=latex_dir, capture_output=True, text=True,
        )  # fmt: skip
        log = tex.with_suffix(".log")
        log_text = log.read_text(errors="replace") if log.exists() else ""
        problems += [line for line in log_text.splitlines() if "Missing character" in line]
        if done.returncode != 0:
            errors = [ln for ln in log_text.splitlines() if re.match(r".*:\d+: |^! ", ln)][:10]
            raise TransflowError(
                "xelatex failed:\n" + "\n".join(errors or done.stdout.splitlines()[-20:]), log
            )
        pdf = tex.with_suffix(".pdf")
        target = out_dir / pdf.name
        data = pdf.read_bytes()
        if not target.exists() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pdf, target)
        pdfs.append(target)
    return PdfResult(tuple(pdfs), tuple(problems))
