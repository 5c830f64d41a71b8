"""Every built .pptx knows where it came from (slidegen.origin): deck, audience, overlays, a hash
of its inputs, and each slide's id with its content hash, key by key; stored deterministically
in a custom XML part and custom document properties."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from slidegen.build import BuildOptions, build, plan_deck, render_plan
from slidegen.errors import Diagnostics
from slidegen.importer.read import read_pptx
from slidegen.origin import (
    PICTURE,
    content_hash,
    key_hash,
    origin_of,
    plan_view,
    read_origin,
)
from slidegen.pull.read import read_deck

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "decks" / "parent-infant-impact.yaml"
NORFOLK = ROOT / "decks" / "regions" / "norfolk.yaml"
ESSEX = ROOT / "decks" / "regions" / "essex.yaml"
FIXTURES = ROOT / "tests" / "fixtures"


def _built(tmp_path, deck=SEED, **options) -> Path:
    out = tmp_path / "out.pptx"
    build(deck, BuildOptions(output=out, **options))
    return out


def test_a_build_stores_its_origin(tmp_path):
    out = _built(tmp_path, audience="families", overlays=(NORFOLK,))
    origin = read_origin(out)
    plan = plan_deck(SEED, BuildOptions(audience="families", overlays=(NORFOLK,)))
    assert origin.deck_id == "parent-infant-impact"
    assert origin.deck_file == "parent-infant-impact.yaml"
    assert origin.audience == "families"
    assert origin.overlays == ("regions/norfolk.yaml",)
    names = [name for name, _sha in origin.inputs]
    assert names[0] == "parent-infant-impact.yaml"
    assert "regions/norfolk.yaml" in names and "slidegen:themes/default/theme.yaml" in names
    assert len(origin.inputs_sha256) == 64
    assert [s.id for s in origin.slides] == [s.id for s in plan.slides]
    by_id = {s.id: s for s in plan.slides}
    for s in origin.slides:
        view = plan_view(by_id[s.id], plan)
        assert s.hash == content_hash(view)
        assert s.keys == {k: key_hash(v) for k, v in view.items()}
        assert s.layout == by_id[s.id].layout and s.section == by_id[s.id].section_id
    stat = origin.slide("norfolk-care-ratio")
    assert {"title", "stats[1].value", "stats[1].label", "notes", "source"} <= set(stat.keys)


def test_the_origin_parts_and_properties(tmp_path):
    out = _built(tmp_path, overlays=(NORFOLK,))
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        props = z.read("docProps/custom.xml").decode()
        rels = z.read("ppt/_rels/presentation.xml.rels").decode()
    assert {"customXml/item1.xml", "customXml/itemProps1.xml", "docProps/custom.xml"} <= set(names)
    assert "relationships/customXml" in rels
    for name in ("slidegen.deck", "slidegen.audience", "slidegen.overlays", "slidegen.inputs"):
        assert f'name="{name}"' in props
    assert "<vt:lpwstr>regions/norfolk.yaml</vt:lpwstr>" in props


def test_the_manifest_names_the_build_the_file_stores(tmp_path):
    import json

    from slidegen.batch import run_builds

    out = tmp_path / "out"
    run_builds(
        [SEED],
        out_dir=out,
        audiences=["families"],
        all_audiences=False,
        overlays=[NORFOLK],
        theme=None,
        strict=False,
        pdf=False,
        jobs=1,
    )
    (entry,) = json.loads((out / "manifest.json").read_text())["outputs"]
    stored = read_origin(out / entry["file"])
    assert entry["inputs_sha256"] == stored.inputs_sha256
    assert entry["slide_ids"] == [s.id for s in stored.slides]


def test_the_origin_is_deterministic_wherever_the_build_runs(tmp_path):
    first = build(SEED, BuildOptions(overlays=(NORFOLK,)), write=False).data
    again = build(SEED, BuildOptions(overlays=(NORFOLK,)), write=False).data
    assert first == again
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cwd = os.getcwd()
    try:
        os.chdir(elsewhere)
        moved = build(SEED, BuildOptions(overlays=(NORFOLK,)), write=False).data
    finally:
        os.chdir(cwd)
    assert moved == first


def test_an_input_changes_the_inputs_hash_only_where_it_is_used(tmp_path):
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        "deck: {title: T, date: 2026-01-02}\ndata: {n: 4}\n"
        "sections:\n  - id: s\n    title: S\n    slides:\n"
        "      - {id: a, title: A, bullets: ['{{ n }} teams']}\n"
        "      - {id: b, title: B, bullets: [Same]}\n",
        encoding="utf-8",
    )
    before = origin_of(plan_deck(deck))
    deck.write_text(deck.read_text().replace("n: 4", "n: 5"), encoding="utf-8")
    after = origin_of(plan_deck(deck))
    assert before.inputs_sha256 != after.inputs_sha256
    a0, a1 = before.slide("a"), after.slide("a")
    assert a0.hash != a1.hash and a0.keys["bullets"] != a1.keys["bullets"]
    assert a0.keys["title"] == a1.keys["title"]
    assert before.slide("b") == after.slide("b")


def _views_agree(deck: Path, **options) -> None:
    plan = plan_deck(deck, BuildOptions(**options))
    data, _ = render_plan(plan, Diagnostics())
    out = _tmp_file(data)
    reading = read_deck(read_pptx(out), plan, "x")
    for s in plan.slides:
        if s.layout == "references":
            continue
        want = {k: v for k, v in plan_view(s, plan).items() if not k.endswith(PICTURE)}
        got = {k: v for k, v in reading.views[s.id].items() if not k.endswith(PICTURE)}
        assert got == want, (deck.name, s.id)


_TMP: list[Path] = []


def _tmp_file(data: bytes) -> Path:
    import tempfile

    fd, name = tempfile.mkstemp(suffix=".pptx")
    os.write(fd, data)
    os.close(fd)
    _TMP.append(Path(name))
    return Path(name)


@pytest.fixture(autouse=True)
def _cleanup():
    yield
    while _TMP:
        _TMP.pop().unlink(missing_ok=True)


@pytest.mark.parametrize(
    ("deck", "options"),
    [
        (SEED, {}),
        (SEED, {"overlays": (NORFOLK,)}),
        (SEED, {"overlays": (ESSEX,), "audience": "families"}),
        (FIXTURES / "core" / "basic.yaml", {}),
        (FIXTURES / "import" / "small.yaml", {}),
        (FIXTURES / "tailoring" / "audiences.yaml", {}),
    ],
)
def test_build_time_and_read_back_views_agree(deck, options):
    """What the origin stores for a slide is what pull reads back from the unedited file."""
    _views_agree(deck, **options)


def test_views_agree_on_every_rich_layout(tmp_path):
    from test_render_rich import draw_pictures

    draw_pictures(tmp_path)
    deck = tmp_path / "rich.yaml"
    shutil.copy(FIXTURES / "rich" / "rich.yaml", deck)
    _views_agree(deck)


def test_a_file_without_an_origin(tmp_path):
    from pptx import Presentation

    path = tmp_path / "plain.pptx"
    Presentation().save(path)
    assert read_origin(path) is None
    (tmp_path / "not.pptx").write_text("nope")
    assert read_origin(tmp_path / "not.pptx") is None


def test_without_the_xml_part_the_properties_still_tell_the_deck(tmp_path):
    out = _built(tmp_path, overlays=(NORFOLK,), audience="families")
    stripped = tmp_path / "stripped.pptx"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(stripped, "w") as dst:
        for item in src.infolist():
            if not item.filename.startswith("customXml/"):
                dst.writestr(item, src.read(item.filename))
    origin = read_origin(stripped)
    assert (origin.deck_id, origin.audience, origin.overlays) == (
        "parent-infant-impact",
        "families",
        ("regions/norfolk.yaml",),
    )
    assert origin.slides == []


@pytest.mark.render
def test_libreoffice_keeps_the_origin(tmp_path):
    out = _built(tmp_path, overlays=(NORFOLK,))
    saved = tmp_path / "lo"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pptx", "--outdir", str(saved), str(out)],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert read_origin(saved / out.name) == read_origin(out)


def test_the_origin_lists_what_a_corporate_template_adds(tmp_path):
    """A template's own custom properties stay; slidegen's are added after them."""
    from fixtures.themes.make_templates import default_template

    theme = tmp_path / "themes" / "corp"
    theme.mkdir(parents=True)
    template = theme / "template.pptx"
    default_template(template)
    props = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        'name="Classification"><vt:lpwstr>Official</vt:lpwstr></property></Properties>'
    )
    _add_custom_properties(template, props)
    (theme / "theme.yaml").write_text("name: corp\ntemplate: template.pptx\n", encoding="utf-8")
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        "deck: {title: T, theme: corp}\nsections:\n  - {id: s, title: S, slides: [{title: A}]}\n",
        encoding="utf-8",
    )
    data = build(deck, BuildOptions(), write=False).data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        text = z.read("docProps/custom.xml").decode()
    assert 'name="Classification"' in text and "Official" in text
    assert text.index("Classification") < text.index("slidegen.deck")
    assert 'pid="3" name="slidegen.deck"' in text


def _add_custom_properties(template: Path, props: str) -> None:
    data = template.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(template, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/docProps/custom.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
                )
            if item.filename == "_rels/.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/custom-properties" '
                    b'Target="docProps/custom.xml"/></Relationships>',
                )
            dst.writestr(item, content)
        dst.writestr("docProps/custom.xml", props)


def test_a_template_is_the_same_input_when_saved_again_and_is_never_inflated(tmp_path):
    """Its members' names, sizes and CRC-32s, from the zip directory: new dates give the same
    hash, a changed member another, and a damaged member nobody reads no crash."""
    from slidegen.origin import _sha256_file

    def write(path, members, date=(1980, 1, 1, 0, 0, 0)):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in members.items():
                z.writestr(zipfile.ZipInfo(name, date), data)
        return path

    members = {"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>" * 50}
    first = _sha256_file(write(tmp_path / "a.pptx", members))
    assert _sha256_file(write(tmp_path / "b.pptx", members, (2026, 5, 4, 3, 2, 0))) == first
    changed = {**members, "ppt/presentation.xml": b"<q/>" * 50}
    assert _sha256_file(write(tmp_path / "c.pptx", changed)) != first

    damaged = bytearray((tmp_path / "a.pptx").read_bytes())
    at = damaged.index(b"ppt/presentation.xml") + len("ppt/presentation.xml")
    damaged[at : at + 8] = b"\xff" * 8  # the member's deflate stream, not its directory entry
    (tmp_path / "d.pptx").write_bytes(bytes(damaged))
    assert _sha256_file(tmp_path / "d.pptx") == first
