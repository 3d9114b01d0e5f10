"""Translation memory in ``transflow update``: real git repositories, a TMX file, a compendium,
GNU gettext as the oracle for what we write and for what survives its tools."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
from conftest import msgfmt_check

from transflow import memory, pofile
from transflow.cli import main

SCHEMA = Path(__file__).parents[1] / "src/transflow/schemas/update-1.schema.json"
HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: manual 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
)
PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: manual 1.0\\n"\n"PO-Revision-Date: 2024-01-01 00:00+0000\\n"\n'
    '"Last-Translator: T <t@example.org>\\n"\n"Language-Team: nb\\n"\n"Language: nb\\n"\n'
    '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def _pot(*msgids: str) -> str:
    return HEADER + "".join(f'msgid "{m}"\nmsgstr ""\n\n' for m in msgids)


def _po(pairs: dict[str, str]) -> str:
    return PO_HEADER + "".join(f'msgid "{k}"\nmsgstr "{v}"\n\n' for k, v in pairs.items())


OLD = {
    "Save your work.": "Lagre arbeidet ditt.",
    "Click Save to keep your changes.": "Klikk Lagre for å beholde endringene.",
    "The window closes.": "Vinduet lukkes.",
}


def _project(root: Path, tm: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(
        '[tool.transflow]\nlocale-dir = "locale"\npot-dir = "pot"\nlanguages = ["nb"]\n'
        f"[tool.transflow.update]\n{tm}"
    )
    (root / "pot").mkdir(exist_ok=True)
    (root / "locale/nb/LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    return root


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _released(tmp_path: Path) -> Path:
    """A project whose tag ``v1`` has a translated catalog; the working tree has the next
    release's template: one message unchanged, one reworded, one new."""
    root = _project(tmp_path / "p")
    (root / "pot/guide.pot").write_text(_pot(*OLD))
    (root / "locale/nb/LC_MESSAGES/guide.po").write_text(_po(OLD))
    (root / ".gitignore").write_text("_build/\n")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "v1")
    _git(root, "tag", "v1")
    _git(root, "rm", "-q", "locale/nb/LC_MESSAGES/guide.po", "pot/guide.pot")
    _project(root)
    (root / "pot/manual.pot").write_text(
        _pot("Save your work.", "Click Save to keep all your changes.", "Something new.")
    )
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "v2")
    return root


def _entries(path: Path) -> dict[str, pofile.Entry]:
    return {e.msgid: e for e in pofile.read(path).entries if e.msgid}


def _accepted(path: Path) -> None:
    check = msgfmt_check(path)
    assert check.returncode == 0 and check.stderr == "", check.stderr


def test_tm_rev_fills_from_git_without_touching_the_checkout(tmp_path, capsys):
    root = _released(tmp_path)
    head = _git(root, "rev-parse", "HEAD")
    assert main(["update", "-C", str(root), "--tm", "v1"]) == 0
    out = capsys.readouterr().out
    assert "nb: 2 messages were filled from memory v1 (1 exact, 1 near" in out
    po = root / "locale/nb/LC_MESSAGES/manual.po"
    got = _entries(po)
    exact, near, new = (
        got[m]
        for m in ("Save your work.", "Click Save to keep all your changes.", "Something new.")
    )
    assert exact.msgstr == "Lagre arbeidet ditt." and exact.fuzzy  # a reviewer decides
    assert exact.previous_msgid is None
    old = _po(OLD).splitlines()
    at = old.index('msgid "Save your work."') + 1
    assert exact.comments == [
        f"transflow: tm v1:locale/nb/LC_MESSAGES/guide.po:{at} 100% {memory.digest(exact)}"
    ]
    assert near.msgstr == OLD["Click Save to keep your changes."] and near.fuzzy
    assert near.previous_msgid == "Click Save to keep your changes."
    at_near = old.index('msgid "Click Save to keep your changes."') + 1
    assert near.comments[0].startswith(
        f"transflow: tm v1:locale/nb/LC_MESSAGES/guide.po:{at_near} 9"
    )
    assert new.msgstr == "" and not new.comments
    _accepted(po)
    # git was only read: same commit, and nothing but the new catalog in the working tree
    assert _git(root, "rev-parse", "HEAD") == head
    assert _git(root, "status", "--porcelain").split() == ["??", "locale/"]
    # The location in the comment is one git understands.
    shown = _git(root, "show", "v1:locale/nb/LC_MESSAGES/guide.po").splitlines()
    assert shown[at - 1] == 'msgid "Save your work."'


