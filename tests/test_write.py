"""Writing: byte-identical builds, core properties from the deck, atomic replacement."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree
from pptx import Presentation

from helpers.decks import CORE, run_cli, write
from helpers.structure import assert_structure
from slidegen.build import BuildOptions, build

NO_DATE = """\
deck:
  title: No date
  presenter: Pat Presenter
sections:
  - id: s
    title: S
    slides:
      - bullets: [one]
        notes: A **note**.
"""


def _build(deck, out):
    result = build(deck, BuildOptions(out_dir=out))
    assert_structure(result.output)
    return result.output.read_bytes()


def test_two_builds_are_byte_identical(tmp_path):
    assert _build(CORE / "basic.yaml", tmp_path / "a") == _build(
        CORE / "basic.yaml", tmp_path / "b"
    )


def test_without_a_deck_date_builds_are_identical_and_use_source_date_epoch(tmp_path, monkeypatch):
    deck = write(tmp_path, "nodate.yaml", NO_DATE)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = _build(deck, tmp_path / "a")
    assert first == _build(deck, tmp_path / "b")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    dated = _build(deck, tmp_path / "c")
    assert dated == _build(deck, tmp_path / "d")
    assert dated != first
    props = Presentation(tmp_path / "c" / "nodate.pptx").core_properties
    assert props.created.isoformat() == "2026-01-01T00:00:00"
    assert props.modified.isoformat() == "2026-01-01T00:00:00"


def test_deck_date_wins_over_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    _build(CORE / "basic.yaml", tmp_path)
    props = Presentation(tmp_path / "basic.pptx").core_properties
    assert props.created.isoformat() == "2026-01-02T00:00:00"
    assert props.modified.isoformat() == "2026-01-02T00:00:00"


def test_core_properties_come_from_the_deck(tmp_path):
    _build(CORE / "basic.yaml", tmp_path)
    props = Presentation(tmp_path / "basic.pptx").core_properties
    assert props.title == "Core layouts"
    assert props.author == "Ann Example"
    assert props.last_modified_by == "Ann Example"
    assert props.language == "en-GB"
    assert props.revision == 1


def test_no_python_pptx_template_leftovers(tmp_path):
    _build(CORE / "basic.yaml", tmp_path)
    with zipfile.ZipFile(tmp_path / "basic.pptx") as zf:
        names = zf.namelist()
        assert not any("thumbnail" in n for n in names)
        core = zf.read("docProps/core.xml").decode()
        for leftover in ("python-pptx", "Steve Canny", "2013-01-27"):
            assert leftover not in core
        app = zf.read("docProps/app.xml").decode()
        assert "<Application>slidegen</Application>" in app
        assert "On-screen Show (16:9)" in app
        pres = etree.fromstring(zf.read("ppt/presentation.xml"))
        ns = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
        size = pres.find("p:sldSz", ns)
        assert (size.get("cx"), size.get("cy")) == ("12192000", "6858000")
        assert size.get("type") != "screen4x3"
        assert pres.find("p:notesMasterIdLst", ns) is not None


def test_zip_entries_have_one_fixed_date_and_content_types_first(tmp_path):
    _build(CORE / "basic.yaml", tmp_path)
    with zipfile.ZipFile(tmp_path / "basic.pptx") as zf:
        infos = zf.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    rest = [i.filename for i in infos[1:]]
    assert rest == sorted(rest)


def test_failed_build_keeps_the_previous_file_and_leaves_no_temp_files(tmp_path, monkeypatch):
    deck = write(tmp_path, "talk.yaml", NO_DATE)
    monkeypatch.chdir(tmp_path)
    ok = run_cli("build", "talk.yaml", "--out", "out")
    assert ok.exit_code == 0, ok.output
    before = (tmp_path / "out" / "talk.pptx").read_bytes()
    deck.write_text(NO_DATE.replace("[one]", "[one, '{{ missing }}']"), encoding="utf-8")
    bad = run_cli("build", "talk.yaml", "--out", "out")
    assert bad.exit_code == 1
    assert bad.stderr.splitlines() == [
        "talk.yaml:8:24: error: no data value for '{{ missing }}'",
        "talk.yaml: 1 error; nothing written.",
    ]
    assert (tmp_path / "out" / "talk.pptx").read_bytes() == before
    names = [p.name for p in (tmp_path / "out").iterdir()]
    assert "talk.pptx" in names
    assert [n for n in names if n.startswith(".") or n.endswith(".tmp")] == []


def test_a_write_that_fails_midway_leaves_the_previous_file(tmp_path, monkeypatch):
    from slidegen import write as write_mod

    target = tmp_path / "deck.pptx"
    target.write_bytes(b"previous")

    class Boom(Exception):
        pass

    def failing_replace(src, dst):
        raise Boom()

    monkeypatch.setattr(write_mod.os, "replace", failing_replace)
    with pytest.raises(Boom):
        write_mod.write_atomic(target, b"new content")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def _zipfile_bytes(items: dict) -> bytes:
    """What zipfile itself writes for the members, as write.py zipped them before."""
    import io

    from slidegen.write import ZIP_DATE

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in items.items():
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            dst.writestr(info, content, compresslevel=6)
    return out.getvalue()


def test_own_zip_writer_writes_what_zipfile_writes():
    import random

    from slidegen.write import ZipMemo, _zip_items

    rng = random.Random(7)
    items = {
        "[Content_Types].xml": b"<Types/>" * 50,
        "a/empty.xml": b"",
        "a/noise.bin": bytes(rng.randrange(256) for _ in range(70_000)),  # stored larger
        "b/text.xml": ("<t>" + "x" * 5000 + "</t>").encode(),
        "c/caf\u00e9.xml": "non-ASCII name: caf\u00e9".encode(),  # UTF-8 name flag
    }
    expected = _zipfile_bytes(items)
    assert _zip_items(items) == expected
    memo = ZipMemo()
    assert _zip_items(items, memo=memo) == expected
    warm = ZipMemo(memo.now)
    assert _zip_items(dict(items), memo=warm) == expected  # every member from the memo
    assert warm.now == memo.now
    with zipfile.ZipFile(__import__("io").BytesIO(expected)) as z:
        assert z.testzip() is None
        assert z.read("c/caf\u00e9.xml") == items["c/caf\u00e9.xml"]


def test_a_warm_build_reuses_compressed_members_and_matches(tmp_path):
    from slidegen.cache import BuildCache

    deck = write(tmp_path, "deck.yaml", NO_DATE)
    cold = build(deck, BuildOptions(out_dir=tmp_path), write=False).data
    cache = BuildCache()
    first = build(deck, BuildOptions(out_dir=tmp_path), write=False, cache=cache).data
    kept = dict(cache.zipped)
    assert kept
    second = build(deck, BuildOptions(out_dir=tmp_path), write=False, cache=cache).data
    assert first == second == cold
    assert all(cache.zipped[k] is kept[k] for k in kept if k in cache.zipped)


RELEASED = """\
deck:
  title: Released slides
  date: 2026-01-02
