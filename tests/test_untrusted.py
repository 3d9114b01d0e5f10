"""Translations are untrusted input: a hostile corpus through lint, Sphinx and a real browser.

``tests/hostile`` is a project whose every document is attacked by its translation, one catalog
per attack in ja, my and nb (each refused entry says ``# expect: <ids>``). The build runs as a
user's CI would — a subprocess, a secret in its environment, an open stdin — under a memory
limit and a timeout, so a regression (``.. include:: /dev/zero``, ``/dev/stdin``) fails here
instead of hanging CI.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, needs_chromium

from transflow import config, lint, pofile
from transflow.checks import UNTRUSTED_IDS
from transflow.cli import main
from transflow.commands.output import github_annotation

TESTS = Path(__file__).parent
HOSTILE = TESTS / "hostile"
LANGS = ("ja", "my", "nb")
SECRET = "transflow-test-secret-4f1c9a"
SPHINX_SEARCHBOX = """document.getElementById('searchbox').style.display = "block\""""
MEMORY_LIMIT = 2 << 30  # address space: a Sphinx build needs a few hundred MB, /dev/zero all


def _expected(path: Path) -> set[tuple[str, int]]:
    found = set()
    for e in pofile.read(path).entries:
        for comment in e.comments:
            if comment.startswith("expect: "):
                found |= {(x.strip(), e.msgstr_line) for x in comment[8:].split(",")}
    return found


CATALOGS = sorted((HOSTILE / "locale").rglob("*.po"))


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: "/".join(p.parts[-3:]))
def test_lint_reports_each_attack_at_its_line(path):
    cfg = config.load(HOSTILE, require_sources=False)
    found = {
        (f.check, f.line) for f in lint.lint(cfg) if f.path == path and f.check in UNTRUSTED_IDS
    }
    assert found == _expected(path)


def test_a_translator_comment_cannot_silence_a_refusal(tmp_path):
    tree = tmp_path / "tree" / "nb" / "LC_MESSAGES"
    tree.mkdir(parents=True)
    (tree / "x.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: nb\\n"\n\n# transflow: ignore all\n'
        'msgid "Hello."\nmsgstr ""\n"Hei.\\n"\n"\\n"\n".. raw:: html\\n"\n"\\n"\n"   <script>x</script>"\n'
    )
    cfg = config.load(tmp_path, locale_dir=tmp_path / "tree", require_sources=False)
    assert [(f.check, f.line) for f in lint.lint(cfg)] == [("raw-html", 7)]


def _forbidden_file(tmp_path: Path) -> Path:
    """A file outside the catalog tree that is not a catalog: its text must never be shown."""
    secret = tmp_path / "outside" / "shadow"
    secret.parent.mkdir()
    secret.write_text(f"root:$6${SECRET}:19000:0:99999:7:::\nmsgid broken {SECRET}\n")
    return secret


def test_lint_never_follows_a_symlink_out_of_the_tree(tmp_path, capsys):
    tree = tmp_path / "tree"
    (tree / "nb/LC_MESSAGES").mkdir(parents=True)
    (tree / "nb/LC_MESSAGES/shadow.po").symlink_to(_forbidden_file(tmp_path))
    assert main(["lint", "--locale-dir", str(tree), "--format", "github"]) == 1
    out, err = capsys.readouterr()
    assert SECRET not in out + err
    assert re.fullmatch(
        r"::error file=[^,:]*tree/nb/LC_MESSAGES/shadow\.po,line=1,title=catalog-outside-tree::"
        r"a symbolic link to a file outside the catalog tree: not read.*\n",
        out,
    )


