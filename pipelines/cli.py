"""The command line: `python -m pipelines COMMAND ...`.

Commands stay thin: each parses its options and calls one function of the module that
does the work, so the dashboard and the tests call the same functions.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="pipelines",
    help="Load case events into the warehouse, compute the indicators, export them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
