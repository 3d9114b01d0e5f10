"""PDF through XeLaTeX: fonts and line breaking that render Burmese, Japanese and Thai.

Sphinx's defaults fail here (see L10N-FACTS.md): pdflatex cannot set Myanmar at all, uplatex
prints boxes for it, and Sphinx warns "no Babel option known" for ``my`` and ``th``, which breaks
``-W`` builds. XeLaTeX with Noto fonts, switched per Unicode range through ``\\XeTeXinterchartoks``
classes, shapes every script we publish in one document (a Burmese name in the Japanese
statement too); ``\\XeTeXlinebreaklocale`` lets ICU break long lines that have no spaces.

This module configures Sphinx's latex builder (in the ``sphinx-build`` process) and writes the
manifest of the ``.tex`` files it made; :mod:`transflow.pdf` turns those into PDFs (called by
``transflow build``, outside Sphinx).
"""

from __future__ import annotations

import functools
import json
import logging
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from transflow.files import write_if_changed
from transflow.pdf import MANIFEST
from transflow.sphinx.state import BuildState, user_set
from transflow.sphinx.state import of as state_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config as SphinxConfig
    from sphinx.environment import BuildEnvironment

    from transflow.config import Config

# ---------------------------------------------------------------------------------------------
# Settings


@dataclass(frozen=True)
class PdfSettings:
    # None: one PDF per document unless conf.py sets its own latex_documents;
    # True: always (conf.py's latex_documents ignored); False: keep Sphinx's/conf.py's.
    per_document: bool | None = None


def settings_of(config: Config) -> PdfSettings:
    """``[tool.transflow.build] pdf-per-document`` (validated as the configuration loaded)."""
    return PdfSettings(per_document=config.settings["build.pdf-per-document"])


# ---------------------------------------------------------------------------------------------
# Fonts

# Unicode ranges per script class. Everything else is set in the main (Latin) font.
_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "myanmar": ((0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F)),
    "thai": ((0x0E00, 0x0E7F),),
    "cjk": (
        (0x2E80, 0x2FDF),  # radicals
        (0x3000, 0x30FF),  # CJK punctuation, hiragana, katakana
        (0x31F0, 0x31FF),  # katakana phonetic extensions
        (0x3400, 0x4DBF),  # extension A
        (0x4E00, 0x9FFF),  # unified ideographs
        (0xF900, 0xFAFF),  # compatibility ideographs
        (0xFF00, 0xFFEF),  # full-width forms
    ),
}
# OpenType script tags where the font needs them to shape (CJK needs none).
_FEATURES = {"myanmar": ",Script=Myanmar", "thai": ",Script=Thai"}
# Glue at each ICU break point: Japanese justifies between any two characters; Burmese and Thai
# between phrases (spaces), so a break inside a phrase must not open a visible gap.
_BREAK_SKIP = {"cjk": "0pt plus 1pt", "myanmar": "0pt plus 0.1pt", "thai": "0pt plus 0.1pt"}
# ICU's line-breaking locale: the document's language where ICU has rules of its own for it.
_BREAK_LOCALE = {"th": "th", "zh": "zh"}
# Joiners stay inside the script's run instead of ending it (class 4096: ignored).
_IGNORED = (0x200C, 0x200D)

# A kinzi (U+1004 U+103A U+1039, printed over the next consonant) spans two syllables. ICU's
# Burmese dictionary may put a break point between its virama and that consonant, XeTeX shapes
# the two sides of a break point apart, and the kinzi prints as a dotted circle beside its
# consonant (ဘင်္ဂလားဒေ့ရှ် "Bangladesh" in the joint statement). In a box the cluster is one run,
# which ICU never cuts; the box holds the kinzi, its consonant and that consonant's signs only,
# so the phrase around it still breaks where ICU finds a break.
_KINZI = re.compile(
    "\u1004\u103a\u1039[\u1000-\u102a\u103f\u1050-\u1055]"
    "(?:\u1039[\u1000-\u1021]|[\u102b-\u1038\u103a-\u103e\u1056-\u1059\u105e-\u1060"
    "\u1062-\u1064\u1067-\u106d\u1071-\u1074\u1082-\u108d\u108f\u109a-\u109d])*"
)


