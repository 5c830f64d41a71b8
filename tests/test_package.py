"""write/package.py, slidegen's package model: names, relationships and bytes as python-pptx
(which wrote slidegen's earlier files, and reads everyone's) has them."""

from __future__ import annotations

import io
import zipfile

import pytest
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from helpers.packages import png_bytes
from slidegen.ooxml import CT_SLIDE, RT_HYPERLINK, RT_IMAGE, RT_SLIDE
from slidegen.render.prototypes import stock_file
from slidegen.write.package import Package, Part


def _stock() -> Package:
    return Package.from_bytes(stock_file("default.pptx").read_bytes())


def _zipped(package: Package) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in sorted(package.members().items()):
            z.writestr(name, content() if callable(content) else content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("taken", "new"),
    [((), "rId1"), ((1, 2), "rId3"), ((1, 3), "rId2"), ((2, 3), "rId1"), ((1, 5), "rId3")],
)
def test_new_relationship_ids_are_python_pptx_ids(taken, new):
    """python-pptx takes the highest free rIdN with N at most one more than there are."""
    from pptx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
    from pptx.opc.package import _Relationship, _Relationships

    package = _stock()
    source = Part(package, "/ppt/slides/slide9.xml", CT_SLIDE)
    theirs = _Relationships("/ppt/slides")
    for n in taken:
        url = f"https://e.org/{n}"
        source.rels.add(f"rId{n}", RT_HYPERLINK, None, url)
        theirs._rels[f"rId{n}"] = _Relationship(
            "/ppt/slides", f"rId{n}", RT.HYPERLINK, RTM.EXTERNAL, url
        )
    assert source.relate_to_url("https://new.org", RT_HYPERLINK) == new
    assert theirs.get_or_add_ext_rel(RT.HYPERLINK, "https://new.org") == new


def test_a_relationship_is_reused_for_the_same_target_and_type():
    package = _stock()
    slide = Part(package, "/ppt/slides/slide1.xml", CT_SLIDE)
    a = slide.relate_to_url("https://a.org", RT_HYPERLINK)
    assert slide.relate_to_url("https://a.org", RT_HYPERLINK) == a
    assert slide.relate_to_url("https://b.org", RT_HYPERLINK) != a
    image = package.image_part(png_bytes(), "image/png")
    r = slide.relate_to(image, RT_IMAGE)
    assert slide.relate_to(image, RT_IMAGE) == r
    assert slide.related_part(r) is image


def test_part_names_take_the_lowest_free_number_and_are_kept():
    package = _stock()
    assert "/ppt/slideLayouts/slideLayout11.xml" in package.names()
    assert package.next_partname("/ppt/slideLayouts/slideLayout%d.xml").endswith("12.xml")
    assert package.next_partname("/ppt/slideLayouts/slideLayout%d.xml").endswith("13.xml")
    assert package.next_partname("/ppt/notesSlides/notesSlide%d.xml").endswith("1.xml")


def test_pictures_are_one_part_per_content_named_in_order():
    package = _stock()
    red, blue = png_bytes((200, 0, 0)), png_bytes((0, 0, 200))
    first = package.image_part(red, "image/png")
    assert package.image_part(red, "image/png") is first
    second = package.image_part(blue, "image/jpeg")
    assert (first.partname, second.partname) == ("/ppt/media/image1.png", "/ppt/media/image2.jpg")


def test_a_package_reads_back_as_the_same_members():
    package = _stock()
    data = _zipped(package)
    again = Package.from_bytes(data)
    members = {n: c() if callable(c) else c for n, c in package.members().items()}
    assert {n: c() if callable(c) else c for n, c in again.members().items()} == members
    prs = Presentation(io.BytesIO(data))  # python-pptx reads it as its own default template
    assert [lay.name for lay in prs.slide_layouts][:2] == ["Title Slide", "Title and Content"]


def test_parts_nothing_relates_to_are_not_written():
    package = _stock()
    slide = Part(package, "/ppt/slides/slide1.xml", CT_SLIDE, blob=b"<x/>")
    rid = package.main.relate_to(slide, RT_SLIDE)
    assert "ppt/slides/slide1.xml" in package.members()
    package.main.rels.drop(rid)
    assert "ppt/slides/slide1.xml" not in package.members()
    assert "/ppt/slides/slide1.xml" not in package.names()


def test_defaults_are_one_per_extension_whatever_its_case():
    """OPC compares extensions without regard to case and allows one Default each: a template
    holding image1.PNG beside image2.png gets one `png` Default (as python-pptx writes)."""
    from types import SimpleNamespace

    from pptx.opc.oxml import serialize_part_xml
    from pptx.opc.packuri import PackURI
    from pptx.opc.serialized import _ContentTypesItem

    from slidegen.write.package import content_types_xml

    names = ["/ppt/media/image1.PNG", "/ppt/media/image2.png", "/ppt/media/image3.Jpeg"]
    types = ["image/png", "image/png", "image/jpeg"]
    ours = [Part(_stock(), n, t, blob=b"") for n, t in zip(names, types, strict=True)]
    theirs = [
        SimpleNamespace(partname=PackURI(n), content_type=t)
        for n, t in zip(names, types, strict=True)
    ]
    xml = content_types_xml(ours)
    assert xml == serialize_part_xml(_ContentTypesItem.xml_for(theirs))
    assert xml.count(b'Extension="png"') == 1 and b'Extension="PNG"' not in xml


