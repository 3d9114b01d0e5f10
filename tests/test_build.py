"""``transflow build`` on our statements: real Sphinx, real XeLaTeX, a real headless Chromium."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, needs_chromium, our_project, sphinx_latex

from transflow import build, config, pofile
from transflow.cli import main

REPO = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """Our project's HTML in every language, built once for the module."""
    out = tmp_path_factory.mktemp("build")
    assert main(["build", "--project", str(REPO), "--format", "html", "--output", str(out)]) == 0
    return out


def _html(site: Path, lang: str, page: str) -> str:
    return (site / "html" / lang / f"{page}.html").read_text(encoding="utf-8")


def _copy_without_thai_joint_statement(dest: Path) -> Path:
    """Our project as it was while Thai had the press release only: the joint statement's
    translations emptied, so Thai falls below `release` (about 17 % of its messages)."""
    shutil.copytree(
        REPO,
        dest,
        ignore=shutil.ignore_patterns("_build", ".git", ".nox", ".venv", "*.egg-info", "*.mo"),
    )
    po = dest / "locale/th/LC_MESSAGES/mta-joint-statement.po"
    text = po.read_text(encoding="utf-8")
    emptied, n = re.subn(r'(?m)^msgstr ".+"$', 'msgstr ""', text)
    assert n > 100
    po.write_text(emptied, encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def draft_site(tmp_path_factory) -> Path:
    """Thai HTML of that copy: a partly translated language below the release threshold."""
    root = _copy_without_thai_joint_statement(tmp_path_factory.mktemp("draft") / "proj")
    out = root / "_build"
    args = ["build", "--project", str(root), "--format", "html", "--lang", "th", "--output"]
    assert main([*args, str(out)]) == 0
    return out


def test_layout_and_root_index_by_native_name(site):
    for lang in ("en", "my", "ja", "nb", "th", "id", "zh_TW"):
        assert (site / "html" / lang / "mta-joint-statement.html").is_file()
    index = (site / "html/index.html").read_text(encoding="utf-8")
    for native in (
        "English",
        "မြန်မာ",
        "日本語",
        "norsk bokmål",
        "ไทย",
        "bahasa Indonesia",
        "中文（繁體）",
    ):
        assert native in index
    for code, native, english in (("th", "ไทย", "Thai"), ("id", "bahasa Indonesia", "Indonesian")):
        assert re.search(  # released: complete, not a draft
            rf'hreflang="{code}">{native}</a>\s*<span class="english" lang="en">\({english}\)</span>'
            r'\s*<div class="bar" role="img" aria-label="100 %">.*?</div>'
            r'<span class="status" lang="en">100 % translated</span>',
            index,
        )
    assert 'class="draft"' not in index
    assert (site / "html/transflow-pages.css").is_file()  # the dashboard's look, offline
    assert 'href="ja/index.html"' in index


def test_the_projects_tree_gets_no_compiled_catalogs(draft_site):
    """Sphinx compiles a .mo beside each .po it is given: `transflow build` gives it a copy in
    the build folder, so the project's catalogs stay as the translators left them."""
    root = draft_site.parent
    assert list((root / "locale").rglob("*.po"))
    assert not list((root / "locale").rglob("*.mo"))
    assert list((draft_site / ".locale").rglob("*.mo"))


def test_a_language_below_release_is_a_marked_draft(draft_site):
    index = (draft_site / "html/index.html").read_text(encoding="utf-8")
    assert re.search(
        r'hreflang="th">ไทย</a>\s*<span class="english" lang="en">\(Thai\)</span>\s*'
        r'<div class="bar" role="img" aria-label="1\d %"><span style="width:1\d\.\d%;[^"]*">'
        r'</span></div><span class="status" lang="en">1\d % translated — '
        r'<span class="draft">draft</span>',
        index,
    )


def test_pages_know_their_language_and_alternates(site):
    page = _html(site, "nb", "mta-joint-statement")
    assert '<html lang="nb"' in page
    assert '<link rel="alternate" hreflang="ja" href="../ja/mta-joint-statement.html" />' in page
    assert 'href="../my/mta-joint-statement.html" hreflang="my" lang="my">မြန်မာ</a>' in page
    assert '<strong lang="nb" aria-current="page">norsk bokmål</strong>' in page
    assert "<h1>Felles erklæring på treårsdagen" in page


def test_partly_translated_page_says_so_in_its_language(site, draft_site):
    th = _html(draft_site, "th", "mta-joint-statement")
    assert "หน้านี้แปลแล้ว 0 % ส่วนที่เหลือแสดงเป็นภาษาอังกฤษ" in th
    assert "ฉบับร่างของคำแปล" in th  # below the release threshold: a marked draft
    assert "transflow-partial" not in _html(draft_site, "th", "defection-forum-press-release")
    for lang in ("ja", "th", "id"):
        page = _html(site, lang, "mta-joint-statement")
        assert "transflow-partial" not in page
        assert "ฉบับร่างของคำแปล" not in page


def test_text_left_in_english_is_marked_as_english(site, draft_site):
    """Screen readers switch voice where the translation stops (WCAG: language of parts)."""
    th = _html(draft_site, "th", "mta-joint-statement")
    assert '<h1 lang="en">Joint Statement on the Third Anniversary' in th
    assert re.search(r'<p lang="en">On February 01, 2024, it will be three years', th)
    for translated in (
        _html(draft_site, "th", "defection-forum-press-release"),
        _html(site, "th", "mta-joint-statement"),
        _html(site, "en", "index"),
    ):
        assert re.findall(r'<(?:p|h\d|li)\b[^>]* lang="en"', translated) == []


def test_translated_pages_read_without_english(site):
    """Up to the signatories (names stay as written), no English word is left."""
    for lang in ("ja", "my", "th", "id"):
        page = _html(site, lang, "mta-joint-statement")
        start = page.index('<div class="body"')
        end = page.index("#MilkTeaAlliance")  # the signatories' names stay as written
        text = re.sub(r"<[^>]+>", " ", page[start:end])
        english = "the|and|of|to|we" + ("" if lang == "id" else "|junta")  # Indonesian: junta
        assert re.findall(rf"\b(?:{english})\b", text, re.I) == [], lang


def test_rebuild_is_incremental(draft_site):
    root = draft_site.parent
    cfg = config.load(root)
    plan = build.make_plan(cfg, [cfg.language("th")], ["html"])
    results = build.build(cfg, plan, draft_site)
    assert results and all(r.up_to_date for r in results)
    po = root / "locale/th/LC_MESSAGES/index.po"
    po.touch()  # a fresh checkout: new mtimes, the same content
    results = build.build(cfg, plan, draft_site)
    assert all(r.up_to_date for r in results)
    # A changed catalog rebuilds its language only: test_real_layouts edits one.


def test_a_failing_language_does_not_hide_the_others(site, monkeypatch, capsys):
    real = build._sphinx

    def broken_for_ja(cfg, target, plan, out, builder, dest, log):
        if target.lang.tag == "ja":
            log.write("Exception occurred: simulated breakage\n")
            return 2
        return real(cfg, target, plan, out, builder, dest, log)

    monkeypatch.setattr(build, "_sphinx", broken_for_ja)
    (site / ".stamps" / "ja-html").unlink(missing_ok=True)
    code = main(["build", "--project", str(REPO), "--format", "html", "--output", str(site)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "ja html failed; log:" in err and "simulated breakage" in err
    assert "6 of 7 targets ok" in out


def test_release_gate_can_skip_languages(tmp_path, capsys):
    root = _copy_without_thai_joint_statement(tmp_path / "proj")
    py = root / "pyproject.toml"
    py.write_text(py.read_text().replace('unreleased = "draft"', 'unreleased = "skip"'))
    cfg = config.load(root)
    plan = build.make_plan(cfg, None, ["html"])
    assert {x.tag for x in plan.languages} == {"en", "my", "ja", "nb", "id", "zh-Hant"}
    assert plan.held_back["th"].endswith("below the release threshold of 60 %: not built")
    assert set(plan.held_back) == {"th"}


@pytest.mark.slow
@needs_chromium
def test_in_a_real_browser(site, tmp_path):
    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site / "html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"{base}/ja/mta-joint-statement.html")
            assert page.locator("html").get_attribute("lang") == "ja"
            page.click("nav.transflow-languages a[hreflang=nb]")
            assert page.url == f"{base}/nb/mta-joint-statement.html"
            assert page.locator("html").get_attribute("lang") == "nb"
            assert page.locator("div.body h1").inner_text().startswith("Felles erklæring")
            shot = tmp_path / "nb.png"
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000
            # (Burmese, Thai and Japanese search: the tests below.)
            # file:// works too: the switcher's links are relative.
            page.goto((site / "html/my/index.html").as_uri())
            page.click("nav.transflow-languages a[hreflang=ja]")
            assert page.url.endswith("/html/ja/index.html")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
@needs_chromium
def test_the_switcher_wraps_between_languages_never_inside_one(site):
    """A narrow line breaks before a language, not inside "100 %" or "norsk bokmål"
    (the Burmese page at 1200 px put the "%" of "norsk bokmål 100 %" alone on the next line)."""
    from playwright.sync_api import sync_playwright

    # Lines an entry's text runs over: a box starting below the last line's bottom starts one.
    lines_of_each_entry = """() => [...document.querySelectorAll('nav.transflow-languages li')].map(li => {
        const range = document.createRange();
        range.selectNodeContents(li);
        const boxes = [...range.getClientRects()].filter(r => r.width > 0)
            .sort((a, b) => a.top - b.top);
        let lines = 0, bottom = -Infinity;
        for (const r of boxes) {
            if (r.top >= bottom - 1) [lines, bottom] = [lines + 1, r.bottom];
            else bottom = Math.max(bottom, r.bottom);
        }
        return lines;
    })"""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in (1200, 700, 420):
            page = browser.new_page(viewport={"width": width, "height": 800})
            for lang in ("my", "nb", "zh_TW"):
                page.goto((site / f"html/{lang}/mta-joint-statement.html").as_uri())
                lines = page.evaluate(lines_of_each_entry)
                assert len(lines) == 7, (lang, width)
                assert lines == [1] * 7, (lang, width, lines)
            page.close()
        browser.close()


@pytest.mark.slow
@needs_chromium
def test_the_boxes_captions_end_without_a_colon(site):
    """The theme puts a half-width ":" after every admonition title; the boxes that describe
    the original ("原文の画像") are captions, and a colon there is wrong in ja, zh and th."""
    from playwright.sync_api import sync_playwright

    after = """sel => getComputedStyle(document.querySelector(sel), '::after').content"""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for lang in ("ja", "zh_TW", "th"):
            for doc, box in (
                ("mta-joint-statement", "original-image"),
                ("defection-forum-press-release", "original-page-header"),
            ):
                page.goto((site / f"html/{lang}/{doc}.html").as_uri())
                assert page.evaluate(after, f"div.{box} p.admonition-title") == "none", lang
        browser.close()


@pytest.mark.slow
@needs_chromium
def test_a_japanese_query_is_segmented_as_the_pages_were(site):
    """Typed without spaces, as Japanese is, a query still finds its page."""
    from playwright.sync_api import sync_playwright
    from sphinx.search.ja import DefaultSplitter

    from transflow import pofile

    catalog = pofile.parse((REPO / "locale/ja/LC_MESSAGES/mta-joint-statement.po").read_text())
    texts = [e.msgstr for e in catalog.entries if e.msgstr][:60]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto((site / "html/ja/search.html").as_uri() + "?q=軍事政権の正統性")
        # The browser's segmenter cuts exactly where Sphinx's index did.
        segmented = page.evaluate("texts => texts.map(_jaSegment)", texts)
        assert segmented == [DefaultSplitter({}).split(t) for t in texts]
        assert page.evaluate("splitQuery('軍事政権の正統性')") == [
            "軍事",
            "政権",
            "正統性",
        ]  # "の" is not indexed
        page.wait_for_selector("#search-results li", timeout=15_000)
        hits = page.locator("#search-results li a").all_inner_texts()
        assert any("クーデター" in h for h in hits), hits
        browser.close()


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize(
    ("lang", "query", "found", "not_found"),
    [
        # "แปรพักตร์" (defection) is in the Thai press release (and the joint statement);
        # "โรฮิงญา" (Rohingya) in the joint statement only.
        ("th", "แปรพักตร์", "เวทีว่าด้วยการแปรพักตร์", None),
        ("th", "โรฮิงญา", "แถลงการณ์ร่วม", "เวทีว่าด้วยการแปรพักตร์"),
        # "ဘက်ပြောင်းလာသူ" (defector) is in the Burmese press release.
        ("my", "ဘက်ပြောင်းလာသူ", "ဘက်ပြောင်းမှု", None),
        # "不遣返原則" (non-refoulement) is in the joint statement, not in the press release.
        ("zh_TW", "不遣返原則", "緬甸軍政府失敗政變", "倒戈與抗命運動論壇"),
    ],
)
def test_a_word_of_a_script_without_spaces_finds_its_page(site, lang, query, found, not_found):
    """The browser cuts a query into the clusters the index holds, with the index's own rule."""
    from playwright.sync_api import sync_playwright

    from transflow import pofile
    from transflow.sphinx import search

    splitter = {
        "th": search.SearchThai,
        "my": search.SearchBurmese,
        "zh_TW": search.SearchChineseBigrams,
    }[lang]({})
    path = REPO / f"locale/{lang}/LC_MESSAGES/defection-forum-press-release.po"
    texts = [e.msgstr for e in pofile.read(path).entries if e.msgstr]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto((site / f"html/{lang}/search.html").as_uri() + f"?q={query}")
        assert page.evaluate("texts => texts.map(splitQuery)", texts) == [
            splitter.split(t) for t in texts
        ]
        page.wait_for_selector("#search-results li", timeout=15_000)
        hits = page.locator("#search-results li a").all_inner_texts()
        assert any(found in h for h in hits), hits
        if not_found:
            assert not any(not_found in h for h in hits), hits
        browser.close()


def test_chinese_is_cut_into_pairs_of_han_characters():
    from transflow.sphinx.search import SearchChineseBigrams

    split = SearchChineseBigrams({"dict": "/no/such/jieba.dict"}).split  # no jieba: pairs
    assert split("民族團結政府（NUG）與Zoom會議，軍。𠀀𠀁") == [
        "民族",
        "族團",
        "團結",
        "結政",
        "政府",
        "NUG",
        "與",
        "Zoom",
        "會議",
        "軍",
        "𠀀𠀁",
    ]
    assert split("中文（简体）也一样") == ["中文", "简体", "也一", "一样"]


def test_chinese_pages_are_indexed_as_the_pairs_a_query_is_cut_into(site):
    """Sphinx without jieba indexes no Chinese at all; ours holds every pair of Han characters."""
    from sphinx.search import js_index

    index = js_index.loads((site / "html/zh_TW/searchindex.js").read_text(encoding="utf-8"))
    joint = index["docnames"].index("mta-joint-statement")

    def docs(term):
        found = set()
        for table in (index["terms"], index["titleterms"]):
            hit = table.get(term, [])
            found |= {hit} if isinstance(hit, int) else set(hit)
        return found

    for pair in ("不遣", "遣返", "返原", "原則", "倒戈", "政府"):
        assert joint in docs(pair), pair
    assert docs("遣原") == set()  # not adjacent anywhere: no pair
    assert "zoom" in index["terms"]  # Latin words as Sphinx's Chinese search has them


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    args = ["build", "--project", str(REPO), "--format", "pdf", "--output", str(out)]
    for lang in ("en", "my", "ja", "nb", "th", "id", "zh-Hant"):
        args += ["--lang", lang]
    assert main(args) == 0
    return out


def _dark_share(pdf: Path, tmp: Path) -> float:
    """Share of dark pixels on page 1, read from a grey-scale PGM written by pdftoppm."""
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp / "p")],
        check=True,
    )
    data = next(tmp.glob("p*.pgm")).read_bytes()
    header = data.split(b"\n", 3)
    pixels = header[3]
    return sum(1 for b in pixels if b < 128) / len(pixels)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "font"),
    [
        ("my", "NotoSerifMyanmar"),
        ("ja", "NotoSerifCJK"),
        ("zh_TW", "NotoSerifCJK"),
        ("nb", "NotoSerif-Regular"),
        ("en", "NotoSerif-Regular"),
        ("th", "NotoSerifThai"),
        ("id", "NotoSerif-Regular"),
    ],
)
def test_one_pdf_per_statement_with_the_right_fonts(pdfs, tmp_path, lang, font):
    files = sorted(p.name for p in (pdfs / "pdf" / lang).glob("*.pdf"))
    assert files == ["defection-forum-press-release.pdf", "mta-joint-statement.pdf"]
    pdf = pdfs / "pdf" / lang / "mta-joint-statement.pdf"
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert font in fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:])  # every font embedded
    if lang in ("my", "ja", "zh_TW"):
        assert "NotoSerifMyanmar" in fonts  # the Burmese signatory name, in every language
    log = (pdfs / "logs" / f"{lang}-pdf.log").read_text()
    assert "Missing character" not in log
    assert "no Babel option known" not in log
    assert 0.01 < _dark_share(pdf, tmp_path) < 0.5  # a page with text on it, not blank or black