def keep_kinzi_together(tex: str) -> str:
    """``tex`` (LaTeX) with every kinzi cluster in a box; PDF bookmarks get the bare text."""
    return _KINZI.sub(lambda m: rf"\texorpdfstring{{\mbox{{{m[0]}}}}}{{{m[0]}}}", tex)


# Families tried in order; the first one fontconfig knows is used. Debian packages in brackets.
_CANDIDATES: dict[str, tuple[str, ...]] = {
    "main": ("Noto Serif", "DejaVu Serif"),  # fonts-noto-core
    "sans": ("Noto Sans", "DejaVu Sans"),  # fonts-noto-core
    "mono": ("DejaVu Sans Mono", "Noto Sans Mono"),  # fonts-dejavu-core
    "myanmar": (
        "Noto Serif Myanmar",
        "Padauk",
        "Noto Sans Myanmar",
    ),  # fonts-noto-core, -sil-padauk
    "thai": ("Noto Serif Thai", "Noto Sans Thai", "Norasi", "Garuda"),  # fonts-noto-core, -tlwg-*
    "cjk": ("Noto Serif CJK {v}", "Noto Sans CJK {v}"),  # fonts-noto-cjk
}
_PACKAGES = {
    "main": "fonts-noto-core",
    "sans": "fonts-noto-core",
    "mono": "fonts-dejavu-core",
    "myanmar": "fonts-noto-core or fonts-sil-padauk",
    "thai": "fonts-noto-core",
    "cjk": "fonts-noto-cjk",
}
# The script a language is written in, where it needs its own font.
_SCRIPT_OF = {"my": "myanmar", "th": "thai", "ja": "cjk", "zh": "cjk", "ko": "cjk"}
# Han glyphs differ by region: the CJK variant that matches the language.
_CJK_VARIANT = {
    "ja": "JP",
    "ko": "KR",
    "zh_CN": "SC",
    "zh_SG": "SC",
    "zh": "SC",
    "zh_TW": "TC",
    "zh_HK": "HK",
}
# Regions that print on US Letter (CLDR paperSize); the rest of the world uses A4.
_LETTER_REGIONS = frozenset(
    ["BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE"]
)
# Languages polyglossia cannot set up (or sets up with packages we do not want).
_NO_POLYGLOSSIA = frozenset({"my", "th", "ja", "zh", "ko"})


