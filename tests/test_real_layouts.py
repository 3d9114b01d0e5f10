"""Constructs met on real public Sphinx projects, each as a small offline case.

Where each came from: OnionShare's ``docs/source/locale`` (Weblate, sphinx-intl, 68 locales
including ``sr@latin``, ``tl`` beside ``fil``, ``tok``, ``ckb``), pypa/packaging.python.org
(``locales/`` beside ``source/``, Weblate), python-docs-es and python-docs-pl (catalog trees
wrapped by powrap). ``benchmarks/real_projects.py`` runs every command on the projects
themselves.
"""

from __future__ import annotations

import json
import os

import pytest

from transflow.languages import place
from transflow.lint import lint_catalog


def _catalog(tmp_path, code: str, plural_forms: str, plural_entry: str = ""):
    po = tmp_path / code / "LC_MESSAGES" / "index.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        f'msgid ""\nmsgstr ""\n"Language: {code}\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: {plural_forms}\\n"\n\n{plural_entry}',
        encoding="utf-8",
    )
    return po


@pytest.mark.parametrize(
    ("code", "plural_forms"),
    [  # the headers Weblate wrote into OnionShare's catalogs, which are right
        (
            "ar",
            "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
            ": n%100>=11 ? 4 : 5;",
        ),
        ("bn", "nplurals=2; plural=n > 1;"),
        ("fa", "nplurals=2; plural=n > 1;"),
        ("ka", "nplurals=2; plural=n != 1;"),
        ("kab", "nplurals=2; plural=n > 1;"),
        ("ckb", "nplurals=2; plural=n != 1;"),
        (
            "fil",
            "nplurals=2; plural=n != 1 && n != 2 && n != 3 && (n % 10 == 4 || n % 10 == 6 "
            "|| n % 10 == 9);",
        ),
        (
            "sr@latin",
            "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
            "(n%100<10 || n%100>=20) ? 1 : 2;",
        ),
        ("zh_CN", "nplurals=1; plural=0;"),
        ("ca", "nplurals=2; plural=n != 1;"),  # what teams write; CLDR adds "many" for 1 M
        ("ay", "nplurals=2; plural=n != 1;"),  # no rule known anywhere: not judged
        ("tok", "nplurals=1; plural=0;"),
    ],
)
def test_correct_weblate_plural_forms_are_not_errors(tmp_path, code, plural_forms):
    po = _catalog(tmp_path, code, plural_forms)
    findings, _ = lint_catalog(po, place(code)[0], {"plural-forms"})
    assert findings == []


@pytest.mark.parametrize(
    ("code", "plural_forms"),
    [  # Babel's old table: Arabic's forms 4 and 5 swapped (11 → 5, 100 → 4), Persian one form
        (
            "ar",
            "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
            ": n%100>=0 && n%100<=2 ? 4 : 5);",
        ),
        ("fa", "nplurals=1; plural=0;"),
        ("sr@latin", "nplurals=2; plural=(n != 1);"),
    ],
)
def test_wrong_plural_forms_are_errors(tmp_path, code, plural_forms):
    po = _catalog(tmp_path, code, plural_forms)
    findings, _ = lint_catalog(po, place(code)[0], {"plural-forms"})
    assert [f.check for f in findings] == ["plural-forms"]
    assert "gives some numbers the wrong form" in findings[0].message


# ---------------------------------------------------------------------------------------------
# Builds on a project that did not plan for transflow (OnionShare's shape: sphinx-quickstart
# Makefile with BUILDDIR = build, catalogs in source/locale/, conf.py without the extension)


def _onionshare_like(root):
    docs = root / "docs"
    (docs / "source").mkdir(parents=True)
    (docs / "Makefile").write_text("SOURCEDIR     = source\nBUILDDIR      = build\n")
    (docs / "source" / "conf.py").write_text(
        'project = "Demo"\nextensions = []\nlanguage = "en"\nlocale_dirs = ["locale/"]\n'
        "gettext_compact = False\n"
    )
    (docs / "source" / "index.rst").write_text(
        "Demo\n====\n\nHello world.\n\nSee `the guide <https://example.org/guide>`_.\n"
    )
    return docs


def _translate(po, pairs):
    text = po.read_text(encoding="utf-8")
    for msgid, msgstr in pairs:
        text = text.replace(f'msgid "{msgid}"\nmsgstr ""', f'msgid "{msgid}"\nmsgstr "{msgstr}"')
    po.write_text(text, encoding="utf-8")


