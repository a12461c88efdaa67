"""Errors a user can act on: each names the file and the problem in one line."""

from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """A source file cannot be loaded (unreadable, unknown format, missing column, ...)."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path.name}: {problem}")


def escape_controls(text: str) -> str:
    """`text` with every control character written as its Python escape (a newline as \\n),
    so that a file name or a cell echoed in a message can never forge a second line."""
    return "".join(
        repr(char)[1:-1] if (ord(char) < 32 or 127 <= ord(char) < 160) else char for char in text
    )
