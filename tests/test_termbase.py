"""The termbase (``<lang>/glossary.csv``) and its checks ``glossary`` and ``glossary-forbidden``:
real CSV files, real catalogs, Norwegian inflection and compounds, unspaced scripts; findings
asserted as ``path:line``."""

from __future__ import annotations

from pathlib import Path

import pytest

from transflow import config, lint, termbase
from transflow.cli import main
from transflow.languages import resolve

REPO = Path(__file__).parents[1]
HEADER = (
    'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals={n}; plural={rule};\\n"\n'
)
PLURALS = {"nb": (2, "(n != 1)")}

NB_GLOSSARY = """\
term,variants,approved,forbidden,note
military junta,junta; the Junta,militærjuntaen; juntaen,regjeringen; myndighetene,"not ""regjeringen"", the government"
refugee,,flyktning,,
defector,defection,avhopper; avhopp,,
National Unity Government,NUG,Den nasjonale samlingsregjeringen; NUG,,
"""


def catalog(tree: Path, lang: str, pairs: list[tuple[str, str]]) -> Path:
    """A catalog of ``pairs``; the msgstr of pair i is on line 10 + 3 * i."""
    n, rule = PLURALS.get(lang, (1, "0"))
    body = "".join(f'\nmsgid "{a}"\nmsgstr "{b}"\n' for a, b in pairs)
    path = tree / lang / "LC_MESSAGES" / "doc.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(lang=lang, n=n, rule=rule) + body, encoding="utf-8")
    return path


def found(tree: Path, lang: str) -> list[str]:
    cfg = config.load(tree, locale_dir=tree, languages=[lang], require_sources=False)
    return [
        f"{f.path.name}:{f.line}: {f.severity} [{f.check}] {f.message}"
        for f in lint.lint(cfg)
        if f.check.startswith("glossary")
    ]


def test_norwegian_inflections_and_compounds_are_the_approved_term(tmp_path):
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "glossary.csv").write_text(NB_GLOSSARY, encoding="utf-8")
    catalog(
        tmp_path,
        "nb",
        [
            ("The junta fell.", "Juntaen falt."),
            ("The Junta's power.", "Juntaens makt."),
            ("The military junta's leaders.", "Militærjuntaens ledere."),
            ("Junta leaders met.", "Juntalederne møttes."),
            ("The junta attacked.", "Militærjuntaen angrep."),
            ("A refugee arrived.", "En flyktning kom."),
            ("REFUGEES arrived.", "Flyktninger kom."),
            ("The refugees' camps.", "Flyktningenes leirer."),
            ("All refugees.", "Alle flyktningene."),
            ("Defectors and defections.", "Avhoppere og avhopp."),
            ("The NUG and the junta.", "Den nasjonale samlingsregjeringen og juntaen."),
        ],
    )
    assert found(tmp_path, "nb") == []


def test_a_missing_or_forbidden_translation_is_found_where_it_is(tmp_path):
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "glossary.csv").write_text(NB_GLOSSARY, encoding="utf-8")
    catalog(
        tmp_path,
        "nb",
        [
            ("The junta fell.", "Regimet falt."),
            ("The junta fell.\\n", "Regjeringen falt.\\n"),
            ("The NUG, not the junta.", "Samlingsregjeringen, ikke juntaen."),
            ("Juntas everywhere.", "Juntaer overalt."),
        ],
    )
    assert found(tmp_path, "nb") == [
        "doc.po:10: warning [glossary] the source says 'military junta'; the glossary "
        "(nb/glossary.csv:2) wants 'militærjuntaen' or 'juntaen'",
        "doc.po:13: warning [glossary] the source says 'military junta'; the glossary "
        "(nb/glossary.csv:2) wants 'militærjuntaen' or 'juntaen'",
        "doc.po:13: error [glossary-forbidden] 'regjeringen' for 'military junta' is forbidden "
        "by the glossary (nb/glossary.csv:2); use 'militærjuntaen' or 'juntaen'",
        "doc.po:16: warning [glossary] the source says 'National Unity Government'; the glossary "
        "(nb/glossary.csv:5) wants 'Den nasjonale samlingsregjeringen' or 'NUG'",
    ]