def test_build_of_a_project_that_did_not_plan_for_transflow(tmp_path, capsys):
    from transflow.cli import main

    docs = _onionshare_like(tmp_path)
    locale = docs / "source" / "locale"
    for code in ("de", "sr@latin", "tl"):
        (locale / code / "LC_MESSAGES").mkdir(parents=True)
    assert main(["extract", "-C", str(docs)]) == 0
    assert (docs / "build" / "gettext" / "index.pot").is_file()  # where `make gettext` puts it
    assert main(["update", "-C", str(docs)]) == 0
    _translate(
        locale / "de" / "LC_MESSAGES" / "index.po",
        [("Demo", "Demo"), ("Hello world.", "Hallo Welt.")],
    )
    _translate(
        locale / "sr@latin" / "LC_MESSAGES" / "index.po", [("Hello world.", "Zdravo svete.")]
    )
    _translate(
        locale / "tl" / "LC_MESSAGES" / "index.po",
        [
            ("Hello world.", "Kumusta mundo."),
            (
                "See `the guide <https://example.org/guide>`_.",
                "Tingnan ang `gabay <https://evil.example/guide>`_.",
            ),
        ],
    )
    before = {p for p in docs.rglob("*") if "build" not in p.relative_to(docs).parts}
    capsys.readouterr()
    assert main(["build", "-C", str(docs), "--format", "html", "-j", "2"]) == 0
    assert "4 rebuilt" in capsys.readouterr().out
    # Nothing new in the user's tree: no .mo beside the catalogs, no _build of ours.
    after = {p for p in docs.rglob("*") if "build" not in p.relative_to(docs).parts}
    assert after == before
    site = docs / "build" / "html"  # the Makefile's BUILDDIR
    page = (site / "sr@latin" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="sr-Latn"' in page and "Zdravo svete." in page
    assert 'hreflang="tl"' in page and 'href="../tl/index.html"' in page  # switcher, hreflang
    assert "transflow-partial" in page  # the notice: not everything is translated
    logs = "".join(p.read_text() for p in (docs / "build" / "logs").glob("*.log"))
    assert "unknown config value" not in logs
    assert "[transflow.link-injection]" in logs or "[transflow.rst-link]" in logs  # lint ran
    # Editing one language's catalog rebuilds that language only; a touch rebuilds nothing.
    _translate(
        locale / "de" / "LC_MESSAGES" / "index.po",
        [
            (
                "See `the guide <https://example.org/guide>`_.",
                "Siehe `die Anleitung <https://example.org/guide>`_.",
            )
        ],
    )
    assert main(["build", "-C", str(docs), "--format", "html"]) == 0
    assert "(1 rebuilt)" in capsys.readouterr().out
    assert "Siehe" in (site / "de" / "index.html").read_text(encoding="utf-8")
    for po in locale.rglob("*.po"):
        os.utime(po, (1, 1))  # a fresh checkout: new mtimes, same content
    assert main(["build", "-C", str(docs), "--format", "html"]) == 0
    assert "(0 rebuilt)" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------
# Lint that real translators trust


def _lint_one(tmp_path, code, msgid, msgstr, checks=None):
    from transflow.checks import ALL_IDS

    po = _catalog(
        tmp_path,
        code,
        place(code)[0].plural_forms,
        f"msgid {_quoted(msgid)}\nmsgstr {_quoted(msgstr)}\n",
    )
    findings, _ = lint_catalog(po, place(code)[0], set(checks or ALL_IDS))
    return [(f.check, f.message) for f in findings if f.severity == "error"]


def _quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", '\\n"\n"') + '"'


@pytest.mark.parametrize(
    ("code", "msgid", "msgstr"),
    [  # links translators localized on purpose (OnionShare, python-docs-*)
        (
            "ja",
            "See `Tor <https://www.torproject.org/download/>`_.",
            "`Tor <https://www.torproject.org/ja/download/>`_ を参照。",
        ),
        (
            "tr",
            "See `the guide <https://support.torproject.org/>`_.",
            "`Rehber <https://support.torproject.org/tr/>`_ bakın.",
        ),
        (
            "zh_CN",
            "Read `the docs <https://developers.google.com/docs/?hl=en>`_.",
            "阅读 `文档 <https://developers.google.com/docs/?hl=zh-cn>`_。",
        ),
        (
            "ja",
            "See `Tor <https://en.wikipedia.org/wiki/Tor>`_.",
            "`Tor <https://ja.wikipedia.org/wiki/Tor>`_ を参照。",
        ),
        (
            "pt_BR",
            "See https://docs.python.org/3/library/os.html for details.",
            "Veja https://docs.python.org/pt-br/3/library/os.html para detalhes.",
        ),
        (
            "it",
            "Install `Homebrew <https://brew.sh/>`_ first.",
            "Installa `Homebrew <https://brew.sh/index_it>`_ prima.",
        ),
        (  # OnionShare's zh_CN install.po: a segment language-region, not "zh" and a "CN"
            "zh_CN",
            "You can download Tor from `the Tor Project <https://www.torproject.org/>`_.",
            "你可以从 `Tor Project <https://www.torproject.org/zh-CN/>`_ 下载 Tor。",
        ),
        (  # OnionShare's de install.po: the site's German start page index-de.html
            "de",
            "For Windows you probably want `Gpg4win <https://www.gpg4win.org/>`_.",
            "Unter Windows `Gpg4win <https://www.gpg4win.org/index-de.html>`_.",
        ),
    ],
)
def test_a_localized_link_is_not_an_error(tmp_path, code, msgid, msgstr):
    assert _lint_one(tmp_path, code, msgid, msgstr) == []


def test_a_link_to_another_host_is_one_error_in_translator_terms(tmp_path):
    found = _lint_one(
        tmp_path,
        "ar",
        "Please `submit an issue <https://github.com/a/b/issues>`_.",
        "يرجى `إرسال مشكلة <https://evil.example/a/b/issues>`_.",
    )
    assert found == [
        (
            "rst-link",
            "the link to <https://github.com/a/b/issues> points to "
            "<https://evil.example/a/b/issues> in the translation",
        )
    ]


def test_a_link_that_lost_its_underscore_is_one_error_saying_so(tmp_path):
    """Seen in OnionShare's ta and pt_BR catalogs: `text <url>` _ renders as plain text; the
    old messages were 'role :: is not in the source' plus 'hyperlink ... is missing'."""
    found = _lint_one(
        tmp_path,
        "ta",
        "Use `Tor <https://www.torproject.org/>`_ now.",
        "இப்போது `tor <https://www.torproject.org/>` _ பயன்படுத்தவும்.",
    )
    assert [check for check, _ in found] == ["rst-link"]
    assert "lost its closing _" in found[0][1]


def test_markup_that_does_not_parse_is_one_error(tmp_path):
    found = _lint_one(
        tmp_path, "ru", "When ``bridges_type`` is set.", "Когда ``bridges_type `` настроен."
    )
    assert [check for check, _ in found] == ["rst-syntax"]


def test_one_sentence_per_line_is_not_a_newlines_error(tmp_path):
    """python-docs-ja writes each sentence of a paragraph on its own line; reST joins them."""
    msgid = (
        "The module provides functions for working with paths. It is\n"
        "useful on every platform and handles both styles of separators."
    )
    msgstr = "このモジュールはパスを扱う関数を提供します。\nどのプラットフォームでも役立ちます。\n両方の区切りを扱います。"
    assert _lint_one(tmp_path, "ja", msgid, msgstr, {"newlines"}) == []


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("$ pip install onionshare\n$ onionshare --help", "$ pip install onionshare"),  # code
        ("| Roses are red,\n| Violets are blue.", "| Ruusut ovat punaisia, orvokit sinisiä."),
        ("First paragraph.\n\nSecond paragraph.", "Ensimmäinen. Toinen."),  # a blank line
    ],
)
def test_line_breaks_that_show_must_match(tmp_path, msgid, msgstr):
    assert [c for c, _ in _lint_one(tmp_path, "fi", msgid, msgstr, {"newlines"})] == ["newlines"]


