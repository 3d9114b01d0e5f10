"""Constructs met on real public Sphinx projects, each as a small offline case.

Where each came from: OnionShare's ``docs/source/locale`` (Weblate, sphinx-intl, 68 locales
including ``sr@latin``, ``tl`` beside ``fil``, ``tok``, ``ckb``), pypa/packaging.python.org
(``locales/`` beside ``source/``, Weblate), python-docs-es and python-docs-pl (catalog trees
wrapped by powrap). ``benchmarks/real_projects.py`` runs every command on the projects
themselves.
"""

from __future__ import annotations

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
        ("ar", "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
               ": n%100>=11 ? 4 : 5;"),
        ("bn", "nplurals=2; plural=n > 1;"),
        ("fa", "nplurals=2; plural=n > 1;"),
        ("ka", "nplurals=2; plural=n != 1;"),
        ("kab", "nplurals=2; plural=n > 1;"),
        ("ckb", "nplurals=2; plural=n != 1;"),
        ("fil", "nplurals=2; plural=n != 1 && n != 2 && n != 3 && (n % 10 == 4 || n % 10 == 6 "
                "|| n % 10 == 9);"),
        ("sr@latin", "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
                     "(n%100<10 || n%100>=20) ? 1 : 2;"),
        ("zh_CN", "nplurals=1; plural=0;"),
        ("ca", "nplurals=2; plural=n != 1;"),  # what teams write; CLDR adds "many" for 1 M
        ("ay", "nplurals=2; plural=n != 1;"),  # no rule known anywhere: not judged
        ("tok", "nplurals=1; plural=0;"),
    ],
)  # fmt: skip
def test_correct_weblate_plural_forms_are_not_errors(tmp_path, code, plural_forms):
    po = _catalog(tmp_path, code, plural_forms)
    findings, _ = lint_catalog(po, place(code)[0], {"plural-forms"})
    assert findings == []


@pytest.mark.parametrize(
    ("code", "plural_forms"),
    [  # Babel's old table: Arabic's forms 4 and 5 swapped (11 → 5, 100 → 4), Persian one form
        ("ar", "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
               ": n%100>=0 && n%100<=2 ? 4 : 5);"),
        ("fa", "nplurals=1; plural=0;"),
        ("sr@latin", "nplurals=2; plural=(n != 1);"),
    ],
)  # fmt: skip
def test_wrong_plural_forms_are_errors(tmp_path, code, plural_forms):
    po = _catalog(tmp_path, code, plural_forms)
    findings, _ = lint_catalog(po, place(code)[0], {"plural-forms"})
    assert [f.check for f in findings] == ["plural-forms"]
    assert "gives some numbers the wrong form" in findings[0].message
