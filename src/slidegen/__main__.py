"""`python -m slidegen`: the `slidegen` command."""

from .cli import run

run()
