"""`python -m pipelines ...`: the command line."""

from pipelines.cli import app

app()
