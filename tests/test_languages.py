"""One language model mapped to every consumer (Sphinx, gettext, search, plurals, people)."""

from __future__ import annotations

import json
import re

import pytest

from transflow.cli import main
from transflow.errors import LanguageError
from transflow.languages import resolve


@pytest.mark.parametrize(
    ("given", "tag", "code", "native", "plural", "search"),
    [
        ("my", "my", "my", "မြန်မာ", "nplurals=1; plural=0;", None),
        ("bur", "my", "my", "မြန်မာ", "nplurals=1; plural=0;", None),
        ("ja", "ja", "ja", "日本語", "nplurals=1; plural=0;", "ja"),
        ("nb", "nb", "nb", "norsk bokmål", "nplurals=2; plural=(n != 1);", "no"),
        ("no", "no", "no", "norsk", "nplurals=2; plural=(n != 1);", "no"),
        ("nn", "nn", "nn", "norsk nynorsk", "nplurals=2; plural=(n != 1);", "no"),
        ("pt-BR", "pt-BR", "pt_BR", "português (Brasil)", "nplurals=2; plural=(n > 1);", "pt"),
        ("pt_br", "pt-BR", "pt_BR", "português (Brasil)", "nplurals=2; plural=(n > 1);", "pt"),
        ("zh-Hans", "zh-Hans", "zh_CN", "中文（简体）", "nplurals=1; plural=0;", "zh"),
        ("zh_CN", "zh-CN", "zh_CN", "中文（中国）", "nplurals=1; plural=0;", "zh"),
        ("th", "th", "th", "ไทย", "nplurals=1; plural=0;", None),
    ],
)
def test_every_consumer_gets_its_spelling(given, tag, code, native, plural, search):
    lang = resolve(given)
    assert (lang.tag, lang.code, lang.native_name, lang.plural_forms, lang.search_language) == (
        tag, code, native, plural, search
    )  # fmt: skip


def test_burmese_plural_forms_are_cldr_not_babels_table():
    from babel.messages.plurals import get_plural

    assert get_plural("my").num_plurals == 2  # Babel's table is wrong for Burmese
    assert resolve("my").nplurals == 1


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
    assert "'languages': unknown language 'jp'; did you mean 'ja'" in err
    assert str(tmp_path / "pyproject.toml") in err