# ---------------------------------------------------------------------------------------------
# A python-docs-* repository: one language's catalogs at its top, no <code>/LC_MESSAGES


def _python_docs_tree(root, header_language="es_AR"):
    (root / "library").mkdir(parents=True)
    for rel, msgstr in (("about.po", "Acerca de"), ("library/os.po", "")):
        (root / rel).write_text(
            f'msgid ""\nmsgstr ""\n"Language: {header_language}\\n"\n'
            '"Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
            f'msgid "About"\nmsgstr "{msgstr}"\n',
            encoding="utf-8",
        )
    return root


def test_a_one_language_tree_is_read_with_its_language_from_the_headers(tmp_path, capsys):
    from transflow.cli import main

    tree = _python_docs_tree(tmp_path / "python-docs-es")
    assert main(["stats", "--locale-dir", str(tree), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (lang,) = data["languages"]
    assert (lang["tag"], lang["code"], lang["counts"]["translated"]) == ("es-AR", "es_AR", 1)
    assert {d["document"] for d in lang["documents"]} == {"about", "library/os"}
    # es_AR in a tree of Spanish is no error: another region of the same language.
    assert main(["lint", "--locale-dir", str(tree), "--lang", "es"]) == 0
    assert "header-language" in capsys.readouterr().out


def test_a_one_language_tree_without_a_language_header_asks_for_lang(tmp_path, capsys):
    from transflow.cli import main

    tree = _python_docs_tree(tmp_path / "t", header_language="")
    assert main(["stats", "--locale-dir", str(tree)]) == 2
    assert "name it with --lang" in capsys.readouterr().err
    assert main(["stats", "--locale-dir", str(tree), "--lang", "pl"]) == 0


def _all_findings(tmp_path, code, msgid, msgstr):
    from transflow.checks import ALL_IDS

    po = _catalog(
        tmp_path,
        code,
        place(code)[0].plural_forms,
        f"msgid {_quoted(msgid)}\nmsgstr {_quoted(msgstr)}\n",
    )
    findings, _ = lint_catalog(po, place(code)[0], set(ALL_IDS))
    return [(f.severity, f.check) for f in findings]


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [  # python-docs-pl and -es: example strings and placeholders inside literals are translated
        (
            "giving one argument: ``ask_ok('OK to overwrite the file?', 2)``",
            "podając argument: ``ask_ok('OK nadpisać plik?', 2)``",
            [("warning", "rst-literal")],
        ),
        (
            "a parameter of the form ``**name`` is present",
            "parametr ma postać ``**nazwa``",
            [("warning", "rst-literal")],
        ),
        (
            "Returns ``(unsigned long long)-1`` on error.",
            "Zwraca ``(unsigned long long) -1`` w razie błędu.",
            [],
        ),  # spacing only
        ("Install it with ``brew install tor``.", "Zainstaluj go.", [("error", "rst-literal")]),
        ("Set ``true`` to enable.", "Ustaw ``1 == 1`` aby włączyć.", [("error", "rst-literal")]),
        (
            "Handlers catch exceptions.",
            "Instrukcja `try` łapie wyjątki.",
            [("warning", "rst-role")],
        ),
    ],
)
def test_literal_and_backquote_changes_are_weighed(tmp_path, msgid, msgstr, expected):
    found = [x for x in _all_findings(tmp_path, "pl", msgid, msgstr) if x[1].startswith("rst-")]
    assert found == expected


# ---------------------------------------------------------------------------------------------
# pypa/packaging.python.org: source/ and locales/ side by side, one "messages" catalog


def test_a_project_with_one_messages_catalog_keeps_it(tmp_path, capsys):
    from transflow.cli import main

    (tmp_path / "source" / "guides").mkdir(parents=True)
    (tmp_path / "source" / "conf.py").write_text(
        'project = "Guide"\nlocale_dirs = ["../locales"]\ngettext_compact = "messages"\n'
    )
    (tmp_path / "source" / "index.rst").write_text(
        "Guide\n=====\n\nWelcome.\n\n.. toctree::\n\n   guides/a\n"
    )
    (tmp_path / "source" / "guides" / "a.rst").write_text("A\n=\n\nInstall it.\n")
    po = tmp_path / "locales" / "zh_Hans" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n\nmsgid "Welcome."\nmsgstr "欢迎。"\n',
        encoding="utf-8",
    )
    assert main(["extract", "-C", str(tmp_path)]) == 0
    assert [p.name for p in (tmp_path / "source" / "_build" / "gettext").glob("*.pot")] == [
        "messages.pot"
    ]
    assert main(["update", "-C", str(tmp_path)]) == 0
    assert sorted(p.name for p in po.parent.iterdir()) == ["messages.po"]  # no per-page catalogs
    capsys.readouterr()
    assert main(["stats", "-C", str(tmp_path), "--format", "json"]) == 0
    (lang,) = json.loads(capsys.readouterr().out)["languages"]
    assert (lang["code"], lang["tag"], lang["counts"]["translated"]) == ("zh_Hans", "zh-Hans", 1)


