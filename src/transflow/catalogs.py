"""Where catalogs live: the only code that builds ``LC_MESSAGES`` paths.

A *domain* is a document's catalog name, the Sphinx docname (``index``, ``guide/setup``): with
``gettext_compact = False`` Sphinx writes one template per document and looks up
``<locale_dir>/<code>/LC_MESSAGES/<domain>.mo``. Templates (``.pot``) live in ``pot_dir``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from transflow.config import Config
from transflow.errors import ConfigError
from transflow.languages import Language


@dataclass(frozen=True)
class CatalogRepository:
    locale_dir: Path
    pot_dir: Path | None
    # One language's catalogs right in ``locale_dir``, no <code>/LC_MESSAGES: the python-docs-*
    # repositories, which CPython's build clones into locales/<code>/LC_MESSAGES.
    flat: bool = False

    @classmethod
    def of(cls, config: Config) -> CatalogRepository:
        return cls(config.locale_dir, config.pot_dir, config.flat)

    def domains(self) -> list[str]:
        """The documents that have a template, in a stable order."""
        return _names(self.pot_dir, ".pot") if self.pot_dir is not None else []

    def templates(self) -> list[str]:
        """The documents that have a template; none is an error (counting catalogs against
        themselves would call any catalog complete)."""
        found = self.domains()
        if not found:
            raise ConfigError(
                "no templates (.pot) found: run 'transflow extract' first", self.pot_dir
            )
        return found

    def pot_path(self, domain: str) -> Path:
        assert self.pot_dir is not None
        return self.pot_dir / f"{domain}.pot"

    def lang_root(self, lang: Language) -> Path:
        """The language's own folder: its catalogs, word list and termbase."""
        return self.locale_dir if self.flat else self.locale_dir / lang.code

    def lang_dir(self, lang: Language) -> Path:
        return self.locale_dir if self.flat else self.lang_root(lang) / "LC_MESSAGES"

    def po_path(self, lang: Language, domain: str) -> Path:
        return self.lang_dir(lang) / f"{domain}.po"

    def po_domains(self, lang: Language) -> list[str]:
        """The documents that have a catalog for ``lang``, templates or not."""
        return _names(self.lang_dir(lang), ".po")

    def po_outside(self, lang: Language) -> list[Path]:
        """Catalogs of ``lang`` that are symlinks out of the catalog tree: never read (their
        domains are not in :meth:`po_domains`), only reported, so nothing outside the tree (a
        secret, ``/etc/shadow``) reaches a page, a log or an error message."""
        return [self.lang_dir(lang) / f"{n}.po" for n in _names(self.lang_dir(lang), ".po", True)]


def _names(base: Path, suffix: str, outside: bool = False) -> list[str]:
    """Names below ``base`` of the files ending in ``suffix``, without it, ``/``-separated:
    those inside the tree, or (``outside``) the symlinks that lead out of it.

    os.walk rather than Path.rglob: a no-change ``transflow update`` of 400 catalogs spent a
    third of its time building Path objects here. Only symlinks are resolved (os.walk does not
    enter symlinked directories below ``base``).
    """
    found: list[str] = []
    root = os.path.realpath(base)
    for folder, _dirs, files in os.walk(base):
        rel = os.path.relpath(folder, base)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for f in files:
            if f.endswith(suffix):
                path = os.path.join(folder, f)
                escapes = os.path.islink(path) and not _inside(os.path.realpath(path), root)
                if escapes == outside:
                    found.append(prefix + f[: -len(suffix)])
    return sorted(found)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)
