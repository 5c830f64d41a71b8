"""The floor benchmark's python-pptx fast paths (benchmarks/pptx_fast_paths.py): same bytes as
stock python-pptx, and no whole-package scans, so the floor slidegen is measured against is
python-pptx at its best."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import xlsxwriter.core
from PIL import Image
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import OpcPackage, _Relationships
from pptx.oxml.presentation import CT_SlideIdList
from pptx.slide import Slides
from pptx.util import Inches

_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "pptx_fast_paths.py"
_SPEC = importlib.util.spec_from_file_location("pptx_fast_paths", _PATH)
pptx_fixes = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(pptx_fixes)
fix_problems, fixes_apply = pptx_fixes.fix_problems, pptx_fixes.fixes_apply
speed_up = pptx_fixes.speed_up


@pytest.fixture(autouse=True)
def frozen_xlsx_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chart workbooks embed their creation time; pin it so two builds can be compared."""

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz=None):  # noqa: ANN206 - mirrors datetime.now
            return cls(2024, 5, 6, 7, 8, 9, tzinfo=tz)

    monkeypatch.setattr(xlsxwriter.core, "datetime", Frozen)


def png(seed: int) -> io.BytesIO:
    """A small PNG whose pixels depend on `seed`."""
    buf = io.BytesIO()
    Image.new("RGB", (8 + seed % 5, 6), (seed * 40 % 256, seed * 90 % 256, 120)).save(buf, "PNG")
    buf.seek(0)
    return buf


def chart_data(i: int) -> CategoryChartData:
    data = CategoryChartData()
    data.categories = ["A", "B", "C"]
    data.add_series("Seen", (i, i + 1, i + 2))
    return data


def add_mixed_slide(prs, i: int) -> None:
    """Slide `i` of the mixed deck: every kind of part python-pptx can add to a slide."""
    layouts = prs.slide_layouts
    kind = i % 6
    if kind == 0:
        slide = prs.slides.add_slide(layouts[0])
        slide.shapes.title.text = f"Title {i}"
    elif kind == 1:
        slide = prs.slides.add_slide(layouts[1])
        slide.shapes.title.text = f"Bullets {i}"
        frame = slide.placeholders[1].text_frame
        frame.text = f"Point {i}"
        para = frame.add_paragraph()
        para.level = 1
        run = para.add_run()
        run.text = "source"
        run.hyperlink.address = f"https://example.org/{i}"
        frame.add_paragraph().add_run().hyperlink.address = "https://example.org/shared"
    elif kind == 2:
        slide = prs.slides.add_slide(layouts[5])
        slide.shapes.add_picture(png(i // 6 % 3), Inches(1), Inches(2))  # reuses 3 images
    elif kind == 3:
        slide = prs.slides.add_slide(layouts[5])
        slide.shapes.add_chart(
            XL_CHART_TYPE.COLUMN_CLUSTERED,
            Inches(1),
            Inches(2),
            Inches(6),
            Inches(4),
            chart_data(i),
        )
    elif kind == 4:
        slide = prs.slides.add_slide(layouts[5])
        table = slide.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6), Inches(2)).table
        table.cell(0, 0).text = f"Table {i}"
        table.cell(2, 1).text = "42"
    else:
        slide = prs.slides.add_slide(layouts[6])
        box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(6), Inches(2))
        box.text_frame.text = f"Statement {i}"
        box.click_action.target_slide = prs.slides[0]  # internal hyperlink to another slide
    if i % 3 == 0:
        slide.notes_slide.notes_text_frame.text = f"Notes {i}"


def build_mixed(fixed: bool, n: int = 42) -> bytes:
    prs = Presentation()
    if fixed:
        assert speed_up(prs) is True
    for i in range(n):
        add_mixed_slide(prs, i)
    return save(prs)


def save(prs) -> bytes:
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def members(blob: bytes) -> list[tuple[str, bytes]]:
    """Zip member names and contents, in archive order (zip timestamps come from the clock)."""
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return [(info.filename, zf.read(info)) for info in zf.infolist()]


def assert_same_package(stock: bytes, fixed: bytes) -> None:
    a, b = members(stock), members(fixed)
    assert [name for name, _ in a] == [name for name, _ in b]
    for (name, blob_a), (_, blob_b) in zip(a, b, strict=True):
        assert blob_a == blob_b, f"{name} differs"


