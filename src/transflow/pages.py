"""HTML people read — the root language index, the coverage dashboard, the language switcher
and the page notices — rendered from ``templates/`` by Jinja2 with autoescaping.

Every value that reaches these pages may come from a translation or a file name, so escaping is
the default, not a call to remember. A project overrides a page by putting a file of the same
name (``transflow-switcher.html``, ``transflow-languages.html`` …) in its templates directory
(``templates_path`` of ``conf.py`` for the Sphinx pages, ``<source-dir>/_templates`` for the root
index and the dashboard). The CSS ships in ``static/``: Sphinx copies it with
``html_static_path``; the standalone pages get ``transflow-pages.css`` beside them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

import jinja2

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
PAGES_CSS = "transflow-pages.css"


def colour(percent: float) -> str:
    """Red to green, as the badges show it."""
    if percent >= 100:
        return "#2e7d32"
    if percent >= 80:
        return "#558b2f"
    if percent >= 50:
        return "#b27b00"
    return "#c62828"


@functools.lru_cache(maxsize=16)
def _environment(search: tuple[str, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(TEMPLATES)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["urlpath"] = lambda path: quote(str(path), safe="/")  # each segment encoded
    env.globals["colour"] = colour
    return env


def render(name: str, search: Iterable[Path] = (), **context: object) -> str:
    """Template ``name`` with ``context``, a same-named file in ``search`` taking precedence."""
    dirs = tuple(str(d) for d in search if Path(d).is_dir())
    return _environment(dirs).get_template(name).render(**context)


def stylesheet() -> str:
    """The standalone pages' CSS, written beside them."""
    return (STATIC / PAGES_CSS).read_text(encoding="utf-8")
