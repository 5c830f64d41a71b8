"""Watch mode: the files a build reads, rebuilds on save, errors that keep the loop alive."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from slidegen.build import BuildOptions, plan_deck
from slidegen.watch import WatchEvent, watch

WAIT = 15  # seconds: generous, a loaded CI machine is slow to start LibreOffice-free builds too

DECK = """\
deck:
  title: Watched
  title_slide: false
  logo: region.png
  theme: mine
data_files: [figures.yaml]
references: [refs.bib]
sections:
  - id: s
    title: S
    slides:
      - layout: stat
        value: "{{ count }}"
        label: families seen [@doe2020]
      - layout: image
        title: A picture
        image: pictures/photo.png
        alt: A grey square
  - include: parts/more.yaml
"""


def _picture(path: Path, color=(120, 120, 120)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), color).save(path)


def write_project(root: Path) -> Path:
    """A deck that reads one file of every kind: include, data, references, picture, theme."""
    (root / "parts").mkdir(parents=True)
    (root / "parts" / "more.yaml").write_text(
        "id: more\ntitle: More\nslides:\n  - layout: statement\n    text: Included text\n"
    )
    (root / "figures.yaml").write_text("count: 54\n")
    (root / "refs.bib").write_text(
        "@book{doe2020, author = {Doe, Jane}, title = {Families}, year = {2020},"
        " publisher = {Press}}\n"
    )
    _picture(root / "pictures" / "photo.png")
    _picture(root / "region.png", (0, 90, 0))
    theme = root / "themes" / "mine"
    theme.mkdir(parents=True)
    (theme / "theme.yaml").write_text(
        "name: mine\nextends: default\nlogo: {image: logo.png, position: top-right}\n"
    )
    _picture(theme / "logo.png", (0, 0, 120))
    deck = root / "talk.yaml"
    deck.write_text(DECK)
    return deck


def test_plan_inputs_list_every_file_read(tmp_path):
    deck = write_project(tmp_path)
    plan = plan_deck(deck, BuildOptions(out_dir=tmp_path / "out"))
    inputs = {Path(p).resolve() for p in plan.inputs}
    builtin_default = Path(__file__).resolve().parents[1] / "src/slidegen/themes/default"
    for name in (
        "talk.yaml",
        "parts/more.yaml",
        "figures.yaml",
        "refs.bib",
        "pictures/photo.png",
        "region.png",
        "themes/mine/theme.yaml",
        "themes/mine/logo.png",
    ):
        assert (tmp_path / name).resolve() in inputs, name
    # the theme it extends is read too
    assert (builtin_default / "theme.yaml").resolve() in inputs
    assert len(plan.inputs) == len(set(plan.inputs))


class Recorder:
    """Collects watch events from the watch thread; `next()` waits for one."""

    def __init__(self):
        self.events: queue.Queue[WatchEvent] = queue.Queue()

    def __call__(self, event: WatchEvent) -> None:
        self.events.put(event)

    def next(self) -> WatchEvent:
        try:
            return self.events.get(timeout=WAIT)
        except queue.Empty:
            raise AssertionError(f"no rebuild within {WAIT} s") from None


@pytest.fixture
def watching(tmp_path):
    """Start watch() on a small deck in a thread; yield (deck, recorder, thread); stop it."""
    deck = tmp_path / "talk.yaml"
    deck.write_text(
        "deck: {title: Watched, title_slide: false}\n"
        "data_files: [figures.yaml]\n"
        "sections:\n"
        "  - id: s\n"
        "    title: S\n"
        "    slides:\n"
        "      - layout: stat\n"
        '        value: "{{ count }}"\n'
        "        label: families seen\n"
        "  - include: more.yaml\n"
    )
    (tmp_path / "figures.yaml").write_text("count: 54\n")
    (tmp_path / "more.yaml").write_text(
        "id: more\ntitle: More\nslides: [{layout: statement, text: First}]\n"
    )
    stop = threading.Event()
    rec = Recorder()
    options = BuildOptions(out_dir=tmp_path / "out")
    thread = threading.Thread(
        target=watch, args=(deck, options, rec, stop), kwargs={"step_ms": 50}, daemon=True
    )
    thread.start()
    yield deck, rec, thread
    stop.set()
    thread.join(WAIT)
    assert not thread.is_alive(), "watch() did not return after stop_event was set"


def _slide_texts(pptx: Path) -> list[str]:
    from pptx import Presentation

    return [
        shape.text_frame.text
        for slide in Presentation(str(pptx)).slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]


def test_watch_rebuilds_on_save_and_survives_errors(watching):
    deck, rec, thread = watching
    first = rec.next()
    assert first.ok and first.changed == ()
    out = first.result.output
    assert any("54" in t for t in _slide_texts(out))
    assert deck.parent.resolve() / "figures.yaml" in first.watching

    # a data file changes: rebuilt with the new figure, and the change is named
    (deck.parent / "figures.yaml").write_text("count: 61\n")
    event = rec.next()
    assert event.ok and event.changed == ((deck.parent / "figures.yaml").resolve(),)
    assert any("61" in t for t in _slide_texts(out))
    assert event.seconds > 0

    # an included file is broken: an error naming it, the loop goes on, the output stays
    before = out.read_bytes()
    (deck.parent / "more.yaml").write_text("id: more\ntitle: [unclosed\n")
    event = rec.next()
    assert not event.ok and event.result is None
    assert any(d.severity == "error" and "more.yaml" in str(d.pos) for d in event.diagnostics)
    assert thread.is_alive()
    assert out.read_bytes() == before

    # fixed: rebuilt again, with the included slide's new text
    (deck.parent / "more.yaml").write_text(
        "id: more\ntitle: More\nslides: [{layout: statement, text: Second}]\n"
    )
    event = rec.next()
    assert event.ok
    assert any("Second" in t for t in _slide_texts(out))

    # saved without a change: no rebuild; then a real change to the deck is picked up
    (deck.parent / "more.yaml").write_text(
        "id: more\ntitle: More\nslides: [{layout: statement, text: Second}]\n"
    )
    time.sleep(0.5)
    assert rec.events.empty()
    deck.write_text(deck.read_text().replace("families seen", "families helped"))
    event = rec.next()
    assert event.ok and event.changed == (deck.resolve(),)
    assert any("families helped" in t for t in _slide_texts(out))


def test_watch_recovers_when_a_missing_include_appears(tmp_path):
    deck = tmp_path / "talk.yaml"
    deck.write_text(
        "deck: {title: Later, title_slide: false}\nsections:\n  - include: later.yaml\n"
    )
    stop = threading.Event()
    rec = Recorder()
    thread = threading.Thread(
        target=watch,
        args=(deck, BuildOptions(out_dir=tmp_path / "out"), rec, stop),
        kwargs={"step_ms": 50},
        daemon=True,
    )
    thread.start()
    try:
        first = rec.next()
        assert not first.ok and "later.yaml" in first.diagnostics[0].message
        # not an input yet, but after a failure any new YAML file beside the deck counts
        (tmp_path / "later.yaml").write_text(
            "id: l\ntitle: L\nslides: [{layout: statement, text: Arrived}]\n"
        )
        event = rec.next()
        assert event.ok
        assert (tmp_path / "later.yaml").resolve() in event.watching
    finally:
        stop.set()
        thread.join(WAIT)
    assert not thread.is_alive()


def _read_until(stream_lines: queue.Queue, pattern: str) -> list[str]:
    seen = []
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            line = stream_lines.get(timeout=0.2)
        except queue.Empty:
            continue
        seen.append(line)
        if pattern in line:
            return seen
    raise AssertionError(f"no line with {pattern!r} within {WAIT} s; got {seen}")


def _pump(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_cli_watch_prints_rebuilds_and_errors_and_ctrl_c_exits_0(tmp_path):
    deck = tmp_path / "talk.yaml"
    deck.write_text(
        "deck: {title: CLI, title_slide: false}\nsections:\n"
        "  - {id: s, title: S, slides: [{layout: statement, text: One}]}\n"
    )
    exe = Path(sys.executable).with_name("slidegen")
    proc = subprocess.Popen(
        [str(exe), "watch", "talk.yaml", "--out", "out"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ, COLUMNS="200"),
    )
    lines: queue.Queue[str] = queue.Queue()
    pump = threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True)
    pump.start()
    try:
        _read_until(lines, "built")
        deck.write_text(deck.read_text().replace("title: S,", "title: S, bogus: 1,"))
        seen = _read_until(lines, "still watching")
        assert any("talk.yaml:3:" in s and "error" in s and "bogus" in s for s in seen), seen
        deck.write_text(deck.read_text().replace("bogus: 1, ", ""))
        seen = _read_until(lines, "built")
        assert any("changed: talk.yaml" in s for s in seen)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(WAIT) == 0
        pump.join(WAIT)
        assert "stopped" in "".join(lines.queue)
        assert (tmp_path / "out" / "talk.pptx").is_file()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        pump.join(WAIT)
        proc.stdout.close()
