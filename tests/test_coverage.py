"""One definition of coverage: GNU msgfmt as the oracle, the counting scan pinned to the full
reader and to polib, and ``transflow stats`` in every format."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from conftest import REPO, fuzzy, msgfmt_statistics

from transflow import config, coverage, extract, files, pofile, update
from transflow.cli import main
from transflow.errors import CatalogError

TRICKY = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "one file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] "x"

msgid "one dog"
msgid_plural "%d dogs"
msgstr[0] "en hund"
msgstr[1] "%d hunder"

#, fuzzy
msgid "fuzzy and empty"
msgstr ""

#, fuzzy
msgid "fuzzy with text"
msgstr "uklar"

msgid "same"
msgstr "same"

msgid "untranslated words here"
msgstr ""

#~ msgid "gone"
#~ msgstr "borte"
"""

# Each of these is a place where tools disagree; msgfmt decides.
EDGES = {
    "plural-first-form-only": 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] ""\n',
    "plural-second-form-only": 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\nmsgstr[1] "y"\n',
    "fuzzy-plural-empty": '#, fuzzy\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\nmsgstr[1] ""\n',
    "fuzzy-among-flags": '#, python-format, fuzzy\nmsgid "%s a"\nmsgstr "%s b"\n',
    "no-fuzzy-flag": '#, no-fuzzy\nmsgid "a"\nmsgstr "b"\n',
    "context-empty-msgid": 'msgctxt "menu"\nmsgid ""\nmsgstr "not a header"\n',
    "same-msgid-two-contexts": 'msgctxt "a"\nmsgid "x"\nmsgstr "1"\n\nmsgctxt "b"\nmsgid "x"\nmsgstr ""\n',
    "continued-empty": 'msgid "a"\nmsgstr ""\n""\n""\n',
    "continued-text": 'msgid ""\n"long "\n"text"\nmsgstr ""\n"lang "\n"tekst"\n',
    "escapes": 'msgid "tab\\there \\"q\\" \\x41\\101\\n"\nmsgstr "x\\n"\n',
    "escape-split-across-lines": 'msgid "a\\x6"\n"1 b"\nmsgstr "c"\n',
    "fuzzy-header": '#, fuzzy\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n',
    "obsolete-fuzzy-and-previous": (
        'msgid "live"\nmsgstr "levende"\n\n#, fuzzy\n#~| msgid "old"\n#~ msgid "older"\n'
        '#~ msgstr "eldre"\n\n#~ msgctxt "c"\n#~ msgid "x"\n#~ msgstr ""\n'
    ),
    "previous-msgid": '#, fuzzy\n#| msgid "The cat."\nmsgid "The cats."\nmsgstr "Katten."\n',
    "crlf": 'msgid "a"\r\nmsgstr "b"\r\n\r\nmsgid "c"\r\nmsgstr ""\r\n',
    "no-final-newline": 'msgid "a"\nmsgstr "b"',
    "nul-on-continuation": 'msgid "a"\nmsgstr ""\n"\\0x"\n',  # msgfmt: untranslated
    "indented": '  msgid "a"\n  msgstr "b"\n',
    "spaces-around": 'msgid   "a"  \nmsgstr\t"b"\n',
    "only-comments": "# nothing here yet\n",
    "empty": "",
    "identical": 'msgid "OK"\nmsgstr "OK"\n',
}


def _msgfmt_counts(path: Path) -> tuple[int, int, int]:
    text = msgfmt_statistics(path)
    get = lambda word: int(m.group(1)) if (m := re.search(rf"(\d+) {word}", text)) else 0  # noqa: E731
    return get("translated"), get("fuzzy"), get("untranslated")


def _counts_against_template(po: Path, pot: Path, tmp: Path) -> tuple[int, int, int]:
    """msgfmt's counts of the catalog as msgmerge would bring it up to its template (no fuzzy
    matching: coverage counts a message new to the template as untranslated)."""
    merged = tmp / f"{po.stem}.merged.po"
    merge = ["msgmerge", "-q", "--no-fuzzy-matching", "-o", str(merged), str(po), str(pot)]
    subprocess.run(merge, check=True)
    return _msgfmt_counts(merged)


def _assert_counts_are_msgfmts(data: dict, cfg: config.Config, tmp: Path) -> None:
    """Each language's totals equal msgfmt's over its catalogs; a stale catalog is compared
    as msgmerge would update it, so no document is left out of the comparison."""
    for lang in data["languages"]:
        expected = [0, 0, 0]
        for d in lang["documents"]:
            if d["path"]:
                po = Path.cwd() / d["path"]
                pot = cfg.pot_dir / f"{d['document']}.pot"
                counts = (
                    _counts_against_template(po, pot, tmp) if d["stale"] else _msgfmt_counts(po)
                )
                for i, n in enumerate(counts):
                    expected[i] += n
        c = lang["counts"]
        assert [c["translated"], c["fuzzy"], c["untranslated"]] == expected, lang["tag"]


