"""One language model mapped to every consumer (Sphinx, gettext, search, plurals, people)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from transflow import config
from transflow.cli import main
from transflow.errors import LanguageError
from transflow.languages import place, resolve


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
        tag,
        code,
        native,
        plural,
        search,
    )


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
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "LC_ALL": "C"},
    ).stdout
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


def test_languages_command_lists_native_names(capsys, monkeypatch):
    from conftest import REPO

    monkeypatch.chdir(REPO)  # the command reads the project it is run in
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


# ---------------------------------------------------------------------------------------------
# Plural rules for every language: msginit where it has one, CLDR for the rest


def _msginit_plural(code: str, tmp_path) -> str | None:
    pot = tmp_path / "x.pot"
    if not pot.exists():
        pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    out = subprocess.run(
        ["msginit", "--no-translator", "--no-wrap", "-l", code, "-i", str(pot), "-o", "-"],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C"},
    ).stdout
    m = re.search(r'"Plural-Forms: (.*)\\n"', out)
    return m.group(1) if m else None


def _every_language() -> list[str]:
    """Every language CLDR (Babel's locale data) has, plus the locale names gettext treats on
    their own and the spellings real projects use."""
    from babel.localedata import locale_identifiers

    languages = {x.split("_")[0] for x in locale_identifiers() if x != "root"}
    return sorted(
        languages
        | {
            "pt_BR",
            "pt_PT",
            "sr@latin",
            "be@latin",
            "nb_NO",
            "fr_CA",
            "zh_CN",
            "zh_TW",
            "zh_Hans",
            "uz@cyrillic",
            "ca@valencia",
            "tl",
            "iw",
            "in",
            "ji",
            "no",
            "tok",
            "ckb",
            "kab",
            "ast",
        }
    )


@pytest.mark.skipif(shutil.which("msginit") is None, reason="needs GNU gettext")
def test_every_language_gets_msginits_rule_else_cldrs(tmp_path):
    """The form each number 0–1000 gets: msginit's rule where msginit writes one (its text
    exactly), else CLDR's plural category in CLDR's order, for every language Babel has."""
    import gettext

    from babel import Locale

    order = ("zero", "one", "two", "few", "many", "other")
    by_msginit, by_cldr, wrong = 0, 0, []
    for code in _every_language():
        lang = place(code)[0]
        # A legacy code gets its language's rule: iw is he, whose rule msginit files under he.
        expected = _msginit_plural(code, tmp_path)
        if expected is None and lang.base != code:
            expected = _msginit_plural(lang.base, tmp_path)
        if expected is not None:
            by_msginit += 1
            if lang.plural_forms != expected:
                wrong.append(f"{code}: {lang.plural_forms} != msginit {expected}")
            continue
        rule = Locale.parse(lang.tag.replace("-", "_")).plural_form
        # CLDR's compact-decimal category ("1,2 M": operand e) never applies to a count.
        used = [t for t in order if t in rule.tags | {"other"} and "e" not in rule.rules.get(t, "")]
        ours = gettext.c2py(lang.plural)
        by_cldr += 1
        if lang.nplurals != len(used):
            wrong.append(f"{code}: nplurals {lang.nplurals}, CLDR has {used}")
            continue
        for n in range(1001):
            if ours(n) != used.index(rule(n)):
                wrong.append(f"{code}: {n} gets form {ours(n)}, CLDR says {rule(n)}")
                break
        # msgfmt -c accepts every rule we would write into a catalog
        forms = "".join(f'msgstr[{i}] "x"\n' for i in range(lang.nplurals))
        po = tmp_path / "p.po"
        po.write_text(
            f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Plural-Forms: {lang.plural_forms}\\n"\n\nmsgid "a"\nmsgid_plural "b"\n{forms}'
        )
        done = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], capture_output=True)
        if done.returncode:
            wrong.append(f"{code}: msgfmt -c: {done.stderr.decode()}")
    assert not wrong
    assert by_msginit >= 40 and by_cldr >= 150  # the test saw both sources at work


def test_arabic_persian_bengali_georgian_rules_are_cldrs():
    """Babel's older table swapped two Arabic forms (11 → form 5, 100 → form 4) and gave
    Persian one form; the catalogs translation teams write agree with CLDR."""
    import gettext

    arabic = gettext.c2py(resolve("ar").plural)
    assert resolve("ar").nplurals == 6
    assert [arabic(n) for n in (0, 1, 2, 3, 11, 100, 102)] == [0, 1, 2, 3, 4, 5, 5]
    assert resolve("fa").plural_forms == resolve("bn").plural_forms == "nplurals=2; plural=(n > 1);"
    assert resolve("ka").plural_forms == "nplurals=2; plural=(n != 1);"


# ---------------------------------------------------------------------------------------------
# Locale names as real projects spell them: the directory's name is kept

_SERBIAN = "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
_FILIPINO = "(n != 1 && n != 2 && n != 3 && (n%10 == 4 || n%10 == 6 || n%10 == 9));"


@pytest.mark.parametrize(
    ("directory", "tag", "english", "plural", "search"),
    [
        ("de", "de", "German", "nplurals=2; plural=(n != 1);", "de"),
        ("pt_BR", "pt-BR", "Portuguese (Brazil)", "nplurals=2; plural=(n > 1);", "pt"),
        # Spelt otherwise, still Brazil's rule (gettext's pt_BR), not Portugal's (n != 1).
        ("pt-BR", "pt-BR", "Portuguese (Brazil)", "nplurals=2; plural=(n > 1);", "pt"),
        ("pt_br", "pt-BR", "Portuguese (Brazil)", "nplurals=2; plural=(n > 1);", "pt"),
        ("nb_NO", "nb-NO", "Norwegian Bokmål (Norway)", "nplurals=2; plural=(n != 1);", "no"),
        ("zh_CN", "zh-CN", "Chinese (China)", "nplurals=1; plural=0;", "zh"),
        ("zh_Hans", "zh-Hans", "Chinese (Simplified)", "nplurals=1; plural=0;", "zh"),
        ("sr@latin", "sr-Latn", "Serbian (Latin)", "nplurals=3; plural=" + _SERBIAN, None),
        ("be@latin", "be-Latn", "Belarusian (Latin)", "nplurals=3; plural=" + _SERBIAN, None),
        ("uz@cyrillic", "uz-Cyrl", "Uzbek (Cyrillic)", "nplurals=2; plural=(n != 1);", None),
        ("ca@valencia", "ca-valencia", "Catalan", "nplurals=2; plural=(n != 1);", None),
        (
            "sr_RS@latin",
            "sr-Latn-RS",
            "Serbian (Latin, Serbia)",
            "nplurals=3; plural=" + _SERBIAN,
            None,
        ),
        ("tok", "tok", "Toki Pona", "nplurals=1; plural=0;", None),
        ("kab", "kab", "Kabyle", "nplurals=2; plural=(n > 1);", None),
        ("ckb", "ckb", "Central Kurdish", "nplurals=2; plural=(n != 1);", None),
        ("ast", "ast", "Asturian", "nplurals=2; plural=(n != 1);", None),
        ("ay", "ay", "Aymara", "nplurals=2; plural=(n != 1);", None),
        ("tl", "tl", "Tagalog", "nplurals=2; plural=" + _FILIPINO, None),
        ("fil", "fil", "Filipino", "nplurals=2; plural=" + _FILIPINO, None),
        ("iw", "he", "Hebrew", "nplurals=2; plural=(n != 1);", None),
        ("in", "id", "Indonesian", "nplurals=1; plural=0;", None),
        ("ji", "yi", "Yiddish", "nplurals=2; plural=(n != 1);", None),
        ("no", "no", "Norwegian", "nplurals=2; plural=(n != 1);", "no"),
    ],
)
def test_a_directory_keeps_its_name_and_the_rest_is_derived(
    directory, tag, english, plural, search
):
    lang, problem = place(directory)
    assert problem is None
    assert (lang.code, lang.tag, lang.english_name, lang.plural_forms, lang.search_language) == (
        directory,
        tag,
        english,
        plural,
        search,
    )


def test_serbian_latin_is_one_language_however_written_and_serbian_is_cyrillic():
    assert resolve("sr-Latn") == resolve("sr@latin") == resolve("sr_Latn") == place("sr@latin")[0]
    assert resolve("sr-Latn").code == "sr@latin"
    assert place("sr")[0].native_name == "српски"
    assert place("sr@latin")[0].native_name == "srpski (latinica)"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("pt-br", "pt_BR"),
        ("zh-Hans", "zh_CN"),
        ("zh-Hant", "zh_TW"),
        ("sr-Latn", "sr@latin"),
        ("be-Latn", "be@latin"),
        ("uz-Cyrl", "uz@cyrillic"),
        ("ca-valencia", "ca@valencia"),
        ("bur", "my"),
        ("mya", "my"),
        ("tl", "tl"),
        ("iw", "iw"),
        ("tok", "tok"),
    ],
)
def test_a_typed_code_becomes_the_gettext_directory_spelling(typed, code):
    assert resolve(typed).code == code


@pytest.mark.parametrize("name", ["xx_garbage", "en_garbage", "12", "de_DE_x_y"])
def test_a_directory_no_language_fits_is_placed_with_defaults_and_a_reason(name):
    lang, problem = place(name)
    assert lang.code == name and lang.nplurals >= 1
    assert problem is not None and repr(name) in problem


def _project(tmp_path, dirs, conf="project = 'x'\nlocale_dirs = ['locale/']\n"):
    src = tmp_path / "source"
    src.mkdir()
    (src / "conf.py").write_text(conf)
    (src / "index.rst").write_text("Title\n=====\n\nHello.\n")
    for d in dirs:
        (src / "locale" / d / "LC_MESSAGES").mkdir(parents=True)
        (src / "locale" / d / "LC_MESSAGES" / "index.po").write_text(
            f'msgid ""\nmsgstr ""\n"Language: {d}\\n"\n'
            '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            'msgid "Hello."\nmsgstr "Kumusta."\n'
        )
    return tmp_path


def test_tl_and_fil_stay_two_languages_and_update_creates_no_new_tree(tmp_path, capsys):
    """langcodes reads tl as fil: before, tl/ counted 0 % and update made an empty fil/."""
    root = _project(tmp_path, ["tl", "fil", "sr@latin", "zh_Hans"])
    assert main(["languages", "--json", "-C", str(root)]) == 0
    rows = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(rows) == {"tl", "fil", "sr@latin", "zh_Hans"}
    assert rows["sr@latin"]["tag"] == "sr-Latn"
    assert main(["extract", "-C", str(root)]) == 0
    assert main(["update", "-C", str(root)]) == 0
    capsys.readouterr()
    locale = root / "source" / "locale"
    assert sorted(p.name for p in locale.iterdir()) == ["fil", "sr@latin", "tl", "zh_Hans"]
    assert main(["stats", "--format", "json", "-C", str(root), "--lang", "tl"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["languages"][0]["counts"]["translated"] == 1  # the tl/ catalog, not 0 %


def test_unplaceable_directory_is_one_warning_and_the_rest_goes_on(tmp_path, capsys):
    root = _project(tmp_path, ["xx_garbage", "de"])
    assert main(["extract", "-C", str(root)]) == 0
    capsys.readouterr()
    assert main(["stats", "-C", str(root)]) == 0
    out, err = capsys.readouterr()
    where = root / "source" / "locale" / "xx_garbage"
    assert err.count("warning") == 1 and str(where) in err
    assert "xx_garbage" in out and "de" in out


def test_a_typed_unknown_code_is_an_error_naming_where_it_came_from(tmp_path, capsys):
    root = _project(tmp_path, ["de"])
    assert main(["lint", "-C", str(root), "--lang", "jp"]) == 2
    assert "--lang jp: unknown language 'jp'; did you mean 'ja'" in capsys.readouterr().err


def test_transflows_own_interface_is_translated_for_every_language_of_ours():
    """The switcher, the notices and the version menu speak each edition's language: every
    string the extension marks for translation is in the interface catalog of each of our
    languages, and msgfmt accepts every catalog."""
    import ast

    import polib
    from conftest import REPO, msgfmt_check

    from transflow.sphinx import extension

    sources = Path(extension.__file__).parent.glob("*.py")  # all that runs inside Sphinx
    wanted = {
        node.args[0].value
        for source in sources
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert "Versions" in wanted and "Languages" in wanted
    cfg = config.load(REPO)
    for lang in cfg.languages:
        po = extension.LOCALE_DIR / lang.code / "LC_MESSAGES" / f"{extension.MESSAGE_CATALOG}.po"
        assert po.is_file(), f"no interface catalog for {lang.code}"
        assert msgfmt_check(po).returncode == 0
        translated = {e.msgid for e in polib.pofile(str(po)) if e.translated()}
        assert wanted <= translated, (lang.code, wanted - translated)


@pytest.mark.parametrize(
    ("directory", "native"),
    [("zh_TW", "中文（台灣）"), ("zh_HK", "中文（中國香港特別行政區）"), ("zh_CN", "中文（中国）")],
)
def test_a_regional_chinese_folder_is_named_in_its_own_script(directory, native):
    """CLDR keys Chinese names by script: zh-TW alone found none and came out in English."""
    assert place(directory)[0].native_name == native


def test_the_frozen_language_table_is_what_langcodes_and_babel_say():
    """``language-data.json`` answers without loading langcodes (start-up time); regenerate it
    with ``python -m transflow.languages > src/transflow/language-data.json`` when this fails
    after a langcodes or Babel upgrade."""
    from importlib.metadata import version

    from transflow import languages

    installed = {name: version(name) for name in ("babel", "langcodes", "language_data")}
    pinned = dict(
        line.split("==")
        for line in (Path(__file__).parents[1] / "constraints-data.txt").read_text().splitlines()
        if "==" in line
    )
    assert json.loads(languages._table_source()) == languages._table(), (
        f"language-data.json differs from what {installed} say (pinned for it: {pinned})"
    )
    table = languages._table()
    assert table["standard"]["sr-Latn"] == "sr-Latn" and table["standard"]["iw"] == "he"
    assert table["names"]["my"] == ["Burmese", "မြန်မာ"]


def test_a_name_outside_the_table_is_answered_live(monkeypatch):
    from transflow import languages

    live = {name: (place(name)[0], resolve(name)) for name in ("sr@latin", "tl", "pt_BR", "bur")}
    for cache in (place, resolve, languages._cldr):
        cache.cache_clear()
    monkeypatch.setattr(languages, "_table", lambda: {"standard": {}, "names": {}, "cldr": {}})
    for name, (placed, resolved) in live.items():
        assert place(name)[0] == placed and resolve(name) == resolved
        assert placed.native_name == place(name)[0].native_name
    for cache in (place, resolve, languages._cldr):
        cache.cache_clear()