@pytest.mark.parametrize(
    ("msgid", "msgstr", "check", "said"),
    [  # pypa's ru and zh_Hans catalogs: a name translated is one problem, said once
        (
            "a :term:`distribution package <Distribution Package>` here",
            "здесь :term:`пакета <Распространяемый пакет>`",
            "rst-role",
            ":term:`Distribution Package` became :term:`Распространяемый пакет`",
        ),
        (
            "`Using naming convention`_.",
            "`使用命名惯例`_.",
            "rst-reference",
            "named reference `using naming convention`_ became `使用命名惯例`_",
        ),
    ],
)
def test_a_translated_name_is_one_finding(tmp_path, msgid, msgstr, check, said):
    found = _lint_one(tmp_path, "ru", msgid, msgstr)
    assert [c for c, _ in found] == [check]
    assert said in found[0][1]


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [  # python-docs-pl, -es and pypa: right translations the first version called errors
        ('characters "``!``", words "``rabbit``", etc.', 'znaki "``!``", słowa "``rabbit``", itp.'),
        (
            "the form :samp:`{package_name}-{version}.tar.gz`",
            "вид :samp:`{имя_пакета}-{версия}.tar.gz`",
        ),
        (
            "in `Logo <https://en.wikipedia.org/wiki/Turtle_ (robot)>`_ first",
            "w `Logo <https://pl.wikipedia.org/wiki/Turtle_(robot)>`_ najpierw",
        ),
        (
            "the `Fibonacci series <https://en.wikipedia.org/wiki/Fibonacci_sequence>`_ as follows",
            "`ciągu Fibonacciego <https://pl.wikipedia.org/wiki/Ci%C4%85g_Fibonacciego>`_ tak",
        ),
        (
            "In both cases, *\\*buffer_length* is set.",
            "W obu przypadkach, *\\*buffer_length* jest.",
        ),
        (
            'This is a preview of a <a href="%(url)s">pull request</a>.\n  For documentation, see',
            'To podgląd <a href="%(url)s">pull requestu</a>. Dokumentacja:',
        ),
    ],
)
def test_right_translations_from_real_catalogs_are_not_errors(tmp_path, msgid, msgstr):
    assert _lint_one(tmp_path, "pl", msgid, msgstr) == []


