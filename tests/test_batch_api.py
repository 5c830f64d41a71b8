"""batch.run_builds as a library: outcomes returned, progress by callback, nothing printed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation

from slidegen import batch
from slidegen.batch import UnknownAudience, run_builds

FIX = Path(__file__).parent / "fixtures" / "tailoring"
BASE = FIX / "base.yaml"
AUD = FIX / "audiences.yaml"
SRC = Path(__file__).resolve().parent.parent / "src"
BAD = "deck: {title: Bad}\nsections:\n  - id: s\n    title: S\n    slides: [{titel: x}]\n"


def build(decks, out, **kw):
    """run_builds with the events it reports collected: (result, events)."""
    args = dict(audiences=[], all_audiences=False, overlays=[], theme=None, strict=False, pdf=False)
    args.update(kw)
    events: list = []
    result = run_builds(decks, out_dir=out, on_event=events.append, **args)
    return result, events


def test_the_collector_thresholds_are_restored(tmp_path):
    import gc

    before = gc.get_threshold()
    result, _ = build([BASE], tmp_path / "out", jobs=1)
    assert result.ok
    assert gc.get_threshold() == before and gc.isenabled()


def test_only_the_youngest_generation_is_collected_during_a_batch(tmp_path, monkeypatch):
    """batch.young_collections_only: the long-lived objects of a build are not scanned again
    and again by collections of the older generations (they find next to nothing)."""
    import contextlib
    import gc

    import slidegen.batch as batch

    inside: list[bool] = []
    seen: list[int] = []
    real = batch.young_collections_only

    @contextlib.contextmanager
    def watched():
        with real():
            inside.append(True)
            try:
                yield
            finally:
                inside.clear()

    def record(phase: str, info: dict) -> None:
        if phase == "start" and inside:
            seen.append(info["generation"])

    monkeypatch.setattr(batch, "young_collections_only", watched)
    gc.callbacks.append(record)
    try:
        result, _ = build([BASE], tmp_path / "out", jobs=1)
    finally:
        gc.callbacks.remove(record)
    assert result.ok
    assert seen and set(seen) == {0}  # young collections still run, and only those


def test_outcomes_and_events_without_printing(tmp_path, capfd):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD)
    out = tmp_path / "out"
    result, events = build([bad, BASE], out, all_audiences=True, jobs=2)
    # capfd: nothing on this process's stdout/stderr nor the worker processes'
    assert capfd.readouterr() == ("", "")
    assert result.ok is False
    [failed] = result.failed_decks
    assert failed.deck == bad
    assert any("bad.yaml:5:" in d.format() and d.severity == "error" for d in failed.diagnostics)
    assert [o.variant.audience for o in result.outcomes] == [None, "short"]
    for o in result.outcomes:
        assert o.output.is_file() and o.output.parent == out
        assert o.slides == len(Presentation(o.output).slides) == len(o.slide_ids)
        assert o.size == o.output.stat().st_size and o.seconds > 0
        assert not o.errors and o.pdf is None
        assert any("reference 'regional' is not cited" in d.message for d in o.warnings)
    assert [o.output.name for o in result.outcomes] == ["base.pptx", "base--short.pptx"]
    assert result.manifest == out / "manifest.json"
    files = [e["file"] for e in json.loads(result.manifest.read_text())["outputs"]]
    assert files == ["base--short.pptx", "base.pptx"]

    kinds = [type(e).__name__ for e in events]
    assert kinds == [
        "DeckFailed",
        "BuildsStarted",
        "Built",
        "Built",
        "BuildsFinished",
        "OutcomeReady",
        "OutcomeReady",
        "ManifestWritten",
    ]
    assert events[0] is failed
    assert events[1].total == 2
    built = events[2:4]
    assert [e.done for e in built] == [1, 2] and {e.index for e in built} == {0, 1}
    assert all(result.outcomes[e.index] is e.outcome for e in built)  # the outcome returned
    assert list(events[4].outcomes) == result.outcomes
    assert [e.outcome for e in events[5:7]] == result.outcomes  # in variant order
    assert (events[7].path, events[7].added, events[7].listed) == (result.manifest, 2, 2)


def test_no_callback_is_silent_too(tmp_path, capfd):
    result = run_builds(
        [BASE, AUD],
        out_dir=tmp_path,
        audiences=[],
        all_audiences=False,
        overlays=[],
        theme=None,
        strict=False,
        pdf=False,
        jobs=1,
    )
    assert capfd.readouterr() == ("", "")
    assert result.ok
    assert [o.output.name for o in result.outcomes] == ["base.pptx", "aud.pptx"]


def test_a_failed_build_is_an_outcome_with_its_errors(tmp_path, capsys):
    result, events = build([BASE], tmp_path / "out", all_audiences=True, strict=True, jobs=1)
    assert capsys.readouterr() == ("", "")
    assert result.ok is False and len(result.outcomes) == 2
    for o in result.outcomes:
        assert o.output is None and o.slides == 0
        assert any("warning treated as error" in d.message for d in o.errors)
    assert result.manifest is None and not (tmp_path / "out").exists()
    assert [type(e).__name__ for e in events][-2:] == ["OutcomeReady", "OutcomeReady"]


def test_two_decks_with_one_id_clash(tmp_path, capsys):
    other = tmp_path / "copy" / "base.yaml"
    other.parent.mkdir()
    other.write_text(BASE.read_text())
    (other.parent / "includes").symlink_to(FIX / "includes")
    result, events = build([BASE, other], tmp_path / "out", jobs=1)
    assert capsys.readouterr() == ("", "")
    [clash] = result.clashes
    assert (clash.variant.deck, clash.other.deck) == (other, BASE)
    assert clash.output == tmp_path / "out" / "base.pptx"
    assert clash in events
    assert result.ok is False
    assert [o.variant.deck for o in result.outcomes] == [BASE]


def test_unknown_audience_raises_after_reporting_the_decks_before(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD)
    events: list = []
    with pytest.raises(UnknownAudience) as exc:
        run_builds(
            [bad, BASE],
            out_dir=tmp_path / "out",
            audiences=["shrt"],
            all_audiences=False,
            overlays=[],
            theme=None,
            strict=False,
            pdf=False,
            on_event=events.append,
        )
    assert capsys.readouterr() == ("", "")
    assert exc.value.name == "shrt" and exc.value.defined == ["short"]
    assert exc.value.deck == BASE and "did you mean 'short'?" in exc.value.message
    assert [type(e).__name__ for e in events] == ["DeckFailed"]
    assert not (tmp_path / "out").exists()


def test_batch_imports_neither_click_nor_the_cli(tmp_path):
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from slidegen.batch import run_builds\n"
        f"r = run_builds([Path({str(BASE)!r})], out_dir=Path({str(tmp_path)!r}), audiences=[],"
        " all_audiences=True, overlays=[], theme=None, strict=False, pdf=False, jobs=2)\n"
        "assert r.ok and len(r.outcomes) == 2\n"
        "assert 'click' not in sys.modules and 'slidegen.cli' not in sys.modules\n"
    )
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("", "")
    assert (tmp_path / "base--short.pptx").is_file()


def test_events_are_the_documented_union():
    for name in (
        "DeckFailed",
        "Clash",
        "BuildsStarted",
        "Built",
        "BuildsFinished",
        "OutcomeReady",
        "PdfDone",
        "ManifestWritten",
    ):
        assert getattr(batch, name) in batch.Event.__args__


def test_pdfs_are_outcomes_too(tmp_path, capsys, monkeypatch):
    from slidegen import preview
    from slidegen.errors import error

    def convert(pptx, out_dir, kind=preview.TAGGED, language=None):
        if "short" in pptx.name:
            raise error("LibreOffice could not convert it")
        assert kind is preview.TAGGED and language == "en-GB"
        return out_dir / f"{pptx.stem}.pdf"

    monkeypatch.setattr(preview, "require_tools", lambda poppler: None)
    monkeypatch.setattr(preview, "export_pdf", convert)
    result, events = build([BASE], tmp_path, all_audiences=True, pdf=True, jobs=1)
    assert capsys.readouterr() == ("", "")
    full, short = result.outcomes
    assert full.pdf == tmp_path / "base.pdf" and not full.pdf_errors
    assert short.pdf is None and short.pdf_errors[0].message == "LibreOffice could not convert it"
    assert result.ok is False  # a failed PDF fails the run; both .pptx are still listed
    tail = [(type(e).__name__, getattr(e, "outcome", None)) for e in events[-5:]]
    assert tail == [
        ("OutcomeReady", full),
        ("PdfDone", full),
        ("OutcomeReady", short),
        ("PdfDone", short),
        ("ManifestWritten", None),
    ]
    assert events[-1].added == 2


@pytest.mark.render
def test_pdf_written_by_libreoffice(tmp_path):
    result, events = build([BASE], tmp_path, pdf=True, jobs=1)
    [o] = result.outcomes
    assert result.ok and o.pdf == tmp_path / "base.pdf"
    assert o.pdf.read_bytes().startswith(b"%PDF")
    assert any(isinstance(e, batch.PdfDone) and e.outcome is o for e in events)