def test_github_annotations_cannot_be_forged_by_a_file_name(tmp_path, capsys):
    tree = tmp_path / "tree" / "nb" / "LC_MESSAGES"
    tree.mkdir(parents=True)
    name = "a,line=1,title=x::forged%0A\n::error file=evil.po::injected.po"
    (tree / name).write_text(
        'msgid ""\nmsgstr ""\n"Language: nb\\n"\n\nmsgid "It works."\nmsgstr "It works."\n'
    )
    main(["lint", "--locale-dir", str(tmp_path / "tree"), "--format", "github"])
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(line.startswith("::") for line in lines)
    assert not any(line.startswith("::error file=evil.po") for line in lines)
    assert (
        "a%2Cline=1%2Ctitle=x%3A%3Aforged%250A%0A%3A%3Aerror file=evil.po%3A%3Ainjected.po"
        in lines[0]
    )
    # GitHub's own rule for the message part: %, CR and LF only.
    assert (
        github_annotation("error", "50% a\r\nb: c, d", file="x")
        == "::error file=x::50%25 a%0D%0Ab: c, d"
    )


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """``transflow build`` of the hostile corpus, as CI runs it: a secret in the environment, an
    open stdin nobody writes to, a symlinked catalog pointing at a file that is not one."""
    tmp = tmp_path_factory.mktemp("hostile")
    root = tmp / "project"
    shutil.copytree(HOSTILE, root)
    (root / "locale/nb/LC_MESSAGES/shadow.po").symlink_to(_forbidden_file(tmp))
    assert main(["extract", "--project", str(root)]) == 0  # templates: what coverage counts
    out = tmp / "out"
    stdin_read, stdin_write = os.pipe()  # reading /dev/stdin would wait forever
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from transflow.cli import main; raise SystemExit(main())",
                "build",
                "--project",
                str(root),
                "--format",
                "html",
                "--output",
                str(out),
                "-j",
                "2",
            ],
            stdin=stdin_read,
            capture_output=True,
            text=True,
            timeout=600,
            preexec_fn=_limited,
            env={**os.environ, "TRANSFLOW_CI_TOKEN": SECRET},
        )
    finally:
        os.close(stdin_read)
        os.close(stdin_write)
    return root, out, done


def _sphinx_html(src: Path, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """A plain ``sphinx-build -b html`` under the memory limit, with a timeout and no stdin."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", *options, str(src), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_limited,
        stdin=subprocess.DEVNULL,
    )


def _everything(out: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(out.rglob("*"))
        if p.is_file()
    )


def test_the_build_succeeds_and_leaks_nothing(hostile_site):
    _, out, done = hostile_site
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    text = _everything(out) + done.stdout + done.stderr
    for leak in (SECRET, "root:x:0:0", "/bin/bash", "/usr/sbin/nologin"):
        assert leak not in text, leak
    assert not list(out.rglob("_downloads/**/passwd"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_refusal_is_a_transflow_warning_at_path_line(hostile_site, lang):
    root, out, _ = hostile_site
    log = (out / "logs" / f"{lang}-html.log").read_text(encoding="utf-8")
    for path in sorted((root / "locale" / lang / "LC_MESSAGES").glob("*.po")):
        if path.is_symlink():
            continue
        for check, line in _expected(path):
            assert re.search(
                rf"{re.escape(str(path))}:{line}: WARNING: translation refused \[{check}\]: .+ "
                rf"\[transflow\.{check}\]",
                log,
            ), (path.name, line, check)
    if lang == "nb":
        assert "shadow.po: a symbolic link to a file outside the catalog tree" in log


@pytest.mark.parametrize("lang", LANGS)
def test_pages_show_the_source_text_and_no_live_markup(hostile_site, lang):
    _, out, _ = hostile_site
    site = out / "html" / lang
    for page in sorted(site.glob("*.html")):
        html = page.read_text(encoding="utf-8")
        inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
        assert set(inline) <= {SPHINX_SEARCHBOX}, page.name  # only the theme's own
        assert not re.search(r"\bon\w+\s*=", html.replace("onerror=alert(1)&gt;", "")), page.name
        assert not re.search(
            r"""(?:href|src)\s*=\s*["']?\s*(?:javascript|data|vbscript|file):""", html, re.I
        ), page.name
    raw_file = (site / "raw-file.html").read_text(encoding="utf-8")
    assert "This paragraph is plain text." in raw_file
    assert "The table follows." in (site / "csv-url.html").read_text(encoding="utf-8")
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<h1 class="logo"><a href="#">&lt;script&gt;alert(' in index  # the theme's project


def test_transflow_build_lists_the_refusals(hostile_site):
    _, _, done = hostile_site
    expected = sum(len(_expected(p)) for p in CATALOGS)
    assert f"{expected} translation(s) refused" in done.stdout
    line = next(
        e.msgstr_line
        for e in pofile.read(HOSTILE / "locale/my/LC_MESSAGES/raw-script.po").entries
        if e.msgid == "Welcome to the site."
    )
    assert re.search(rf"locale/my/LC_MESSAGES/raw-script\.po:{line}: \[raw-html\] ", done.stdout)


def test_refusals_fail_a_warnings_as_errors_build(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(HOSTILE, root)
    done = _sphinx_html(
        root / "docs",
        tmp_path / "html",
        "-W",
        "-D",
        "language=ja",
        "-D",
        "suppress_warnings=transflow.end-punctuation,transflow.newlines,"
        "transflow.link-injection,transflow.rst-role,transflow.rst-link,transflow.rst-reference,"
        "transflow.rst-substitution,transflow.double-space",
    )
    assert done.returncode != 0
    assert "translation refused [" in done.stderr


def test_lint_on_the_corpus_under_a_memory_limit_with_an_open_stdin():
    """``.. include:: /dev/zero`` and ``/dev/stdin`` in the corpus: lint must read neither."""
    stdin_read, stdin_write = os.pipe()
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from transflow.cli import main; raise SystemExit(main())",
                "lint",
                "-C",
                str(HOSTILE),
                "--format",
                "json",
            ],
            stdin=stdin_read,
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=_limited,
        )
    finally:
        os.close(stdin_read)
        os.close(stdin_write)
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)["findings"]
    assert sum(f["check"] in UNTRUSTED_IDS for f in findings) == sum(
        len(_expected(p)) for p in CATALOGS
    )
    assert "root:x:0:0" not in done.stdout + done.stderr


