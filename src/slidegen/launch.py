"""The `slidegen` command's entry point.

For `slidegen build` it starts the render worker (render_worker.py) before anything else is
imported, so the worker's imports run beside the command line's own start-up (click, then the
deck's reading), then hands over to `cli.main`. Every other command goes straight to cli.
`python -m slidegen` runs the same.
"""

from __future__ import annotations

import gc
import os
import sys

#: options that ask for help or (may) ask for several outputs: no worker is started for them
_NO_WORKER = {"-h", "--help", "--all-audiences", "--each-overlay"}
#: `slidegen build` options followed by a value (so the value is not taken for a deck)
_VALUED = {"--out", "--audience", "--overlay", "--theme", "--jobs", "-j"}


def main() -> None:
    """Run the `slidegen` command (the console script)."""
    open_standard_streams()
    worker = None
    if builds_one_output(sys.argv[1:]):
        from .render_worker import RenderWorker

        worker = RenderWorker.start()
    try:
        from .cli import main as cli_main

        cli_main(obj=worker)  # the build command finds the worker as its context object
    finally:
        if worker is not None:
            worker.close()  # not used (an error, several outputs): stopped and reaped
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


def builds_one_output(args: list[str]) -> bool:
    """Does this command line look like `slidegen build` of one output (at most one deck and
    one audience)? A cheap guess made before the command line is parsed: the build command
    decides, and stops a worker it does not use."""
    if not args or args[0] != "build" or _NO_WORKER.intersection(args):
        return False
    decks = audiences = 0
    rest = iter(args[1:])
    for arg in rest:
        if arg in _VALUED:
            audiences += arg == "--audience"
            next(rest, None)
        elif arg.startswith("--audience="):
            audiences += 1
        elif not arg.startswith("-") or arg == "-":
            decks += 1
    return decks <= 1 and audiences <= 1
