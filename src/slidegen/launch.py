"""The `slidegen` command's entry point. `python -m slidegen` runs the same."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run the `slidegen` command (the console script)."""
    open_standard_streams()
    from .cli import main as cli_main

    cli_main()


def open_standard_streams() -> None:
    """Give a closed stdin, stdout or stderr (`slidegen build deck >&-`) /dev/null instead.

    Otherwise Python has no sys.stdout to print to, and the next file or pipe opened would
    take descriptor 1 or 2, where anything meant for the terminal would then go.
    """
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        devnull = os.open(os.devnull, os.O_RDWR)  # the lowest free descriptor: this one
        if devnull != fd:
            os.dup2(devnull, fd)
            os.close(devnull)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, mode, closefd=False))  # noqa: SIM115
