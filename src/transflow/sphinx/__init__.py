"""Everything that runs inside ``sphinx-build``: the extension and the parts it sets up.

``extensions = ["transflow"]`` (or ``"transflow.sphinx"``) loads :mod:`.extension`, which
connects :mod:`.latex` (PDF settings), :mod:`.lint` (lint findings as Sphinx warnings) and
:mod:`.search` (search in Burmese, Thai, Chinese and Japanese queries); :mod:`.state` is what
they share about one build. Nothing here runs outside Sphinx: ``transflow build`` starts
``sphinx-build`` and turns its ``.tex`` files into PDFs with :mod:`transflow.pdf`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    from transflow.sphinx.extension import setup as _setup

    return _setup(app)
