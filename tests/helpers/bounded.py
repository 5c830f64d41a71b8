"""Run `slidegen` in a child process with a time limit, measuring its peak memory.

The hostile-input tests promise an answer (exit 0, 1 or 2 and a message) within 20 s and
800 MB on a 2-CPU machine. The child gets an address-space ceiling well above that (so a
regression fails the test instead of swapping the machine) and is killed, with its whole
process group, when it runs over time.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SECONDS = 20.0
PEAK_MB = 800
CEILING_BYTES = 3 * 1024**3  # virtual memory: far above the 800 MB of resident memory allowed


@dataclass
class Ran:
    code: int | None  # None: killed after the time limit
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def answered(self, codes=(0, 1, 2)) -> bool:
        """It ended in time, with one of `codes`, within the memory allowed, and no traceback."""
        return (
            self.code in codes
            and self.seconds < SECONDS
            and self.peak_mb < PEAK_MB
            and "Traceback" not in self.output
            and "internal error" not in self.output
        )


def _limit() -> None:  # in the child, before exec
    os.setsid()
    resource.setrlimit(resource.RLIMIT_AS, (CEILING_BYTES, CEILING_BYTES))


def run_slidegen(*args: str, cwd: Path, timeout: float = SECONDS * 2) -> Ran:
    """`python -m slidegen ARGS` in `cwd`; stdout and stderr as text, wall time and the
    child's own peak RSS (from wait4)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "slidegen", *args],
            cwd=cwd,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env,
            preexec_fn=_limit,
        )
        code: int | None = None
        peak = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                peak = usage.ru_maxrss / 1024
                break
            if time.monotonic() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = code if code is not None else -9  # reaped here, not by Popen
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return Ran(
            code,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
            seconds,
            peak,
        )
