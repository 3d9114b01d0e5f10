"""Errors a user can fix. The CLI prints them as ``path:line: message`` and exits 2."""

from __future__ import annotations

from pathlib import Path


class TransflowError(Exception):
    """A problem in the user's input: configuration, catalog or command line."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    @property
    def location(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.path is not None else self.message

    def __reduce__(self):  # pickled whole, as worker processes send it back
        return self.__class__, (self.message, self.path, self.line)


class ConfigError(TransflowError):
    """The project's configuration is missing, unreadable or inconsistent."""


class LanguageError(TransflowError):
    """A language code that is not a known BCP 47 language."""


class CatalogError(TransflowError):
    """A catalog (.po/.pot) that cannot be parsed; ``errors`` holds every problem found."""

    def __init__(self, errors: list[TransflowError]):
        first = errors[0]
        super().__init__(first.message, first.path, first.line)
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(TransflowError.__str__(e) for e in self.errors)

    def __reduce__(self):
        return self.__class__, (self.errors,)
