"""The render worker: a forked process renders the plan; results must not change at all."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers.decks import CORE, ROOT, run_cli, slides, write
from slidegen import render_worker
from slidegen.build import BuildOptions, build
from slidegen.errors import SlidegenError
from slidegen.launch import builds_one_output
from slidegen.render_worker import RenderWorker, worker_usable

RICH = ROOT / "tests" / "fixtures" / "rich" / "rich.yaml"
DECK = """\
deck:
  title: T
  theme: {theme}
sections:
  - id: s
    title: S
    slides:
      - id: a
        title: A
"""
needs_fork = pytest.mark.skipif(
    not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
    reason="the worker runs on Linux with two or more CPUs",
)


def _alive(pid: int) -> bool:
    """Is `pid` still a process of ours (a zombie counts: it was not reaped)? Only asked
    before a worker is closed: once reaped, its pid may go to another process."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _build(deck: Path, renderer=None, **options):
    return build(deck, BuildOptions(**options), write=False, renderer=renderer)


@pytest.fixture(scope="module")
def rich(tmp_path_factory) -> Path:
    """The rich fixture deck (charts, tables, pictures, two columns) with its pictures."""
    from test_render_rich import draw_pictures

    folder = tmp_path_factory.mktemp("rich")
    shutil.copy(RICH, folder / "rich.yaml")
    draw_pictures(folder)
    return folder / "rich.yaml"


@needs_fork
@pytest.mark.parametrize("name", ["basic", "rich"])
def test_the_worker_renders_the_same_bytes(name, rich):
    deck = rich if name == "rich" else CORE / "basic.yaml"
    with RenderWorker.start() as worker:  # first: a build here leaves a font thread behind
        assert worker is not None
        expected = _build(deck)
        got = _build(deck, worker)
    assert got.data == expected.data  # charts, pictures, tables, notes: every byte
    assert got.slides == expected.slides
    assert worker.status == 0  # it replied and ended by itself
    assert [w.format() for w in got.warnings] == [w.format() for w in expected.warnings]
    assert worker.status is not None  # reaped


def _broken_template(folder: Path) -> Path:
    """A theme whose template has a slide size (so the theme loads) but is no package
    python-pptx can open: the error comes from rendering."""
    import zipfile

    folder.mkdir(parents=True)
    with zipfile.ZipFile(folder / "broken.pptx", "w") as z:
        z.writestr(
            "ppt/presentation.xml",
            '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
            '<p:sldSz cx="12192000" cy="6858000"/></p:presentation>',
        )
    (folder / "theme.yaml").write_text("name: broken\ntemplate: broken.pptx\n", encoding="utf-8")
    return folder


@needs_fork
def test_a_render_error_comes_back_located_as_without_the_worker(tmp_path):
    _broken_template(tmp_path / "themes" / "broken")
    deck = write(tmp_path, "deck.yaml", DECK.format(theme="broken"))
    with RenderWorker.start() as worker:
        with pytest.raises(SlidegenError) as alone:
            _build(deck)
        with pytest.raises(SlidegenError) as forked:
            _build(deck, worker)
    assert "cannot be opened as a .pptx" in str(alone.value)
    assert alone.value.diagnostics[0].pos.line == 2  # theme.yaml's `template:` line
    assert [d.format() for d in forked.value.diagnostics] == [
        d.format() for d in alone.value.diagnostics
    ]


@needs_fork
def test_a_dead_worker_means_rendering_here():
    worker = RenderWorker.start()
    pid = worker.pid
    expected = _build(CORE / "basic.yaml")
    os.kill(pid, signal.SIGKILL)
    got = _build(CORE / "basic.yaml", worker)
    assert got.data == expected.data
    assert worker.status is not None  # reaped


