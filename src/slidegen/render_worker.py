"""Render in a forked process that loaded the renderer while this one read the deck.

A one-deck build spends most of its time starting up. The reading side (PyYAML, pydantic and
the deck model) and the rendering side (python-pptx, lxml, Pillow) each take about a tenth of
a second to import, and neither needs the other until the deck is planned. `RenderWorker.start`
forks a child that imports the renderer and waits. This process reads, validates and plans
the deck as usual, then sends the plan (plain dataclasses, pickled) through a pipe; the child
renders it and sends back the .pptx bytes with the build's diagnostics. This process still
writes the file, so messages, exit codes and "a failed build writes nothing" are unchanged.

Used only where it pays and is safe: `os.fork` on Linux, more than one CPU, no other thread
running yet (forking a threaded process can deadlock the child), one output to build. When
the child cannot be started, dies, or hits a bug, this process renders the plan itself: the
bytes are the same either way (tests/test_render_worker.py).
"""

from __future__ import annotations

# Only what forking needs is imported here (pickle and the rest come later): the sooner the
# worker is forked, the sooner it starts importing the renderer.
import contextlib
import os
import signal
import sys
import threading

#: `SLIDEGEN_RENDER_WORKER=0` (or false, no, off) turns the worker off: render in the
#: command's own process.
SWITCH = "SLIDEGEN_RENDER_WORKER"
OFF = {"0", "false", "no", "off"}

#: Bigger plans are rendered in the command's own process. From a few hundred slides on,
#: start-up is a small share of a build, and a worker would hold the deck in two processes
#: (3,500 slides: 113 MB in each instead of 132 MB in one).
MAX_SLIDES = 500


def worker_usable() -> bool:
    """Can a worker be forked safely here, and would it run beside this process?"""
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and os.environ.get(SWITCH, "1").strip().lower() not in OFF
        and usable_cpus() > 1
        and threading.active_count() == 1
    )