@pytest.mark.parametrize("make", ["long", "nested", "backticks"])
def test_huge_or_deep_strings_cost_bounded_time_and_memory(tmp_path, make):
    tree = tmp_path / "tree" / "ja" / "LC_MESSAGES"
    tree.mkdir(parents=True)
    if make == "backticks":  # under the length limit; docutils' inliner took minutes on it
        msgstr = "`<" * 24_000 + '"\nmsgid "-:a"\nmsgstr "' + "-:a" * 16_000
    elif make == "long":
        msgstr = ("*a* `b <c>`_ :x:`y` " * 40_000) + "\\n\\n.. include:: /dev/zero"
    else:
        msgstr = (
            "".join(" " * n + "- x\\n\\n" for n in range(0, 3000, 2)) + ".. include:: /dev/zero"
        )
    (tree / "x.po").write_text(
        f'msgid ""\nmsgstr ""\n"Language: ja\\n"\n\nmsgid "Hello."\nmsgstr "{msgstr}"\n'
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from transflow.cli import main; raise SystemExit(main())",
            "lint",
            "--locale-dir",
            str(tmp_path / "tree"),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limited,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert '"check": "file-insertion"' in done.stdout or '"check": "added-markup"' in done.stdout


@pytest.mark.slow
@needs_chromium
def test_no_script_runs_and_no_request_leaves_in_a_real_browser(hostile_site):
    from playwright.sync_api import sync_playwright

    _, out, _ = hostile_site
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out / "html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    dialogs, foreign = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

            def route(r):
                if r.request.url.startswith(base):
                    return r.continue_()
                foreign.append(r.request.url)
                return r.abort()

            page.route("**/*", route)
            pages = ["index.html"] + [
                f"{lang}/{p.name}"
                for lang in LANGS
                for p in sorted((out / "html" / lang).glob("*.html"))
            ]
            for name in pages:
                page.goto(f"{base}/{name}")
                page.wait_for_load_state("load")
                for link in page.locator("a[href]").all():  # every link a reader could click
                    href = link.get_attribute("href") or ""
                    assert not re.match(r"\s*(javascript|data|vbscript|file):", href, re.I), href
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert dialogs == []
    assert foreign == []


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        # what translators do on real projects: never refused
        (
            "See `the guide <https://example.org/guide>`_.",
            "Se `veiledningen <https://example.no/veiledning>`_.",
        ),
        ("Use :ref:`install` first.", "先に :ref:`インストール <install>` を使います。"),
        ("Run ``pip``.", "Kjør :abbr:`pip (pakkeinstallatør)` ``pip``."),
        ("Note: this is *important*.", "Merk: dette er viktig."),
        ("Lagre data.", "Lagrede data: mange."),
        ("Mail help@example.org.", "Skriv til mailto:help@example.org."),
        (":file:`pyproject.toml`", "fil :file:`pyproject.toml` og :command:`pip`"),
        (".. note:: x", ".. note:: y"),
        # python-docs-es: a literal ``|`` is no substitution; a reference kept is no addition
        ("Added ``|`` and ``|=``.", "Se agregó ``|`` y ``|=``."),
        ("Version |version|.", "Versjon |Version|."),
        # onionshare ru: a colon-delimited Cyrillic word before a backtick is no role
        ("See `here <https://x.org>`_.", "Смотрите :здесь:`https://x.org`."),
        # gettext_additional_targets = ["image"]: a translated screenshot beside the source's
        (".. image:: ../img/shot.png", ".. image:: ../img/shot.ja.png"),
        (".. image:: /img/shot.png", ".. image:: /img/ja/shot.png"),
    ],
)
def test_ordinary_translations_are_never_refused(msgid, msgstr):
    from transflow.untrusted import judge

    assert judge(msgid, msgstr) == ()