def test_translated_reference_names_keep_their_links_whatever_the_hash_seed(
    translated_project, tmp_path, monkeypatch
):
    """packaging.python.org's Japanese catalog translates the names of named references
    (```pkgutil 型の名前空間パッケージ`_``); Sphinx then hands the source's names out from a set,
    and two links swapped targets from one build to the next. In source order they stay put."""
    import re

    from conftest import translate

    from transflow import config, extract, update
    from transflow.cli import main

    root = translated_project(langs=["ja"])
    guide = root / "guide.rst"
    guide.write_text(
        guide.read_text()
        + "\nUse `legacy packages`_, made of `alpha-style packages`_ and `beta-style packages`_.\n"
        "\n.. _legacy packages: https://example.org/legacy\n"
        ".. _alpha-style packages: https://example.org/alpha\n"
        ".. _beta-style packages: https://example.org/beta\n"
    )
    cfg = config.load(root)
    extract.extract(cfg)
    update.update(cfg)
    source = "Use `legacy packages`_, made of `alpha-style packages`_ and `beta-style packages`_."
    translate(
        root / "locale/ja/LC_MESSAGES/guide.po",
        {source: "`legacy packages`_ を使う。`アルファ型`_ と `ベータ型`_ からなる。"},
    )
    monkeypatch.setenv("TRANSFLOW_FORK", "0")  # a fresh sphinx-build, with the seed below
    for seed in range(6):
        monkeypatch.setenv("PYTHONHASHSEED", str(seed))
        out = tmp_path / f"out{seed}"
        argv = ["build", "-C", str(root), "--format", "html", "--lang", "ja", "--output", str(out)]
        assert main(argv) == 0
        page = (out / "html/ja/guide.html").read_text(encoding="utf-8")
        links = re.findall(r'href="https://example.org/(\w+)"[^>]*>([^<]+)<', page)
        assert links == [
            ("legacy", "legacy packages"),
            ("alpha", "アルファ型"),
            ("beta", "ベータ型"),
        ]


