"""One language model mapped to every consumer (Sphinx, gettext, search, plurals, people)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

from transflow.cli import main
from transflow.errors import LanguageError
from transflow.languages import resolve


@pytest.mark.parametrize(
    ("given", "tag", "code", "native", "plural", "search"),
    [
        ("my", "my", "my", "မြန်မာ", "nplurals=1; plural=0;", "my"),
        ("bur", "my", "my", "မြန်မာ", "nplurals=1; plural=0;", "my"),
        ("ja", "ja", "ja", "日本語", "nplurals=1; plural=0;", "ja"),
        ("nb", "nb", "nb", "norsk bokmål", "nplurals=2; plural=(n != 1);", "no"),
        ("no", "no", "no", "norsk", "nplurals=2; plural=(n != 1);", "no"),
        ("nn", "nn", "nn", "norsk nynorsk", "nplurals=2; plural=(n != 1);", "no"),
        ("pt-BR", "pt-BR", "pt_BR", "português (Brasil)", "nplurals=2; plural=(n > 1);", "pt"),
        ("pt_br", "pt-BR", "pt_BR", "português (Brasil)", "nplurals=2; plural=(n > 1);", "pt"),
        ("zh-Hans", "zh-Hans", "zh_CN", "中文（简体）", "nplurals=1; plural=0;", "zh"),
        ("zh_CN", "zh-CN", "zh_CN", "中文（中国）", "nplurals=1; plural=0;", "zh"),
        ("th", "th", "th", "ไทย", "nplurals=1; plural=0;", "th"),
    ],
)
def test_every_consumer_gets_its_spelling(given, tag, code, native, plural, search):
    lang = resolve(given)
    assert (lang.tag, lang.code, lang.native_name, lang.plural_forms, lang.search_language) == (
        tag, code, native, plural, search
    )  # fmt: skip


def test_burmese_plural_forms_are_cldr_whatever_babel_says():
    # Babel up to 2.18 gives Burmese two forms (it is missing from its table); gettext has no
    # entry; CLDR has one form.
    assert resolve("my").plural_forms == "nplurals=1; plural=0;"


@pytest.mark.skipif(shutil.which("msginit") is None, reason="needs GNU gettext")
@pytest.mark.parametrize(
    "code",
    [
        "ja",
        "ko",
        "nb",
        "de",
        "es",
        "it",
        "pt",
        "pt_BR",
        "fr",
        "ru",
        "pl",
        "cs",
        "sl",
        "ga",
        "ro",
        "lt",
        "lv",
    ],
)
def test_plural_forms_are_what_msginit_writes(tmp_path, code):
    """Where GNU gettext has a rule, ours is the same, whichever Babel is installed."""
    pot = tmp_path / "x.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    out = subprocess.run(
        ["msginit", "--no-translator", "--no-wrap", "-l", code, "-i", str(pot), "-o", "-"],
        capture_output=True, text=True, check=True, env={**os.environ, "LC_ALL": "C"},
    ).stdout  # fmt: skip
    expected = re.search(r'"Plural-Forms: (.*)\\n"', out).group(1)
    assert resolve(code).plural_forms == expected


@pytest.mark.parametrize(
    ("given", "suggestion"),
    [("jp", "'ja' (Japanese)"), ("Burmese", "'my' (Burmese)"), ("englsh", "'en' (English)")],
)
def test_unknown_code_suggests_the_closest(given, suggestion):
    expected = f"unknown language '{given}'; did you mean {suggestion}?"
    with pytest.raises(LanguageError, match=re.escape(expected)):
        resolve(given)


def test_languages_command_lists_native_names(capsys):
    assert main(["languages", "--json"]) == 0
    rows = {r["tag"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["my"]["native_name"] == "မြန်မာ"
    assert rows["ja"]["native_name"] == "日本語"
    assert rows["nb"]["native_name"] == "norsk bokmål"
    assert rows["nb"]["search_language"] == "no"
    assert rows["nb"]["catalogs"].endswith("locale/nb/LC_MESSAGES")
    assert main(["languages"]) == 0
    table = capsys.readouterr().out
    assert "norsk bokmål" in table and "nplurals=2; plural=(n != 1);" in table


def test_unknown_configured_language_is_exit_2(tmp_path, capsys):
    (tmp_path / "conf.py").write_text("project = 'x'\n")
    (tmp_path / "pyproject.toml").write_text('[tool.transflow]\nlanguages = ["ja", "jp"]\n')
    assert main(["languages", "--project", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "languages: unknown language 'jp'; did you mean 'ja'" in err
    assert str(tmp_path / "pyproject.toml") in err
