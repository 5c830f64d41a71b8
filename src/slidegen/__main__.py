"""`python -m slidegen`: the `slidegen` command."""

from .launch import main

main()