@pytest.mark.parametrize(
    ("msgstr", "check"),
    [
        (".. raw:: html\n\n   <script>x</script>", "raw-html"),
        ("x\n\n.. raw:: html\n   :url: http://127.0.0.1:9/", "file-insertion"),
        (".. literalinclude:: /etc/passwd", "file-insertion"),
        (".. image:: ../../../../etc/passwd", "file-insertion"),
        ("a `b <JavaScript:alert(1)>`_", "unsafe-url"),
        ("a `b <java\tscript:alert(1)>`_", "unsafe-url"),
        ("a `b <data:text/html;base64,PHNjcmlwdD4=>`__", "unsafe-url"),
        ("a file:///etc/passwd b", "unsafe-url"),
        ("x\n\n.. |y| replace:: z", "added-markup"),
        ("x\n\n.. _y: https://example.org", "added-markup"),
        ("x\n\n.. only:: html\n\n   y", "added-markup"),
        ("la dosiero :dosiero:`pyproject.toml`", "raw-html"),  # eo on packaging.python.org
        (":download:`x <../../../../etc/passwd>`", "file-insertion"),
        ("x" * 50_001, "added-markup"),
        # docutils starts a line at every str.splitlines() break, not only at "\n"
        ("x\u2028\u2028.. raw:: html\u2028\u2028   <script>x</script>", "raw-html"),
        ("x\r\r.. raw:: html\r\r   <script>x</script>", "raw-html"),
        ("x\x85\x85.. program-output:: cat /etc/passwd", "file-insertion"),
        ("x\x1c\x1c.. _y: javascript:alert(1)", "unsafe-url"),
        # docutils runs a directive in a list item, a field body or a table cell
        ("x\n\n- .. raw:: html\n\n  <script>x</script>", "raw-html"),
        ("x\n\n:f: .. include:: /etc/passwd", "file-insertion"),
        ("x\n\n+--------------+\n| .. plot:: x |\n+--------------+", "file-insertion"),
        # |x| is whatever the document defines for it: a raw block, an image
        ("Vanlig |x| tekst.", "added-markup"),
    ],
)
def test_each_kind_of_acting_markup_is_refused(msgstr, check):
    from transflow.untrusted import judge

    assert check in {r.check for r in judge("Plain :file:`x` text.", msgstr)}


@pytest.mark.parametrize(
    ("msgid", "msgstr", "check"),
    [
        # gettext_additional_targets = ["image"]: Sphinx copies the file the msgstr names
        (".. image:: a.png", ".. image:: ../../../../../etc/passwd", "file-insertion"),
        (".. image:: ../img/a.png", ".. image:: ../../img/../../etc/passwd", "file-insertion"),
        (".. image:: a.png", ".. image:: /../../etc/passwd", "file-insertion"),
        (".. image:: a.png", ".. image:: https://tracker.example/p.png", "unsafe-url"),
    ],
)
def test_a_translated_image_stays_beside_the_source_image(msgid, msgstr, check):
    from transflow.untrusted import judge

    assert check in {r.check for r in judge(msgid, msgstr)}