def test_exact_matches_can_be_filled_as_translated(tmp_path):
    root = _released(tmp_path)
    with open(root / "pyproject.toml", "a") as f:
        f.write('tm-exact = "translated"\n')
    assert main(["update", "-C", str(root), "--tm", "v1"]) == 0
    got = _entries(root / "locale/nb/LC_MESSAGES/manual.po")
    assert got["Save your work."].translated
    assert got["Click Save to keep all your changes."].fuzzy  # a near match never is


def test_other_catalogs_fill_and_nothing_is_overwritten(tmp_path):
    root = _project(tmp_path / "p")
    (root / "pot/a.pot").write_text(_pot("Save your work.", "The window closes."))
    (root / "pot/b.pot").write_text(_pot("Save your work.", "The window closes.", "Quit."))
    (root / "locale/nb/LC_MESSAGES/a.po").write_text(
        _po(OLD) + '#~ msgid "Quit."\n#~ msgstr "Avslutt."\n'
    )
    (root / "locale/nb/LC_MESSAGES/b.po").write_text(
        _po({"Save your work.": "", "The window closes.": "Vinduet lukker seg.", "Quit.": ""})
    )
    b = root / "locale/nb/LC_MESSAGES/b.po"
    assert main(["update", "-C", str(root)]) == 0  # off by default: no fills, no churn
    assert _entries(b)["Save your work."].msgstr == ""
    assert main(["update", "-C", str(root), "--tm-project"]) == 0
    got = _entries(b)
    assert got["The window closes."].msgstr == "Vinduet lukker seg."  # never overwritten
    assert not got["The window closes."].fuzzy and not got["The window closes."].comments
    assert got["Save your work."].msgstr == "Lagre arbeidet ditt." and got["Save your work."].fuzzy
    assert (
        got["Save your work."].comments[0].startswith("transflow: tm locale/nb/LC_MESSAGES/a.po:")
    )
    # a.po's obsolete "Quit." is no memory; its own messages are not filled from itself
    assert got["Quit."].msgstr == ""
    _accepted(b)
    before = b.read_bytes()
    assert main(["update", "-C", str(root), "--tm-project"]) == 0  # a second run: no change
    assert b.read_bytes() == before
    assert main(["update", "-C", str(root), "--no-tm"]) == 0
    assert b.read_bytes() == before


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en"
          creationtool="test" creationtoolversion="1" o-tmf="test"/>
  <body>
    <tu>
      <tuv xml:lang="en"><seg>Open the file.</seg></tuv>
      <tuv xml:lang="de"><seg>Öffnen Sie die Datei.</seg></tuv>
      <tuv xml:lang="nb-NO"><seg>Åpne filen.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en"><seg>Close the &lt;b&gt;file&lt;/b&gt; now.</seg></tuv>
      <tuv xml:lang="nb"><seg>Lukk &lt;b&gt;filen&lt;/b&gt; nå.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_a_tmx_file_and_a_compendium(tmp_path, capsys):
    root = _project(tmp_path / "p", 'tm = ["memory/old.tmx", "memory/compendium.po"]\n')
    (root / "memory").mkdir()
    (root / "memory/old.tmx").write_text(TMX)
    (root / "memory/compendium.po").write_text(_po(OLD))
    (root / "pot/doc.pot").write_text(
        _pot("Open the file.", "Close the <b>file</b> now!", "The window closes.")
    )
    assert main(["update", "-C", str(root), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    rows = {r["source"]: r for r in data["memory"]}
    assert rows["memory/old.tmx"]["exact"] == 1 and rows["memory/old.tmx"]["fuzzy"] == 1
    assert rows["memory/compendium.po"]["exact"] == 1
    po = root / "locale/nb/LC_MESSAGES/doc.po"
    got = _entries(po)
    assert got["Open the file."].msgstr == "Åpne filen."  # nb-NO is nb; German is not
    assert got["Open the file."].comments[0].startswith("transflow: tm memory/old.tmx:6 100% ")
    near = got["Close the <b>file</b> now!"]
    assert (
        near.msgstr == "Lukk <b>filen</b> nå."
        and near.previous_msgid == "Close the <b>file</b> now."
    )
    assert got["The window closes."].comments[0].startswith("transflow: tm memory/compendium.po:")
    _accepted(po)


def test_provenance_survives_msgmerge_and_msgcat_and_drop_still_works(tmp_path, capsys):
    root = _released(tmp_path)
    assert main(["update", "-C", str(root), "--tm", "v1"]) == 0
    po = root / "locale/nb/LC_MESSAGES/manual.po"
    filled = {m: e.comments for m, e in _entries(po).items() if e.comments}
    merged, cat = tmp_path / "merged.po", tmp_path / "cat.po"
    subprocess.run(
        [
            "msgmerge",
            "--quiet",
            "--previous",
            "-o",
            str(merged),
            str(po),
            str(root / "pot/manual.pot"),
        ],
        check=True,
    )
    subprocess.run(["msgcat", "-w", "20", "-o", str(cat), str(merged)], check=True)
    for path in (merged, cat):
        assert {m: e.comments for m, e in _entries(path).items() if e.comments} == filled
    po.write_bytes(cat.read_bytes())  # the team's tools rewrote the catalog
    capsys.readouterr()
    assert main(["update", "-C", str(root), "--drop-tm", "v1"]) == 0
    assert all(e.msgstr == "" and not e.comments and not e.fuzzy for e in _entries(po).values())


def test_drop_tm_undoes_only_what_nobody_touched(tmp_path, capsys):
    root = _released(tmp_path)
    (root / "pot/manual.pot").write_text(
        _pot("Save your work.", "Click Save to keep all your changes.", "The window closes.")
    )
    assert main(["update", "-C", str(root), "--tm", "v1"]) == 0
    po = root / "locale/nb/LC_MESSAGES/manual.po"
    cat = pofile.read(po)
    for e in cat.entries:
        if e.msgid == "Save your work.":
            e.set_fuzzy(False)  # a reviewer accepted it as it was
        if e.msgid == "Click Save to keep all your changes.":
            e.msgstr = "Klikk Lagre for å beholde alle endringene."  # ... and edited this one
    po.write_text(pofile.dumps(cat))
    lines = po.read_text().splitlines()
    edited_line = lines.index('msgstr "Klikk Lagre for å beholde alle endringene."') + 1
    capsys.readouterr()
    assert main(["update", "-C", str(root), "--drop-tm", "v1/"]) == 0
    out = capsys.readouterr().out
    got = _entries(po)
    assert got["The window closes."].msgstr == "" and not got["The window closes."].comments
    assert got["Save your work."].msgstr == "Lagre arbeidet ditt."
    assert got["Save your work."].translated and got["Save your work."].comments
    assert got["Click Save to keep all your changes."].msgstr.endswith("alle endringene.")
    assert "nb: 1 messages filled from v1 were made untranslated again" in out
    assert f"manual.po:{edited_line}: kept: edited since it was filled from v1:" in out
    _accepted(po)
    # lint counts what is still as memory filled it; the reviewed entries are not counted
    assert main(["update", "-C", str(root), "--tm", "v1"]) == 0
    capsys.readouterr()
    assert main(["lint", "-C", str(root), "--format", "json"]) == 0
    found = [
        f for f in json.loads(capsys.readouterr().out)["findings"] if f["check"] == "tm-unreviewed"
    ]
    assert len(found) == 1 and found[0]["message"].startswith(
        "1 entry filled from translation memory and not reviewed (1 fuzzy, 0 counted as"
    )


def test_dry_run_reports_per_language_and_source_and_writes_nothing(tmp_path, capsys):
    root = _released(tmp_path)
    assert main(["update", "-C", str(root), "--tm", "v1", "--dry-run", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    assert data["memory"] == [
        {"language": "nb", "source": "v1", "exact": 1, "fuzzy": 1, "dropped": 0}
    ]
    row = next(r for r in data["catalogs"] if r["document"] == "manual")
    assert (row["tm_exact"], row["tm_fuzzy"], row["tm_sources"]) == (
        1,
        1,
        {"v1": {"exact": 1, "fuzzy": 1}},
    )
    assert not list((root / "locale").rglob("*.po"))
    assert main(["update", "-C", str(root), "--tm", "v1", "--tm-threshold", "1", "--dry-run"]) == 0
    assert "(1 exact, 0 near" in capsys.readouterr().out


@pytest.mark.parametrize(
    "setup, argv, message",
    [
        ("", ["--tm", "no-such-branch"], "--tm no-such-branch: no such revision"),
        ('tm = ["memory/missing.tmx"]\n', [], "update.tm: memory/missing.tmx: no such file"),
        ('tm = ["memory/bad.tmx"]\n', [], "bad.tmx:9: error: not a readable TMX file"),
        ('tm = ["memory/bad.po"]\n', [], "bad.po:2:"),
    ],
)
def test_bad_memory_is_exit_2_naming_it_and_nothing_is_written(
    tmp_path, capsys, setup, argv, message
):
    root = _released(tmp_path)
    with open(root / "pyproject.toml", "a") as f:
        f.write(setup)
    (root / "memory").mkdir()
    (root / "memory/bad.tmx").write_text(TMX.replace("</tuv>\n    </tu>", "</tu>", 1)[:400])
    (root / "memory/bad.po").write_text('msgid ""\nmsgstr "x\n')
    assert main(["update", "-C", str(root), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err, err
    assert not list((root / "locale").rglob("*.po"))


def test_a_po_tree_per_language_and_a_compendium_of_another_language(tmp_path, capsys):
    """``{lang}`` names each language's folder; a compendium whose Language header names another
    language is no memory for this one; the same document's old translation is preferred."""
    root = _project(tmp_path / "p", 'tm = ["old/{lang}", "memory/de.po"]\n')
    (root / "old/nb/sub").mkdir(parents=True)
    (root / "old/nb/other.po").write_text(_po({"Save your work.": "Lagre alt."}))
    (root / "old/nb/sub/doc.po").write_text(_po({"Save your work.": "Lagre arbeidet ditt."}))
    (root / "memory").mkdir()
    (root / "memory/de.po").write_text(
        _po({"Quit.": "Beenden."}).replace("Language: nb", "Language: de")
    )
    (root / "pot/sub").mkdir()
    (root / "pot/sub/doc.pot").write_text(_pot("Save your work.", "Quit."))
    assert main(["update", "-C", str(root)]) == 0
    got = _entries(root / "locale/nb/LC_MESSAGES/sub/doc.po")
    assert got["Save your work."].msgstr == "Lagre arbeidet ditt."
    assert got["Save your work."].comments[0].startswith("transflow: tm old/nb/sub/doc.po:")
    assert got["Quit."].msgstr == ""
    assert (
        "nb: 1 messages were filled from memory old/nb (1 exact, 0 near" in capsys.readouterr().out
    )


def test_a_revisions_memory_is_parsed_once_and_kept_by_blob_id(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TRANSFLOW_CACHE_DIR", str(tmp_path / "cache"))
    root = _released(tmp_path)
    po = root / "locale/nb/LC_MESSAGES/manual.po"

    def fill() -> str:
        po.unlink(missing_ok=True)
        assert main(["update", "-C", str(root), "--tm", "v1"]) == 0
        capsys.readouterr()
        return po.read_text()

    first = fill()
    kept = next((tmp_path / "cache" / "memory").glob("*.json"))
    blob = _git(root, "rev-parse", "v1:locale/nb/LC_MESSAGES/guide.po").strip()
    assert list(json.loads(kept.read_text())["entries"]) == [blob]
    assert fill() == first  # read from what was kept: the same catalog
    # What was kept is what the next run uses: a doctored entry shows through ...
    kept.write_text(kept.read_text().replace("Lagre arbeidet ditt.", "Lagre alt."))
    assert _entries(po)["Save your work."].msgstr == "Lagre arbeidet ditt."
    assert "Lagre alt." in fill()
    # ... and a damaged one is read again from git, never half used.
    kept.write_text("not json")
    assert fill() == first
    kept.write_text(kept.read_text().replace('"Lagre arbeidet ditt."', "7"))
    assert fill() == first
    monkeypatch.setenv("TRANSFLOW_CACHE_DIR", "off")
    assert fill() == first


def test_tmx_inline_codes_are_read_as_the_text_they_stand_for(tmp_path, capsys):
    """TMX wraps a segment's markup and placeholders in ``<bpt>``/``<ept>``/``<ph>`` (as CAT
    tools export them); their content is the native code, so a fill keeps ``{0}`` and the
    tags, and the source matches the catalog's msgid."""
    root = _project(tmp_path / "p", 'tm = ["memory/cat-tool.tmx"]\n')
    (root / "memory").mkdir()
    (root / "memory/cat-tool.tmx").write_text(
        TMX.replace(
            "<seg>Open the file.</seg>",
            '<seg>Click <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> to keep '
            "<ph>{0}</ph> changes.</seg>",
        ).replace(
            "<seg>Åpne filen.</seg>",
            '<seg>Klikk <bpt i="1">&lt;b&gt;</bpt>Lagre<ept i="1">&lt;/b&gt;</ept> for å '
            "beholde <ph>{0}</ph> endringer.</seg>",
        )
    )
    (root / "pot/doc.pot").write_text(_pot("Click <b>Save</b> to keep {0} changes."))
    assert main(["update", "-C", str(root)]) == 0
    got = _entries(root / "locale/nb/LC_MESSAGES/doc.po")
    assert got["Click <b>Save</b> to keep {0} changes."].msgstr == (
        "Klikk <b>Lagre</b> for å beholde {0} endringer."
    )