@functools.cache
def installed_families() -> frozenset[str] | None:
    """Font families fontconfig knows (XeTeX finds fonts through it); None: cannot tell."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    done = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return None
    return frozenset(name.strip() for line in done.stdout.splitlines() for name in line.split(","))


@dataclass(frozen=True)
class FontChoice:
    fonts: Mapping[str, str]  # role (main, sans, mono, myanmar, thai, cjk) → family
    missing: Mapping[str, tuple[str, ...]]  # role → the families tried, none installed


def choose_fonts(code: str, families: frozenset[str] | None = None) -> FontChoice:
    """The installed family for each role, for a document in the language ``code``."""
    families = installed_families() if families is None else families
    variant = _CJK_VARIANT.get(code, _CJK_VARIANT.get(code.split("_")[0], "JP"))
    fonts, missing = {}, {}
    for role, candidates in _CANDIDATES.items():
        names = tuple(c.format(v=variant) for c in candidates)
        found = names[0] if families is None else next((n for n in names if n in families), None)
        if found is None:
            missing[role] = names
        else:
            fonts[role] = found
    return FontChoice(fonts, missing)


def _tex_range_loop(lo: int, hi: int, cls: str) -> str:
    return (
        rf"\count255=\numexpr{lo}\relax\loop\XeTeXcharclass\count255={cls}"
        rf"\relax\ifnum\count255<\numexpr{hi}\relax\advance\count255 by 1\repeat"
    )


def fontpkg(code: str, fonts: Mapping[str, str]) -> str:
    """The ``fontpkg`` element: fonts, per-script switching and ICU line breaking."""
    base = code.split("_")[0]
    lines = [
        "% transflow: fonts per script (see transflow/sphinx/latex.py)",
        rf"\setmainfont{{{fonts['main']}}}" if "main" in fonts else "",
        rf"\setsansfont{{{fonts['sans']}}}" if "sans" in fonts else "",
        rf"\setmonofont{{{fonts['mono']}}}[Scale=MatchLowercase]" if "mono" in fonts else "",
        # Report a glyph the fonts lack in the log (where build_pdfs looks), never silently.
        r"\tracinglostchars=2",
        r"\XeTeXinterchartokenstate=1",
        # ICU finds break points in Burmese, Thai, Japanese and Chinese text, which has no
        # spaces. "strict": no line starts with a small kana or a prolonged sound mark (JIS X
        # 4051); Chinese gets its own rules (no line starts with ，。、」）, none ends with 「（).
        rf'\XeTeXlinebreaklocale "{_BREAK_LOCALE.get(base, "ja@lb=strict")}"',
        r"\XeTeXlinebreakskip=0pt",
    ]
    scripts = [s for s in _RANGES if s in fonts]
    for script in scripts:
        # These scripts have no italics: a slanted face keeps emphasis visible.
        options = "AutoFakeSlant=0.15" + _FEATURES.get(script, "")
        lines.append(rf"\newfontfamily\TF{script}font{{{fonts[script]}}}[{options}]")
        lines.append(rf"\newXeTeXintercharclass\TF{script}class")
        lines += [_tex_range_loop(lo, hi, rf"\TF{script}class") for lo, hi in _RANGES[script]]
    if scripts:
        lines += [rf"\XeTeXcharclass {cp}=4096" for cp in _IGNORED]
    # Enter a script's font from ordinary text (class 0) or a boundary (4095), leave it back,
    # and switch directly between two scripts.
    for script in scripts:
        enter = rf"\begingroup\TF{script}font\XeTeXlinebreakskip={_BREAK_SKIP[script]}\relax"
        lines += [
            rf"\XeTeXinterchartoks 0 \TF{script}class = {{{enter}}}",
            rf"\XeTeXinterchartoks 4095 \TF{script}class = {{{enter}}}",
            rf"\XeTeXinterchartoks \TF{script}class 0 = {{\endgroup}}",
            rf"\XeTeXinterchartoks \TF{script}class 4095 = {{\endgroup}}",
        ]
        lines += [
            rf"\XeTeXinterchartoks \TF{script}class \TF{other}class = "
            rf"{{\endgroup\begingroup\TF{other}font}}"
            for other in scripts
            if other != script
        ]
    return "\n".join(line for line in lines if line) + "\n"


# ---------------------------------------------------------------------------------------------
# Sphinx configuration

# A statement carries its own date line and needs no contents page, index or section numbers.
_STATEMENT_ELEMENTS = {
    "maketitle": r"\date{}\maketitle",
    "fncychap": "",  # chapter heads: a statement (howto/article) has none
    "tableofcontents": "",
    "printindex": "",
    "makeindex": "",  # no .idx: spares latexmk a makeindex run
}


def latex_settings(code: str, fonts: Mapping[str, str], *, statements: bool) -> dict[str, Any]:
    """Sphinx configuration values for a PDF in the language with gettext ``code``.

    ``statements``: one short PDF per document (no contents page, no section numbers).
    """
    base = code.split("_")[0]
    # A PDF handed out on its own shows its title in the reader, and tells screen readers
    # its language.
    preamble = (
        f"\\hypersetup{{pdflang={{{code.replace('_', '-')}}}}}\n"
        "\\makeatletter\\AtBeginDocument{\\hypersetup{pdftitle={\\@title},"
        "pdfauthor={\\@author}}}\\makeatother\n"
    )
    if statements:
        preamble += "\\setcounter{secnumdepth}{0}\n"  # a statement's headings carry no numbers
        # A box starts on a new page unless ten lines fit: Sphinx's five left the Japanese
        # press release's page-header box with its caption at a page's foot, its text overleaf.
        preamble += (
            "\\makeatletter\\@ifundefined{sphinxheavyboxneedspacecommand}{}"
            "{\\renewcommand\\sphinxheavyboxneedspacecommand{\\needspace{10\\baselineskip}}}"
            "\\makeatother\n"
        )
    region = code.partition("_")[2].upper()
    elements: dict[str, Any] = {
        "fontpkg": fontpkg(code, fonts),
        "babel": "",
        "preamble": preamble,
        "papersize": "letterpaper" if region in _LETTER_REGIONS else "a4paper",
    }
    if base in _NO_POLYGLOSSIA:
        # polyglossia knows no Burmese; its Thai and Japanese set up their own fonts and line
        # breaking, which fight the per-script switching above.
        elements["polyglossia"] = ""
    if base == "ja":
        elements["fncychap"] = ""  # its chapter heads assume Latin "Chapter N"
    if base == "zh":
        # Sphinx loads xeCJK for Chinese, which needs ctex (not in a usual TeX Live install:
        # "ctexhook.sty not found") and fights the per-script switching: XeLaTeX's defaults.
        from sphinx.builders.latex.constants import ADDITIONAL_SETTINGS, DEFAULT_SETTINGS

        elements["fontenc"] = ADDITIONAL_SETTINGS["xelatex"]["fontenc"]
        elements["fvset"] = DEFAULT_SETTINGS["fvset"]
    if statements:
        elements.update(_STATEMENT_ELEMENTS)
    return {
        "latex_engine": "xelatex",
        "latex_elements": elements,
        # Sphinx picks jsbook/jreport for ja, which XeLaTeX cannot load.
        "latex_docclass": {"howto": "article", "manual": "report"},
        "latex_use_xindy": False,  # xindy would be one more package; statements have no index
    }


class _NoBabelNoise(logging.Filter):
    """Drop Sphinx's "no Babel option known": we set the language up without Babel.

    The warning has no type/subtype, so ``suppress_warnings`` cannot reach it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.msg
        untranslated = getattr(msg, "_message", None)  # sphinx.locale._TranslationProxy
        texts = {str(msg), str(untranslated)}
        return not any(t.startswith("no Babel option known for language") for t in texts)