def _faces(xdv: Path) -> set[str]:
    """The font families XeTeX set text in, read from its .xdv: each native font definition
    names a font file and a face index (which face of a collection), as fontconfig numbers them."""
    data = xdv.read_bytes()
    families = set()
    for m in re.finditer(rb"/[\x21-\x7e]+?\.(?:ttc|otf|ttf)", data):
        if data[m.start() - 1] != len(m.group(0)):  # the path's length byte precedes it
            continue
        index = int.from_bytes(data[m.end() : m.end() + 4], "big")
        done = subprocess.run(
            ["fc-query", "-i", str(index), "-f", "%{family[0]}\n", m.group(0)],
            capture_output=True,
            text=True,
            check=True,
        )
        families.add(done.stdout.strip())
    return families


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "cjk"), [("zh_TW", "Noto Serif CJK TC"), ("ja", "Noto Serif CJK JP")]
)
def test_han_is_set_in_the_regional_face_of_the_cjk_collection(pdfs, lang, cjk):
    """Traditional Chinese glyphs in the Chinese PDF, Japanese ones in the Japanese.

    Noto CJK is one collection (.ttc) whose faces share a single CFF font named
    "NotoSerifCJKjp", so pdffonts shows that name for every region; the face XeTeX used, and so
    the region's glyph shapes, is recorded in the .xdv it hands to xdvipdfmx.
    """
    faces = _faces(pdfs / ".latex" / lang / "mta-joint-statement.xdv")
    assert cjk in faces, faces
    assert not {f for f in faces if "CJK" in f} - {cjk}, faces


