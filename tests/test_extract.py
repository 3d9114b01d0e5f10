"""``transflow extract``: Sphinx's own gettext builder, made deterministic and stable."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from transflow import config, extract
from transflow.cli import main

VOLATILE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"\n', re.M)


def _state(root: Path) -> dict[Path, tuple[int, bytes]]:
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (root / "locale").rglob("*.pot")}


def test_extract_writes_one_template_per_document(project):
    root = project()
    result = extract.extract(config.load(root))
    assert set(result.added) == {"index", "guide", "sub/page"}
    pot = (root / "locale/_pot/guide.pot").read_text()
    assert (
        '#: ../../guide.rst:4\nmsgid "Install the package with ``pip install transflow`` before'
        in pot
    )
    assert (root / "locale/_pot/sub/page.pot").is_file()
    assert not (root / "locale/_pot/.buildinfo").exists()  # only templates in the template dir


@pytest.mark.sphinx("gettext", testroot="basic")
def test_templates_are_what_sphinx_gettext_builder_writes(app, tmp_path):
    """The oracle is Sphinx itself: same messages, order and locations, bar the date."""
    app.build()
    root = tmp_path / "copy"
    shutil.copytree(app.srcdir, root, ignore=shutil.ignore_patterns("_build"))
    extract.extract(config.load(root))
    for name in ("index", "guide", "sub/page"):
        theirs = (app.outdir / f"{name}.pot").read_text()
        ours = (root / "locale/_pot" / f"{name}.pot").read_text()
        assert VOLATILE.sub("", ours) == VOLATILE.sub("", theirs)


def test_locations_do_not_depend_on_where_the_project_is(project, tmp_path):
    root = project()
    extract.extract(config.load(root))
    text = (root / "locale/_pot/sub/page.pot").read_text()
    assert "#: ../../sub/page.rst:4" in text
    assert str(tmp_path) not in text and "_build" not in text


def test_rerun_rewrites_nothing_not_even_the_date(project):
    root = project()
    cfg = config.load(root)
    extract.extract(cfg)
    before = _state(root)
    result = extract.extract(cfg)
    assert result.added == result.changed == result.removed == ()
    assert set(result.unchanged) == {"index", "guide", "sub/page"}
    assert _state(root) == before


def test_an_edit_changes_only_its_template(project, capsys):
    root = project()
    cfg = config.load(root)
    extract.extract(cfg)
    before = _state(root)
    guide = root / "guide.rst"
    guide.write_text(guide.read_text().replace("the moon", "the stars"))
    assert main(["extract", "--project", str(root)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^changed +\S*locale/_pot/guide.pot$", out, re.M), out
    assert "3 templates in" in out and "1 changed" in out and "2 unchanged" in out
    after = _state(root)
    changed = {p.name for p in after if after[p] != before[p]}
    assert changed == {"guide.pot"}
    assert (
        'msgid "The cat sat on the mat and looked at the stars."'
        in (root / "locale/_pot/guide.pot").read_text()
    )


def test_template_of_deleted_document_is_removed(project):
    root = project()
    cfg = config.load(root)
    extract.extract(cfg)
    (root / "sub/page.rst").unlink()
    (root / "index.rst").write_text((root / "index.rst").read_text().replace("   sub/page\n", ""))
    result = extract.extract(cfg)
    assert result.removed == ("sub/page",)
    assert not (root / "locale/_pot/sub").exists()  # nor its folder, now empty


def test_doctrees_stay_out_of_the_sources(project):
    root = project()
    extract.extract(config.load(root))
    assert (root / "_build/.doctrees-gettext").is_dir()
    assert not list(root.glob("*.doctree")) and not (root / "locale/_pot/.doctrees").exists()


def test_golden_template(project, file_regression):
    root = project()
    extract.extract(config.load(root))
    text = (root / "locale/_pot/guide.pot").read_text()
    file_regression.check(VOLATILE.sub("", text), extension=".pot")


def test_missing_conf_py_is_exit_2(tmp_path, capsys):
    assert main(["extract", "--project", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path}/conf.py: error: no Sphinx project here" in err
    assert "Traceback" not in err


def test_configured_source_dir_without_conf_py_is_exit_2(project, capsys):
    root = project()
    (root / "conf.py").unlink()
    assert main(["extract", "--project", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"{root}/conf.py: error: no Sphinx project here" in err
    assert not (root / "locale").exists()


def test_error_in_conf_py_is_exit_2_and_writes_nothing(project, capsys):
    root = project()
    (root / "conf.py").write_text((root / "conf.py").read_text() + "\nraise ValueError('oops')\n")
    assert main(["extract", "--project", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"{root}/conf.py:8: error: Sphinx failed:" in err and "ValueError: oops" in err
    assert "Traceback" not in err
    assert not (root / "locale/_pot").exists()


@pytest.mark.parametrize(
    ("layout", "expected"),
    [
        ("separate", "build/gettext"),
        ("together", "_build/gettext"),
        ("no-makefile", "_build/gettext"),
    ],
)
def test_templates_go_where_make_gettext_puts_them(tmp_path, layout, expected):
    """A sphinx-quickstart project, no transflow settings: templates land where sphinx-intl
    users already have them from ``make gettext``."""
    (tmp_path / ".git").mkdir()  # the project's root
    src = tmp_path / "source" if layout == "separate" else tmp_path
    src.mkdir(exist_ok=True)
    (src / "conf.py").write_text("project = 'Demo'\n")
    (src / "index.rst").write_text("Demo\n====\n\nHello.\n")
    if layout == "separate":
        (tmp_path / "Makefile").write_text("SOURCEDIR     = source\nBUILDDIR      = build\n")
    elif layout == "together":
        (tmp_path / "Makefile").write_text("SOURCEDIR     = .\nBUILDDIR      = _build\n")
    assert main(["extract", "--project", str(tmp_path)]) == 0
    where = src if layout == "no-makefile" else tmp_path
    assert (where / expected / "index.pot").is_file()
    assert config.load(tmp_path).pot_dir == where / expected
