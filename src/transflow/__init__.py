"""transflow: the whole translation workflow of a Sphinx documentation project.

Importable as a Sphinx extension (``extensions = ["transflow"]``); the command line lives in
:mod:`transflow.cli`.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing's own constant, without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    from transflow.sphinx.extension import setup as _setup

    return _setup(app)
