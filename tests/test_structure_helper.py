"""The structural package check: passes a sound, normalised deck and catches each defect."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pptx
import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from helpers.structure import assert_structure, check_structure

FIXED_DATE = (2024, 1, 1, 0, 0, 0)
CT = "[Content_Types].xml"
SLIDE1 = "ppt/slides/slide1.xml"
PRS = "ppt/presentation.xml"
NOTES_RELS = "ppt/notesSlides/_rels/notesSlide1.xml.rels"
RT_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"

CREATOR = "<dc:creator>Test Author</dc:creator>"

Entries = list[tuple[str, bytes]]


def python_pptx_deck() -> bytes:
    """Two slides with a title, body, picture, table, group and speaker notes."""
    prs = Presentation()
    s1 = prs.slides.add_slide(prs.slide_layouts[1])
    s1.shapes.title.text = "Evidence summary"
    s1.placeholders[1].text = "Home visiting reduces admissions"
    png = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 160)).save(png, "PNG")
    png.seek(0)
    s1.shapes.add_picture(png, Inches(6), Inches(1))
    s1.shapes.add_table(2, 2, Inches(1), Inches(4), Inches(4), Inches(1))
    group = s1.shapes.add_group_shape()
    group.shapes.add_textbox(Inches(6), Inches(5), Inches(2), Inches(1)).text_frame.text = "g"
    s1.notes_slide.notes_text_frame.text = "Say this first."
    s2 = prs.slides.add_slide(prs.slide_layouts[5])
    s2.shapes.title.text = "Second slide"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def read_entries(data: bytes) -> Entries:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def write_entries(entries: Entries, dates: dict[str, tuple] | None = None) -> bytes:
    """A zip of the entries in the given order, all dated FIXED_DATE unless dates says else."""
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate-entry case
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in entries:
                info = zipfile.ZipInfo(name, (dates or {}).get(name, FIXED_DATE))
                info.compress_type = zipfile.ZIP_STORED if name.endswith("/") else zf.compression
                zf.writestr(info, data)
    return out.getvalue()


def sort_entries(entries: Entries) -> Entries:
    return sorted(entries, key=lambda e: (e[0] != CT, e[0]))


def edit(entries: Entries, name: str, old: str, new: str, count: int = 1) -> Entries:
    """Replace text in one member; fails loudly if the text is not there."""
    out = []
    for member, data in entries:
        if member == name:
            text = data.decode("utf-8")
            assert old in text, f"{old!r} not in {name}"
            data = text.replace(old, new, count).encode("utf-8")
        out.append((member, data))
    return out


def drop(entries: Entries, name: str) -> Entries:
    assert name in dict(entries)
    return [(m, d) for m, d in entries if m != name]


def normalise(data: bytes) -> bytes:
    """What slidegen's writer is expected to do to python-pptx's output (see the report)."""
    entries = drop(read_entries(data), "docProps/thumbnail.jpeg")
    rels = dict(entries)["_rels/.rels"].decode()
    thumb_rel = re.search(f'<Relationship [^>]*Type="{re.escape(RT_THUMBNAIL)}"[^>]*/>', rels)
    entries = edit(entries, "_rels/.rels", thumb_rel.group(), "")
    core = dict(entries)["docProps/core.xml"].decode()
    core_new = re.sub(r"<cp:lastModifiedBy>.*?</cp:lastModifiedBy>", "", core)
    core_new = re.sub(r"<dc:description>.*?</dc:description>", "<dc:description/>", core_new)
    core_new = re.sub(r"2013-01-27T09:1\d:\d\dZ", "2024-01-01T00:00:00Z", core_new)
    core_new = re.sub(r"<dc:creator\s*/>|<dc:creator>.*?</dc:creator>", "", core_new)
    core_new = core_new.replace("</cp:coreProperties>", CREATOR + "</cp:coreProperties>")
    entries = edit(entries, "docProps/core.xml", core, core_new)
    prs_rels = dict(entries)["ppt/_rels/presentation.xml.rels"].decode()
    rid = re.search(r'Id="(rId\d+)" Type="[^"]*/notesMaster"', prs_rels).group(1)
    entries = edit(
        entries,
        PRS,
        "</p:sldMasterIdLst>",
        f'</p:sldMasterIdLst><p:notesMasterIdLst><p:notesMasterId r:id="{rid}"/>'
        "</p:notesMasterIdLst>",
    )
    return write_entries(sort_entries(entries))


@pytest.fixture(scope="module")
def good() -> bytes:
    return normalise(python_pptx_deck())


def test_normalised_deck_passes(good, tmp_path):
    assert check_structure(good) == []
    path = tmp_path / "good.pptx"
    path.write_bytes(good)
    assert_structure(path)
    # still a deck python-pptx reads back, notes included
    prs = Presentation(str(path))
    assert [s.shapes.title.text for s in prs.slides] == ["Evidence summary", "Second slide"]
    assert prs.slides[0].notes_slide.notes_text_frame.text == "Say this first."


def test_plain_python_pptx_output_is_flagged():
    problems = "\n".join(check_structure(python_pptx_deck()))
    for expected in (
        "not in sorted order",
        "p:notesMasterIdLst is missing",
        "python-pptx's template thumbnail",
        "'Steve Canny'",
        "template date 2013-01-27",
        "generated using python-pptx",
    ):
        assert expected in problems


def _template_thumbnail() -> bytes:
    template = Path(pptx.__file__).parent / "templates" / "default.pptx"
    with zipfile.ZipFile(template) as zf:
        return zf.read("docProps/thumbnail.jpeg")


def _with_thumbnail(e: Entries) -> Entries:
    rel = f'<Relationship Id="rId9" Type="{RT_THUMBNAIL}" Target="docProps/thumbnail.jpeg"/>'
    e = edit(e, "_rels/.rels", "</Relationships>", rel + "</Relationships>")
    return sort_entries([*e, ("docProps/thumbnail.jpeg", _template_thumbnail())])


def _move_notes_list_after_slides(e: Entries) -> Entries:
    text = dict(e)[PRS].decode()
    block = re.search(r"<p:notesMasterIdLst>.*?</p:notesMasterIdLst>", text).group()
    e = edit(e, PRS, block, "")
    return edit(e, PRS, "</p:sldIdLst>", "</p:sldIdLst>" + block)


def _swap_first_two_after_ct(e: Entries) -> Entries:
    return [e[0], e[2], e[1], *e[3:]]


# (id, mutation of the sorted entries, expected words in a problem)
DEFECTS: list[tuple[str, Callable[[Entries], Entries | bytes], str]] = [
    ("not_zip", lambda e: b"this is not a zip", "not a ZIP archive"),
    ("duplicate_entry", lambda e: [*e, (SLIDE1, dict(e)[SLIDE1])], "stored 2 times"),
    ("folder_entry", lambda e: sort_entries([*e, ("ppt/slides/", b"")]), "folder entry"),
    ("content_types_last", lambda e: [*e[1:], e[0]], "first entry is ['_rels/.rels']"),
    ("unsorted", _swap_first_two_after_ct, "not in sorted order"),
    (
        "no_png_default",
        lambda e: edit(e, CT, '<Default Extension="png" ContentType="image/png"/>', ""),
        "ppt/media/image1.png has no content type",
    ),
    (
        "slide_typed_as_xml",
        lambda e: edit(
            e,
            CT,
            '<Override PartName="/ppt/slides/slide1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>',
            "",
        ),
        "ppt/slides/slide1.xml (target of ppt/presentation.xml",
    ),
    (
        "phantom_override",
        lambda e: edit(
            e,
            CT,
            "</Types>",
            '<Override PartName="/ppt/slides/slide9.xml" ContentType="a/b"/></Types>',
        ),
        "Override for /ppt/slides/slide9.xml",
    ),
    ("missing_target", lambda e: drop(e, "ppt/media/image1.png"), "which is missing"),
    (
        "duplicate_rel_id",
        lambda e: edit(e, "ppt/slides/_rels/slide1.xml.rels", 'Id="rId2"', 'Id="rId1"'),
        "two relationships with Id 'rId1'",
    ),
    (
        "dangling_r_id",
        lambda e: edit(e, SLIDE1, 'r:embed="rId2"', 'r:embed="rId99"'),
        "embed='rId99', which has no relationship",
    ),
    (
        "orphan_part",
        lambda e: sort_entries([*e, ("ppt/media/stray.png", dict(e)["ppt/media/image1.png"])]),
        "orphan: ppt/media/stray.png",
    ),
    (
        "duplicate_shape_id",
        lambda e: edit(e, SLIDE1, '<p:cNvPr id="3" ', '<p:cNvPr id="2" '),
        "ppt/slides/slide1.xml uses shape id 2 2 times",
    ),
    (
        "duplicate_shape_id_in_group",
        lambda e: edit(e, SLIDE1, '<p:cNvPr id="7" ', '<p:cNvPr id="4" '),
        "uses shape id 4 2 times",
    ),
    (
        "duplicate_slide_id",
        lambda e: edit(e, PRS, '<p:sldId id="257"', '<p:sldId id="256"'),
        "slide id 256 used twice",
    ),
    (
        "slide_id_out_of_range",
        lambda e: edit(e, PRS, '<p:sldId id="257"', '<p:sldId id="12"'),
        "slide id '12' outside 256..2147483647",
    ),
    (
        "notes_without_master",
        lambda e: edit(
            e,
            NOTES_RELS,
            re.search(r'<Relationship Id="rId1"[^>]*/>', dict(e)[NOTES_RELS].decode()).group(),
            "",
        ),
        "notesSlide1.xml has no notes master relationship",
    ),
    (
        "no_notes_master_id_list",
        lambda e: edit(
            e,
            PRS,
            re.search(
                r"<p:notesMasterIdLst>.*?</p:notesMasterIdLst>", dict(e)[PRS].decode()
            ).group(),
            "",
        ),
        "p:notesMasterIdLst is missing",
    ),
    (
        "notes_master_id_list_misplaced",
        _move_notes_list_after_slides,
        "must come right after p:sldMasterIdLst",
    ),
    (
        "control_character",
        lambda e: edit(e, SLIDE1, "Home visiting", "Home\x0bvisiting"),
        "contains U+000B, which XML 1.0 forbids",
    ),
    (
        "forbidden_character_reference",
        lambda e: edit(e, SLIDE1, "Home visiting", "Home&#x1;visiting"),
        "character reference '&#x1;'",
    ),
    (
        "not_well_formed",
        lambda e: edit(e, SLIDE1, "</p:sld>", "</p:sldd>"),
        "slide1.xml is not well-formed",
    ),
    ("template_thumbnail", _with_thumbnail, "python-pptx's template thumbnail"),
    (
        "template_author",
        lambda e: edit(e, "docProps/core.xml", "Test Author", "python-pptx"),
        "dc:creator is python-pptx's default 'python-pptx'",
    ),
    (
        "template_date",
        lambda e: edit(e, "docProps/core.xml", "2024-01-01T00:00:00Z", "2013-01-27T09:14:16Z"),
        "dcterms:created is python-pptx's template date",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "expected"), [d[1:] for d in DEFECTS], ids=[d[0] for d in DEFECTS]
)
def test_each_defect_is_caught(good, mutate, expected):
    broken = mutate(read_entries(good))
    data = broken if isinstance(broken, bytes) else write_entries(broken)
    problems = check_structure(data)
    assert any(expected in p for p in problems), problems
    with pytest.raises(AssertionError, match="structural problem"):
        assert_structure(data)


def test_mixed_entry_dates_are_caught(good):
    entries = read_entries(good)
    data = write_entries(entries, dates={SLIDE1: (2026, 5, 4, 3, 2, 0)})
    assert any("2 different dates" in p for p in check_structure(data))