_NO_BABEL_NOISE = _NoBabelNoise()  # one instance: a logger keeps a filter only once


def _state(app: Sphinx) -> BuildState:
    state = state_of(app)
    if state is None:  # set up by transflow.sphinx.extension, whose config-inited runs first
        raise RuntimeError("transflow.sphinx.latex runs only as part of the transflow extension")
    return state


def _on_config_inited(app: Sphinx, config: SphinxConfig) -> None:
    state = _state(app)
    user = user_set(config)
    code = config.language or "en"
    per_document = (PdfSettings() if state.cfg is None else settings_of(state.cfg)).per_document
    if per_document is None:
        per_document = "latex_documents" not in user
    state.pdf_per_document = per_document
    choice = choose_fonts(code)
    state.fonts = choice
    if "latex_engine" in user and config.latex_engine != "xelatex":
        return  # conf.py chose another engine: our XeTeX font set-up would not load there
    for key, value in latex_settings(code, choice.fonts, statements=per_document).items():
        if key == "latex_elements":
            # the user's own elements (conf.py, -D latex_elements.x=…) win over ours
            own = config.latex_elements if "latex_elements" in user else {}
            config.latex_elements = {**value, **own}
        elif key not in user:
            setattr(config, key, value)
    # The builder warns once, the writer once per document.
    for name in ("sphinx.sphinx.builders.latex", "sphinx.sphinx.writers.latex"):
        logging.getLogger(name).addFilter(_NO_BABEL_NOISE)