sections:
  - id: s
    title: S
    slides:
      - id: points
        title: Points
        bullets: [one, "a [link](https://example.org)"]
        notes: Notes with a [link](https://example.org/n).
      - id: figures
        layout: chart
        title: Figures
        chart:
          type: column
          categories: [A, B]
          series:
            - {name: One, values: [1, 2]}
        alt: A column chart
"""


def test_released_slides_zip_to_the_same_bytes(tmp_path):
    """Slides compressed as they are finished (their XML let go) give the same package."""
    from slidegen.build import plan_deck
    from slidegen.errors import Diagnostics
    from slidegen.render import render
    from slidegen.write import to_bytes

    deck = write(tmp_path, "deck.yaml", RELEASED)
    out = {}
    for release in (False, True):
        plan = plan_deck(deck, BuildOptions(), Diagnostics())
        package, _ = render(plan, Diagnostics(), release=release)
        slide_parts = [p for p in package.iter_parts() if "/slides/" in p.partname]
        if release:  # only a childless root is left of each slide
            assert all(len(p.element) == 0 for p in slide_parts)
        out[release] = to_bytes(package, plan)
    assert out[True] == out[False]
    with zipfile.ZipFile(__import__("io").BytesIO(out[True])) as z:
        app = z.read("docProps/app.xml").decode()
        assert f"<Slides>{len(slide_parts)}</Slides>" in app and "<Notes>1</Notes>" in app
        assert any(n.startswith("ppt/charts/chart") for n in z.namelist())


def test_rels_and_content_types_are_what_python_pptx_writes(tmp_path):
    """The package model's .rels parts and [Content_Types].xml are the bytes python-pptx's
    serialisers write for the same package, also for external targets with characters XML
    escapes and for rIds out of numerical order; new relationships get python-pptx's rIds."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.oxml import serialize_part_xml
    from pptx.opc.serialized import _ContentTypesItem

    from slidegen.write.package import Package, content_types_xml, rels_xml

    out = build(CORE / "basic.yaml", BuildOptions(out_dir=tmp_path)).output
    prs = Presentation(str(out))
    ours = Package.from_bytes(out.read_bytes())
    part = prs.slides[0].part
    our_part = next(p for p in ours.iter_parts() if p.partname == str(part.partname))
    for url in ('https://e.org/a?b=1&c=<2>"q"', "https://x.org/\u00e9\u4e2d", "http://a/b\tc\nd"):
        want = part.relate_to(url, RT.HYPERLINK, is_external=True)
        assert our_part.relate_to_url(url, RT.HYPERLINK) == want
    rel = part.rels._rels.pop("rId2")  # a gap, out of insertion order
    rel._rId = "rId100"
    part.rels._rels["rId100"] = rel
    our_rel = our_part.rels.pop("rId2")
    our_rel.rid = "rId100"
    our_part.rels["rId100"] = our_rel
    package = prs.part.package
    parts = tuple(package.iter_parts())
    by_name = {p.partname: p for p in ours.iter_parts()}
    assert set(by_name) == {str(p.partname) for p in parts}
    checked = 0
    for p in parts:
        if p._rels:
            mine = by_name[str(p.partname)]
            assert rels_xml(mine.rels, mine.base_uri) == p.rels.xml, p.partname
            checked += 1
    assert checked > 5
    assert b'Target="https://e.org/a?b=1&amp;c=&lt;2&gt;&quot;q&quot;"' in rels_xml(
        our_part.rels, our_part.base_uri
    )
    assert rels_xml(ours.rels, "/") == package._rels.xml
    mine = list(ours.iter_parts())
    assert content_types_xml(mine) == serialize_part_xml(_ContentTypesItem.xml_for(parts))
