"""Shared fixtures: Sphinx's own testing fixtures, our testroots, and GNU gettext as an oracle."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from transflow import config, extract, files, pofile, update

pytest_plugins = ["sphinx.testing.fixtures"]

TESTS = Path(__file__).parent
REPO = TESTS.parent

# Debian's chromium (bash .ci/setup), headless, for pages as a reader's browser shows them.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium (bash .ci/setup)"
)


@pytest.fixture(scope="session", autouse=True)
def _cache_dir(tmp_path_factory: pytest.TempPathFactory):
    """transflow's caches go to a folder of this run, not the user's ~/.cache (also for the
    commands the tests run as subprocesses)."""
    import os

    old = os.environ.get("TRANSFLOW_CACHE_DIR")
    os.environ["TRANSFLOW_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        del os.environ["TRANSFLOW_CACHE_DIR"]
    else:
        os.environ["TRANSFLOW_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds ``testroot='<name>'``: tests/roots/test-<name>."""
    return TESTS / "roots"


@pytest.fixture
def project(tmp_path: Path):
    """A writable copy of a testroot, configured for transflow, returned by name."""

    def make(name: str = "basic") -> Path:
        dest = tmp_path / name
        shutil.copytree(TESTS / "roots" / f"test-{name}", dest)
        return dest

    return make


class fuzzy(str):
    """A translation to set with the fuzzy flag."""


def translate(po: Path, translations: Mapping[int | str, str], **metadata: str) -> None:
    """Set translations in a catalog — by msgid, or by position among its messages — and header
    fields (``Last_Translator="x"`` sets ``Last-Translator``); written as transflow writes."""
    catalog = pofile.read(po)
    for key, text in translations.items():
        chosen = (
            [catalog.entries[key]]
            if isinstance(key, int)
            else [e for e in catalog.entries if e.msgid == key]
        )
        assert chosen, f"{po.name}: no message {key!r}"
        for entry in chosen:
            entry.msgstr = str(text)
            if isinstance(text, fuzzy):
                entry.set_fuzzy(True)
    for name, value in metadata.items():
        catalog.set_metadata(name.replace("_", "-"), value)
    files.write_if_changed(po, pofile.dumps(catalog))


@pytest.fixture
def translated_project(project):
    """The basic testroot with templates and catalogs (ja, nb, my), translated as asked:
    ``translated_project({"ja/guide": {0: "訳", "The guide": "ガイド"}}, settings=TOML)``.
    ``settings`` is appended to its pyproject.toml before anything runs; ``langs``: the
    languages to make catalogs for (default: all). Returns the project's root."""

    def make(
        translations: Mapping[str, Mapping[int | str, str]] | None = None,
        *,
        settings: str = "",
        langs: list[str] | None = None,
        name: str = "basic",
    ) -> Path:
        root = project(name)
        if settings:
            py = root / "pyproject.toml"
            py.write_text(py.read_text() + settings)
        cfg = config.load(root)
        extract.extract(cfg)
        update.update(cfg, None if langs is None else [cfg.language(x) for x in langs])
        for catalog, pairs in (translations or {}).items():
            lang, _, domain = catalog.partition("/")
            translate(root / "locale" / lang / "LC_MESSAGES" / f"{domain}.po", pairs)
        return root

    return make


def our_project(dest: Path) -> Path:
    """A copy of this repository's own project (docs, catalogs, settings) at ``dest``, for a
    plain ``sphinx-build`` of a translation: Sphinx writes .mo files beside the catalogs it is
    given, and the tests must never write into the real ones."""
    dest.mkdir(parents=True, exist_ok=True)
    skip = shutil.ignore_patterns("_build", "*.mo")
    for folder in ("docs", "locale"):
        shutil.copytree(REPO / folder, dest / folder, ignore=skip)
    shutil.copy2(REPO / "pyproject.toml", dest / "pyproject.toml")
    return dest


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    """GNU msgfmt -c: the oracle every catalog we write must satisfy."""
    return subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )


def msgfmt_statistics(path: Path) -> str:
    done = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stderr.strip()


def sphinx_latex(src: Path, lang: str, out: Path) -> subprocess.CompletedProcess[str]:
    """sphinx-build -W -b latex in its own process, as ``transflow build`` runs it."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "-q",
            "-b",
            "latex",
            "-D",
            f"language={lang}",
            "-d",
            str(out.parent / f".doctrees-{lang}"),
            str(src),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