@pytest.mark.slow
def test_latex_build_is_warning_free_under_W(tmp_path):
    docs = our_project(tmp_path / "project") / "docs"
    for lang in ("my", "ja", "th", "zh_TW"):
        done = sphinx_latex(docs, lang, tmp_path / lang)
        assert done.returncode == 0, done.stderr


def test_the_root_index_names_each_pdf_by_its_translated_title(pdfs):
    import html

    index = (pdfs / "html" / "index.html").read_text(encoding="utf-8")
    for lang in ("ja", "my", "en"):
        rst = (REPO / "docs" / "mta-joint-statement.rst").read_text(encoding="utf-8")
        heading = next(line for line in rst.splitlines() if line.strip() and line[0].isalnum())
        if lang == "en":
            title = heading
        else:
            catalog = pofile.read(REPO / f"locale/{lang}/LC_MESSAGES/mta-joint-statement.po")
            title = next(e.msgstr for e in catalog.entries if e.msgid == heading)
        link = re.search(rf'href="../pdf/{lang}/mta-joint-statement.pdf"[^>]*>([^<]*)</a>', index)
        assert link is not None and html.unescape(link.group(1)) == title


def test_a_broken_catalog_is_named_by_its_path_in_the_project_in_the_build_log(
    translated_project, tmp_path
):
    root = translated_project(langs=["ja"])
    stray = root / "locale/ja/LC_MESSAGES/stray.po"
    stray.write_text('msgid "a"\nmsgstr "b\n')
    out = tmp_path / "out"
    assert (
        main(["build", "-C", str(root), "--format", "html", "--lang", "ja", "--output", str(out)])
        == 0
    )
    log = (out / "logs" / "ja-html.log").read_text(encoding="utf-8")
    assert f"{stray}:2: end-of-line within string" in log
    assert ".locale" not in "".join(line for line in log.splitlines() if "stray.po" in line)


@pytest.mark.slow
@needs_chromium
def test_the_root_index_pdf_titles_stay_inside_their_language_card(pdfs):
    """Long translated titles (Burmese runs without spaces) wrap inside the card, each PDF on
    its own line, in the language it is written in."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        page.goto((pdfs / "html" / "index.html").as_uri())
        outside = page.evaluate(
            """() => [...document.querySelectorAll('ul.pdfs a')].filter(a => {
                const card = a.closest('ul.languages > li').getBoundingClientRect();
                return [...a.getClientRects()].some(r => r.left < card.left - 0.5 ||
                    r.right > card.right + 0.5);
            }).map(a => a.textContent)"""
        )
        langs = page.eval_on_selector_all("ul.pdfs a", "links => links.map(a => a.lang)")
        browser.close()
    assert outside == []
    assert len(langs) == 14 and set(langs) == {"en", "my", "ja", "nb", "th", "id", "zh-Hant"}