def _on_builder_inited(app: Sphinx) -> None:
    if app.builder.name != "latex" or app.config.latex_engine != "xelatex":
        return
    from sphinx.util import logging as sphinx_logging

    choice = _state(app).fonts
    if choice is None:
        return
    code = app.config.language or "en"
    needed = {"main", _SCRIPT_OF.get(code.split("_")[0], "main")}
    for role in sorted(needed & set(choice.missing)):
        sphinx_logging.getLogger(__name__).warning(
            "no %s font installed for the PDF (tried %s): install %s",
            role,
            ", ".join(choice.missing[role]),
            _PACKAGES[role],
            type="transflow",
            subtype="font",
        )


def statement_documents(app: Sphinx, env: BuildEnvironment) -> list[tuple[str, ...]]:
    """One ``latex_documents`` entry per document but the root, titled by its (translated) heading."""
    from sphinx.util.texescape import escape

    engine = app.config.latex_engine
    docs: list[tuple[str, ...]] = []
    for docname in sorted(env.found_docs):
        if docname == app.config.root_doc:
            continue
        title = env.titles[docname].astext() if docname in env.titles else docname
        # A document's own ":author:" field wins over the project's author.
        author = env.metadata.get(docname, {}).get("author", app.config.author)
        docs.append(
            (
                docname,
                f"{docname.replace('/', '-')}.tex",
                keep_kinzi_together(escape(title, engine)),
                escape(str(author), engine),
                "howto",
            )
        )
    return docs


# An address as the text of its own mailto: link. Only these characters: what is written raw
# into the LaTeX must need no escaping (a translation may write a mailto: link's text).
_EMAIL = re.compile(r"[A-Za-z0-9.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Kinzi clusters of the text the LaTeX writer escapes become boxed raw LaTeX; an email
    address shown as itself is set as a URL, broken only after its dots and ``@`` and never
    hyphenated (TeX hyphenated "Defectionfo-rum.burma@…", a hyphen a reader would copy)."""
    if app.builder.format != "latex":
        return
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        address = uri.removeprefix("mailto:")
        if (
            uri.startswith("mailto:")
            and len(ref.children) == 1
            and isinstance(ref[0], nodes.Text)
            and ref[0] == address
            and _EMAIL.fullmatch(address)
        ):
            ref.replace(ref[0], nodes.raw("", rf"\sphinxnolinkurl{{{address}}}", format="latex"))
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or not _KINZI.search(text):
            continue
        if any(
            isinstance(node, (nodes.FixedTextElement, nodes.literal, nodes.raw))
            for node in _self_and_ancestors(parent)
        ):
            continue  # code and raw output are written as they are
        pieces: list[nodes.Node] = []
        start = 0
        for match in _KINZI.finditer(text):
            if match.start() > start:
                pieces.append(nodes.Text(text[start : match.start()]))
            pieces.append(nodes.raw("", keep_kinzi_together(match[0]), format="latex"))
            start = match.end()
        if start < len(text):
            pieces.append(nodes.Text(text[start:]))
        parent.replace(text, pieces)


def _self_and_ancestors(node: nodes.Node | None) -> list[nodes.Node]:
    found = []
    while node is not None:
        found.append(node)
        node = node.parent
    return found


def _on_env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    if app.builder.name != "latex":
        return
    if _state(app).pdf_per_document:
        app.config.latex_documents = statement_documents(app, env)
    # Which .tex files this build writes, so build_pdfs skips those of deleted documents, and
    # each one's title for people (its start document's heading, translated): the root index
    # names the PDFs by it rather than by file name.
    entries = sorted(
        (e for e in app.config.latex_documents if e[0] in env.all_docs), key=lambda e: e[1]
    )
    manifest = {
        "tex": [e[1] for e in entries],
        "titles": {e[1]: env.titles[e[0]].astext() for e in entries if e[0] in env.titles},
    }
    write_if_changed(
        Path(app.outdir) / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    )


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _on_config_inited, priority=600)  # after the extension's (400)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("env-updated", _on_env_updated)
    app.connect("doctree-resolved", _on_doctree_resolved)
