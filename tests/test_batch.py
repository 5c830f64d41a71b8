"""Batch builds: variants and their names, worker processes, progress, manifest.json."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from slidegen import cli
from slidegen.batch import UnknownAudience, Variant, variants
from slidegen.cli import main, run_batch

FIX = Path(__file__).parent / "fixtures" / "tailoring"
BASE = FIX / "base.yaml"
AUD = FIX / "audiences.yaml"
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "decks" / "parent-infant-impact.yaml"
NORFOLK = ROOT / "decks" / "regions" / "norfolk.yaml"
ESSEX = ROOT / "decks" / "regions" / "essex.yaml"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def region(tmp_path: Path, name: str, subtitle: str) -> Path:
    path = tmp_path / "regions" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"deck: {{subtitle: {subtitle}}}\n")
    return path


def run(decks, out, **kw):
    """Build as `slidegen build` does (batch.run_builds, reported by the CLI): True if all built."""
    args = dict(audiences=[], all_audiences=False, overlays=[], theme=None, strict=False, pdf=False)
    args.update(kw)
    return run_batch(decks, out_dir=out, **args)


def test_variants_all_audiences_full_deck_first():
    got = variants([AUD], [], True, [])
    assert [v.audience for v in got] == [None, "boards", "clinicians", "families"]
    assert {v.deck_id for v in got} == {"aud"}


def test_variants_named_audiences_and_overlays(tmp_path):
    ov = region(tmp_path, "norfolk", "N")
    got = variants([BASE, AUD], [], False, [ov])
    assert got == [Variant(BASE, None, (ov,), "base"), Variant(AUD, None, (ov,), "aud")]
    assert got[0].output(Path("build")) == Path("build/base--norfolk.pptx")


def test_variants_each_overlay(tmp_path):
    a, b = region(tmp_path, "norfolk", "N"), region(tmp_path, "essex", "E")
    got = variants([BASE], [], True, [a, b], each_overlay=True)
    assert [v.output(Path("o")).name for v in got] == [
        "base--norfolk.pptx",
        "base--short--norfolk.pptx",
        "base--essex.pptx",
        "base--short--essex.pptx",
    ]


def test_output_names_follow_the_spec(tmp_path):
    a, b = region(tmp_path, "norfolk", "N"), region(tmp_path, "essex", "E")
    assert run([BASE], tmp_path / "out", all_audiences=True, overlays=[a, b], jobs=1)
    names = sorted(p.name for p in (tmp_path / "out").glob("*.pptx"))
    assert names == [
        "base--norfolk--essex.pptx",
        "base--short--norfolk--essex.pptx",
    ]


def test_unknown_audience_is_a_command_line_error(tmp_path):
    with pytest.raises(UnknownAudience) as exc:
        variants([BASE], ["shrt"], False, [])
    assert "did you mean 'short'?" in exc.value.message
    r = CliRunner().invoke(
        main, ["build", str(BASE), "--audience", "shrt", "--out", str(tmp_path / "out")]
    )
    assert r.exit_code == 2
    assert "Invalid value for '--audience'" in r.output and "did you mean 'short'?" in r.output
    assert not (tmp_path / "out").exists()


def test_manifest_lists_every_output(tmp_path):
    out = tmp_path / "out"
    ov = region(tmp_path, "norfolk", "Norfolk version")
    assert run([BASE], out, all_audiences=True, overlays=[ov], jobs=1)
    manifest = json.loads((out / "manifest.json").read_text())
    entries = {e["file"]: e for e in manifest["outputs"]}
    assert sorted(entries) == ["base--norfolk.pptx", "base--short--norfolk.pptx"]
    full, short = entries["base--norfolk.pptx"], entries["base--short--norfolk.pptx"]
    assert full["audience"] is None and short["audience"] == "short"
    assert full["deck"].endswith("tests/fixtures/tailoring/base.yaml")
    assert full["deck_id"] == "base"
    assert len(full["overlays"]) == 1 and full["overlays"][0].endswith("regions/norfolk.yaml")
    assert short["slide_ids"] == ["title", "intro-divider", "intro-a", "close", "references"]
    assert full["references"] == ["national"]
    for name, entry in entries.items():
        assert entry["sha256"] == sha(out / name)
        assert entry["size"] == (out / name).stat().st_size
        assert entry["slides"] == len(entry["slide_ids"])
        for path, digest in entry["inputs"].items():
            assert digest == sha(Path(path)), path
        assert any(p.endswith("base.yaml") for p in entry["inputs"])
        assert any(p.endswith("regions/norfolk.yaml") for p in entry["inputs"])


def test_manifest_is_sorted_and_reproducible(tmp_path):
    out = tmp_path / "out"
    assert run([BASE, AUD], out, jobs=1)
    first = (out / "manifest.json").read_bytes()
    assert run([BASE, AUD], out, jobs=1)
    assert (out / "manifest.json").read_bytes() == first
    data = json.loads(first)
    assert list(data) == sorted(data)
    assert [e["file"] for e in data["outputs"]] == ["aud.pptx", "base.pptx"]
    assert "time" not in first.decode() and "date" not in first.decode()


def test_manifest_keeps_earlier_outputs_still_on_disk(tmp_path):
    out = tmp_path / "out"
    assert run([BASE], out, jobs=1)
    assert run([AUD], out, jobs=1)
    files = [e["file"] for e in json.loads((out / "manifest.json").read_text())["outputs"]]
    assert files == ["aud.pptx", "base.pptx"]
    (out / "base.pptx").write_bytes(b"changed by hand")
    assert run([AUD], out, jobs=1)
    files = [e["file"] for e in json.loads((out / "manifest.json").read_text())["outputs"]]
    assert files == ["aud.pptx"]  # an entry whose file changed is dropped


def test_parallel_and_serial_builds_are_byte_identical(tmp_path):
    ov = region(tmp_path, "norfolk", "Norfolk version")
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert run([BASE, AUD], serial, all_audiences=True, overlays=[ov], jobs=1)
    assert run([BASE, AUD], parallel, all_audiences=True, overlays=[ov], jobs=2)
    names = sorted(p.name for p in serial.iterdir())
    assert len(names) == 7  # base: 2 variants, aud: 4, and the manifest
    assert names == sorted(p.name for p in parallel.iterdir())
    for name in names:
        assert (serial / name).read_bytes() == (parallel / name).read_bytes(), name


def test_a_failing_deck_does_not_stop_the_others(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "deck: {title: Bad}\nsections:\n  - id: s\n    title: S\n    slides: [{titel: x}]\n"
    )
    out = tmp_path / "out"
    assert run([bad, BASE], out, jobs=2) is False
    err = capsys.readouterr().err
    assert "bad.yaml:5:" in err and "nothing written" in err
    assert sorted(p.name for p in out.iterdir()) == ["base.pptx", "manifest.json"]


def test_plain_progress_lines_without_a_terminal(tmp_path, capsys):
    assert run([BASE], tmp_path / "out", all_audiences=True, jobs=2)
    lines = capsys.readouterr().out.splitlines()
    progress = sorted(ln for ln in lines if ln.startswith("["))
    assert [ln[:5] for ln in progress] == ["[1/2]", "[2/2]"]
    assert any("base--short.pptx: 5 slides" in ln for ln in progress)
    assert lines[-1].endswith("manifest.json: 2 outputs listed")


def test_progress_bar_on_a_terminal(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cli, "interactive", lambda: True)
    assert run([BASE], tmp_path / "out", all_audiences=True, jobs=2)
    captured = capsys.readouterr()
    assert "Building" in captured.err
    lines = [ln for ln in captured.out.splitlines() if ln.endswith(" s")]
    # after the bar: one line per file, in variant order, without counters
    assert [Path(ln.split(":")[0]).name for ln in lines] == ["base.pptx", "base--short.pptx"]


def test_cli_build_all_audiences_with_an_overlay(tmp_path):
    out = tmp_path / "out"
    ov = region(tmp_path, "norfolk", "N")
    r = CliRunner().invoke(
        main,
        ["build", str(BASE), "--all-audiences", "--overlay", str(ov), "--out", str(out), "-j", "2"],
    )
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == [
        "base--norfolk.pptx",
        "base--short--norfolk.pptx",
        "manifest.json",
    ]


def test_cli_missing_overlay_file_exits_2(tmp_path):
    r = CliRunner().invoke(main, ["build", str(BASE), "--overlay", str(tmp_path / "no.yaml")])
    assert r.exit_code == 2 and "is not a file" in r.output


# ---- the seed talk with a regional overlay ------------------------------------------------
def _texts(slide) -> str:
    parts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
    if slide.has_notes_slide:
        parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


# how each seed reference is cited on a slide or in its notes (Harvard)
SHORT = {
    "sleed2022": "Sleed et al.",
    "ohara2019": "O'Hara et al.",
    "pipuk2017": "Parent Infant Partnership (PIP) UK",
    "togetherwithbaby2021": "Together with Baby Service (Essex)",
    "dartington2022": "Dartington Service Design Lab",
    "smith2017": "Smith et al.",
}
TITLES = {
    "sleed2022": "The Evidence Base for Psychoanalytic",
    "ohara2019": "Video feedback for parental sensitivity",
    "pipuk2017": "Internal report",
    "togetherwithbaby2021": "Evaluation Report",
    "dartington2022": "An Integrated Approach",
    "smith2017": "Working towards integration",
}


def _check_references_follow_citations(pptx: Path) -> list[str]:
    from pptx import Presentation

    prs = Presentation(pptx)
    refs, others = [], []
    for slide in prs.slides:
        if slide._element.get("show") == "0":
            continue  # a hidden backup slide: the references follow what is shown
        text = _texts(slide)
        (refs if text.startswith("References") else others).append(text)
    assert refs, f"{pptx.name} has no references slide"
    listed = {rid for rid, title in TITLES.items() if any(title in r for r in refs)}
    cited = {rid for rid, short in SHORT.items() if any(short in t for t in others)}
    assert listed == cited, pptx.name
    lines = [p for r in refs for p in r.split("\n")[1:] if p.strip()]
    reviewed = [p for p in lines if p.startswith("Evidence reviewed ")]  # deck.evidence
    assert len(reviewed) == len(refs), pptx.name  # one on each references slide
    paragraphs = len(lines) - len(reviewed)
    assert paragraphs == len(listed), pptx.name  # nothing else on the references slides
    return sorted(listed)


@pytest.mark.render
def test_seed_talk_all_audiences_with_norfolk_renders(tmp_path, monkeypatch):
    from helpers.render_check import assert_renders

    monkeypatch.chdir(ROOT)
    out = tmp_path / "build"
    r = CliRunner().invoke(
        main, ["build", str(SEED), "--all-audiences", "--overlay", str(NORFOLK), "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    manifest = json.loads((out / "manifest.json").read_text())
    files = [e["file"] for e in manifest["outputs"]]
    assert files == [
        "parent-infant-impact--clinicians--norfolk.pptx",
        "parent-infant-impact--commissioners--norfolk.pptx",
        "parent-infant-impact--families--norfolk.pptx",
        "parent-infant-impact--norfolk.pptx",
    ]
    for entry in manifest["outputs"]:
        pptx = out / entry["file"]
        listed = _check_references_follow_citations(pptx)
        assert listed == sorted(entry["references"])
        work = tmp_path / pptx.stem
        work.mkdir()
        assert_renders(pptx, work)


def test_seed_talk_families_version_is_plain_and_cites_only_what_it_shows(tmp_path):
    from pptx import Presentation

    out = tmp_path / "build"
    shutil.rmtree(out, ignore_errors=True)
    assert run([SEED], out, audiences=["families"], overlays=[ESSEX], jobs=1)
    pptx = out / "parent-infant-impact--families--essex.pptx"
    prs = Presentation(pptx)
    title = _texts(prs.slides[0])
    assert "How specialist teams help babies and their families" in title
    body = "\n".join(_texts(s) for s in prs.slides)
    assert "Find out more in Essex" in body and "Circle of Security" not in body
    assert _check_references_follow_citations(pptx) == ["sleed2022", "togetherwithbaby2021"]
    master = prs.slide_masters[0]
    assert len([s for s in master.shapes if s.shape_type == 13]) == 2  # theme + Essex logos
