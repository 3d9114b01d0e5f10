"""One module per command group; each has ``register(subparsers, common)``.

Handlers take the parsed arguments and return the exit code.
"""

from __future__ import annotations

from transflow.commands import build, catalogs, coverage, glossary, languages, lint, site

COMMANDS = [catalogs, languages, coverage, lint, glossary, build, site]
