"""Changes to the user's configuration file, made with tomlkit so comments and layout survive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomlkit

from transflow import files


def _table(doc: Any, path: Path) -> Any:
    return doc if path.name == "transflow.toml" else doc["tool"]["transflow"]


def configures_languages(path: Path) -> bool:
    """Whether the file lists the languages (otherwise they are the locale directories)."""
    doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    return "languages" in _table(doc, path)


def add_language(path: Path, tag: str) -> None:
    doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    languages = _table(doc, path)["languages"]
    if tag not in languages:
        languages.append(tag)
    files.write_if_changed(path, tomlkit.dumps(doc))
