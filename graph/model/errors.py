"""The one root exception of innokg.

Every error a user can cause (a bad file, a missing graph, an unknown unit) is an
``InnokgError``; the CLI turns it into one line of text and the API into one JSON shape.
"""

from __future__ import annotations

from pathlib import Path


class InnokgError(Exception):
    """An error the user can act on. ``source`` names the file or item it concerns."""

    def __init__(self, message: str, *, source: str | Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = str(source) if source is not None else None

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class InputError(InnokgError):
    """A document that cannot be read or understood."""


class TimeLimit(InputError):
    """Reading a document took longer than it may (or its reader was stopped): nothing stored."""


class TooLarge(InnokgError):
    """A question whose answer takes work growing faster than its input, past the limit set on it."""


class StoreError(InnokgError):
    """The graph store cannot be read or written."""


class NotFound(InnokgError):
    """A task, unit or node the question names is not in the graph."""
