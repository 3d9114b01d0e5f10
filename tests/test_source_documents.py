"""The source documents carry the statements faithfully: every sentence, footnote and signatory.

The original texts (``../shared/statements/``) are split into sentences; each must appear in
the text of the built English page, whitespace-normalised. Left out on purpose are only the
web-page artifacts "top of page" / "bottom of page" and the file name of an image the web page
shows (the seed has no image: the page describes it in words a translator can translate);
footnote markers (``[1]``, ``¹``) render as links and are compared without them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

REPO = Path(__file__).parents[1]
STATEMENTS = REPO.parent / "shared" / "statements"
PAGES = {
    "mta-joint-statement": "mta-joint-statement-2024-02-01.txt",
    "defection-forum-press-release": "defection-forum-press-release-2024-03-31.txt",
}
ARTIFACTS = {"top of page", "bottom of page"}
IMAGE = re.compile(r"\.(png|jpe?g|gif|webp|svg)$", re.I)  # a line that is an image's file name
BLOCKS = {
    "p",
    "li",
    "div",
    "section",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "br",
    "ol",
    "ul",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
}
MARKERS = re.compile(r"\[\d+\]|[¹²]")


class _Text(HTMLParser):
    """The visible text of a page's body, one string per block."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _normalise(text: str) -> str:
    return " ".join(MARKERS.sub(" ", text).split())


def _sentences(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = _normalise(re.sub(r"<(https?://[^>]+)>", r"\1", line))  # a link, shown bare
        if not line or line in ARTIFACTS or IMAGE.search(line):
            continue
        line = re.sub(r"^\d+\.\s+", "", line)  # list numbers are rendered by <ol>
        out += [s for s in re.split(r"(?<=[.!?;:])\s+", line) if s]
    return out


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html")
    assert build_main(["-q", "-W", "-b", "html", str(REPO / "docs"), str(out)]) == 0
    return out


def _page(html: Path, name: str) -> tuple[str, _Text]:
    parser = _Text()
    body = (html / f"{name}.html").read_text(encoding="utf-8")
    body = body[body.index('<div class="body"') : body.index('<div class="sphinxsidebar"')]
    parser.feed(body)
    return _normalise("".join(parser.parts)), parser


@pytest.mark.skipif(not STATEMENTS.is_dir(), reason="../shared/statements is not beside the repo")
@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_sentence_of_the_original_is_on_the_page(html, page):
    text, _ = _page(html, page)
    original = (STATEMENTS / PAGES[page]).read_text(encoding="utf-8")
    missing = [s for s in _sentences(original) if s not in text]
    assert missing == []


def test_signatories_and_footnotes_are_all_there(html):
    mta = (html / "mta-joint-statement.html").read_text(encoding="utf-8")
    lists = re.findall(r'<ol class="arabic[^"]*">(.*?)</ol>', mta, re.S)
    assert [len(re.findall(r"<li>", ol)) for ol in lists] == [4, 66, 21]
    assert len(re.findall(r'<aside class="footnote brackets', mta)) == 9
    assert len(re.findall(r'class="footnote-reference', mta)) == 9
    press = (html / "defection-forum-press-release.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<aside class="footnote brackets', press)) == 2
    assert 'href="https://peoplesgoal.org"' in press


def test_press_release_keeps_its_burmese_headings_byte_exact(html):
    text, _ = _page(html, "defection-forum-press-release")
    assert text.count("မိဘကြားခံအဖွဲ့အစည်း/လူ့ပုဂ္ဂိုလ်များအတွက်သာ - Invitation Only") == 1
    assert text.count("မိတ်ကြားခံအဖွဲ့အစည်း/လူပုဂ္ဂိုလ်များအတွက်သာ - Invitation Only") == 1
    assert text.count("ဘက်ပြောင်းမှု နှင့် နိုင်ငံရေးအန်တု လှုပ်ရှားမှုဆိုင်ရာ") == 2


def test_an_image_of_the_original_is_described_not_named_by_its_file(html):
    """The web page's cover picture is not in the seed: the reader (and every translator) gets a
    described image in a box of its own, never its file name as text."""
    mta = (html / "mta-joint-statement.html").read_text(encoding="utf-8")
    original = (STATEMENTS / PAGES["mta-joint-statement"]).read_text(encoding="utf-8")
    names = [line.strip() for line in original.splitlines() if IMAGE.search(line.strip())]
    assert names == ["Website cover - MTA #JointStatement - #SaveMyanmar.png"]
    assert ".png" not in _page(html, "mta-joint-statement")[0]
    box = re.search(r'<div class="[^"]*\boriginal-image\b[^"]*">(.*?)</div>', mta, re.S)
    assert box and "Image in the original" in box[1] and "#SaveMyanmar" in box[1]


def test_the_repeated_page_header_is_marked_as_the_originals_page_2(html):
    """The printed original repeats its header on page 2; the page keeps it (every sentence of
    the seed) but inside a captioned box, so it does not read as a repeated paragraph."""
    press = (html / "defection-forum-press-release.html").read_text(encoding="utf-8")
    box = re.search(r'<div class="[^"]*\boriginal-page-header\b[^"]*">(.*?)</div>', press, re.S)
    assert box, "page-2 header box missing"
    text = _normalise(re.sub(r"<[^>]+>", " ", box[1]))
    assert text.startswith("Header of page 2 of the original")
    assert "မိတ်ကြားခံအဖွဲ့အစည်း/လူပုဂ္ဂိုလ်များအတွက်သာ - Invitation Only" in text
    assert text.endswith("2nd Forum on Defection and Defiance Movement")
    # the page-1 header, before the title, stays outside any box
    first = press.index("မိဘကြားခံအဖွဲ့အစည်း")
    assert first < press.index("<h1>") < box.start()
