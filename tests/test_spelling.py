"""The ``spelling`` check with Debian's real hunspell dictionaries (hunspell-no, -id, -th), ICU's
word breaker for Thai and a project word list; findings asserted as ``path:line``."""

from __future__ import annotations

from pathlib import Path

from transflow import config, lint
from transflow.cli import main

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals={n}; plural={rule};\\n"\n'
)
PLURALS = {"nb": (2, "(n != 1)"), "id": (1, "0"), "th": (1, "0"), "ja": (1, "0")}


def catalog(tree: Path, lang: str, pairs: list[tuple[str, str]]) -> Path:
    """A catalog of ``pairs``; the msgstr of pair i is on line 10 + 3 * i."""
    n, rule = PLURALS[lang]
    body = "".join(f'\nmsgid "{a}"\nmsgstr "{b}"\n' for a, b in pairs)
    path = tree / lang / "LC_MESSAGES" / "doc.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(lang=lang, n=n, rule=rule) + body, encoding="utf-8")
    return path


def spelling(tree: Path, langs: list[str]) -> list[str]:
    cfg = config.load(tree, locale_dir=tree, languages=langs, require_sources=False)
    return [
        f"{f.path.relative_to(tree)}:{f.line}: {f.message.split(' (not in')[0]}"
        for f in lint.lint(cfg)
        if f.check == "spelling"
    ]


def test_norwegian_typos_are_found_and_markup_names_and_addresses_are_not(tmp_path):
    catalog(
        tmp_path,
        "nb",
        [
            ("The government fell.", "Regjeringne falt."),
            (
                "Type ``ls -l`` or see :ref:`the guide <guide-x>` and :doc:`setup`.",
                "Skriv ``ls -l`` eller se :ref:`veiledningen <guide-x>` og :doc:`setup`.",
            ),
            (
                "Write to info@example.org or visit https://example.org/somwhere.",
                "Skriv til info@example.org eller besøk https://example.org/somwhere.",
            ),
            ("The Tatmadaw attacked the villages.", "Tatmadaw angrep landsbyene."),
            ("The junta's power.", "Juntaen sin makt, juntaens makt."),
            ("People's Defense Forces (PDFs)", "Folkets forsvarsstyrker (PDF-er)"),
            (
                "Read `the report <https://example.org/r>`_.",
                "Les `rapprten <https://example.org/r>`_.",
            ),
        ],
    )
    (tmp_path / "nb" / "wordlist.txt").write_text("# our words\njuntaen\njuntaens  # genitive\n")
    assert spelling(tmp_path, ["nb"]) == [
        "nb/LC_MESSAGES/doc.po:10: unknown word 'Regjeringne'",
        "nb/LC_MESSAGES/doc.po:28: unknown word 'rapprten'",
    ]


def test_the_word_list_is_what_makes_a_real_word_pass(tmp_path):
    catalog(tmp_path, "nb", [("We met some of them.", "Vi møtte noen av dem.")])
    # Debian's nb_NO (hunspell-no 7.5) lacks "noen": the project's word list supplies it
    assert spelling(tmp_path, ["nb"]) == ["nb/LC_MESSAGES/doc.po:10: unknown word 'noen'"]
    (tmp_path / "nb" / "wordlist.txt").write_text("noen\n")
    assert spelling(tmp_path, ["nb"]) == []


def test_indonesian(tmp_path):
    catalog(
        tmp_path,
        "id",
        [
            (
                "The military government attacked the villages.",
                "Pemerintahh militer menyerang desa-desa.",
            ),
            ("Contact us.", "Silakan hubungi kami."),
        ],
    )
    (tmp_path / "id" / "wordlist.txt").write_text("hubungi\n")
    assert spelling(tmp_path, ["id"]) == ["id/LC_MESSAGES/doc.po:10: unknown word 'Pemerintahh'"]


def test_thai_is_segmented_before_it_is_checked(tmp_path):
    catalog(
        tmp_path,
        "th",
        [
            # ประกาษ for ประกาศ (announce): ICU cuts ประ|กาษ, and กาษ is no word
            ("The junta announced the law.", "รัฐบาลทหารประกาษใช้กฎหมาย"),
            # ICU cuts สิทธิมนุษยชน (human rights) as สิทธิ|มนุษย|ชน: the joined word is known
            ("Human rights, more and more.", "สิทธิมนุษยชน แย่ลงเรื่อยๆ"),
            # a Latin name kept from the source is not a Thai word to check
            ("The NUG and Facebook.", "NUG และ Facebook"),
            # Karenni, a name the dictionary lacks: ICU cuts it คะ|เรน|นี
            ("The Karen and the Karenni.", "ชาวกะเหรี่ยงและคะเรนนี"),
        ],
    )
    assert spelling(tmp_path, ["th"]) == [
        "th/LC_MESSAGES/doc.po:10: unknown word 'กาษ' (in 'ประกาษใช้')",
        "th/LC_MESSAGES/doc.po:19: unknown word 'เรนนี' (in 'คะเรนนี')",
    ]
    (tmp_path / "th" / "wordlist.txt").write_text("คะเรนนี\n")
    assert spelling(tmp_path, ["th"]) == [
        "th/LC_MESSAGES/doc.po:10: unknown word 'กาษ' (in 'ประกาษใช้')"
    ]


def test_a_language_without_a_dictionary_is_skipped_with_one_info_line(tmp_path, capsys):
    catalog(tmp_path, "ja", [("Hello.", "こんにちわ。")])
    catalog(tmp_path, "nb", [("The government fell.", "Regjeringne falt.")])
    code = main(["lint", "--locale-dir", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 0
    assert "doc.po:10: warning [spelling] unknown word 'Regjeringne'" in out
    info = [line for line in err.splitlines() if line.startswith("info:")]
    assert info == [
        "info: spelling: Japanese (ja) not checked, no hunspell dictionary installed "
        "(Debian: apt-cache search hunspell-ja)"
    ]
    main(["lint", "--locale-dir", str(tmp_path), "--format", "json"])
    assert '"notes": [\n    "spelling: Japanese (ja) not checked' in capsys.readouterr().out


def test_a_broken_word_list_is_an_input_error(tmp_path, capsys):
    catalog(tmp_path, "nb", [("The government fell.", "Regjeringne falt.")])
    (tmp_path / "nb" / "wordlist.txt").write_bytes(b"# ok\nregjering\nfeil \xe6ord\n")
    assert main(["lint", "--locale-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "wordlist.txt:3: error: the word list is not UTF-8" in err and "Traceback" not in err
    (tmp_path / "nb" / "wordlist.txt").write_text("two words\n")
    assert main(["lint", "--locale-dir", str(tmp_path)]) == 2
    assert "wordlist.txt:1: error: one word a line, not 'two words'" in capsys.readouterr().err


def test_without_the_enchant_library_one_line_says_so(tmp_path, monkeypatch, capsys):
    from transflow import spelling

    catalog(tmp_path, "nb", [("The government fell.", "Regjeringne falt.")])
    catalog(tmp_path, "id", [("The government fell.", "Pemerintahh jatuh.")])
    monkeypatch.setattr(spelling, "_broker", lambda: None)  # as pyenchant without libenchant
    spelling._speller.cache_clear()
    try:
        assert main(["lint", "--locale-dir", str(tmp_path)]) == 0
    finally:
        spelling._speller.cache_clear()
    out, err = capsys.readouterr()
    assert "[spelling]" not in out
    assert [line for line in err.splitlines() if line.startswith("info:")] == [
        "info: spelling: not checked, the Enchant library is missing "
        "(Debian: apt-get install libenchant-2-2)"
    ]