def test_default_role_text_broken_by_a_space_is_named_as_backquotes(tmp_path):
    """OnionShare's ta tor.po: ``அல்லது` ச்னோஃப்ளேக்``` renders its backquotes literally; the
    message was 'role :: of the source is missing', which no translator can act on."""
    found = _lint_one(
        tmp_path,
        "ta",
        "Using `obfs4` or `snowflake` bridges is recommended over using `meek-azure`.",
        "`OBFS4` அல்லது` ச்னோஃப்ளேக்` பாலங்களைப் பயன்படுத்துவது `சாந்தகுணப்படும்-ஏசூர்` ஐப்"
        " பயன்படுத்த பரிந்துரைக்கப்படுகிறது.",
        checks={"rst-role"},
    )
    assert len(found) == 1
    check, message = found[0]
    assert check == "rst-role" and "::" not in message
    assert "1 of the source's 3 `...` span(s) in single backquotes" in message


def test_a_named_reference_written_as_text_url_without_underscore_is_one_error(tmp_path):
    """packaging.python.org's eo catalog: `API-ĵetonon <API token>`_ links to the relative
    address 'APItoken' (docutils drops the spaces); it was two errors, a lost reference and
    an added link 'APItoken', neither saying the `_` is missing."""
    found = _lint_one(
        tmp_path,
        "eo",
        "Now you'll create a PyPI `API token`_ so you will be able to securely upload your "
        "project.",
        "Nun vi kreos `API-ĵetonon <API token>`_ por PyPI, tiel ke vi povos sekure alŝuti vian "
        "projekton.",
    )
    assert found == [
        (
            "rst-reference",
            "named reference `api token`_ became a link to the address 'APItoken': "
            "`text <api token>`_ is a URL; for the source's target write `text <api token_>`_",
        )
    ]


def test_a_renamed_named_reference_says_sphinx_warns(tmp_path):
    """python-docs-pl about.po: `Sphinksa`_ for `Sphinx`_. Sphinx links a single renamed
    reference to the source's target by elimination, but warns (inconsistent references):
    the message must not claim the link is lost."""
    found = _lint_one(
        tmp_path,
        "pl",
        "These documents are generated from `reStructuredText`_ sources by `Sphinx`_.",
        "Dokumenty są wygenerowane ze źródeł `reStructuredText`_ przez `Sphinksa`_.",
    )
    assert [c for c, _ in found] == ["rst-reference"]
    assert "Sphinx warns" in found[0][1] and "finds no target" not in found[0][1]


_SPHINX_9 = int(__import__("sphinx").__version__.split(".")[0]) >= 9


@pytest.mark.skipif(not _SPHINX_9, reason="Sphinx 8 counts named references only")
def test_named_references_written_otherwise_are_what_sphinx_9_warns_about(tmp_path):
    """packaging.python.org ja/pt_BR/ru: Sphinx 9 compares named references as written and in
    order (i18n.inconsistent_references) — a reordered pair, a translated `text <name_>`_, a
    case change — though each link works. 40 of ja's 56 such warnings went unflagged; lint must
    flag exactly the entries a real build warns about."""
    import subprocess
    import sys

    cases = [  # (msgid, msgstr, Sphinx warns)
        (
            "This step uses the `pypa/gh-action-pypi-publish`_ action after `download-artifact`_.",
            "この手順では `download-artifact`_ の後に `pypa/gh-action-pypi-publish`_ を使います。",
            True,
        ),
        (
            "See the `Semantic Versioning 2.0.0 specification <semver_>`_.",
            "Veja a `especificação de Versionamento Semântico 2.0.0 <semver_>`_.",
            True,
        ),
        ("Report it on `GitHub`_.", "Сообщите об этом на `Github`_.", True),
        ("File it on `GitHub`_.", "Отправьте на `GitHub`_.", False),
        ("Report it on `GitHub`_ please.", "Сообщите об этом на `Github`_. #noqa", False),
    ]
    src = tmp_path / "src"
    (src / "locale" / "xx" / "LC_MESSAGES").mkdir(parents=True)
    (src / "conf.py").write_text("locale_dirs = ['locale']\nlanguage = 'xx'\n")
    targets = (
        ".. _pypa/gh-action-pypi-publish: https://github.com/pypa/gh-action-pypi-publish\n"
        ".. _download-artifact: https://github.com/actions/download-artifact\n"
        ".. _semver: https://semver.org/\n.. _GitHub: https://github.com/\n"
    )
    body = "".join(f"{msgid}\n\n" for msgid, _, _ in cases)
    (src / "index.rst").write_text(f"Title\n=====\n\n{body}{targets}")
    po = src / "locale" / "xx" / "LC_MESSAGES" / "index.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        + "".join(
            f"#: index.rst:{4 + 2 * i}\nmsgid {_quoted(a)}\nmsgstr {_quoted(b)}\n\n"
            for i, (a, b, _) in enumerate(cases)
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "dummy", "-q", "-E", str(src), str(tmp_path / "o")],
        capture_output=True,
        text=True,
    )
    warned = {
        int(line.split(":")[1])
        for line in done.stderr.splitlines()
        if "inconsistent references" in line
    }
    assert warned == {4 + 2 * i for i, c in enumerate(cases) if c[2]}
    findings, _ = lint_catalog(po, place("ja")[0], {"rst-reference"})
    flagged = {f.line for f in findings if f.severity == "error"}
    catalog_lines = [
        n + 1 for n, t in enumerate(po.read_text().splitlines()) if t.startswith("msgstr")
    ]
    assert flagged == {catalog_lines[1 + i] for i, c in enumerate(cases) if c[2]}  # 0: header
    assert all("the links work" in f.message for f in findings)