@needs_fork
def test_a_bug_in_the_worker_means_rendering_here(monkeypatch):
    """The worker reports a crash; this process renders again (and would report the bug)."""
    from slidegen import build as build_module

    parent = os.getpid()
    original = build_module.render_plan
    calls = []

    def render_plan(plan, *args, **kwargs):
        if os.getpid() != parent:
            raise RuntimeError("a bug in a renderer")
        calls.append(plan.id)
        return original(plan, *args, **kwargs)

    monkeypatch.setattr(build_module, "render_plan", render_plan)
    with RenderWorker.start() as worker:
        expected = build_module.build(CORE / "basic.yaml", BuildOptions(), write=False)
        got = build_module.build(CORE / "basic.yaml", BuildOptions(), write=False, renderer=worker)
    assert got.data == expected.data
    assert calls == ["basic", "basic"]  # once without the worker, once after its failure


@needs_fork
def test_big_plans_are_rendered_here(monkeypatch):
    monkeypatch.setattr(render_worker, "MAX_SLIDES", 2)
    worker = RenderWorker.start()
    plan = _build(CORE / "basic.yaml").plan
    assert len(plan.slides) > 2
    assert worker.render(plan, None) is None
    assert worker.pid == 0 and worker.status is not None  # stopped and reaped, not left waiting


@needs_fork
def test_an_unused_worker_is_stopped_and_reaped():
    worker = RenderWorker.start()
    pid = worker.pid
    assert _alive(pid)
    worker.close()
    assert worker.status is not None  # reaped
    assert os.WIFSIGNALED(worker.status)  # stopped, not waited for
    worker.close()  # twice is harmless


def test_no_worker_where_it_would_not_run_beside_this_process(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})  # `taskset -c 0`
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # the machine has more
    assert not worker_usable()
    assert RenderWorker.start() is None


def test_no_worker_without_file_descriptors(monkeypatch):
    def no_pipe():
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(os, "pipe", no_pipe)
    assert RenderWorker.start() is None


@pytest.mark.parametrize("value", ["0", "false", "No", "off"])
def test_no_worker_when_switched_off(monkeypatch, value):
    monkeypatch.setenv(render_worker.SWITCH, value)
    assert not worker_usable()


def test_no_worker_once_threads_run(monkeypatch):
    """Forking a process with other threads can leave the child holding their locks."""
    import threading

    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert not worker_usable()


@pytest.mark.parametrize(
    "args, expected",
    [
        (["build", "decks/talk.yaml"], True),
        (["build"], True),
        (["build", "talk.yaml", "--audience", "families"], True),
        (["build", "--out", "dist", "--theme", "print", "talk.yaml", "--strict"], True),
        (["build", "a.yaml", "b.yaml"], False),
        (["build", "talk.yaml", "--audience", "a", "--audience", "b"], False),
        (["build", "talk.yaml", "--audience=a", "--audience=b"], False),
        (["build", "--help"], False),
        (["build", "talk.yaml", "-h"], False),
        (["build", "talk.yaml", "--all-audiences"], False),
        (["build", "talk.yaml", "--each-overlay", "--overlay", "a.yaml"], False),
        (["check", "talk.yaml"], False),
        (["--help"], False),
        ([], False),
    ],
)
def test_the_launcher_starts_a_worker_only_for_one_build(args, expected):
    assert builds_one_output(args) is expected