def usable_cpus() -> int:
    """CPUs this process may run on (as `taskset` limits it), not the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class RenderWorker:
    """A forked child that renders one plan. Use as a context manager, or call close()."""

    def __init__(self, pid: int, to_child: int, from_child: int):
        self.pid = pid
        self._to_child: int | None = to_child
        self._from_child: int | None = from_child
        self._replied = False  # its whole reply read: it is ending by itself
        self.status: int | None = None  # how it ended (an os.waitpid status), once closed

    @classmethod
    def start(cls) -> RenderWorker | None:
        """Fork a worker that starts importing the renderer now; None when not usable."""
        if not worker_usable():
            return None
        try:
            plan_r, plan_w = os.pipe()
            out_r, out_w = os.pipe()
        except OSError:  # out of file descriptors: render here
            return None
        for stream in (sys.stdout, sys.stderr):
            # or the child would inherit (and could repeat) buffered output
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()
        # Ctrl-C is this process's to handle (it then stops the worker): blocked across the
        # fork, so the child can ignore it before any can arrive
        parent = os.getpid()
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pid = os.fork()
        except OSError:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            for fd in (plan_r, plan_w, out_r, out_w):
                os.close(fd)
            return None
        if pid == 0:  # the child: never returns
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                os.close(plan_w)
                os.close(out_r)
                _serve(plan_r, out_w, parent)
            finally:
                os._exit(1)
        os.close(plan_r)
        os.close(out_w)
        worker = cls(pid, plan_w, out_r)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        return worker

    def render(self, plan, diags) -> tuple[bytes, int] | None:
        """Render `plan` in the worker: (pptx bytes, slide count), with the worker's
        diagnostics put into `diags`. Raises SlidegenError as `build.render_plan` does.
        None when the worker failed or the plan has more than MAX_SLIDES slides: render in
        this process instead. The worker renders once; it is closed afterwards."""
        import pickle

        from .errors import SlidegenError

        if len(plan.slides) > MAX_SLIDES:
            self.close()
            return None
        try:
            request = pickle.dumps((plan, diags), protocol=pickle.HIGHEST_PROTOCOL)
            with open(self._take("_to_child"), "wb") as pipe:
                pipe.write(request)
            with open(self._take("_from_child"), "rb") as pipe:
                reply = pipe.read()
            self._replied = True
            outcome = pickle.loads(reply)
        except Exception:  # a dead worker (broken pipe, empty or cut-off reply)
            return None
        finally:
            self.close()
        if outcome[0] == "rendered":
            _, data, count, items = outcome
            diags.items[:] = items
            return data, count
        if outcome[0] == "invalid":
            _, errors, items = outcome
            diags.items[:] = items
            raise SlidegenError(errors)
        return None  # a bug in rendering: this process renders and reports it as usual

    def _take(self, name: str) -> int:
        fd = getattr(self, name)
        if fd is None:
            raise OSError("the render worker was used already")
        setattr(self, name, None)
        return fd

    def close(self) -> None:
        """Stop the worker unless it has replied, and wait for it to end (no zombie)."""
        for name in ("_to_child", "_from_child"):
            fd = getattr(self, name)
            if fd is not None:
                setattr(self, name, None)
                os.close(fd)
        if self.pid:
            pid, self.pid = self.pid, 0
            if not self._replied:
                # unused, or left mid-render (Ctrl-C, an error here): it writes no file, so
                # nothing is lost by stopping it rather than waiting for it
                _kill_tree(pid)
            with contextlib.suppress(ChildProcessError):
                self.status = os.waitpid(pid, 0)[1]

    def __enter__(self) -> RenderWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _kill_tree(pid: int) -> None:
    """SIGKILL a worker and the processes it started (the font index's `fc-list`), which
    would otherwise outlive it. It is stopped first, so it starts nothing more meanwhile."""
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGSTOP)
    children = []
    with contextlib.suppress(OSError, ValueError), open(f"/proc/{pid}/task/{pid}/children") as f:
        children = [int(c) for c in f.read().split()]
    for victim in (*children, pid):
        with contextlib.suppress(OSError):
            os.kill(victim, signal.SIGKILL)
    for child in children:
        with contextlib.suppress(OSError):
            os.waitpid(child, os.WNOHANG)  # not ours to reap; init does (ChildProcessError)


def _end_with_parent(parent: int) -> None:
    """Have Linux kill this worker when its parent dies (PR_SET_PDEATHSIG): a build killed
    from outside must not leave its worker rendering on."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # died before the request took hold
        os._exit(1)


def warm_up():
    """Import what rendering needs, and start reading the font index; returns the FontCache."""
    import encodings.cp437  # noqa: F401  (zipfile's names: python-pptx's stock template)

    import PIL.Image
    import PIL.ImageOps  # noqa: F401

    from . import build, cache, media, write  # noqa: F401
    from .measure import FontCache
    from .place import default_registry
    from .render import base_cache, chart_part, pptx_fixes, prototypes, slide_cache  # noqa: F401

    PIL.Image.preinit()  # registers the common image formats (first picture opened)
    default_registry()  # imports every layout's renderer
    return FontCache()


def _serve(plan_fd: int, out_fd: int, parent: int) -> None:
    """The child: warm up, render the plan sent, reply, and leave with os._exit."""
    code = 0
    try:
        import pickle

        _end_with_parent(parent)
        fonts = warm_up()
        with open(plan_fd, "rb") as pipe:
            request = pipe.read()
        if request:  # empty: the parent closed the pipe without a plan (not needed)
            reply = pickle.dumps(_render(request, fonts), protocol=pickle.HIGHEST_PROTOCOL)
            with open(out_fd, "wb") as pipe:
                pipe.write(reply)
    except BaseException:  # noqa: BLE001  (the parent sees a missing reply and renders itself)
        code = 1
    finally:
        os._exit(code)  # never back into the parent's code (click, atexit, buffered output)


def _render(request: bytes, fonts) -> tuple:
    import pickle

    from .build import fewer_gc_passes, planned_then_frozen, render_plan
    from .errors import SlidegenError

    with fewer_gc_passes(), planned_then_frozen() as planned:  # as build() renders
        plan, diags = pickle.loads(request)
        planned()
        try:
            data, count = render_plan(plan, diags, fonts)
        except SlidegenError as exc:
            return ("invalid", exc.diagnostics, diags.items)
        except Exception:  # a bug: the parent renders again, and reports it with a crash report
            return ("failed",)
    return ("rendered", data, count, diags.items)