def test_unspaced_scripts_match_substrings_and_approved_text_is_not_forbidden(tmp_path):
    (tmp_path / "my").mkdir()
    (tmp_path / "my" / "glossary.csv").write_text(
        "term,variants,approved,forbidden\n"
        "military junta,junta,စစ်အုပ်စု,အစိုးရ\n"
        "National Unity Government,NUG,အမျိုးသားညီညွတ်ရေးအစိုးရ\n",
        encoding="utf-8",
    )
    catalog(
        tmp_path,
        "my",
        [
            # the NUG's name ends in အစိုးရ (government): not the forbidden word for the junta
            ("The junta and the NUG.", "စစ်အုပ်စုနှင့် အမျိုးသားညီညွတ်ရေးအစိုးရ။"),
            ("The junta and the NUG.\\n", "စစ်အစိုးရနှင့် အမျိုးသားညီညွတ်ရေးအစိုးရ။\\n"),
        ],
    )
    assert found(tmp_path, "my") == [
        "doc.po:13: warning [glossary] the source says 'military junta'; the glossary "
        "(my/glossary.csv:2) wants 'စစ်အုပ်စု'",
        "doc.po:13: error [glossary-forbidden] 'အစိုးရ' for 'military junta' is forbidden by "
        "the glossary (my/glossary.csv:2); use 'စစ်အုပ်စု'",
    ]


@pytest.mark.parametrize(
    ("lang", "approved", "good", "bad"),
    [
        ("id", "pembelot", "Para pembelot bertemu.", "Para pengkhianat bertemu."),
        ("th", "ผู้แปรพักตร์", "ผู้แปรพักตร์หลายคนได้พบกัน", "ผู้ทรยศหลายคนได้พบกัน"),
    ],
)
def test_indonesian_stems_and_thai_substrings(tmp_path, lang, approved, good, bad):
    (tmp_path / lang).mkdir()
    (tmp_path / lang / "glossary.csv").write_text(
        f"term,approved\ndefector,{approved}\n", encoding="utf-8"
    )
    catalog(tmp_path, lang, [("Defectors met.", good), ("The defectors met.", bad)])
    assert [x.split(" the source")[0] for x in found(tmp_path, lang)] == [
        "doc.po:13: warning [glossary]"
    ]


def test_english_source_words_are_whole_words(tmp_path):
    base = termbase.parse("term,approved\ncoup,kupp\nrefugee,flyktning\n", Path("g.csv"))
    used = lambda s: [t.term for t in termbase.terms_used(s, base)]  # noqa: E731
    assert used("Two failed coups.") == ["coup"]
    assert used("A coupon and a refugee camp.") == ["refugee"]
    assert used("Refugees' rights; COUP d'état") == ["coup", "refugee"]
    # overlapping terms: the one ending last is the noun phrase's head
    base = termbase.parse(
        "term,variants,approved\nmilitary junta,,x\nTatmadaw,the military; the Myanmar military,y\n"
        "coup,,z\nfailed coup,,w\n",
        Path("g.csv"),
    )
    used = lambda s: [t.term for t in termbase.terms_used(s, base)]  # noqa: E731
    assert used("The Myanmar Military Junta's Failed Coup") == ["military junta", "failed coup"]
    assert used("the military hierarchy and the junta") == ["Tatmadaw"]


