"""What one ``sphinx-build`` of one language knows about the project, shared by the extension's parts.

One accessor instead of ``app._transflow*`` attributes set here and read there: the extension
creates the state when the configuration is read (:func:`attach`), the LaTeX, lint and page hooks
read it (:func:`of`). Kept beside the application object, not on it, so Sphinx's own attributes
stay Sphinx's. Also the one place that reads which configuration values the user set, which
Sphinx keeps in private attributes.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from transflow.catalogs import CatalogRepository

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config as SphinxConfig

    from transflow.config import Config
    from transflow.languages import Language
    from transflow.sphinx.latex import FontChoice


@dataclass
class BuildState:
    cfg: Config | None  # None: no [tool.transflow] found (or it is broken: warned once)
    lang: Language  # the build's language, spelled as the project's catalog directory
    others: list[Language] = field(default_factory=list)  # the languages the switcher offers
    page_coverage: dict[str, float] = field(default_factory=dict)  # document → % translated
    fonts: FontChoice | None = None  # the PDF's fonts (set by transflow.sphinx.latex)
    pdf_per_document: bool = False  # one PDF per document (set by transflow.sphinx.latex)
    repo: CatalogRepository | None = field(init=False)

    def __post_init__(self) -> None:
        self.repo = CatalogRepository.of(self.cfg) if self.cfg else None


_STATES: weakref.WeakKeyDictionary[Sphinx, BuildState] = weakref.WeakKeyDictionary()


def attach(app: Sphinx, state: BuildState) -> None:
    _STATES[app] = state


def of(app: Sphinx) -> BuildState | None:
    """The build's state; None before ``config-inited`` (or without the extension)."""
    return _STATES.get(app)


def in_conf_py(config: SphinxConfig) -> set[str]:
    """The values conf.py sets (Sphinx keeps them only in a private attribute)."""
    return set(config._raw_config)


def user_set(config: SphinxConfig) -> set[str]:
    """The values conf.py or ``-D`` set: those are the user's, and we leave them alone."""
    return in_conf_py(config) | set(config.overrides)