def _our_catalogs() -> list[Path]:
    found = [
        *(REPO / "locale").rglob("*.po"),
        *(REPO / "locale").rglob("*.pot"),
        *(REPO / "tests").rglob("*.po"),
    ]
    return sorted(p for p in found if "_build" not in p.parts)


def _summary_of(text: str) -> pofile.Summary:
    return pofile.parse_summary(text)


# --- the definition, against msgfmt ------------------------------------------------------------


def test_counts_equal_msgfmt_on_tricky_catalog(tmp_path):
    path = tmp_path / "tricky.po"
    path.write_text(TRICKY)
    c = coverage.count(None, pofile.read(path))
    assert (c.translated, c.fuzzy, c.untranslated) == _msgfmt_counts(path) == (2, 1, 3)
    assert c.obsolete == 1 and c.total == 6
    assert coverage.count(None, pofile.read_summary(path)) == c


@pytest.mark.parametrize("name", sorted(EDGES))
def test_counts_equal_msgfmt_on_edge_cases(tmp_path, name):
    path = tmp_path / f"{name}.po"
    path.write_bytes(EDGES[name].encode())
    ours = coverage.count(None, pofile.read_summary(path))
    assert (ours.translated, ours.fuzzy, ours.untranslated) == _msgfmt_counts(path)
    assert ours == coverage.count(None, pofile.read(path))  # both readers, one number


@pytest.mark.parametrize("path", _our_catalogs(), ids=lambda p: "/".join(p.parts[-3:]))
def test_counts_equal_msgfmt_on_our_catalogs(path):
    c = coverage.count(None, pofile.read_summary(path))
    assert (c.translated, c.fuzzy, c.untranslated) == _msgfmt_counts(path)


def test_plural_needs_only_the_first_form_as_msgfmt_counts():
    c = coverage.count(None, _summary_of(EDGES["plural-first-form-only"]))
    assert (c.translated, c.untranslated) == (1, 0)
    c = coverage.count(None, _summary_of(EDGES["plural-second-form-only"]))
    assert (c.translated, c.untranslated) == (0, 1)


def test_source_words_count_both_plural_forms(tmp_path):
    path = tmp_path / "tricky.po"
    path.write_text(TRICKY)
    c = coverage.count(None, pofile.read_summary(path))
    # "one file" + "%d files" (4), "one dog" + "%d dogs" (4), 3, 3, 1, 3 words
    assert (c.words, c.translated_words) == (18, 5)
    assert coverage.format_percent(c.percent("words")) == "27 %"


def test_never_shows_100_unless_complete():
    assert coverage.format_percent(99.96) == "99 %"
    assert coverage.format_percent(100 * 199 / 200) == "99 %"
    assert coverage.format_percent(100.0) == "100 %"
    assert coverage.format_percent(100 * 57 / 100) == "57 %"  # no 56 from float error
    assert coverage.Counts().percent() == 100.0  # nothing to translate


def test_measured_against_the_template(project):
    root = project()
    cfg = config.load(root)
    extract.extract(cfg)
    update.update(cfg, [cfg.language("nb")])  # ja and my have no catalogs yet
    po = root / "locale/nb/LC_MESSAGES/guide.po"
    cat = pofile.read(po)
    cat.entries[0].msgstr = "Veiledningen"
    cat.entries.append(pofile.Entry(msgid="Gone from the sources.", msgstr="Borte.", obsolete=True))
    files.write_if_changed(po, pofile.dumps(cat))
    (root / "guide.rst").write_text((root / "guide.rst").read_text() + "\nA new line.\n")
    extract.extract(cfg)  # the catalog is now stale: the template has one more message
    report = {lc.lang.tag: lc for lc in coverage.measure(cfg)}
    guide = report["nb"].document("guide")
    assert (guide.counts.total, guide.counts.translated, guide.stale) == (6, 1, True)
    assert guide.counts.obsolete == 1  # listed, not counted in the total
    ja = report["ja"].document("guide")
    assert (ja.counts.total, ja.counts.untranslated, ja.po_path) == (6, 6, None)
    assert report["ja"].counts.percent() == 0.0


def test_entries_the_template_dropped_do_not_count(tmp_path):
    tpl = _summary_of('msgid "kept"\nmsgstr ""\n')
    cat = _summary_of('msgid "kept"\nmsgstr ""\n\nmsgid "dropped"\nmsgstr "borte"\n')
    c = coverage.count(tpl, cat)
    assert (c.total, c.translated, c.untranslated) == (1, 0, 1)