def test_backquoted_text_a_translation_adds_is_an_error_under_a_default_role(tmp_path):
    """packaging.python.org sets default_role = "any": zh_Hans `src` 布局 is a cross-reference
    to nothing (Sphinx warns: inconsistent term references); in a project without one it is
    italics, a warning."""
    from types import SimpleNamespace

    from transflow.lint import _default_role

    (tmp_path / "conf.py").write_text('default_role = "any"\n')
    assert _default_role(SimpleNamespace(source_dir=tmp_path)) == "any"
    po = _catalog(tmp_path, "zh_Hans", "nplurals=1; plural=0;")
    with po.open("a", encoding="utf-8") as out:
        out.write(
            'msgid "Running a command-line interface from source with src-layout"\n'
            'msgstr "从源代码使用 `src` 布局中运行命令行界面"\n'
        )
    lang = place("zh_Hans")[0]
    with_role, _ = lint_catalog(po, lang, {"rst-role"}, default_role="any")
    assert [(f.severity, f.check) for f in with_role] == [("error", "rst-role")]
    assert "default_role = 'any'" in with_role[0].message
    without, _ = lint_catalog(po, lang, {"rst-role"})
    assert [f.severity for f in without] == ["warning"]


def test_a_role_name_cut_off_its_backquotes_is_one_error(tmp_path):
    """packaging.python.org ta (machine translation): ': ref: `text <label>`' keeps the
    `...` but not the role; one error naming the fix, not also 'text in backquotes added'."""
    found = _lint_one(
        tmp_path,
        "ta",
        "Verify the PGP signature. See :ref:`verifying_sigs` for more info.",
        "கையொப்பத்தை சரிபார்க்கவும். காண்க: குறிப்பு: மேலும் தகவலுக்கு `verifying_sigs`.",
        checks={"rst-role"},
    )
    assert len(found) == 1 and "without the role name" in found[0][1]


def test_a_url_whose_case_changed_is_not_a_localized_one(tmp_path):
    """packaging.python.org ta: .../2016-May/028986.html became .../2016-may/...; "may" is a
    language code (Malay), so the link passed for localized and Sphinx's warning went
    unflagged."""
    found = _lint_one(
        tmp_path,
        "ta",
        "`PyPI BigQuery dataset announcement email <https://mail.python.org/pipermail/"
        "distutils-sig/2016-May/028986.html>`__",
        "`Pypi bigquery அறிவிப்பு <https://mail.python.org/pipermail/distutils-sig/2016-may/"
        "028986.html>` __ __ __",
    )
    assert [c for c, _ in found] == ["rst-link"]