def test_a_new_picture_is_numbered_as_python_pptx_numbers_it():
    """The first gap in the sorted numbers of /ppt/media/imageN, a number used twice shifting
    the search past it; names without a number (image_a.png) are not counted."""
    package = _stock()
    slide = Part(package, "/ppt/slides/slide1.xml", CT_SLIDE)
    package.main.relate_to(slide, RT_SLIDE)
    for name in ("image1.png", "image1.jpeg", "image3.png", "image_a.png"):
        slide.relate_to(
            Part(package, f"/ppt/media/{name}", "image/png", blob=name.encode()), RT_IMAGE
        )
    new = package.image_part(png_bytes(), "image/png")
    assert new.partname == "/ppt/media/image4.png"  # sorted [1, 1, 3]: no gap before the 3rd
    slide.relate_to(new, RT_IMAGE)
    assert package.image_part(png_bytes((1, 2, 3)), "image/png").partname.endswith("image5.png")


def test_a_missing_slide_list_goes_where_python_pptx_puts_it():
    """Before the first element of the schema's order after it that is there, even in a
    presentation.xml whose children are out of order."""
    from lxml import etree
    from pptx.oxml import parse_xml

    from slidegen.ooxml import qn
    from slidegen.render.prototypes import SlideMaker
    from slidegen.render.template import masters_and_layouts

    package = _stock()
    prs = package.main.element
    for tag in ("p:sldIdLst",):
        el = prs.find(qn(tag))
        if el is not None:
            prs.remove(el)
    prs.append(prs.find(qn("p:sldSz")))  # now after notesSz and defaultTextStyle
    theirs = parse_xml(etree.tostring(prs))
    theirs.get_or_add_sldIdLst()
    SlideMaker(package).add_slide(masters_and_layouts(package)[1][0])
    assert [c.tag for c in prs] == [c.tag for c in theirs]


def test_part_names_freed_by_a_dropped_relationship_are_used_again():
    """Numbers are searched on from the last one given (no rescan per part: a 3,500-slide deck
    names a thousand notes slides and charts), until a dropped relationship frees one."""
    package = _stock()
    template = "/ppt/notesSlides/notesSlide%d.xml"
    parts = []
    for _ in range(3):
        part = Part(package, package.next_partname(template), CT_SLIDE, blob=b"<x/>")
        parts.append((part, package.main.relate_to(part, RT_SLIDE)))
    assert [p.partname for p, _ in parts] == [template % n for n in (1, 2, 3)]
    package.main.rels.drop(parts[1][1])
    assert package.next_partname(template) == template % 2
    assert package.next_partname(template) == template % 4


def test_picture_numbers_follow_python_pptx_through_many_pictures():
    """Random media numbers (gaps, numbers used twice), then new pictures one after another:
    each gets the number python-pptx's search (`first_available_image_idx`) gives."""
    import random

    def pptx_next(numbers: list[int]) -> int:
        for i, number in enumerate(sorted(numbers)):
            if i + 1 < number:
                return i + 1
        return len(numbers) + 1

    rnd = random.Random(5)
    for trial in range(60):
        package = _stock()
        slide = Part(package, "/ppt/slides/slide1.xml", CT_SLIDE)
        package.main.relate_to(slide, RT_SLIDE)
        named = {(rnd.randint(1, 9), rnd.choice(["png", "jpeg"])) for _ in range(rnd.randint(0, 6))}
        numbers = [n for n, _ in named]  # a number may be used by a .png and a .jpeg
        for k, (n, ext) in enumerate(sorted(named)):
            part = Part(package, f"/ppt/media/image{n}.{ext}", "image/png", blob=b"%d" % k)
            slide.relate_to(part, RT_IMAGE)
        for k in range(rnd.randint(1, 8)):
            want = pptx_next(numbers)
            part = package.image_part(png_bytes((trial, k, 7)), "image/png")
            assert part.partname == f"/ppt/media/image{want}.png", (numbers, want)
            slide.relate_to(part, RT_IMAGE)
            numbers.append(want)


def test_rels_text_is_what_lxml_writes():
    """rels_xml writes the .rels part as text: the bytes an lxml tree gives, for targets with
    every kind of character (escaped, non-ASCII, astral, whitespace), part names relative to
    any folder, and rIds out of order; characters XML cannot hold are refused as before."""
    import random

    from slidegen.write.package import _rels_xml_lxml, rels_xml

    rnd = random.Random(11)
    alphabet = "ab/&<>\"'\t\n\r é中\x7f\x85\u2028\U0001f600%?=#;:"
    package = _stock()
    layout = next(p for p in package.iter_parts() if "slideLayout1." in p.partname)
    for trial in range(200):
        base = rnd.choice(["/ppt/slides", "/ppt", "/", "/ppt/slides/deep", "/docProps"])
        source = Part(package, base.rstrip("/") + "/x.xml", CT_SLIDE)
        for k in range(rnd.randint(0, 5)):
            if rnd.random() < 0.3:
                source.rels.add(f"rId{rnd.randint(1, 30)}", RT_SLIDE, layout)
            else:
                url = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
                source.rels.add(
                    rnd.choice([f"rId{k + 1}", f"rId{40 - k}", f"x{k}"]), RT_HYPERLINK, None, url
                )
        order = sorted(
            (int(r[3:]) if r.startswith("rId") and r[3:].isdigit() else 0, r) for r in source.rels
        )
        assert rels_xml(source.rels, base) == _rels_xml_lxml(source.rels, base, order), trial
    bad = Part(package, "/ppt/slides/x.xml", CT_SLIDE)
    bad.rels.add("rId1", RT_HYPERLINK, None, "a\x01b")
    with pytest.raises(ValueError):
        rels_xml(bad.rels, "/ppt/slides")
