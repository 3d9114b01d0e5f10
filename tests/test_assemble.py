"""A split build as CI runs it: two tagged versions in a real git repository, each piece built
by its own process in its own fresh clone and output folder, assembled into one site, then
driven from ``file://`` in Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, needs_chromium

from transflow import assemble, files, keys, pofile
from transflow.cli import main

TESTS = Path(__file__).parent
GIT = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _transflow(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A separate process, as a CI job is."""
    return subprocess.run(
        [sys.executable, "-m", "transflow.cli", *args], cwd=cwd, capture_output=True, text=True
    )


def _translate(po: Path, msgid: str, msgstr: str) -> None:
    catalog = pofile.parse(po.read_text(encoding="utf-8"))
    for entry in catalog.entries:
        if entry.msgid == msgid:
            entry.msgstr = msgstr
    files.write_if_changed(po, pofile.dumps(catalog))


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """test-basic in English and Japanese; v1, then v2 adds a page."""
    root = tmp_path_factory.mktemp("repo") / "docs"
    shutil.copytree(TESTS / "roots" / "test-basic", root)
    py = root / "pyproject.toml"
    py.write_text(py.read_text().replace('["ja", "nb", "my"]', '["ja"]'))
    os.makedirs(root / "locale" / "ja" / "LC_MESSAGES")
    assert main(["extract", "-C", str(root)]) == 0
    assert main(["update", "-C", str(root)]) == 0
    _translate(root / "locale/ja/LC_MESSAGES/index.po", "Basic project", "基本のプロジェクト")
    _git(root.parent, "init", "-q", "-b", "main")
    _git(root.parent, "add", "-A")
    _git(root.parent, "commit", "-qm", "v1")
    _git(root.parent, "tag", "v1")
    (root / "new.rst").write_text("New in two\n==========\n\nOnly in v2.\n")
    index = root / "index.rst"
    index.write_text(index.read_text().replace("   guide\n", "   guide\n   new\n"))
    assert main(["extract", "-C", str(root)]) == 0
    assert main(["update", "-C", str(root)]) == 0
    _git(root.parent, "add", "-A")
    _git(root.parent, "commit", "-qm", "v2")
    _git(root.parent, "tag", "v2")
    return root