def _slidegen(*args: str, env: dict | None = None, cwd: Path = ROOT):
    """The `slidegen` command as installed: `python -m slidegen` (launch.main)."""
    return subprocess.run(
        [sys.executable, "-m", "slidegen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@needs_fork
def test_the_command_gives_the_same_file_and_output_with_and_without_the_worker(tmp_path, rich):
    runs = {}
    for switch in ("1", "0"):
        out = tmp_path / switch
        proc = _slidegen("build", str(rich), "--out", str(out), env={render_worker.SWITCH: switch})
        assert proc.returncode == 0, proc.stderr
        runs[switch] = (
            (out / "rich.pptx").read_bytes(),
            proc.stderr,
            proc.stdout.replace(str(out), "OUT").split(", ")[:2],  # path, slides (not seconds)
        )
    assert runs["1"] == runs["0"]
    assert [s.title for s in slides(tmp_path / "1" / "rich.pptx")][:2] == [
        s.title for s in slides(tmp_path / "0" / "rich.pptx")
    ][:2]


@needs_fork
def test_the_command_reports_a_bad_deck_the_same_with_the_worker(tmp_path):
    results = []
    for switch in ("1", "0"):
        proc = _slidegen(
            "build",
            "bad-types.yaml",
            "--out",
            str(tmp_path / switch),
            env={render_worker.SWITCH: switch},
            cwd=CORE,
        )
        results.append((proc.returncode, proc.stderr, proc.stdout))
        assert not (tmp_path / switch).exists()  # nothing written
    assert results[0] == results[1]
    assert results[0][0] == 1 and ": error: " in results[0][1]


def test_the_cli_in_process_builds_with_a_worker_and_leaves_no_child(tmp_path, monkeypatch):
    started, used = [], []
    real_start, real_render = RenderWorker.start, RenderWorker.render

    def start():
        worker = real_start()
        started.append(worker)
        return worker

    def render(self, plan, diags):
        used.append(self)
        return real_render(self, plan, diags)

    monkeypatch.setattr(RenderWorker, "start", staticmethod(start))
    monkeypatch.setattr(RenderWorker, "render", render)
    before = set(_children())
    result = run_cli("build", str(CORE / "basic.yaml"), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "basic.pptx").exists()
    assert len(started) == 1
    if started[0] is not None:  # none while another thread runs in this test process
        assert used == started
        assert started[0].status == 0
    assert set(_children()) <= before


def _children() -> list[int]:
    """Processes whose parent is this one (Linux; empty elsewhere)."""
    me = str(os.getpid())
    out = []
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:
            out.append(int(entry.parent.name))
    return out


@needs_fork
def test_leaving_mid_render_stops_the_worker(monkeypatch):
    """Ctrl-C (or any exception) while waiting for the reply: the worker is stopped at once,
    not waited for."""
    worker = RenderWorker.start()
    plan = _build(CORE / "basic.yaml").plan
    real_open = open

    def interrupted_open(fd, mode="r", *args, **kwargs):
        if mode == "rb":
            raise KeyboardInterrupt
        return real_open(fd, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", interrupted_open)
    with pytest.raises(KeyboardInterrupt):
        worker.render(plan, None)
    monkeypatch.undo()
    assert worker.pid == 0 and worker.status is not None
    assert os.WIFSIGNALED(worker.status) and os.WTERMSIG(worker.status) == signal.SIGKILL


def _status_field(pid: int, name: str) -> str:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return line.split()[1]
    raise AssertionError(name)


@needs_fork
def test_ctrl_c_is_for_the_command_not_the_worker():
    """The worker ignores SIGINT (the command stops it); the command's own mask is restored."""
    with RenderWorker.start() as worker:
        deadline = time.monotonic() + 10  # the child sets it up first thing
        while not int(_status_field(worker.pid, "SigIgn"), 16) & (1 << (signal.SIGINT - 1)):
            assert time.monotonic() < deadline, "the worker does not ignore SIGINT"
            time.sleep(0.005)
        assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])


@needs_fork
def test_stopping_a_worker_stops_what_it_started(monkeypatch, tmp_path):
    """The font index runs `fc-list` in the worker; stopping the worker must not leave it."""
    started = tmp_path / "pid"

    def slow_warm_up():
        proc = subprocess.Popen(["sleep", "30"])
        started.write_text(str(proc.pid))
        time.sleep(30)

    monkeypatch.setattr(render_worker, "warm_up", slow_warm_up)
    worker = RenderWorker.start()
    deadline = time.monotonic() + 10
    while not started.exists() or not started.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.01)
    sleeper = int(started.read_text())
    worker.close()
    deadline = time.monotonic() + 5
    while _running(sleeper):
        assert time.monotonic() < deadline, "the worker's own child outlived it"
        time.sleep(0.01)


def _running(pid: int) -> bool:
    """Alive and not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
