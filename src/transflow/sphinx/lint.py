"""The lint checks inside a Sphinx build: warnings of type ``transflow``, subtype = check id.

So ``-W`` builds fail on them and ``suppress_warnings = ["transflow.double-space"]`` silences
one kind. Runs once per build, for the build's language, before the sources are read; switch it
off with ``[tool.transflow.lint] sphinx = false``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

from transflow import lint
from transflow.checks import UNTRUSTED_IDS
from transflow.errors import TransflowError
from transflow.sphinx.state import of as state_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)
SYMLINK_MESSAGE = lint.SYMLINK_MESSAGE
# language code → the refusals among this process's lint findings (a build runs in its own
# process: transflow.build reads them after Sphinx finished, instead of linting again).
REFUSED: dict[str, list[lint.Finding]] = {}


def _on_builder_inited(app: Sphinx) -> None:
    state = state_of(app)
    if state is None or state.cfg is None or app.builder.name == "gettext":
        return
    cfg = state.cfg
    if state.lang.code == cfg.source_language.code:
        return
    try:
        settings = lint.settings(cfg)
        if not settings.sphinx:
            return
        findings = lint.lint(cfg, [state.lang], settings)
        notes = lint.notes(cfg, [state.lang], settings)
    except TransflowError as exc:
        logger.warning("%s", exc, type="transflow", subtype="config")
        return
    if UNTRUSTED_IDS | {lint.SYMLINK_ID} <= settings.enabled(state.lang):
        # What lint.refused would find, for transflow build's summary: not judged twice.
        REFUSED[state.lang.code] = [
            f for f in findings if f.check in UNTRUSTED_IDS or f.check == lint.SYMLINK_ID
        ]
    for note in notes:
        logger.info("transflow: %s", note)
    for f in findings:
        if f.check in UNTRUSTED_IDS:
            continue  # reported by the Locale transform where Sphinx refuses the message
        logger.warning(
            "[%s] %s",
            f.check,
            f.message,
            type="transflow",
            subtype=f.check,
            location=f"{f.path}:{f.line}",
        )


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _on_builder_inited)
