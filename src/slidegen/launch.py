"""The `slidegen` command's entry point. `python -m slidegen` runs the same."""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    """Run the `slidegen` command (the console script)."""
    open_standard_streams()
    try:
        from .cli import main as cli_main

        cli_main()
    finally:
        # The command is done and the process ends next. Without this, the interpreter's last
        # garbage collections walk every object the command made (about 40 ms after a
        # 30-slide build) to free memory the operating system takes back anyway. atexit
        # handlers still run and modules are still torn down; objects kept alive only by
        # reference cycles are left to the operating system (no finalizer of ours needs them).
        gc.freeze()


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