def test_mixed_deck_is_byte_identical_to_stock() -> None:
    stock, fixed = build_mixed(False), build_mixed(True)
    assert_same_package(stock, fixed)

    names = [name for name, _ in members(fixed)]
    assert "ppt/slides/slide42.xml" in names
    assert "ppt/notesSlides/notesSlide14.xml" in names
    assert "ppt/charts/chart7.xml" in names
    assert "ppt/embeddings/Microsoft_Excel_Sheet7.xlsx" in names
    assert [n for n in names if n.startswith("ppt/media/")] == [
        "ppt/media/image1.png",
        "ppt/media/image2.png",
        "ppt/media/image3.png",
    ]

    # What a viewer sees in the deck built with the fixes.
    prs = Presentation(io.BytesIO(fixed))
    assert len(prs.slides) == 42
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide]
    assert notes == [f"Notes {i}" for i in range(0, 42, 3)]
    assert [s.slide_id for s in prs.slides] == list(range(256, 256 + 42))
    bullets = prs.slides[1].placeholders[1].text_frame.paragraphs[1].runs[0]
    assert bullets.hyperlink.address == "https://example.org/1"
    assert prs.slides[2].shapes[-1].image.size == (8, 6)
    chart = prs.slides[3].shapes[-1].chart
    assert list(chart.plots[0].series[0].values) == [3.0, 4.0, 5.0]
    assert prs.slides[4].shapes[-1].table.cell(0, 0).text == "Table 4"
    assert prs.slides[5].shapes[-1].click_action.target_slide.slide_id == 256


def test_parts_added_in_any_order_are_byte_identical() -> None:
    """Notes added to old slides later, charts/pictures on earlier slides after later ones."""

    def build(fixed: bool) -> bytes:
        prs = Presentation()
        if fixed:
            speed_up(prs)
        slides = [prs.slides.add_slide(prs.slide_layouts[6]) for _ in range(12)]
        for i in (9, 2, 7):
            slides[i].notes_slide.notes_text_frame.text = f"late notes {i}"
        slides[11].shapes.add_chart(XL_CHART_TYPE.PIE, 0, 0, Inches(4), Inches(3), chart_data(11))
        slides[0].shapes.add_picture(png(1), 0, 0)
        slides[3].shapes.add_chart(
            XL_CHART_TYPE.BAR_CLUSTERED, 0, 0, Inches(4), Inches(3), chart_data(3)
        )
        slides[5].shapes.add_picture(png(2), 0, 0)
        slides[6].shapes.add_picture(png(1), 0, 0)  # same image again: one part
        slides[1].notes_slide.notes_text_frame.text = "notes before more slides"
        for i in range(4):
            add_mixed_slide(prs, i)
        return save(prs)

    assert_same_package(build(False), build(True))


def test_opened_deck_with_deleted_and_moved_slides_is_byte_identical() -> None:
    """Start from a saved deck, add parts, delete the last slides (the usual recipe), add more.

    The deleted slides held notes, a chart and the only use of an image, all added after
    speed_up, so stock python-pptx reuses their part names and no longer finds the image; the
    fast paths must agree. (Deleting a slide from the middle makes stock python-pptx itself
    write duplicate slide names, so only trailing slides are deleted.)
    """
    base = build_mixed(False, n=19)

    def build(fixed: bool) -> bytes:
        prs = Presentation(io.BytesIO(base))
        if fixed:
            speed_up(prs)
        for i in range(19, 22):  # bullets, picture, chart with notes
            add_mixed_slide(prs, i)
        prs.slides[-2].shapes.add_picture(png(9), 0, 0)  # an image no other slide uses
        sld_ids = prs.slides._sldIdLst
        for _ in range(4):
            sld_id = sld_ids[-1]
            prs.part.drop_rel(sld_id.rId)
            sld_ids.remove(sld_id)
        for i in range(22, 26):
            add_mixed_slide(prs, i)
        prs.slides[-1].shapes.add_picture(png(9), 0, 0)
        moved = sld_ids[-1]  # the largest slide id is no longer last
        sld_ids.remove(moved)
        sld_ids.insert(0, moved)
        add_mixed_slide(prs, 26)
        sld_ids[-1].id = 1000  # a caller renumbering the last slide
        add_mixed_slide(prs, 27)
        return save(prs)

    stock, fixed = build(False), build(True)
    assert_same_package(stock, fixed)
    prs = Presentation(io.BytesIO(fixed))
    assert len(prs.slides) == 24
    assert [s.slide_id for s in prs.slides][:2] == [256 + 21, 256]
    assert [s.slide_id for s in prs.slides][-3:] == [256 + 20, 1000, 1001]
    names = [name for name, _ in members(fixed)]
    # chart4 and image4 were deleted with their slides, and their names reused.
    assert [n for n in names if n.startswith("ppt/charts/chart")] == [
        f"ppt/charts/chart{k}.xml" for k in (1, 2, 3, 4)
    ]
    assert sorted(n for n in names if n.startswith("ppt/media/")) == [
        f"ppt/media/image{k}.png" for k in (1, 2, 3, 4)
    ]


