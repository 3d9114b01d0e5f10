"""Sources → templates: Sphinx's gettext builder, made deterministic.

Sphinx writes each template relative to the builder's output directory and stamps it with
``POT-Creation-Date``. We build straight into the configured template directory (so the
``#:`` locations are stable, relative paths) and let Sphinx skip a template whose only change is
that date; we then remove templates of documents that no longer exist. A re-run with no source
change therefore rewrites nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from transflow.config import Config, conf_py_error, read_conf_py
from transflow.errors import ConfigError


@dataclass(frozen=True)
class ExtractResult:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: tuple[str, ...]
    warnings: str  # what Sphinx warned about while reading the sources

    @property
    def domains(self) -> tuple[str, ...]:
        return tuple(sorted(self.added + self.changed + self.unchanged))


def _snapshot(pot_dir: Path) -> dict[str, tuple[int, bytes]]:
    if not pot_dir.is_dir():
        return {}
    return {
        p.relative_to(pot_dir).with_suffix("").as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in pot_dir.rglob("*.pot")
    }


def extract(config: Config, *, cache_dir: Path | None = None) -> ExtractResult:
    """Run the gettext builder on the project's sources into ``config.pot_dir``."""
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    if not (config.source_dir / "conf.py").is_file():
        raise ConfigError("conf.py not found", config.source_dir / "conf.py")
    pot_dir = config.pot_dir
    before = _snapshot(pot_dir)
    doctrees = cache_dir or (config.build_dir / ".doctrees-gettext")
    warnings = io.StringIO()
    # No locale_dirs: templates need no catalogs, and Sphinx would compile the source
    # language's (an en/ folder some projects keep) into .mo files in the project's tree.
    # One template per document unless conf.py says otherwise: a project whose catalogs are one
    # "messages" file (gettext_compact = "messages", pypa/packaging.python.org) keeps that.
    compact = read_conf_py(config.source_dir).get("gettext_compact", False)
    overrides = {
        "gettext_compact": compact,
        "gettext_uuid": False,
        "gettext_location": True,
        "locale_dirs": [],
    }
    try:
        with patch_docutils(config.source_dir), docutils_namespace():
            app = Sphinx(
                srcdir=config.source_dir,
                confdir=config.source_dir,
                outdir=pot_dir,
                doctreedir=doctrees,
                buildername="gettext",
                confoverrides=overrides,
                status=None,
                warning=warnings,
                freshenv=False,
            )
            app.build()
    except SphinxError as exc:
        raise conf_py_error(exc, config.source_dir / "conf.py") from None
    from sphinx.util.i18n import docname_to_domain

    docs = {docname_to_domain(d, compact) for d in app.env.found_docs}
    after_paths = {
        p.relative_to(pot_dir).with_suffix("").as_posix(): p for p in pot_dir.rglob("*.pot")
    }
    removed = []
    for domain, path in after_paths.items():
        # "sphinx" holds strings of the project's own templates; keep it.
        if domain not in docs and domain != "sphinx":
            path.unlink()
            removed.append(domain)
            for parent in path.parents:  # folders the deleted documents leave empty
                if parent == pot_dir or any(parent.iterdir()):
                    break
                parent.rmdir()
    # Sphinx leaves its build bookkeeping in the output directory; templates only belong there.
    for leftover in (".buildinfo",):
        (pot_dir / leftover).unlink(missing_ok=True)
    after = _snapshot(pot_dir)
    added = sorted(d for d in after if d not in before)
    changed = sorted(d for d in after if d in before and after[d] != before[d])
    unchanged = sorted(d for d in after if d in before and after[d] == before[d])
    removed += [d for d in before if d not in after and d not in removed]
    return ExtractResult(
        added=tuple(added),
        changed=tuple(changed),
        removed=tuple(sorted(removed)),
        unchanged=tuple(unchanged),
        warnings=warnings.getvalue(),
    )
