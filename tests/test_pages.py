"""Pages from templates: a project's templates replace transflow's, the CSS ships as a file."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    srcdir="pages-override",
    freshenv=True,
    confoverrides={"language": "nb", "templates_path": ["_templates"]},
)
def test_a_project_template_replaces_the_switcher_and_the_css_is_shipped(app):
    templates = Path(app.srcdir) / "_templates"
    templates.mkdir(exist_ok=True)
    (templates / "transflow-switcher.html").write_text(
        '<nav class="ours">{% for x in languages %}<a href="{{ x.href }}">{{ x.name }}</a>'
        "{% endfor %}</nav>"
    )
    app.build()
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert '<nav class="ours"><a href="../en/index.html">English</a>' in page
    assert "日本語" in page and "transflow-languages" not in page
    css = Path(app.outdir) / "_static" / "transflow.css"
    assert "nav.transflow-languages" in css.read_text()
    assert 'href="_static/transflow.css' in page
