"""One module per command group; each has ``register(subparsers, common)``.

Handlers take the parsed arguments and return the exit code.
"""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType

# Which module registers each command, in the order ``--help`` lists them: a run imports only
# the module of the command it names (the others cost ``transflow stats`` a tenth of a second).
COMMANDS = {
    "extract": "catalogs",
    "update": "catalogs",
    "add-language": "catalogs",
    "languages": "languages",
    "stats": "coverage",
    "check": "coverage",
    "report": "coverage",
    "matrix": "coverage",
    "lint": "lint",
    "glossary": "glossary",
    "build": "build",
    "assemble": "site",
}


def modules(command: str | None = None) -> list[ModuleType]:
    """The modules to register: the one that has ``command``, or all of them."""
    names = [COMMANDS[command]] if command in COMMANDS else dict.fromkeys(COMMANDS.values())
    return [importlib.import_module(f"transflow.commands.{name}") for name in names]


class LanguageList(argparse.Action):
    """``--lang ja --lang nb`` and ``--lang ja,nb`` alike (as ``--format html,pdf`` and
    ``--versions v2,v1`` take lists): each value is split at commas and added."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        codes = [c.strip() for c in str(values).split(",") if c.strip()]
        setattr(namespace, self.dest, [*(getattr(namespace, self.dest, None) or []), *codes])