@pytest.mark.parametrize(
    ("msgid", "msgstr", "refused"),
    [
        ('<p class="x">Hi</p>', '<p class="x">Hei</p>', False),
        ("<b>Hi</b>", "<b>Hei</b> <i>du</i>", False),
        ("<p>Hi</p>", "<script>alert(1)</script>", True),
        ("<p>Hi</p>", '<p onclick="alert(1)">Hei</p>', True),
        ("<p>Hi</p>", "<svg><p>Hei</p>", True),
        ("<script>var s = 'Hi';</script>", "<script>var s = 'Hei'; alert(1)</script>", True),
        ("<script>var s = 'Hi';</script>", "<script>alert(1)", True),
        ("Hi", r"\input{/etc/passwd}", True),
        (r"\textbf{Hi}", r"\textbf{Hei}", False),
        ("Hi", "^^5cinput{/etc/passwd}", True),
    ],
)
def test_a_raw_block_translation_changes_only_its_text(msgid, msgstr, refused):
    from transflow.untrusted import judge

    assert bool(judge(msgid, msgstr, verbatim=True)) is refused


ADDITIONAL_TARGETS_DOC = """Title
=====

Hello.

.. image:: a.png

.. raw:: html

   <p>Hi raw</p>
"""


def test_gettext_additional_targets_cannot_publish_files_or_script(tmp_path):
    """A project that translates images and raw blocks: the translation may not name a file
    outside the tree (Sphinx would copy it into _images) nor add script to the raw block."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["transflow"]\nlocale_dirs = ["../locale"]\n'
        'gettext_additional_targets = ["image", "raw"]\n'
    )
    (src / "index.rst").write_text(ADDITIONAL_TARGETS_DOC)
    (src / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    secret = _forbidden_file(tmp_path)
    po = tmp_path / "locale/nb/LC_MESSAGES/index.po"
    po.parent.mkdir(parents=True)
    climb = "../" * (len(src.parts) + 2)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: nb\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Hello."\nmsgstr "Hei."\n\n'
        f'msgid ".. image:: a.png"\nmsgstr ".. image:: {climb}{str(secret).lstrip("/")}"\n\n'
        'msgid "<p>Hi raw</p>"\nmsgstr "<script>alert(1)</script><p>Hei raw</p>"\n'
    )
    done = _sphinx_html(src, tmp_path / "html", "-D", "language=nb")
    assert done.returncode == 0, done.stderr
    assert SECRET not in _everything(tmp_path / "html")
    page = (tmp_path / "html/index.html").read_text(encoding="utf-8")
    assert "Hei." in page  # the catalog is used
    assert "<script>alert(1)" not in page and "<p>Hi raw</p>" in page
    assert f"{po}:10: WARNING: translation refused [file-insertion]" in done.stderr
    assert f"{po}:13: WARNING: translation refused [raw-html]" in done.stderr


def test_a_projects_sphinx_po_cannot_put_script_in_the_theme(tmp_path):
    """Sphinx prefers a project's ``sphinx.po`` to its own interface text, which themes print
    unescaped (alabaster's search button: ``value="{{ _('Go') }}"``)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["transflow"]\nlocale_dirs = ["../locale"]\n')
    (src / "index.rst").write_text("Title\n=====\n\nHello.\n")
    po = tmp_path / "locale/nb/LC_MESSAGES/sphinx.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: nb\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Go"\nmsgstr "\\"><script>alert(1)</script>"\n\n'
        'msgid "Search"\nmsgstr "Søk"\n'
    )
    done = _sphinx_html(src, tmp_path / "html", "-D", "language=nb")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "html/index.html").read_text(encoding="utf-8")
    assert "alert(1)" not in page and 'value="Gå"' in page  # Sphinx's own Norwegian
    assert "Søk" in page  # the project's harmless translation is kept
    assert f"{po}:7: WARNING: translation refused [raw-html]" in done.stderr


@pytest.mark.parametrize(
    ("msgid", "msgstr", "refused"),
    [
        ("Go", "Gå", False),
        ("Go", '"><b>x</b>', True),
        ("Created using %(sphinx)s.", "Laget med %(sphinx)s.", False),
        ("Created using %(sphinx)s.", "Laget med %(x)s.", True),  # KeyError in the template
        ("%(num)s of %(total)s", "%(total)s: %(num)s", False),
        ("Page %s", "Side %s av %s", True),  # TypeError in the template
    ],
)
def test_sphinx_interface_text_keeps_tags_quotes_and_placeholders(msgid, msgstr, refused):
    from transflow.untrusted import judge_interface

    assert bool(judge_interface(msgid, msgstr)) is refused
