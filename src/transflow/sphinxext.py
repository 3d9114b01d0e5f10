"""The Sphinx side of transflow: what a build of one language needs from the configuration."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import transflow

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    return {
        "version": transflow.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