def test_what_one_term_approves_another_does_not_forbid(tmp_path):
    (tmp_path / "my").mkdir()
    (tmp_path / "my" / "glossary.csv").write_text(
        "term,variants,approved,forbidden\nTatmadaw,,တပ်မတော်\nthe military,,စစ်တပ်,တပ်မတော်\n",
        encoding="utf-8",
    )
    catalog(
        tmp_path,
        "my",
        [
            ("The Tatmadaw, that is the military.", "တပ်မတော်၊ ဆိုလိုသည်မှာ စစ်တပ်။"),
            ("The military.", "တပ်မတော်။"),
        ],
    )
    assert [x.split(" [")[1][:18] for x in found(tmp_path, "my")] == [
        "glossary] the sour",
        "glossary-forbidden",
    ]
    assert all(x.startswith("doc.po:13:") for x in found(tmp_path, "my"))


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("english,norsk\njunta,juntaen\n", "g.csv:1: error: the first line must name the columns"),
        ("term,approved\njunta,juntaen,x\n", "g.csv:2: error: 3 cells for 2 columns"),
        ("term,approved\njunta,juntaen\n,kupp\n", "g.csv:3: error: a row without a term"),
    ],
)
def test_a_broken_glossary_is_an_input_error(tmp_path, capsys, text, error):
    catalog(tmp_path, "nb", [("The junta fell.", "Juntaen falt.")])
    (tmp_path / "nb" / "glossary.csv").write_text(text, encoding="utf-8")
    assert main(["lint", "--locale-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert error.replace("g.csv", "nb/glossary.csv") in err and "Traceback" not in err


def project(tmp_path: Path) -> Path:
    (tmp_path / "transflow.toml").write_text(
        'locale-dir = "locale"\nsource-language = "en"\nlanguages = ["nb"]\n'
    )
    (tmp_path / "locale" / "nb").mkdir(parents=True)
    return tmp_path / "locale" / "nb"


def test_the_markdown_page_is_generated_from_the_data_and_checked(tmp_path, capsys):
    nb = project(tmp_path)
    (nb / "glossary.csv").write_text(NB_GLOSSARY, encoding="utf-8")
    (nb / "glossary.md").write_text(
        "# Norwegian glossary\n\n| English | Bokmål |\n|---|---|\n| junta | juntaen |\n\n"
        "## Conventions\n\n- Quotation marks « ».\n",
        encoding="utf-8",
    )
    assert main(["glossary", "-C", str(tmp_path), "--check"]) == 1
    assert "glossary.md: out of date with" in capsys.readouterr().err
    assert main(["glossary", "-C", str(tmp_path)]) == 0
    page = (nb / "glossary.md").read_text(encoding="utf-8")
    assert page.startswith("# Norwegian glossary\n\n<!-- transflow glossary:")
    assert "| Source | norsk bokmål | not | Note |" in page
    assert (
        "| military junta / junta / the Junta | militærjuntaen, juntaen | regjeringen, "
        'myndighetene | not "regjeringen", the government |' in page
    )
    assert page.endswith("## Conventions\n\n- Quotation marks « ».\n")
    assert "| junta | juntaen |" not in page
    assert main(["glossary", "-C", str(tmp_path), "--check"]) == 0
    mtime = (nb / "glossary.md").stat().st_mtime_ns
    assert main(["glossary", "-C", str(tmp_path)]) == 0
    assert (nb / "glossary.md").stat().st_mtime_ns == mtime  # unchanged: not rewritten


def test_a_markdown_glossary_converts_to_a_first_termbase(tmp_path, capsys):
    nb = project(tmp_path)
    (nb / "glossary.md").write_text(
        "# nb\n\n| English | Bokmål | Note |\n|---|---|---|\n"
        "| military junta, the Junta | militærjuntaen, juntaen | as NRK writes it |\n"
        "| National Unity Government (NUG) | Den nasjonale samlingsregjeringen (NUG) | |\n"
        "| defection / defector | avhopp / avhopper | |\n",
        encoding="utf-8",
    )
    assert main(["glossary", "-C", str(tmp_path), "--from-markdown"]) == 0
    assert (nb / "glossary.csv").read_text(encoding="utf-8") == (
        "term,variants,approved,forbidden,note\n"
        "military junta,the Junta,militærjuntaen; juntaen,,as NRK writes it\n"
        "National Unity Government,NUG,Den nasjonale samlingsregjeringen; NUG,,\n"
        "defection,defector,avhopp; avhopper,,\n"
    )
    before = (nb / "glossary.csv").read_bytes()
    assert main(["glossary", "-C", str(tmp_path), "--from-markdown"]) == 0  # never overwrites
    assert (nb / "glossary.csv").read_bytes() == before


def test_our_glossary_pages_agree_with_their_termbases():
    cfg = config.load(REPO)
    roots = [(lang, cfg.locale_dir / lang.code) for lang in cfg.languages]
    pages = termbase.pages(roots)
    assert {p.lang.tag for p in pages} == {lang.tag for lang in cfg.languages}
    assert [str(p.markdown) for p in pages if not p.current] == []


def test_the_matcher_uses_the_language_s_stemmer():
    assert termbase.matcher(resolve("nb")).stem is not None
    assert termbase.matcher(resolve("ja")).unspaced
