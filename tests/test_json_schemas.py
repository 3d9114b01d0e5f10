"""The JSON outputs (``transflow.coverage/1``, ``transflow.lint/1``, ``transflow.update/1``) are
what their published JSON Schemas say: real command output validated with ``jsonschema``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import fuzzy
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from transflow import config, extract
from transflow.cli import main

SCHEMAS = Path(__file__).parents[1] / "src/transflow/schemas"
CORPUS = Path(__file__).parent / "lint_corpus"


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}-1.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["title"] == f"transflow.{name}/1"
    return Draft202012Validator(schema)


def _run(capsys, *argv: str) -> dict:
    assert main(list(argv)) in (0, 1)
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def worked_on(translated_project) -> Path:
    """The basic project with a translated, a fuzzy and an untranslated message and a catalog
    whose document has gone: every kind of row the outputs have."""
    root = translated_project({"ja/guide": {0: "訳", 1: fuzzy("訳")}})
    (root / "locale/nb/LC_MESSAGES/sub/page.po").unlink()  # a document without a catalog
    orphan = root / "locale/nb/LC_MESSAGES/gone.po"
    orphan.write_text((root / "locale/nb/LC_MESSAGES/index.po").read_text())
    return root


def test_coverage_output_matches_its_schema(worked_on, tmp_path, capsys):
    validator = _validator("coverage")
    root = worked_on
    stats = _run(capsys, "stats", "-C", str(root), "--format", "json")
    validator.validate(stats)
    documents = [d for lang in stats["languages"] for d in lang["documents"]]
    assert any(d["path"] is None for d in documents)  # the rows that exercise null
    assert {lang["released"] for lang in stats["languages"]} == {None}

    assert main(["report", "-C", str(root), "--output", str(tmp_path / "r")]) == 0
    capsys.readouterr()
    report = json.loads((tmp_path / "r/coverage.json").read_text(encoding="utf-8"))
    validator.validate(report)
    assert {lang["released"] for lang in report["languages"]} == {True}

    bare = _run(capsys, "stats", "--locale-dir", str(CORPUS), "--format", "json")
    validator.validate(bare)


def test_lint_output_matches_its_schema(worked_on, capsys):
    validator = _validator("lint")
    data = _run(capsys, "lint", "--locale-dir", str(CORPUS), "--format", "json")
    assert data["findings"]
    validator.validate(data)
    validator.validate(_run(capsys, "lint", "-C", str(worked_on), "--format", "json"))


def test_update_output_matches_its_schema(worked_on, capsys):
    validator = _validator("update")
    root = worked_on
    (root / "guide.rst").write_text((root / "guide.rst").read_text() + "\nA new paragraph.\n")
    extract.extract(config.load(root))
    data = _run(capsys, "update", "-C", str(root), "--json", "--dry-run")
    validator.validate(data)
    assert data["without_template"] and any(c["written"] for c in data["catalogs"])
    validator.validate(_run(capsys, "update", "-C", str(root), "--json"))


def test_the_schemas_reject_what_the_outputs_must_not_be(worked_on, capsys):
    """The schemas are not vacuous: a missing, renamed or mistyped field is an error."""
    stats = _run(capsys, "stats", "-C", str(worked_on), "--format", "json")
    coverage = _validator("coverage")
    for broken in (
        {**stats, "schema": "transflow.coverage/2"},
        {**stats, "metric": "lines"},
        {k: v for k, v in stats.items() if k != "totals"},
        {**stats, "languages": [{**stats["languages"][0], "display": "97.5 %"}]},
        {**stats, "totals": {**stats["totals"], "total": "9"}},
        {**stats, "extra": 1},
    ):
        with pytest.raises(ValidationError):
            coverage.validate(broken)
    finding = {"path": "a.po", "line": 0, "severity": "error", "check": "x", "message": "m"}
    with pytest.raises(ValidationError):
        _validator("lint").validate({"schema": "transflow.lint/1", "findings": [finding]})
