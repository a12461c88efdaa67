"""The command line: `python -m pipelines COMMAND ...`.

Commands stay thin: each parses its options and calls one function of the module that
does the work, so the dashboard and the tests call the same functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="pipelines",
    help="Load case events into the warehouse, compute the indicators, export them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command()
def generate(
    out: Annotated[Path, typer.Option(help="Directory to write the files into.")],
    scale: Annotated[str, typer.Option(help="tiny, demo, medium or large.")] = "demo",
    seed: Annotated[int, typer.Option(help="Same seed, same files, byte for byte.")] = 2026,
) -> None:
    """Write a synthetic organisation and its case flow: monthly event files, reference
    tables and generation.json (what was planted)."""
    from pipelines.generator import config
    from pipelines.generator import generate as generate_files

    if scale not in config.SCALES:
        raise typer.BadParameter(f"unknown scale {scale!r}: choose from {', '.join(config.SCALES)}")
    generate_files(out, scale, seed, progress=typer.echo)


@app.command()
def demo(
    db: Annotated[Path, typer.Option(help="The warehouse file to build.")],
    seed: Annotated[int, typer.Option(help="Seed of the generated demo data.")] = 2026,
) -> None:
    """Generate the demo data beside the warehouse (demo/) and load it through the load path."""
    from pipelines.generator.demo import build_demo_warehouse

    build_demo_warehouse(db, seed, progress=typer.echo)
