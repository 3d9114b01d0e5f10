"""``transflow report``: an offline dashboard, SVG badges and JSON, with every catalog string
escaped and every link resolvable from the report directory."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import pytest
from conftest import translate

from transflow import config
from transflow.cli import main
from transflow.report import badge


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.scripts = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


# Four messages of ja's guide translated by a team whose name is markup.
JA_GUIDE = {"ja/guide": dict.fromkeys(range(4), "訳")}


def _translated_project(translated_project) -> Path:
    root = translated_project(JA_GUIDE)
    translate(
        root / "locale/ja/LC_MESSAGES/guide.po",
        {},
        Last_Translator="<script>alert(1)</script> & co",
    )
    return root


def test_report_is_offline_with_native_names_badges_and_relative_links(
    translated_project, tmp_path, capsys
):
    root = _translated_project(translated_project)
    out = tmp_path / "report"
    assert main(["report", "--project", str(root), "--output", str(out)]) == 0
    assert "coverage report in" in capsys.readouterr().out
    page = (out / "index.html").read_text()
    for name in ("日本語", "norsk bokmål", "မြန်မာ"):
        assert name in page
    parser = _Links()
    parser.feed(page)
    assert parser.scripts == 0
    assert not [u for u in parser.links if re.match(r"[a-z]+:|//", u)]  # no CDN, nothing remote
    for link in parser.links:
        assert (out / unquote(link)).is_file(), link  # every link resolves, offline
    assert any(link.endswith("locale/ja/LC_MESSAGES/guide.po") for link in parser.links)
    assert "badges/ja.svg" in parser.links
    # The documents × languages grid and each language's detail use the same numbers.
    assert re.search(r"<code>guide</code></th>.*?80 %", page)
    assert "44 %" in page


def test_report_escapes_every_catalog_string(translated_project, tmp_path):
    root = _translated_project(translated_project)
    out = tmp_path / "report"
    assert main(["report", "--project", str(root), "--output", str(out)]) == 0
    page = (out / "index.html").read_text()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    parser = _Links()
    parser.feed(page)
    assert "<script>alert(1)</script> & co" in "".join(parser.text)  # shown as text
    data = json.loads((out / "coverage.json").read_text())
    ja = data["languages"][0]
    guide = next(d for d in ja["documents"] if d["document"] == "guide")
    assert guide["translator"] == "<script>alert(1)</script> & co"


def test_report_document_names_are_escaped(tmp_path):
    tree = tmp_path / "tree"
    (tree / "fr/LC_MESSAGES").mkdir(parents=True)
    (tree / "fr/LC_MESSAGES/<b>x&y.po").write_text('msgid "a"\nmsgstr "b"\n')
    out = tmp_path / "out"
    assert (
        main(
            ["report", "--locale-dir", str(tree), "--output", str(out), "--project", str(tmp_path)]
        )
        == 0
    )
    page = (out / "index.html").read_text()
    assert "<b>x" not in page and "&lt;b&gt;x&amp;y" in page
    parser = _Links()
    parser.feed(page)
    po_links = [link for link in parser.links if link.endswith(".po")]
    assert po_links and all((out / unquote(link)).is_file() for link in po_links)


def test_badges_are_valid_svg_saying_language_and_percent(translated_project, tmp_path):
    root = _translated_project(translated_project)
    out = tmp_path / "report"
    assert main(["report", "--project", str(root), "--output", str(out)]) == 0
    svg = ET.parse(out / "badges/ja.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["ja", "44 %"]
    assert svg.get("aria-label") == "ja: 44 %"
    assert sorted(p.name for p in (out / "badges").iterdir()) == ["ja.svg", "my.svg", "nb.svg"]


@pytest.mark.parametrize(("percent", "shown"), [(100.0, "100 %"), (99.99, "99 %"), (0.0, "0 %")])
def test_badge_rounds_down_like_everything_else(percent, shown):
    svg = ET.fromstring(badge("nb", percent))
    assert [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")] == ["nb", shown]


def test_badge_escapes_its_label():
    svg = badge("<script>alert(1)</script>", 50)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)  # still well-formed


def test_report_json_and_rewrites_only_what_changed(translated_project, tmp_path, capsys):
    root = _translated_project(translated_project)
    out = tmp_path / "report"
    assert main(["report", "--project", str(root), "--output", str(out)]) == 0
    data = json.loads((out / "coverage.json").read_text())
    assert data["schema"] == "transflow.coverage/1"
    assert [lang["tag"] for lang in data["languages"]] == ["ja", "nb", "my"]
    assert data["languages"][0]["display"] == "44 %"
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["report", "--project", str(root), "--output", str(out)]) == 0
    assert "(0 file(s) written)" in capsys.readouterr().out
    assert mtimes == {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_report_default_output_and_draft_marking(translated_project, capsys):
    root = _translated_project(translated_project)
    py = root / "pyproject.toml"
    py.write_text(py.read_text() + "\n[tool.transflow.coverage]\nrelease = 40\n")
    assert main(["report", "--project", str(root)]) == 0
    page = (root / "_build/coverage/index.html").read_text()
    rows = {m[0]: m[1] for m in re.findall(r'<th scope="row" lang="(\w+)">(.*?)</tr>', page)}
    assert "below the release threshold" not in rows["ja"]
    assert "below the release threshold" in rows["nb"]


def test_a_project_template_replaces_the_dashboard(translated_project, tmp_path):
    """Pages come from templates a project can override (``<source-dir>/_templates``), and the
    override is autoescaped too."""
    root = _translated_project(translated_project)
    cfg = config.load(root)
    templates = cfg.source_dir / "_templates"
    templates.mkdir(exist_ok=True)
    (templates / "transflow-dashboard.html").write_text(
        "<p>ours: {% for lang in data.languages %}{{ lang.native_name }}"
        "{% for d in lang.documents %}[{{ d.translator }}]{% endfor %}{% endfor %}</p>"
    )
    out = tmp_path / "report"
    assert main(["report", "--project", str(root), "--output", str(out)]) == 0
    page = (out / "index.html").read_text()
    assert page.startswith("<p>ours: ") and "日本語" in page
    assert "[&lt;script&gt;alert(1)&lt;/script&gt; &amp; co]" in page