# --- the counting scan, pinned to the full reader, polib and msgfmt ---------------------------


@pytest.mark.parametrize("path", _our_catalogs(), ids=lambda p: "/".join(p.parts[-3:]))
def test_scan_reads_our_catalogs_without_falling_back(path):
    text = pofile.reader.decode(path.read_bytes(), path)
    assert pofile.scan._scan(text, path) == pofile.summarize(pofile.parse(text, path))


@pytest.mark.parametrize("name", sorted(EDGES))
def test_scan_agrees_with_the_full_reader_on_edge_cases(name):
    text = EDGES[name]
    assert pofile.parse_summary(text) == pofile.summarize(pofile.parse(text))


def _polib_summary(path: Path) -> tuple[dict, int]:
    """What polib reads, in the scan's terms (msgfmt's rule applied to polib's entries)."""
    po = polib.pofile(str(path), wrapwidth=0)
    messages = {}
    for e in po:
        if e.obsolete or (e.msgid == "" and e.msgctxt is None):
            continue
        first = e.msgstr_plural.get(0, "") if e.msgid_plural else e.msgstr
        words = len(e.msgid.split()) + (len(e.msgid_plural.split()) if e.msgid_plural else 0)
        state = 0 if not first else (1 if "fuzzy" in e.flags else 2)
        messages[(e.msgctxt, e.msgid)] = (state, words)
    return messages, len(po.obsolete_entries())


# polib reads a context with an empty msgid as the header (msgfmt counts it as a message), keeps
# \x41 and \101 undecoded, and rejects layouts GNU accepts (the scan hands those to the full
# reader, which the msgfmt tests above pin).
_POLIB_DIFFERS = {
    "nul-on-continuation",
    "context-empty-msgid",
    "escapes",
    "escape-split-across-lines",
    "crlf",
    "indented",
    "spaces-around",
    "no-final-newline",
}


@pytest.mark.parametrize("name", ["tricky", *sorted(set(EDGES) - _POLIB_DIFFERS)])
def test_scan_agrees_with_polib(tmp_path, name):
    path = tmp_path / f"{name}.po"
    path.write_text(TRICKY if name == "tricky" else EDGES[name])
    s = pofile.read_summary(path)
    assert (_with_words(s), s.obsolete) == _polib_summary(path)


def test_scan_agrees_with_polib_on_our_catalogs():
    for path in _our_catalogs():
        s = pofile.read_summary(path)
        assert (_with_words(s), s.obsolete) == _polib_summary(path), path


def _with_words(s: pofile.Summary) -> dict:
    """Each message's state and, counted on its own, its source words."""
    return {key: (state, s.words([key])) for key, state in s.messages.items()}


_NOISE = [
    '"',
    "\\",
    '\\"',
    "\\n",
    "\\q",
    "\\x4",
    "#~ ",
    "#| ",
    "#, fuzzy\n",
    "\n",
    "\n\n",
    " ",
    "msgid ",
    "msgstr ",
    "msgstr[1] ",
    "msgstr[0] ",
    'msgid_plural "x"\n',
    'msgctxt "c"\n',
    "#",
    "\r",
    '""\n',
    "\t",
    '#~| msgid "o"\n',
]


def test_scan_never_accepts_what_the_full_reader_rejects_or_reads_it_differently():
    """Damaged catalogs: the scan either gives the full reader's answer or hands over to it."""
    seeds = [TRICKY, *EDGES.values(), (REPO / "locale/nb/LC_MESSAGES/index.po").read_text()]
    rng = random.Random(20240331)
    scanned = 0
    for _ in range(5000):
        text = rng.choice(seeds)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(text) + 1)
            if rng.random() < 0.6:
                text = text[:i] + rng.choice(_NOISE) + text[i:]
            else:
                text = text[:i] + text[i + rng.randint(1, 5) :]
        try:
            expected = pofile.summarize(pofile.parse(text))
        except CatalogError:
            expected = None
        try:
            got = pofile.scan._scan(text, None)
        except pofile.scan._Unrecognised:
            continue
        scanned += 1
        assert got == expected, text
    assert scanned > 400  # the scan did the work, not the fallback