def test_a_reference_the_source_wraps_over_two_lines_is_flagged_as_sphinx_9_warns(tmp_path):
    """packaging.python.org ja/pt_BR: the source wraps `Python\\nPackage Index (PyPI)`_ over two
    lines; the msgid has a space there, and Sphinx 9 warns about any translation that does not
    break the line at the same place (sphinx-doc/sphinx#14162), however right it is.
    Lint reads the source file the "#:" reference names (only inside the project's sources)."""
    import subprocess
    import sys

    src = tmp_path / "src"
    (src / "locale" / "xx" / "LC_MESSAGES").mkdir(parents=True)
    (src / "conf.py").write_text("locale_dirs = ['locale']\nlanguage = 'xx'\n")
    (src / "index.rst").write_text(
        "Title\n=====\n\n"
        "Upload to the `Python\nPackage Index (PyPI)`_ now.\n\n"  # 4-5
        "Search the `Python\nPackage Index (PyPI)`_ first.\n\n"  # 7-8
        "Read the `Packaging Guide`_ today.\n\n"  # 10
        "Ask the `Python\nPackage Index (PyPI)`_ team.\n\n"  # 12-13
        ".. _Python Package Index (PyPI): https://pypi.org\n"
        ".. _Packaging Guide: https://packaging.python.org\n"
    )
    cases = [  # (line, msgid, msgstr, Sphinx warns)
        (4, "Upload to the `Python Package Index (PyPI)`_ now.",
         "`Python Package Index (PyPI)`_ にアップロード。", True),
        (7, "Search the `Python Package Index (PyPI)`_ first.",
         "まず `Python\nPackage Index (PyPI)`_ を検索。", False),
        (10, "Read the `Packaging Guide`_ today.", "今日 `Packaging Guide`_ を読む。", False),
        (12, "Ask the `Python Package Index (PyPI)`_ team.",
         "Ask the `Python Package Index (PyPI)`_ team.", False),  # as the msgid: unused
    ]  # fmt: skip
    po = src / "locale" / "xx" / "LC_MESSAGES" / "index.po"
    hostile = '#: /etc/passwd:1 ../../../../proc/self/environ:1\nmsgid "x `a b`_"\nmsgstr "y"\n\n'
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        + "".join(f"#: index.rst:{n}\nmsgid {_quoted(a)}\nmsgstr {_quoted(b)}\n\n" for n, a, b, _ in cases)
        + hostile,
        encoding="utf-8",
    )  # fmt: skip
    po_for_sphinx = po.read_text(encoding="utf-8").replace(hostile, "")
    (src / "locale" / "xx" / "LC_MESSAGES" / "index.po").write_text(po_for_sphinx, "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "dummy", "-q", "-E", str(src), str(tmp_path / "o")],
        capture_output=True,
        text=True,
    )
    warned = {int(ln.split(":")[1]) for ln in done.stderr.splitlines() if "inconsistent ref" in ln}
    assert warned == {n for n, *_, warns in cases if warns}
    po.write_text(po_for_sphinx + hostile, encoding="utf-8")
    findings, _ = lint_catalog(po, place("ja")[0], {"rst-reference"}, None, None, src, src)
    msgstr_lines = [
        n + 1 for n, t in enumerate(po.read_text().splitlines()) if t.startswith("msgstr")
    ]
    flagged = {f.line for f in findings if "wrapped over two lines" in f.message}
    assert flagged == {msgstr_lines[1 + i] for i, c in enumerate(cases) if c[3]}
    assert all("break the line after 'Python'" in f.message for f in findings if f.line in flagged)
    # Without the sources (a bare catalog tree) nothing tells lint the source wraps it.
    bare = lint_catalog(po, place("ja")[0], {"rst-reference"})[0]
    assert bare and not any("wrapped over two lines" in f.message for f in bare)


def test_reading_the_source_copes_with_what_a_catalog_may_say(tmp_path):
    """The "#:" references and the msgid come from the catalog, which anyone may have written:
    a line number int() rejects, a reference of a hundred spaces (one regex group per space
    backtracked for minutes), the same reference twice (paired copy by copy: the translation
    that copies the source's layout is right, Sphinx 9.0.4 does not warn)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "index.rst").write_text(
        "Title\n=====\n\n.. note::\n\n   See `Python\n   Package Index (PyPI)`_ there.\n\n"
        "See `Foo\nBar`_ and again `Foo Bar`_.\n",
        encoding="utf-8",
    )
    po = _catalog(tmp_path, "ja", "nplurals=1; plural=0;")
    spaces = " " * 100
    with po.open("a", encoding="utf-8") as out:
        for ref, msgid, msgstr in [
            ("index.rst:²", "See `Foo Bar`_ now.", "今 `Foo  Bar`_。"),
            ("index.rst:" + "1" * 5000, "See `Foo Bar`_ now!", "今 `Foo  Bar`_！"),
            ("index.rst:6", f"See `Python{spaces}zzz`_ there.", "Voir `Python zzz`_ ici."),
            ("index.rst:9", "See `Foo Bar`_ and again `Foo Bar`_.", "`Foo\nBar`_ と `Foo Bar`_。"),
        ]:
            out.write(f"#: {ref}\nmsgid {_quoted(msgid)}\nmsgstr {_quoted(msgstr)}\n\n")
    findings, _ = lint_catalog(po, place("ja")[0], {"rst-reference"}, None, None, src, src)
    assert not any("wrapped over two lines" in f.message for f in findings)
