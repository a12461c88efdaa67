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


@app.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="Event files or reference-table files.")],
    db: Annotated[Path, typer.Option(help="The warehouse file (created if missing).")],
    mapping: Annotated[
        Path | None, typer.Option(help="Mapping file (YAML) for a non-standard export.")
    ] = None,
) -> None:
    """Load files into the warehouse as one load; print rows read = loaded + quarantined +
    duplicates per file. On an error nothing changes and one line names the file."""
    from pipelines.errors import SourceError
    from pipelines.load import load_files, stderr_progress, stderr_status

    try:
        results = load_files(db, files, mapping, progress=stderr_progress(), status=stderr_status())
    except SourceError as error:
        _say(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    except Exception as error:  # a full disk, an overflow, a broken file: one line, no trace
        _say(f"error: {_one_line(error)}", err=True)
        raise typer.Exit(1) from None
    for result in results:
        _say(result.summary())
        for line in result.quarantine_lines():
            _say(line)


@app.command()
def refresh(
    db: Annotated[Path, typer.Option(help="The warehouse file.")],
    full: Annotated[bool, typer.Option(help="Rebuild every derived table.")] = False,
) -> None:
    """Bring the derived tables up to date with the installed SQL: rebuild those that are
    missing or were built by an earlier version, and the tables that read them. Leaves the
    warehouse untouched when it is up to date."""
    from pipelines.errors import SourceError
    from pipelines.load import stderr_status
    from pipelines.refresh import discover_models
    from pipelines.upgrade import refresh_warehouse

    try:
        written = refresh_warehouse(db, full=full, status=stderr_status())
    except SourceError as error:
        _say(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    except Exception as error:  # a full disk, an overflow, a broken file: one line, no trace
        _say(f"error: {_one_line(error)}", err=True)
        raise typer.Exit(1) from None
    if len(written) == len(discover_models()):
        _say(f"{db.name}: rebuilt all {len(written)} derived tables")
    elif written:
        _say(f"{db.name}: rebuilt {len(written)} derived tables: {', '.join(written)}")
    else:
        _say(f"{db.name}: the derived tables are up to date")


@app.command()
def export(
    name: Annotated[str, typer.Argument(help="Table or indicator, e.g. cases.")],
    db: Annotated[Path, typer.Option(help="The warehouse file.")],
    out: Annotated[Path, typer.Option(help="The CSV file to write.")],
) -> None:
    """Write a table or indicator of the warehouse as CSV (timestamps ISO 8601, UTC)."""
    from pipelines.errors import SourceError
    from pipelines.export import export_table

    try:
        rows = export_table(db, name, out)
    except SourceError as error:
        _say(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    except Exception as error:  # a full disk, an overflow, a broken file: one line, no trace
        _say(f"error: {_one_line(error)}", err=True)
        raise typer.Exit(1) from None
    _say(f"{name}: {rows:,} rows written to {out}")


@app.command()
def checks(
    db: Annotated[Path, typer.Option(help="The warehouse file.")],
    strict: Annotated[bool, typer.Option(help="Exit 1 when any check finds rows.")] = False,
) -> None:
    """Run the data-quality checks (sql/checks/*.sql) and print each one's row count."""
    from pipelines.checks import count_check_rows
    from pipelines.warehouse import connect_read_only

    if not db.exists():
        _say(f"error: {db.name}: no such warehouse", err=True)
        raise typer.Exit(1)
    con = connect_read_only(db)
    try:
        counts = count_check_rows(con)
    finally:
        con.close()
    for check_name, count in counts.items():
        typer.echo(f"{check_name}: {count:,}")
    if strict and any(counts.values()):
        raise typer.Exit(1)


def _one_line(error: BaseException) -> str:
    """The first line of an unexpected error, with its kind (OSError: No space left ...)."""
    lines = str(error).strip().splitlines()
    text = lines[0] if lines else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _say(text: str, *, err: bool = False) -> None:
    """Print one line with control characters escaped (a newline as \\n), so that text
    from a file name or a cell can never forge a second line such as `error: ...`."""
    from pipelines.errors import escape_controls

    typer.echo(escape_controls(text), err=err)