def test_a_broken_catalog_names_every_bad_line(tmp_path, capsys):
    tree = tmp_path / "tree"
    (tree / "fr/LC_MESSAGES").mkdir(parents=True)
    (tree / "fr/LC_MESSAGES/a.po").write_text('msgid "a"\nmsgstr "b\n\nmsgid "c"\nmsgstr "d" x\n')
    (tree / "fr/LC_MESSAGES/b.po").write_text('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n')
    (tree / "fr/LC_MESSAGES/ok.po").write_text('msgid "a"\nmsgstr "b"\n')
    assert main(["stats", "--locale-dir", str(tree), "--project", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert f"{tree / 'fr/LC_MESSAGES/a.po'}:2: error: end-of-line within string" in err
    assert f"{tree / 'fr/LC_MESSAGES/a.po'}:5: error: unexpected text after the string" in err
    assert f"{tree / 'fr/LC_MESSAGES/b.po'}:4: error: duplicate message definition" in err
    assert "Traceback" not in err


@pytest.mark.skipif(sys.platform != "linux", reason="large trees are read in parallel on Linux")
def test_a_large_tree_read_in_parallel_gives_what_one_process_gives(tmp_path, monkeypatch):
    tree = tmp_path / "tree"
    rng = random.Random(3)
    for lang in ("fr", "ja"):
        for i in range(30):
            path = tree / lang / "LC_MESSAGES" / f"part{i % 3}" / f"doc{i:02d}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                "".join(
                    f'#, fuzzy\nmsgid "m{n}"\nmsgstr "x"\n\n'
                    if rng.random() < 0.2
                    else f'msgid "m{n} words here"\nmsgstr "{"t" if rng.random() < 0.6 else ""}"\n\n'
                    for n in range(rng.randint(1, 20))
                )
            )
    cfg = config.load(tmp_path, locale_dir=tree, require_sources=False)
    repo = coverage.CatalogRepository(cfg.locale_dir, None)
    monkeypatch.setattr(coverage, "_PARALLEL_FROM", 10**9)
    one = coverage.measure(cfg, repo=repo)
    monkeypatch.setattr(coverage, "_PARALLEL_FROM", 2)
    # Two workers even on a one-core machine (CI's): the parallel path is what is tested here.
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert len(coverage._chunks(["a", "b"], 1)) == 2  # the workers really run
    assert coverage.measure(cfg, repo=repo) == one
    # Errors come back from the workers whole: every file and line, in path order.
    (tree / "ja/LC_MESSAGES/part1/doc04.po").write_text('msgid "a"\nmsgstr "b\n')
    (tree / "fr/LC_MESSAGES/part2/doc29.po").write_text('msgid "a"\nmsgstr "b"\nmsgstr "c"\n')
    with pytest.raises(CatalogError) as raised:
        coverage.measure(cfg, repo=repo)
    assert [(e.path.relative_to(tree).as_posix(), e.line) for e in raised.value.errors] == [
        ("fr/LC_MESSAGES/part2/doc29.po", 3),
        ("ja/LC_MESSAGES/part1/doc04.po", 2),
    ]


# --- transflow stats ----------------------------------------------------------------------------


# Three messages of nb's guide translated, a fourth fuzzy.
NB_GUIDE = {"nb/guide": {0: "oversatt", 1: "oversatt", 2: "oversatt", 3: fuzzy("uklar")}}


