"""PDF through XeLaTeX: real Sphinx latex builds, real xelatex, pdffonts and pdftoppm as oracles.

The testroot ``test-pdf`` holds two statements and an index in en, my, ja, nb and th with real
Burmese, Japanese and Thai text; an untranslated Burmese signatory name puts Myanmar text in every
language's PDF. Our own ``docs/`` is built too, in every configured language.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import our_project, sphinx_latex

from transflow import config, pdf
from transflow.errors import TransflowError
from transflow.sphinx import latex

TESTS = Path(__file__).parent
REPO = TESTS.parent
ROOT = TESTS / "roots" / "test-pdf"
STATEMENTS = ["freedom-of-expression.pdf", "humanitarian-access.pdf"]

# Per language: the font of its own script (as pdffonts names it) and its translated title.
EXPECTED = {
    "en": ("NotoSerif-Regular", "Freedom of expression in Myanmar"),
    "my": ("NotoSerifMyanmar-Regular", "လွတ်လပ်စွာ"),  # no pre-base vowel: extracts in order
    "ja": ("NotoSerifCJKjp-Regular", "ミャンマーにおける表現の自由"),
    "nb": ("NotoSerif-Regular", "Ytringsfrihet i Myanmar"),
    "th": ("NotoSerifThai-Regular", "เสรีภาพในการแสดงออกในเมียนมา"),
}
needs_latex = pytest.mark.skipif(
    not (shutil.which("latexmk") and shutil.which("xelatex") and shutil.which("pdftoppm")),
    reason="needs XeLaTeX, latexmk and poppler (bash .ci/setup)",
)


@dataclass(frozen=True)
class Built:
    sphinx: subprocess.CompletedProcess[str]
    latex_dir: Path
    pdf_dir: Path
    result: pdf.PdfResult | None


def _build_all(src: Path, langs: list[str], work: Path) -> dict[str, Built]:
    def one(lang: str) -> Built:
        latex_dir, pdf_dir = work / "latex" / lang, work / "pdf" / lang
        done = sphinx_latex(src, lang, latex_dir)
        result = pdf.build_pdfs(latex_dir, pdf_dir) if done.returncode == 0 else None
        return Built(done, latex_dir, pdf_dir, result)

    with ThreadPoolExecutor(max_workers=2) as pool:  # the CI machine has two cores
        return dict(zip(langs, pool.map(one, langs), strict=True))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Built]:
    work = tmp_path_factory.mktemp("pdf")
    src = work / "src"
    shutil.copytree(ROOT, src)
    return _build_all(src, list(EXPECTED), work)


def _page_image(pdf: Path, tmp: Path, dpi: int = 72):
    from PIL import Image

    prefix = tmp / pdf.stem
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", str(pdf), str(prefix)],
        check=True,
    )
    return Image.open(next(tmp.glob(f"{pdf.stem}*.png"))).convert("L")


def _dark(image, box: tuple[float, float, float, float]) -> int:
    """Dark pixels inside ``box`` (left, top, right, bottom as fractions of the page)."""
    w, h = image.size
    region = image.crop((int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)))
    return sum(region.histogram()[:160])


def _pdffonts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()[2:]


# ---------------------------------------------------------------------------------------------
# Real XeLaTeX on the testroot


@pytest.mark.slow
@needs_latex
@pytest.mark.parametrize("lang", list(EXPECTED))
def test_latex_build_is_warning_free_under_W(built, lang):
    done = built[lang].sphinx
    assert done.returncode == 0, done.stderr
    assert "no Babel option known" not in done.stderr
    assert "WARNING" not in done.stderr


@pytest.mark.slow
@needs_latex
@pytest.mark.parametrize("lang", list(EXPECTED))
def test_one_pdf_per_statement(built, lang):
    b = built[lang]
    assert sorted(p.name for p in b.pdf_dir.glob("*.pdf")) == STATEMENTS  # no index.pdf
    assert [p.name for p in b.result.pdfs] == STATEMENTS
    assert all(log.is_file() for log in b.result.logs)


@pytest.mark.slow
@needs_latex
@pytest.mark.parametrize("lang", list(EXPECTED))
def test_fonts_of_every_script_are_embedded(built, lang):
    font, _ = EXPECTED[lang]
    lines = _pdffonts(built[lang].pdf_dir / "freedom-of-expression.pdf")
    names = " ".join(line.split()[0] for line in lines)
    assert font in names
    assert "NotoSerifMyanmar" in names  # the Burmese signatory, left as written in every language
    assert all(line.split()[-5] == "yes" for line in lines), lines  # the "emb" column


@pytest.mark.slow
@needs_latex
@pytest.mark.parametrize("lang", list(EXPECTED))
def test_no_missing_glyphs_and_no_line_runs_into_the_margin(built, lang):
    b = built[lang]
    assert b.result.problems == ()
    for log in b.result.logs:
        text = log.read_text(encoding="utf-8", errors="replace")
        assert "Missing character" not in text
        # A Burmese, Japanese or Thai line without a break point would stick out by centimetres.
        overfull = [float(x) for x in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide", text)]
        assert not [x for x in overfull if x > 5], (log, overfull)


@pytest.mark.slow
@needs_latex
@pytest.mark.parametrize("lang", list(EXPECTED))
def test_translated_title_in_text_and_document_info(built, lang):
    _, title = EXPECTED[lang]
    pdf = built[lang].pdf_dir / "freedom-of-expression.pdf"
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert title in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(rf"^Title:\s+.*{re.escape(title)}", info.stdout, re.M), info.stdout
    # /Lang for screen readers, inside the compressed object streams.
    streams = re.findall(rb"stream\r?\n(.*?)endstream", pdf.read_bytes(), re.S)
    catalog = b"".join(zlib.decompress(s) for s in streams if s[:1] == b"x")
    assert f"/Lang({lang})".encode() in catalog


@pytest.mark.slow
@needs_latex
def test_japanese_lines_follow_kinsoku(built):
    """No line starts with a small kana, a prolonged sound mark or closing punctuation."""
    pdf = built["ja"].pdf_dir / "freedom-of-expression.pdf"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line for line in text.splitlines() if line.strip()]
    assert len([x for x in lines if "、" in x]) >= 3  # the paragraph wraps over several lines
    assert not [
        x for x in lines if re.match(r"[ぁぃぅぇぉっゃゅょァィゥェォッャュョー。、」）]", x)
    ]


@pytest.mark.slow
@needs_latex
@pytest.mark.parametrize("lang", list(EXPECTED))
def test_first_page_renders_text_inside_the_margins(built, lang, tmp_path):
    image = _page_image(built[lang].pdf_dir / "freedom-of-expression.pdf", tmp_path)
    assert image.size[1] == 842  # A4 at 72 dpi (US Letter would be 792)
    assert _dark(image, (0.1, 0.1, 0.9, 0.2)) > 500  # the title
    assert _dark(image, (0.1, 0.25, 0.5, 0.45)) > 800  # the first paragraph, left half
    assert _dark(image, (0.5, 0.25, 0.9, 0.45)) > 800  # ... and right half: lines fill the width
    assert _dark(image, (0.9, 0.0, 1.0, 1.0)) == 0  # nothing in the right margin
    total = _dark(image, (0, 0, 1, 1))
    assert total < 0.2 * image.size[0] * image.size[1]  # text, not a black page


@pytest.mark.slow
@needs_latex
def test_rebuild_rewrites_nothing(built):
    b = built["en"]
    before = {p: p.stat().st_mtime_ns for p in b.result.pdfs}
    again = pdf.build_pdfs(b.latex_dir, b.pdf_dir)
    assert again.pdfs == b.result.pdfs
    assert {p: p.stat().st_mtime_ns for p in again.pdfs} == before


@pytest.mark.slow
@needs_latex
def test_pdf_of_a_removed_document_goes_and_errors_name_the_log(built, tmp_path):
    latex_dir, pdf_dir = tmp_path / "latex", tmp_path / "pdf"
    shutil.copytree(built["ja"].latex_dir, latex_dir)
    shutil.copytree(built["ja"].pdf_dir, pdf_dir)
    manifest = latex_dir / pdf.MANIFEST
    manifest.write_text('{"tex": ["freedom-of-expression.tex"]}')
    result = pdf.build_pdfs(latex_dir, pdf_dir)
    assert sorted(p.name for p in pdf_dir.glob("*.pdf")) == ["freedom-of-expression.pdf"]
    assert [p.name for p in result.pdfs] == ["freedom-of-expression.pdf"]

    tex = latex_dir / "freedom-of-expression.tex"
    tex.write_text(tex.read_text().replace(r"\begin{document}", "\\begin{document}\n\\nosuchmacro"))
    with pytest.raises(TransflowError) as err:
        pdf.build_pdfs(latex_dir, pdf_dir)
    assert err.value.path == latex_dir / "freedom-of-expression.log"
    assert "Undefined control sequence" in err.value.message
    assert re.search(r"l\.\d+ \\nosuchmacro", err.value.message)


# ---------------------------------------------------------------------------------------------
# Our own statements, every configured language


@pytest.mark.slow
@needs_latex
@pytest.mark.skipif(not (REPO / "docs" / "conf.py").is_file(), reason="docs/ not written yet")
def test_our_statements_in_every_language(tmp_path):
    cfg = config.load(REPO)
    langs = [cfg.source_language.code, *(x.code for x in cfg.languages)]
    statements = sorted(f"{p.stem}.pdf" for p in (REPO / "docs").glob("*.rst") if p.stem != "index")
    builds = _build_all(our_project(tmp_path / "project") / "docs", langs, tmp_path)
    for lang, b in builds.items():
        assert b.sphinx.returncode == 0, (lang, b.sphinx.stderr)
        assert "no Babel option known" not in b.sphinx.stderr
        assert sorted(p.name for p in b.result.pdfs) == statements, lang
        assert b.result.problems == (), lang
        # Thai has one statement translated so far: its font is in at least that PDF.
        fonts = " ".join(line.split()[0] for pdf in b.result.pdfs for line in _pdffonts(pdf))
        script_font = {"my": "NotoSerifMyanmar", "ja": "NotoSerifCJKjp", "th": "NotoSerifThai",
                       "zh_TW": "NotoSerifCJKjp"}  # fmt: skip  # one CFF for all CJK faces
        assert script_font.get(lang, "NotoSerif-Regular") in fonts, lang
        (tmp_path / "png" / lang).mkdir(parents=True)
        image = _page_image(b.result.pdfs[0], tmp_path / "png" / lang)
        assert _dark(image, (0.1, 0.3, 0.9, 0.7)) > 1000, lang
        assert _dark(image, (0.9, 0.0, 1.0, 1.0)) == 0, lang
        for made in b.result.pdfs:
            text = subprocess.run(
                ["pdftotext", str(made), "-"], capture_output=True, text=True, check=True
            ).stdout
            # HarfBuzz's dotted circle: a mark shaped apart from its base (a Burmese kinzi cut
            # off its consonant by an ICU break point printed so in "Bangladesh").
            assert "\u25cc" not in text, (lang, made.name)
            if lang == "ja" and made.name.startswith("defection-forum"):
                # A box never leaves its caption alone at a page's foot (Sphinx's default did
                # here: "原文2ページ目のヘッダー" on page 1, the header it captions on page 2).
                page = next(p for p in text.split("\f") if "原文2ページ目のヘッダー" in p)
                boxed = page.split("原文2ページ目のヘッダー", 1)[1]  # page 1 has its own header
                assert "招待者限定" in boxed and "第2回 離反と抵抗運動フォーラム" in boxed
            if made.name.startswith("defection-forum"):
                # The contact address is set as a URL: broken after a dot or "@" if need be,
                # never hyphenated ("Defectionfo-rum.burma@…" is an address that bounces).
                assert "Defectionforum.burma@protonmail.com" in text.replace("\n", ""), lang
            if lang == cfg.source_language.code:
                # The footnotes are at the foot of their pages: no "Notes" heading left over
                # them, alone at the end (the HTML keeps it above its list of notes).
                assert "Notes" not in text.split("\n"), made.name


# ---------------------------------------------------------------------------------------------
# Configuration (Sphinx only, no XeLaTeX)


def _latex_only(src: Path, lang: str, out: Path) -> dict[str, str]:
    done = sphinx_latex(src, lang, out)
    assert done.returncode == 0, done.stderr
    return {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.tex")}


def test_conf_py_latex_documents_are_kept_unless_the_project_opts_in(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    with (src / "conf.py").open("a") as f:
        f.write('latex_documents = [("index", "book.tex", "Book", "Us", "manual")]\n')
        f.write('latex_elements = {"papersize": "letterpaper"}\n')
    tex = _latex_only(src, "my", tmp_path / "kept")
    assert list(tex) == ["book.tex"]
    assert r"\sphinxtableofcontents" in tex["book.tex"]  # a book keeps its contents page
    assert "letterpaper" in tex["book.tex"]  # conf.py's element wins ...
    assert r"\newfontfamily\TFmyanmarfont{Noto Serif Myanmar}" in tex["book.tex"]  # ... fonts stay

    with (src / "pyproject.toml").open("a") as f:
        f.write("\n[tool.transflow.build]\npdf-per-document = true\n")
    tex = _latex_only(src, "my", tmp_path / "opted-in")
    assert sorted(tex) == ["freedom-of-expression.tex", "humanitarian-access.tex"]
    statement = tex["freedom-of-expression.tex"]
    assert r"\title{မြန်မာနိုင်ငံတွင် လွတ်လပ်စွာ ထုတ်ဖော်ပြောဆိုခွင့်}" in statement
    assert r"\sphinxtableofcontents" not in statement  # a one-page statement needs none


def test_another_engine_chosen_in_conf_py_is_respected(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    with (src / "conf.py").open("a") as f:
        f.write('latex_engine = "lualatex"\n')
    tex = _latex_only(src, "nb", tmp_path / "out")
    assert "XeTeXinterchartoks" not in tex["freedom-of-expression.tex"]


def test_a_kinzi_is_boxed_with_its_consonant_only():
    """The box keeps ICU from cutting the cluster; the rest of the phrase still breaks."""
    boxed = latex.keep_kinzi_together("စစ်အုပ်စုက ဘင်္ဂလားဒေ့ရှ်မှ စင်္ကြံလမ်း ဒုက္ခ")
    assert boxed == (
        r"စစ်အုပ်စုက ဘ\texorpdfstring{\mbox{င်္ဂ}}{င်္ဂ}လားဒေ့ရှ်မှ "
        r"စ\texorpdfstring{\mbox{င်္ကြံ}}{င်္ကြံ}လမ်း ဒုက္ခ"  # a stacked consonant needs no box
    )


def test_fonts_fall_back_to_what_is_installed():
    only_padauk = frozenset({"Noto Serif", "Noto Sans", "DejaVu Sans Mono", "Padauk"})
    choice = latex.choose_fonts("my", only_padauk)
    assert choice.fonts["myanmar"] == "Padauk"
    assert choice.missing["cjk"] == ("Noto Serif CJK JP", "Noto Sans CJK JP")
    assert "TFcjkclass" not in latex.fontpkg("my", choice.fonts)  # no switch to a missing font
    assert latex.choose_fonts("zh_TW", frozenset({"Noto Sans CJK TC"})).fonts["cjk"] == (
        "Noto Sans CJK TC"
    )


def test_missing_font_for_the_language_is_a_warning(tmp_path, monkeypatch):
    """Without a Myanmar font the Burmese PDF would be boxes: say so, naming the package."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    with (src / "conf.py").open("a") as f:
        f.write(
            "import transflow.sphinx.latex as _l\n"
            "_l.installed_families = lambda: frozenset({'Noto Serif', 'Noto Sans'})\n"
        )
    done = sphinx_latex(src, "my", tmp_path / "out")
    assert done.returncode != 0  # -W
    assert "no myanmar font installed" in done.stderr
    assert "fonts-noto-core or fonts-sil-padauk" in done.stderr