def test_speed_up_twice_is_harmless() -> None:
    prs = Presentation()
    speed_up(prs)
    add_mixed_slide(prs, 0)
    speed_up(prs)  # rescans, does not stack wrappers
    for i in range(1, 8):
        add_mixed_slide(prs, i)
    fixed = save(prs)

    prs = Presentation()
    for i in range(8):
        add_mixed_slide(prs, i)
    assert_same_package(save(prs), fixed)


def test_fixes_apply_to_installed_python_pptx() -> None:
    """Fails when a python-pptx upgrade changes the internals the fast paths stand in for."""
    assert fix_problems() == []
    assert fixes_apply() is True


def test_changed_internals_are_detected_and_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def add_slide(self, slide_layout):  # a "new version" with a different body
        return self.part.add_slide(slide_layout)[1]

    monkeypatch.setattr(Slides, "add_slide", add_slide)
    assert fixes_apply() is False
    assert fix_problems() == ["Slides.add_slide body changed"]
    prs = Presentation()
    assert speed_up(prs) is False
    assert "add_slide" not in vars(prs.slides)
    assert not hasattr(prs.part.package, pptx_fixes._MARKER)


def scans(fixed: bool, n: int) -> Counter:
    """Count whole-package scans made while adding `n` mixed slides (spied after speed_up)."""
    prs = Presentation()
    if fixed:
        assert speed_up(prs) is True
    calls: Counter = Counter()
    iter_parts, iter_rels = OpcPackage.iter_parts, OpcPackage.iter_rels
    by_reltype = _Relationships._rels_by_reltype.fget  # type: ignore[attr-defined]
    next_id = CT_SlideIdList._next_id.fget  # type: ignore[attr-defined]

    def counting_parts(self):
        calls["iter_parts"] += 1
        return iter_parts(self)

    def counting_rels(self):
        calls["iter_rels"] += 1
        return iter_rels(self)

    def counting_by_reltype(self):
        calls["rels_by_reltype"] += 1
        calls["largest_rels_indexed"] = max(calls["largest_rels_indexed"], len(self))
        return by_reltype(self)

    def counting_next_id(self):
        calls["next_slide_id"] += 1
        return next_id(self)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(OpcPackage, "iter_parts", counting_parts)
        mp.setattr(OpcPackage, "iter_rels", counting_rels)
        mp.setattr(_Relationships, "_rels_by_reltype", property(counting_by_reltype))
        mp.setattr(CT_SlideIdList, "_next_id", property(counting_next_id))
        for i in range(n):
            add_mixed_slide(prs, i)
    return calls


def test_fast_path_scans_do_not_grow_with_slide_count() -> None:
    few, many = scans(True, 12), scans(True, 48)
    for scan in ("iter_parts", "iter_rels", "next_slide_id"):
        assert few[scan] == many[scan], scan  # a few first-use scans, whatever the deck size
    assert many["next_slide_id"] == 0
    # One walk per cache (notes, theme, charts, workbooks, image names) and one for image sha1s.
    assert many["iter_parts"] <= 5
    assert many["iter_rels"] <= many["iter_parts"] + 1  # each iter_parts walks iter_rels
    # Only small per-slide collections are indexed by reltype, never the presentation part's
    # (one relationship per slide).
    assert many["largest_rels_indexed"] < 12


def test_stock_scans_grow_with_slide_count() -> None:
    """The spies do see the quadratic paths when the fixes are not installed."""
    few, many = scans(False, 12), scans(False, 48)
    assert many["next_slide_id"] == 48
    assert many["iter_parts"] > few["iter_parts"] >= 4
    assert many["largest_rels_indexed"] >= 48  # the presentation part's, rebuilt per slide


def test_presentation_rels_lookup_reuses_existing_relationship() -> None:
    prs = Presentation()
    speed_up(prs)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    rId = prs.part.relate_to(slide.part, RT.SLIDE)
    assert rId == prs.slides._sldIdLst[0].rId
    assert prs.part.relate_to(slide.part, RT.SLIDE) == rId


def test_presentation_rels_replaced_behind_the_index_are_noticed() -> None:
    """A relationship popped and its rId reused by an external one, keeping the count."""

    def build(fixed: bool) -> tuple[list[str], bytes]:
        prs = Presentation()
        if fixed:
            speed_up(prs)
        slides = [prs.slides.add_slide(prs.slide_layouts[6]) for _ in range(3)]
        rId = prs.slides._sldIdLst[1].rId
        prs.part.rels.pop(rId)
        ext = prs.part.relate_to("https://example.org/", RT.HYPERLINK, is_external=True)
        again = prs.part.relate_to(slides[1].part, RT.SLIDE)
        prs.slides._sldIdLst[1].rId = again
        return [rId, ext, again], save(prs)

    (stock_ids, stock), (fixed_ids, fixed) = build(False), build(True)
    assert fixed_ids == stock_ids
    assert fixed_ids[0] == fixed_ids[1] != fixed_ids[2]  # the external link took the freed rId
    assert_same_package(stock, fixed)
