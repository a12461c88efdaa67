"""Errors a user can act on: each names the file and the problem in one line."""

from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """A source file cannot be loaded (unreadable, unknown format, missing column, ...)."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path.name}: {problem}")


# Line and paragraph separators break a line in many terminals and viewers; bidi controls
# reorder what is shown (a name can appear to say something else).
_INVISIBLE_FORMATTING = frozenset(
    "\u2028\u2029\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
)


def escape_controls(text: str) -> str:
    """`text` with every control character written as its Python escape (a newline as \\n),
    so that a file name or a cell echoed in a message can never forge a second line or
    reorder what it shows."""
    return "".join(
        f"\\u{ord(char):04x}"
        if char in _INVISIBLE_FORMATTING
        else repr(char)[1:-1]
        if ord(char) < 32 or 127 <= ord(char) < 160
        else char
        for char in text
    )