def _matrix(cwd: Path, *args: str) -> list[dict]:
    done = _transflow(cwd, "matrix", "--targets", "--format", "html", *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["include"]


@pytest.fixture(scope="module")
def site(repo, tmp_path_factory) -> Path:
    """Each piece built by its own process in its own fresh clone, then assembled."""
    work = tmp_path_factory.mktemp("ci")
    rows = _matrix(repo, "--versions", "v2,v1", "--output", str(work / "scratch"))
    assert [r["name"] for r in rows] == ["v2-en-html", "v2-ja-html", "v1-en-html", "v1-ja-html"]
    jobs = []
    for row in rows:
        clone = work / f"clone-{row['name']}"
        _git(work, "clone", "-q", str(repo.parent), str(clone))
        cmd = [
            sys.executable,
            "-m",
            "transflow.cli",
            "build",
            "--versions",
            "v2,v1",
            "--target",
            row["name"],
            "--output",
            str(work / f"piece-{row['name']}"),
        ]
        jobs.append(
            (
                row,
                clone,
                subprocess.Popen(
                    cmd,
                    cwd=clone / "docs",
                    text=True,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                ),
            )
        )
    for row, clone, job in jobs:
        log = job.communicate()[0]
        assert job.returncode == 0, log
        assert "1 of 1 targets ok (1 rebuilt)" in log
        assert _git(clone, "status", "--porcelain") == ""  # the working tree is never touched
        (piece,) = assemble.read_pieces(work / f"piece-{row['name']}")
        # Another machine, another folder: the same key as the matrix computed.
        assert piece.key == row["key"]
    out = work / "site"
    done = _transflow(
        work, "assemble", *(str(work / f"piece-{r['name']}") for r in rows), "--output", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert "4 pieces assembled; 0 broken links" in done.stdout
    return out


def _read(site: Path, path: str) -> str:
    return (site / "html" / path).read_text(encoding="utf-8")


def test_layout_and_root_index(site):
    assert (site / "html/v2/ja/new.html").is_file()
    assert not (site / "html/v1/ja/new.html").exists()
    index = _read(site, "index.html")
    assert index.index("<h2>v2</h2>") < index.index("<h2>v1</h2>")  # newest first
    assert 'href="v1/ja/index.html" hreflang="ja"' in index
    assert re.search(
        r'日本語</a>\n <span class="english" lang="en">\(Japanese\)</span>\n.*'
        r'<span class="status" lang="en">\d+ % translated</span>',
        index,
    )


def test_switchers_link_only_to_pages_that_exist(site):
    new = _read(site, "v2/ja/new.html")
    versions = re.search(r'<nav class="transflow-versions".*?</nav>', new).group(0)
    # v1 has no such page: its start page, saying so
    assert 'href="../../v1/ja/index.html" hreflang="ja" lang="ja">v1</a>' in versions
    assert "transflow-start" in versions
    index = _read(site, "v1/ja/index.html")
    languages = re.search(r'<nav class="transflow-languages".*?</nav>', index).group(0)
    assert 'href="../en/index.html" hreflang="en" lang="en">English</a>' in languages
    assert '<strong lang="ja" aria-current="page">日本語</strong>' in languages
    versions = re.search(r'<nav class="transflow-versions".*?</nav>', index).group(0)
    assert re.search(
        r'href="../../v2/ja/index.html"[^>]*>v2</a> <small class="transflow-'
        r'coverage">\d+ %</small>',
        versions,
    )
    assert '<link rel="canonical" href="../../v2/ja/index.html" />' in index
    assert '<link rel="alternate" hreflang="en" href="../en/index.html" />' in index


def test_assembling_pieces_of_different_inputs_is_refused(site, tmp_path, capsys):
    other = tmp_path / "other"
    shutil.copytree(site, other)
    record = assemble.piece_path(other, "v1-ja-html")
    data = json.loads(record.read_text())
    data["key"] = "0" * 64
    record.write_text(json.dumps(data))
    assert main(["assemble", str(site), str(other), "--output", str(tmp_path / "s")]) == 2
    assert "piece v1-ja-html is also in" in capsys.readouterr().err


def test_a_broken_relative_link_fails_the_assembly(site, tmp_path, capsys):
    copy = tmp_path / "copy"
    shutil.copytree(site, copy)
    (copy / "html/v1/en/guide.html").unlink()
    assert main(["assemble", str(copy), "--output", str(tmp_path / "s")]) == 1
    err = capsys.readouterr().err
    assert re.search(r"v1/en/index.html: broken link guide.html", err)


def test_keys_follow_content_not_mtimes(repo, tmp_path):
    """The checkout's targets: a touched file changes no key, an edited catalog one."""
    out = tmp_path / "out"
    before = {r["name"]: r["key"] for r in _matrix(repo, "--output", str(out))}
    po = repo / "locale/ja/LC_MESSAGES/guide.po"
    os.utime(repo / "index.rst", (1, 1))
    assert {r["name"]: r["key"] for r in _matrix(repo, "--output", str(out))} == before
    text = po.read_text(encoding="utf-8")
    try:
        _translate(po, "The guide", "ガイド")
        after = {r["name"]: r["key"] for r in _matrix(repo, "--output", str(out))}
    finally:
        po.write_text(text, encoding="utf-8")
    assert after["en-html"] == before["en-html"] and after["ja-html"] != before["ja-html"]


def test_a_blob_id_is_gits(tmp_path):
    (tmp_path / "f").write_bytes(b"hello\n")
    done = subprocess.run(
        ["git", "hash-object", str(tmp_path / "f")], capture_output=True, text=True, check=True
    )
    assert keys.blob_id(b"hello\n") == done.stdout.strip()


def test_a_built_piece_is_skipped_when_its_key_matches(site, repo, tmp_path):
    out = tmp_path / "out"
    first = _transflow(repo, "build", "--format", "html", "--target", "ja-html", "-o", str(out))
    assert "1 of 1 targets ok (1 rebuilt)" in first.stdout, first.stderr
    again = _transflow(repo, "build", "--format", "html", "--target", "ja-html", "-o", str(out))
    assert "1 of 1 targets ok (0 rebuilt)" in again.stdout, again.stderr
    assert (out / "html/ja/index.html").is_file()  # the checkout alone: today's layout


@pytest.mark.slow
@needs_chromium
def test_switch_language_and_version_in_a_browser(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto((site / "html/v2/ja/new.html").as_uri())
        page.click("nav.transflow-versions a:text('v1')")
        assert page.url.endswith("/html/v1/ja/index.html")  # no such page in v1: its start
        page.click("nav.transflow-languages a[hreflang=en]")
        assert page.url.endswith("/html/v1/en/index.html")
        assert page.locator("html").get_attribute("lang") == "en"
        # Every switcher link of every page lands on a page in the language it names.
        for html in sorted((site / "html").rglob("*.html")):
            page.goto(html.as_uri())
            links = page.eval_on_selector_all(
                "nav.transflow-languages a, nav.transflow-versions a",
                "xs => xs.map(a => [a.href, a.hreflang])",
            )
            for href, hreflang in links:
                page.goto(href)
                assert page.locator("html").get_attribute("lang") == hreflang, (html, href)
        browser.close()


def test_links_between_site_paths_are_what_relpath_gives():
    import posixpath
    import random

    from transflow.assemble import _rel

    rng = random.Random(1)
    parts = ["html", "en", "sr@latin", "a", "index.html", "a.html", ".", "..", ""]
    for _ in range(20000):
        here = "/".join(rng.choice(parts[:-3]) for _ in range(rng.randint(1, 5)))
        there = "/".join(rng.choice(parts) for _ in range(rng.randint(1, 5))) or "a"
        assert _rel(here, there) == posixpath.relpath(there, posixpath.dirname(here))
