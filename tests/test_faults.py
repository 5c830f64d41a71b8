"""Faults: a killed command, concurrent builds, a full disk, odd targets; nothing lost, nothing
written where it should not be.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from helpers.decks import CORE, SEED, run_cli
from slidegen import batch
from slidegen.batch import MANIFEST, Outcome, Variant, write_manifest
from slidegen.errors import SlidegenError, error
from slidegen.write import STALE_SECONDS, remove_stale_temps, write_atomic

REPO = Path(__file__).resolve().parent.parent


# ---- a killed command ---------------------------------------------------------------------------
def _children(pid: int) -> set[int]:
    """Processes whose parent is `pid` (from /proc)."""
    out = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            out.add(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_workers_die_with_the_command_and_write_nothing_after(tmp_path, how):
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "slidegen", "build", str(SEED), "--all-audiences", "-j", "2"]
        + ["--out", str(out)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.05)
        workers = _children(proc.pid)
    assert len(workers) >= 2, "the batch never started its workers"
    time.sleep(0.3)  # inside their first builds
    os.kill(proc.pid, how)
    proc.wait(timeout=20)
    written = sorted(p.name for p in out.glob("*.pptx")) if out.exists() else []
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers), "a worker outlived the command"
    time.sleep(1.5)  # a worker still building would have finished a seed build by now
    after = sorted(p.name for p in out.glob("*.pptx")) if out.exists() else []
    assert after == written


# ---- the manifest -------------------------------------------------------------------------------
def test_concurrent_builds_into_one_folder_all_end_up_in_the_manifest(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    outcomes = []
    for i in range(10):
        data = f"deck {i}".encode()
        (out / f"d{i}.pptx").write_bytes(data)
        v = Variant(tmp_path / f"d{i}.yaml", None, (), f"d{i}")
        outcomes.append(
            Outcome(v, output=out / f"d{i}.pptx", sha256=batch._sha256(data), size=len(data))
        )
    start = threading.Barrier(10)

    def one(o):
        start.wait()
        write_manifest(out, [o])

    threads = [threading.Thread(target=one, args=(o,)) for o in outcomes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    listed = [e["file"] for e in batch._read_manifest(out / MANIFEST)]
    assert listed == [f"d{i}.pptx" for i in range(10)]


def test_a_manifest_that_cannot_be_written_does_not_say_nothing_written(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise error(f"cannot write '{tmp_path / 'out' / MANIFEST}': No space left on device")

    monkeypatch.setattr(batch, "write_manifest", full)
    result = run_cli("build", str(CORE / "basic.yaml"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert (tmp_path / "out" / "basic.pptx").is_file()
    assert "No space left on device" in result.stderr
    assert "manifest.json: not updated; the 1 output above was written" in result.stderr
    assert "nothing written" not in result.stderr


# ---- temporary files ----------------------------------------------------------------------------
def test_stale_temporary_files_of_ours_are_removed(tmp_path):
    old = time.time() - STALE_SECONDS - 60
    stale = [tmp_path / ".basic.pptx.slidegen-4242-abc123.tmp", tmp_path / ".x.pptx.k3j2h1g0.tmp"]
    fresh = tmp_path / ".basic.pptx.slidegen-4243-def456.tmp"  # a build writing it now
    mine = tmp_path / ".notes.txt.tmp"  # not ours
    for p in [*stale, fresh, mine]:
        p.write_bytes(b"x")
    for p in [*stale, mine]:
        os.utime(p, (old, old))
    write_atomic(tmp_path / "basic.pptx", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".basic.pptx.slidegen-4243-def456.tmp", ".notes.txt.tmp", "basic.pptx"]
    )
    assert remove_stale_temps(tmp_path, now=time.time() + STALE_SECONDS + 1) == [fresh]


# ---- writers -----------------------------------------------------------------------------------
def test_out_dev_null_says_what_it_is(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", str(CORE / "basic.yaml"), "--out", "/dev/null")
    assert result.exit_code == 1
    assert "'/dev/null' is a device, not a folder" in result.stderr
    assert "File exists" not in result.stderr


def test_new_in_a_read_only_folder_is_a_located_error(tmp_path, monkeypatch):
    from slidegen import write as write_mod

    real_open = os.open

    def read_only(path, flags, *args):
        if flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(write_mod.os, "open", read_only)  # what a read-only folder does
    result = run_cli("new", "talk")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: cannot write 'talk.yaml': Permission denied")
    result = run_cli("theme", "new", "acme")
    assert result.exit_code == 1, result.output
    assert "cannot write 'themes/acme/theme.yaml': Permission denied" in result.stderr
    assert "internal error" not in result.stderr


def test_new_never_writes_through_a_dangling_link(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    elsewhere = tmp_path / "elsewhere" / "planted.yaml"
    elsewhere.parent.mkdir()
    (tmp_path / "talk.yaml").symlink_to(elsewhere)
    result = run_cli("new", "talk")
    assert result.exit_code == 1
    assert "'talk.yaml' is a symbolic link" in result.stderr
    assert not elsewhere.exists()


def test_write_atomic_into_a_folder_target_is_an_error(tmp_path):
    (tmp_path / "deck.pptx").mkdir()
    with pytest.raises(SlidegenError, match="cannot write .*deck.pptx"):
        write_atomic(tmp_path / "deck.pptx", b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


# ---- import and preview never overwrite what is not theirs --------------------------------------
def test_import_never_replaces_pictures_without_force(tmp_path, monkeypatch):
    from slidegen.build import BuildOptions, build

    monkeypatch.chdir(tmp_path)
    deck = REPO / "tests" / "fixtures" / "rich" / "rich.yaml"
    rich = tmp_path / "rich"
    shutil.copytree(deck.parent, rich)
    sys.path.insert(0, str(REPO / "tests"))
    from test_render_rich import draw_pictures

    draw_pictures(rich)
    pptx = build(rich / "rich.yaml", BuildOptions(out_dir=tmp_path / "built")).output
    assert run_cli("import", str(pptx), "--out", "imp").exit_code == 0
    pictures = sorted((tmp_path / "imp" / "images").rglob("*.*"))
    assert pictures
    (tmp_path / "imp" / "rich.yaml").unlink()
    pictures[0].write_bytes(b"my own picture")
    result = run_cli("import", str(pptx), "--out", "imp")
    assert result.exit_code == 1
    assert "picture file(s) the import would write already exist" in result.stderr
    assert "--force" in result.stderr
    assert pictures[0].read_bytes() == b"my own picture"
    assert not (tmp_path / "imp" / "rich.yaml").exists()
    assert run_cli("import", str(pptx), "--out", "imp", "--force").exit_code == 0
    assert pictures[0].read_bytes() != b"my own picture"


def test_preview_refuses_a_folder_with_someone_elses_files(tmp_path):
    from slidegen.preview import PREVIEW_MARK, claim_folder

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "slide-01.png").write_bytes(b"my drawing")
    (mine / "notes.txt").write_text("mine")
    with pytest.raises(SlidegenError) as info:
        claim_folder(mine, "talk")
    assert "holds files that `slidegen preview` did not write (notes.txt)" in str(info.value)
    assert (mine / "slide-01.png").read_bytes() == b"my drawing"
    assert not (mine / PREVIEW_MARK).exists()
    # a new folder, an empty one, or one holding only preview's own files are preview's
    for folder in (tmp_path / "new", tmp_path / "empty", tmp_path / "old"):
        if folder.name != "new":
            folder.mkdir()
        if folder.name == "old":
            for name in ("talk.pptx", "talk.pdf", "slide-1.png", "contact-sheet.png"):
                (folder / name).write_bytes(b"x")
        claim_folder(folder, "talk")
        assert (folder / PREVIEW_MARK).is_file()
    (tmp_path / "old" / "mine.doc").write_bytes(b"x")
    claim_folder(tmp_path / "old", "talk")  # marked: preview's own now