def test_stats_table_is_aligned_with_native_names_and_totals(translated_project, capsys):
    root = translated_project(NB_GUIDE)
    (root / "locale/ja/LC_MESSAGES/sub/page.po").unlink()
    assert main(["stats", "--project", str(root)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["language", "done", "translated"]
    assert any(line.startswith("ja ") and "日本語" in line for line in lines)
    assert any(line.startswith("nb ") and "norsk bokmål" in line for line in lines)
    assert any(line.startswith("my ") and "မြန်မာ" in line for line in lines)
    nb_at = next(i for i, line in enumerate(lines) if line.startswith("nb "))
    guide = next(line for line in lines[nb_at:] if line.strip().startswith("guide"))
    assert re.search(r"guide\s+60 %\s+3\s+1\s+1\s+5\b", guide)
    assert any("sub/page" in line and "no catalog yet" in line for line in lines)
    total = next(line for line in lines if line.startswith("total"))
    numbers = re.findall(r"\d+", total)
    assert numbers[1:5] == ["3", "1", "23", "27"]  # translated, fuzzy, untranslated, total
    # Every row ends its "done" column in the same terminal column, CJK or not.
    from transflow.commands.output import width

    ends = {width(line[: line.index(" %") + 2]) for line in lines if " %" in line}
    assert len(ends) == 1


def test_stats_json_schema(translated_project, capsys):
    root = translated_project(NB_GUIDE)
    assert main(["stats", "--project", str(root), "--lang", "nb", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "transflow.coverage/1" and data["metric"] == "messages"
    (nb,) = data["languages"]
    assert (nb["tag"], nb["native_name"], nb["name"]) == ("nb", "norsk bokmål", "Norwegian Bokmål")
    guide = next(d for d in nb["documents"] if d["document"] == "guide")
    assert guide["counts"]["translated"] == 3 and guide["counts"]["fuzzy"] == 1
    assert guide["percent"] == 60.0 and guide["display"] == "60 %"
    assert (Path.cwd() / guide["path"]).resolve() == root / "locale/nb/LC_MESSAGES/guide.po"
    assert set(data["totals"]) >= {"total", "translated", "fuzzy", "words", "percent_words"}


def test_stats_markdown_and_csv(translated_project, capsys):
    root = translated_project(NB_GUIDE)
    assert main(["stats", "--project", str(root), "--format", "markdown", "--by", "words"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("| language | | words translated |")
    assert "| `nb` | norsk bokmål |" in md and "| **total** |" in md
    assert "<details><summary>norsk bokmål (nb): per document</summary>" in md
    assert main(["stats", "--project", str(root), "--format", "csv", "--doc", "guide"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["language"] for r in rows] == ["ja", "nb", "my"]
    nb = rows[1]
    assert (nb["document"], nb["translated"], nb["fuzzy"], nb["percent"]) == (
        "guide",
        "3",
        "1",
        "60.00",
    )


def test_stats_by_words_uses_source_words(translated_project, capsys):
    root = translated_project(NB_GUIDE)
    assert (
        main(
            [
                "stats",
                "--project",
                str(root),
                "--lang",
                "nb",
                "--doc",
                "guide",
                "--format",
                "json",
                "--by",
                "words",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    guide = data["languages"][0]["documents"][0]
    c = guide["counts"]
    assert data["metric"] == "words" and guide["percent"] == round(
        100 * c["translated_words"] / c["words"], 2
    )
    assert c["translated_words"] < c["words"]


def test_stats_reports_stale_catalogs(translated_project, capsys, tmp_path):
    root = translated_project(NB_GUIDE)
    (root / "guide.rst").write_text((root / "guide.rst").read_text() + "\nA new paragraph.\n")
    extract.extract(config.load(root))
    assert main(["stats", "--project", str(root), "--lang", "nb"]) == 0
    captured = capsys.readouterr()
    assert re.search(r"guide\s+50 %.*stale: run transflow update", captured.out)
    assert "run transflow update" in captured.err
    assert main(["stats", "--project", str(root), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert any(d["stale"] for lang in data["languages"] for d in lang["documents"])
    _assert_counts_are_msgfmts(data, config.load(root), tmp_path)


def test_stats_on_a_bare_catalog_tree(tmp_path, capsys):
    tree = tmp_path / "python-docs-fr"
    (tree / "fr/LC_MESSAGES/library").mkdir(parents=True)
    (tree / "fr/LC_MESSAGES/library/os.po").write_text(TRICKY)
    (tree / "fr/LC_MESSAGES/glossary.po").write_text('msgid "a"\nmsgstr "b"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert (
        main(
            [
                "stats",
                "--locale-dir",
                str(tree),
                "--lang",
                "fr",
                "--format",
                "json",
                "--project",
                str(elsewhere),
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    (fr,) = data["languages"]
    assert (fr["native_name"], fr["counts"]["translated"], fr["counts"]["total"]) == (
        "français",
        3,
        7,
    )
    assert [d["document"] for d in fr["documents"]] == ["glossary", "library/os"]
    # Without --lang, the languages are the directories found.
    assert main(["stats", "--locale-dir", str(tree), "--project", str(elsewhere)]) == 0
    assert "français" in capsys.readouterr().out


def test_stats_on_a_bare_tree_with_templates(tmp_path, capsys):
    tree = tmp_path / "tree"
    (tree / "fr/LC_MESSAGES").mkdir(parents=True)
    (tree / "fr/LC_MESSAGES/a.po").write_text('msgid "a"\nmsgstr "b"\n')
    pots = tmp_path / "pot"
    pots.mkdir()
    (pots / "a.pot").write_text('msgid "a"\nmsgstr ""\n\nmsgid "new"\nmsgstr ""\n')
    (pots / "b.pot").write_text('msgid "x"\nmsgstr ""\n')
    assert (
        main(
            [
                "stats",
                "--locale-dir",
                str(tree),
                "--pot-dir",
                str(pots),
                "--format",
                "csv",
                "--project",
                str(tmp_path),
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["document"], r["translated"], r["total"], r["stale"]) for r in rows] == [
        ("a", "1", "2", "true"),
        ("b", "0", "1", "false"),
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--doc", "nope"], "no document 'nope' (documents: guide, index, sub/page)"),
        (["--lang", "de"], "language 'de' is not configured"),
        (["--lang", "xx-nonsense"], "error"),
        (["--pot-dir", "x"], "--pot-dir goes with --locale-dir"),
    ],
)
def test_stats_bad_arguments_are_exit_2(translated_project, capsys, argv, message):
    root = translated_project(NB_GUIDE)
    assert main(["stats", "--project", str(root), *argv]) == 2
    assert message in capsys.readouterr().err


def test_stats_on_this_repository_matches_msgfmt_totals(capsys, tmp_path):
    """Our own statements: every language's totals equal msgfmt's, summed over its catalogs."""
    assert main(["stats", "--project", str(REPO), "--format", "json"]) == 0
    _assert_counts_are_msgfmts(json.loads(capsys.readouterr().out), config.load(REPO), tmp_path)


def test_stats_command_line_in_a_subprocess(tmp_path):
    tree = tmp_path / "tree"
    (tree / "ja/LC_MESSAGES").mkdir(parents=True)
    (tree / "ja/LC_MESSAGES/a.po").write_text('msgid "a"\nmsgstr "あ"\n\nmsgid "b"\nmsgstr ""\n')
    done = subprocess.run(
        [sys.executable, "-m", "transflow.cli", "stats", "--locale-dir", str(tree), "--summary"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"^ja\s+日本語\s+50 %\s+1\s+0\s+1\s+2", done.stdout, re.MULTILINE)


def _counted_tree(tmp_path: Path) -> tuple[config.Config, coverage.CatalogRepository, Path]:
    tree = tmp_path / "tree"
    po = tree / "fr/LC_MESSAGES/a.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "one two"\nmsgstr "un deux"\n\nmsgid "three"\nmsgstr ""\n')
    cfg = config.load(tmp_path, locale_dir=tree, require_sources=False)
    return cfg, coverage.CatalogRepository(cfg.locale_dir, None), po


def _fr(cfg, repo, **kw) -> coverage.Counts:
    return coverage.measure(cfg, repo=repo, **kw)[0].counts


def test_counts_are_kept_by_content_and_used_only_for_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSFLOW_CACHE_DIR", str(tmp_path / "cache"))
    cfg, repo, po = _counted_tree(tmp_path)
    assert (_fr(cfg, repo).translated, _fr(cfg, repo).untranslated) == (1, 1)
    kept = next((tmp_path / "cache").rglob("*.json"))
    # The second run takes the count from the cache: a doctored entry shows through.
    data = json.loads(kept.read_text())
    data["entries"][str(po)][3] = 7  # translated
    kept.write_text(json.dumps(data))
    assert _fr(cfg, repo).translated == 7
    assert _fr(cfg, repo, cache=False).translated == 1  # never needed for a right count
    # Same size, same modification time, other bytes: counted again, never served stale.
    before = po.stat()
    po.write_text('msgid "one two"\nmsgstr ""\n\nmsgid "three"\nmsgstr "deux un"\n')
    os.utime(po, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert po.stat().st_size == before.st_size
    assert (_fr(cfg, repo).translated, _fr(cfg, repo).translated_words) == (1, 1)


def test_a_changed_template_is_counted_again(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSFLOW_CACHE_DIR", str(tmp_path / "cache"))
    cfg, _, _ = _counted_tree(tmp_path)
    pots = tmp_path / "pot"
    pots.mkdir()
    (pots / "a.pot").write_text('msgid "one two"\nmsgstr ""\n')
    repo = coverage.CatalogRepository(cfg.locale_dir, pots)
    assert (_fr(cfg, repo).total, _fr(cfg, repo).translated) == (1, 1)
    (pots / "a.pot").write_text('msgid "one two"\nmsgstr ""\n\nmsgid "four"\nmsgstr ""\n')
    assert (_fr(cfg, repo).total, _fr(cfg, repo).translated) == (2, 1)


@pytest.mark.parametrize("damage", ["not json", '{"format": 1}', "entries"])
def test_a_damaged_or_unwritable_cache_never_changes_a_count(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("TRANSFLOW_CACHE_DIR", str(tmp_path / "cache"))
    cfg, repo, po = _counted_tree(tmp_path)
    right = _fr(cfg, repo, cache=False)
    _fr(cfg, repo)
    kept = next((tmp_path / "cache").rglob("*.json"))
    if damage == "entries":
        data = json.loads(kept.read_text())
        data["entries"][str(po)] = data["entries"][str(po)][:5] + ["x"] * 7
        kept.write_text(json.dumps(data))
    else:
        kept.write_text(damage)
    assert _fr(cfg, repo) == right
    assert _fr(cfg, repo) == right  # and the cache was rewritten whole
    # A cache folder that cannot be written: counted all the same, no error.
    monkeypatch.setenv("TRANSFLOW_CACHE_DIR", str(po))  # a file, not a folder
    assert _fr(cfg, repo) == right


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSFLOW_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    cfg, repo, _ = _counted_tree(tmp_path)
    _fr(cfg, repo)
    assert not list(tmp_path.rglob("*.json"))
    monkeypatch.delenv("TRANSFLOW_CACHE_DIR")
    _fr(cfg, repo)
    assert len(list((tmp_path / "xdg" / "transflow").rglob("*.json"))) == 1


def test_what_the_cache_gives_back_is_what_counting_gives(tmp_path, monkeypatch):
    """Every field a report shows (stale, translator, revision date, path, fuzzy, obsolete, a
    document without catalog) comes back from the cache as counting gave it."""
    monkeypatch.setenv("TRANSFLOW_CACHE_DIR", str(tmp_path / "cache"))
    cfg, _, po = _counted_tree(tmp_path)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Last-Translator: Ana <ana@example.org>\\n"\n'
        '"PO-Revision-Date: 2026-01-02 03:04+0000\\n"\n\n'
        'msgid "one two"\nmsgstr "un deux"\n\n#, fuzzy\nmsgid "three"\nmsgstr "trois"\n\n'
        '#~ msgid "gone"\n#~ msgstr "parti"\n'
    )
    pots = tmp_path / "pot"
    pots.mkdir()
    (pots / "a.pot").write_text('msgid "one two"\nmsgstr ""\n\nmsgid "four"\nmsgstr ""\n')
    (pots / "b.pot").write_text('msgid "five"\nmsgstr ""\n')
    repo = coverage.CatalogRepository(cfg.locale_dir, pots)
    counted = coverage.measure(cfg, repo=repo, cache=False)
    a = counted[0].document("a")
    assert a.stale and a.translator == "Ana <ana@example.org>" and a.revised.startswith("2026")
    assert counted[0].document("b").po_path is None
    assert coverage.measure(cfg, repo=repo) == counted  # counted, and kept
    assert coverage.measure(cfg, repo=repo) == counted  # from the cache


def test_something_not_a_file_where_a_catalog_goes_is_no_catalog(tmp_path):
    """A folder or a named pipe at a catalog's path is not read (a pipe would block forever,
    a link to /dev/zero fill the memory): it counts as no catalog yet, as a missing file does."""
    tree, pots = tmp_path / "locale", tmp_path / "pot"
    (tree / "fr/LC_MESSAGES/folder.po").mkdir(parents=True)
    os.mkfifo(tree / "fr/LC_MESSAGES/pipe.po")
    pots.mkdir()
    for name in ("folder", "pipe", "a"):
        (pots / f"{name}.pot").write_text(f'msgid "{name} words"\nmsgstr ""\n')
    (tree / "fr/LC_MESSAGES/a.po").write_text('msgid "a words"\nmsgstr "des mots"\n')
    os.mkfifo(pots / "b.pot")  # a template that is a pipe: the catalogs count as they are
    (tree / "fr/LC_MESSAGES/b.po").write_text('msgid "b"\nmsgstr "bé"\n')
    command = [sys.executable, "-m", "transflow.cli", "stats", "--locale-dir", str(tree)]
    done = subprocess.run(
        [*command, "--pot-dir", str(pots), "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    rows = {r["document"]: r for r in csv.DictReader(io.StringIO(done.stdout))}
    assert {d: rows[d]["path"] for d in ("folder", "pipe")} == {"folder": "", "pipe": ""}
    assert (rows["a"]["translated"], rows["b"]["translated"], rows["b"]["total"]) == ("1", "1", "1")


def test_a_catalog_whose_name_is_not_utf8_is_counted_and_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSFLOW_CACHE_DIR", str(tmp_path / "cache"))
    cfg, repo, po = _counted_tree(tmp_path)
    odd = po.with_name(os.fsdecode(b"caf\xe9.po"))  # a Latin-1 file name, as os.walk gives it
    odd.write_bytes(po.read_bytes())
    right = coverage.measure(cfg, repo=repo, cache=False)
    assert [d.domain for d in right[0].documents] == ["a", os.fsdecode(b"caf\xe9")]
    assert coverage.measure(cfg, repo=repo) == right
    kept = json.loads(next((tmp_path / "cache").rglob("*.json")).read_text())
    assert str(odd) in kept["entries"]  # kept under the name the next run looks it up by
    assert coverage.measure(cfg, repo=repo) == right


def test_no_home_directory_means_no_cache_not_a_crash(tmp_path, monkeypatch):
    """A container user without HOME and without a passwd entry (an arbitrary uid)."""
    import pwd

    for name in ("TRANSFLOW_CACHE_DIR", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)

    def no_entry(uid: int) -> pwd.struct_passwd:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    cfg, repo, _ = _counted_tree(tmp_path)
    assert (_fr(cfg, repo).translated, _fr(cfg, repo).untranslated) == (1, 1)


def test_a_relative_xdg_cache_home_is_ignored(tmp_path, monkeypatch):
    """The XDG spec: a relative path there is invalid. Taken as it was, the counts landed in
    whatever folder the command ran from (a project's sources)."""
    monkeypatch.delenv("TRANSFLOW_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    cfg, repo, _ = _counted_tree(tmp_path)
    monkeypatch.chdir(cfg.locale_dir)
    _fr(cfg, repo)
    assert not (cfg.locale_dir / "cache").exists()
    assert len(list((tmp_path / "home/.cache/transflow").rglob("*.json"))) == 1


def test_a_broken_catalog_is_reported_on_every_run_never_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSFLOW_CACHE_DIR", str(tmp_path / "cache"))
    cfg, repo, po = _counted_tree(tmp_path)
    _fr(cfg, repo)
    po.write_text(po.read_text() + '\nmsgid "broken\nmsgstr ""\n')
    for _ in range(2):
        with pytest.raises(CatalogError) as exc:
            _fr(cfg, repo)
        assert (exc.value.errors[0].path, exc.value.errors[0].line) == (po, 7)


def test_a_language_the_tree_has_no_folder_for_is_an_error_not_100_percent(tmp_path, capsys):
    """Without templates there is nothing to count for it: "100 %" (and a passing gate) of
    nothing. The error names the folders there (``nb`` asked, ``nb_NO/`` there)."""
    tree = tmp_path / "tree"
    po = tree / "nb_NO/LC_MESSAGES/a.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "one"\nmsgstr ""\n')
    for command in (["stats"], ["check", "--min", "50"]):
        assert main([*command, "--locale-dir", str(tree), "--lang", "nb"]) == 2
        err = capsys.readouterr().err
        assert "--lang nb: no nb/LC_MESSAGES here (languages here: nb_NO)" in err, err
    assert main(["check", "--min", "50", "--locale-dir", str(tree), "--lang", "nb_NO"]) == 1
    # Against templates a language without catalogs is 0 %, each document "no catalog yet".
    pots = tmp_path / "pot"
    pots.mkdir()
    (pots / "a.pot").write_text('msgid "one"\nmsgstr ""\n')
    argv = ["stats", "--locale-dir", str(tree), "--pot-dir", str(pots), "--lang", "nb"]
    assert main(argv) == 0
    assert "no catalog yet" in capsys.readouterr().out


@pytest.mark.parametrize(
    "msgids",
    [
        ["one two", "three"],
        ["  leading and trailing  ", "a\tb\nc", "x\x1cy"],
        ["", "word"],
        ["日本語 テキスト", "ﬁ\u00a0nbsp", "\u2003em space"],
        [],
    ],
)
def test_summary_words_equal_each_message_split(msgids):
    # Words are counted over the messages' strings joined by a space: the same number as
    # splitting each message on its own, whatever whitespace its text holds.
    plural_key = ("ctx", "apple")
    summary = pofile.Summary(
        {(None, m): pofile.TRANSLATED for m in msgids} | {plural_key: pofile.FUZZY},
        plurals={plural_key: "apples  here "},
    )
    keys = list(summary.messages)
    expected = sum(len(k[1].split()) for k in keys) + 2  # "apples  here "
    assert summary.words() == expected
    assert summary.words(keys[:1]) == (len(keys[0][1].split()) if msgids else 3)


def test_parallel_counting_balances_catalogs_by_size(monkeypatch):
    # One huge catalog gets a process of its own instead of a half of the documents beside it.
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(coverage, "_PARALLEL_FROM", 2)
    sizes = {"stdtypes": 900, "a": 100, "b": 90, "c": 80, "d": 70}
    chunks = coverage._chunks(list(sizes), 1, sizes.__getitem__)
    assert sorted(map(sorted, chunks)) == [["a", "b", "c", "d"], ["stdtypes"]]


def test_scan_hands_a_nul_in_a_plural_and_a_previous_msgid_before_obsolete_to_the_reader():
    # Found by review: the scan counted "b\\0c d" as three words (the reader cuts at the NUL)
    # and accepted "#|" before "#~" (msgfmt: inconsistent use of #~).
    nul = 'msgid "a"\nmsgid_plural "b\\0c d"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
    assert pofile.parse_summary(nul) == pofile.summarize(pofile.parse(nul))
    assert pofile.parse_summary(nul).words() == 2
    mixed = '#| msgid "a"\n#~ msgid "b"\n#~ msgstr "x"\n'
    with pytest.raises(CatalogError, match="#~"):
        pofile.parse_summary(mixed)
