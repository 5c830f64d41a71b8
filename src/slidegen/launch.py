"""The `slidegen` command's entry point.

For `slidegen build` it starts the render worker (render_worker.py) before anything else is
imported, so the worker's imports run beside the command line's own start-up (click, then the
deck's reading), then hands over to `cli.main`. Every other command goes straight to cli.
`python -m slidegen` runs the same.
"""

from __future__ import annotations

import gc
import sys

#: options that ask for help or for several outputs: no worker is started for them
_NO_WORKER = {"-h", "--help", "--all-audiences", "--each-overlay"}


def main() -> None:
    """Run the `slidegen` command (the console script)."""
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
        # 30-slide build) to free memory the operating system takes back anyway. Objects are
        # still torn down and atexit handlers still run.
        gc.freeze()


def builds_one_output(args: list[str]) -> bool:
    """Does this command line look like `slidegen build` of one output? A cheap guess made
    before the command line is parsed: the build command decides (and stops an unused worker)."""
    return bool(args) and args[0] == "build" and not _NO_WORKER.intersection(args)
