"""Pictures: orientation, scaling, format conversion, errors; lengths; contain/cover geometry."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from helpers.pictures import emf_bytes, wmf_bytes
from slidegen.errors import Pos, SlidegenError
from slidegen.place.media import (
    fit_contain,
    fit_cover,
    identify_picture,
    image_size,
    parse_length,
    prepare_image,
    px_for_emu,
)

POS = Pos("decks/talk.yaml", 12, 7)


def open_prepared(p) -> Image.Image:
    img = Image.open(io.BytesIO(p.data))
    img.load()
    return img


def photo(w: int, h: int) -> Image.Image:
    """A smooth, photo-like RGB picture (gradients and shapes, many colours)."""
    gx = Image.linear_gradient("L").resize((w, h))
    gy = gx.transpose(Image.Transpose.ROTATE_90).resize((w, h))
    img = Image.merge("RGB", (gx, gy, Image.new("L", (w, h), 140)))
    draw = ImageDraw.Draw(img)
    draw.ellipse((w // 4, h // 4, w // 2, h // 2), fill=(250, 220, 40))
    draw.rectangle((w // 2, h // 2, w * 3 // 4, h * 3 // 4), fill=(20, 60, 160))
    return img


def test_unchanged_png_and_jpeg_are_returned_byte_for_byte(tmp_path):
    Image.new("RGB", (320, 200), (10, 94, 184)).save(tmp_path / "a.png")
    photo(640, 480).save(tmp_path / "b.jpg", quality=90)
    for name, ext, ctype in [("a.png", "png", "image/png"), ("b.jpg", "jpeg", "image/jpeg")]:
        p = prepare_image(tmp_path / name)
        assert p.data == (tmp_path / name).read_bytes()
        assert not p.converted
        assert (p.ext, p.content_type) == (ext, ctype)
        with Image.open(tmp_path / name) as img:
            assert (p.width_px, p.height_px) == img.size
        assert p.source_path == tmp_path / name
    assert prepare_image(tmp_path / "b.jpg").filename == "b.jpg"


def test_exif_orientation_is_applied(tmp_path):
    img = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(img).rectangle((0, 0, 99, 199), fill=(255, 0, 0))  # red on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: viewers turn it 90 degrees clockwise
    img.save(tmp_path / "phone.jpg", exif=exif, quality=95)

    assert image_size(tmp_path / "phone.jpg") == (200, 400)
    p = prepare_image(tmp_path / "phone.jpg")
    assert p.converted and p.ext == "jpeg"
    assert (p.width_px, p.height_px) == (200, 400)
    out = open_prepared(p)
    assert out.size == (200, 400)
    # the red band, turned clockwise, is now along the top
    r, g, b = out.getpixel((100, 20))
    assert r > 200 and g < 60 and b < 60
    r, g, b = out.getpixel((100, 380))
    assert r > 200 and g > 200 and b > 200
    # the orientation tag is not kept (it would turn the picture a second time)
    assert out.getexif().get(0x0112, 1) == 1


def test_big_photo_is_scaled_down_and_small(tmp_path):
    photo(6000, 4000).save(tmp_path / "big.jpg", quality=95)
    p = prepare_image(tmp_path / "big.jpg")
    assert p.ext == "jpeg" and p.converted
    assert max(p.width_px, p.height_px) == 3840
    assert p.width_px / p.height_px == pytest.approx(1.5, abs=0.01)
    assert len(p.data) < 2 * 1024 * 1024
    out = open_prepared(p)
    assert out.format == "JPEG" and out.size == (3840, 2560)
    assert not out.info.get("progressive")


def test_target_width_limits_pixels_to_twice_the_shown_width(tmp_path):
    photo(2000, 1000).save(tmp_path / "wide.png")
    p = prepare_image(tmp_path / "wide.png", target_w_px=300)
    assert (p.width_px, p.height_px) == (600, 300)
    assert p.ext == "png"  # PNG stays PNG
    assert px_for_emu(914400) == 96
    # a target larger than the picture never scales up
    assert prepare_image(tmp_path / "wide.png", target_w_px=5000).width_px == 2000


def test_png_with_alpha_stays_png_with_alpha(tmp_path):
    img = Image.new("RGBA", (5000, 100), (0, 0, 0, 0))
    ImageDraw.Draw(img).ellipse((10, 10, 90, 90), fill=(0, 94, 184, 255))
    img.save(tmp_path / "logo.png")
    p = prepare_image(tmp_path / "logo.png")
    assert p.converted and p.ext == "png" and p.has_alpha
    out = open_prepared(p)
    assert out.mode == "RGBA" and out.width == 3840
    assert out.getpixel((3000, 50))[3] == 0  # still transparent
    assert out.getpixel((38, 38))[3] == 255


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "WEBP"])
def test_other_formats_become_png(tmp_path, fmt):
    path = tmp_path / f"chart.{fmt.lower()}"
    img = Image.new("RGB", (300, 200), "white")
    ImageDraw.Draw(img).rectangle((50, 50, 150, 150), fill=(0, 94, 184))
    img.save(path, fmt, **({"lossless": True} if fmt == "WEBP" else {}))
    p = prepare_image(path)
    assert p.converted and p.ext == "png" and p.content_type == "image/png"
    out = open_prepared(p)
    assert out.format == "PNG" and out.size == (300, 200)
    assert out.convert("RGB").getpixel((100, 100)) == (0, 94, 184)
    assert p.filename == "chart.png"


def test_transparent_gif_keeps_transparency(tmp_path):
    img = Image.new("P", (40, 40), 0)
    img.putpalette([255, 255, 255, 200, 0, 0] + [0] * 762)
    ImageDraw.Draw(img).rectangle((10, 10, 29, 29), fill=1)
    img.save(tmp_path / "icon.gif", transparency=0)
    p = prepare_image(tmp_path / "icon.gif")
    assert p.ext == "png" and p.has_alpha
    out = open_prepared(p).convert("RGBA")
    assert out.getpixel((0, 0))[3] == 0
    assert out.getpixel((20, 20)) == (200, 0, 0, 255)


def test_animated_gif_keeps_first_frame_with_a_note(tmp_path):
    frames = [Image.new("RGB", (30, 30), c) for c in ("red", "blue")]
    frames[0].save(tmp_path / "anim.gif", save_all=True, append_images=frames[1:])
    p = prepare_image(tmp_path / "anim.gif")
    assert p.ext == "png"
    assert open_prepared(p).convert("RGB").getpixel((5, 5)) == (255, 0, 0)
    assert p.notes == ("'anim.gif' is animated: only its first frame is used",)


def test_large_photo_in_other_format_becomes_jpeg(tmp_path):
    photo(1600, 1200).save(tmp_path / "scan.bmp")
    p = prepare_image(tmp_path / "scan.bmp")
    assert p.ext == "jpeg" and (p.width_px, p.height_px) == (1600, 1200)
    # a flat-colour picture of the same size stays lossless
    Image.new("RGB", (1600, 1200), "white").save(tmp_path / "flat.bmp")
    assert prepare_image(tmp_path / "flat.bmp").ext == "png"


def test_output_is_deterministic(tmp_path):
    photo(4200, 2000).save(tmp_path / "p.jpg")
    photo(400, 300).save(tmp_path / "p.bmp")
    for name in ("p.jpg", "p.bmp"):
        a = prepare_image(tmp_path / name)
        b = prepare_image(tmp_path / name)
        assert a.converted and a.data == b.data


def test_missing_file_is_a_located_error_with_hint(tmp_path):
    Image.new("RGB", (10, 10)).save(tmp_path / "logo.png")
    with pytest.raises(SlidegenError) as exc:
        prepare_image(tmp_path / "logo.pgn", pos=POS)
    msg = str(exc.value)
    assert msg.startswith("decks/talk.yaml:12:7: error: cannot read picture")
    assert "logo.pgn': file not found" in msg
    assert "did you mean 'logo.png'?" in msg
    with pytest.raises(SlidegenError, match="file not found"):
        image_size(tmp_path / "nothing.png", POS)


def test_unreadable_and_truncated_files(tmp_path):
    (tmp_path / "notes.png").write_text("this is not a picture")
    with pytest.raises(SlidegenError) as exc:
        prepare_image(tmp_path / "notes.png", pos=POS)
    assert "cannot read picture" in str(exc.value)
    assert "not a picture format" in str(exc.value)
    assert exc.value.diagnostics[0].pos == POS

    photo(300, 200).save(tmp_path / "whole.jpg")
    data = (tmp_path / "whole.jpg").read_bytes()
    (tmp_path / "cut.jpg").write_bytes(data[: len(data) // 2])
    with pytest.raises(SlidegenError, match="cannot read picture .*cut.jpg"):
        prepare_image(tmp_path / "cut.jpg", pos=POS)

    with pytest.raises(SlidegenError, match="is a folder"):
        prepare_image(tmp_path, pos=POS)


def test_tiff_is_kept_as_it_is_unless_it_must_be_scaled(tmp_path):
    Image.new("RGB", (300, 200), (0, 94, 184)).save(tmp_path / "scan.tiff")
    p = prepare_image(tmp_path / "scan.tiff")
    assert (p.ext, p.content_type, p.converted) == ("tiff", "image/tiff", False)
    assert p.data == (tmp_path / "scan.tiff").read_bytes()
    scaled = prepare_image(tmp_path / "scan.tiff", target_w_px=50)
    assert scaled.converted and scaled.ext == "png" and scaled.width_px == 100


@pytest.mark.parametrize("kind", ["wmf", "wmf-no-header", "emf"])
def test_metafiles_are_carried_as_they_are(tmp_path, kind):
    data = {
        "wmf": wmf_bytes(200, 100),
        "wmf-no-header": wmf_bytes(300, 100, placeable=False),
        "emf": emf_bytes(),
    }[kind]
    ext = kind[:3]
    path = tmp_path / f"diagram.{ext}"
    path.write_bytes(data)
    p = prepare_image(path, target_w_px=10)
    assert (p.ext, p.content_type, p.converted, p.data) == (ext, f"image/x-{ext}", False, data)
    w, h = image_size(path)
    assert w > 0 and h > 0
    if kind == "wmf":
        assert w == 2 * h
    if kind == "wmf-no-header":
        assert (w, h) == (300, 100)
    assert identify_picture(data) == (ext, ext.upper())


def test_identify_picture_names_what_cannot_be_placed(tmp_path):
    buf = io.BytesIO()
    photo(30, 20).save(buf, "PNG")
    assert identify_picture(buf.getvalue()) == ("png", "PNG")
    buf = io.BytesIO()
    photo(30, 20).save(buf, "JPEG")
    assert identify_picture(buf.getvalue()) == ("jpg", "JPEG")
    assert identify_picture(buf.getvalue()[:200]) == (None, "unknown")  # truncated
    assert identify_picture(b"%PDF-1.4\n...") == (None, "PDF")
    assert identify_picture(b'<?xml version="1.0"?><svg/>') == (None, "SVG")
    assert identify_picture(b"\x01\x00\x09\x00" + bytes(20)) == (None, "WMF (without a size)")
    assert identify_picture(b"nothing") == (None, "unknown")


def test_svg_is_refused_with_advice(tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    (tmp_path / "logo.svg").write_text(svg)
    (tmp_path / "disguised.png").write_text('<?xml version="1.0"?>\n' + svg)
    for name in ("logo.svg", "disguised.png"):
        with pytest.raises(SlidegenError) as exc:
            prepare_image(tmp_path / name, pos=POS)
        msg = str(exc.value)
        assert "SVG pictures are not supported: export a PNG" in msg
        assert "inkscape" in msg
    assert "inkscape logo.svg -o logo.png" in str(
        pytest.raises(SlidegenError, image_size, tmp_path / "logo.svg").value
    )


@pytest.mark.parametrize(
    ("text", "emu"),
    [
        ("1.2cm", 432000),
        ("1.2 cm", 432000),
        ("15mm", 540000),
        ("0.5in", 457200),
        ("12pt", 152400),
        ("96px", 914400),
        ("1PT", 12700),
        (".5in", 457200),
        ("2.cm", 720000),
    ],
)
def test_parse_length(text, emu):
    assert parse_length(text) == emu


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (12, "length 12 needs a unit"),
        (1.5, "length 1.5 needs a unit"),
        ("12", "length '12' needs a unit"),
        ("12 furlongs", "unknown unit 'furlongs'"),
        ("1.2 cms", "unknown unit 'cms'"),
        ("abc", "invalid length 'abc'"),
        ("", "invalid length ''"),
        ("-1cm", "must not be negative"),
        (True, "expected a length with a unit"),
        (None, "expected a length with a unit"),
    ],
)
def test_parse_length_errors(value, message):
    with pytest.raises(SlidegenError) as exc:
        parse_length(value, POS)
    assert message in str(exc.value)
    assert str(exc.value).startswith("decks/talk.yaml:12:7: error:")


def test_parse_length_hints():
    with pytest.raises(SlidegenError, match="did you mean 'cm'"):
        parse_length("3 cms")
    with pytest.raises(SlidegenError, match="for example '1.2cm'"):
        parse_length(3)
    assert parse_length("-1cm", allow_negative=True) == -360000


def test_fit_contain_centres_and_keeps_aspect():
    box = (1000, 2000, 8000, 4000)
    x, y, w, h = fit_contain(400, 100, box)  # wide picture: full width, centred vertically
    assert (x, w) == (1000, 8000)
    assert h == 2000 and y == 2000 + 1000
    x, y, w, h = fit_contain(100, 400, box)  # tall picture: full height, centred horizontally
    assert (y, h) == (2000, 4000)
    assert w == 1000 and x == 1000 + 3500
    assert fit_contain(200, 100, box) == box


def test_fit_cover_crops_the_overflowing_sides_equally():
    box = (0, 0, 8000, 4000)  # 2:1
    left, top, right, bottom = fit_cover(400, 100, box)  # 4:1: half the width is cut
    assert (top, bottom) == (0.0, 0.0)
    assert left == right == pytest.approx(0.25)
    left, top, right, bottom = fit_cover(100, 100, box)  # square: cut top and bottom
    assert (left, right) == (0.0, 0.0)
    assert top == bottom == pytest.approx(0.25)
    assert fit_cover(200, 100, box) == (0.0, 0.0, 0.0, 0.0)
    # what is left has the box's aspect ratio
    left, top, right, bottom = fit_cover(3000, 1000, (0, 0, 1600, 900))
    shown_w, shown_h = 3000 * (1 - left - right), 1000 * (1 - top - bottom)
    assert shown_w / shown_h == pytest.approx(16 / 9)


def test_metafile_and_tiff_pictures_are_built_as_they_are(tmp_path):
    """A deck showing a WMF, an EMF and a TIFF builds; each is one image part of its own type,
    with the alt text given, and the package passes the structural check (conftest)."""
    import zipfile

    from slidegen.build import BuildOptions, build

    (tmp_path / "a.wmf").write_bytes(wmf_bytes(400, 200))
    (tmp_path / "b.emf").write_bytes(emf_bytes())
    Image.new("RGB", (60, 40), (0, 94, 184)).save(tmp_path / "c.tiff")
    slides = "\n".join(
        f"      - {{id: s{i}, layout: image, title: Picture {i}, image: {name}, alt: A {name}}}"
        for i, name in enumerate(["a.wmf", "b.emf", "c.tiff", "a.wmf"])
    )
    deck = tmp_path / "pictures.yaml"
    deck.write_text(
        "deck: {title: Pictures}\nsections:\n  - id: s\n    title: S\n    slides:\n" + slides + "\n"
    )
    out = build(deck, BuildOptions(out_dir=tmp_path / "out")).output
    with zipfile.ZipFile(out) as z:
        media = sorted(n for n in z.namelist() if n.startswith("ppt/media/"))
        types = z.read("[Content_Types].xml").decode()
        assert [n.rsplit(".", 1)[1] for n in media] == ["wmf", "emf", "tiff"]
        assert z.read(media[0]) == (tmp_path / "a.wmf").read_bytes()
        assert z.read(media[1]) == emf_bytes()
        for ext, ct in (("wmf", "image/x-wmf"), ("emf", "image/x-emf"), ("tiff", "image/tiff")):
            assert f'Extension="{ext}" ContentType="{ct}"' in types
    from pptx import Presentation

    alts = [
        pic._element.nvPicPr.cNvPr.get("descr")
        for slide in Presentation(str(out)).slides
        for pic in slide.shapes
        if pic.shape_type == 13
    ]
    assert alts == ["A a.wmf", "A b.emf", "A c.tiff", "A a.wmf"]


def test_a_picture_kept_as_it_is_is_read_once_for_every_width_it_needs_no_scaling(
    tmp_path, monkeypatch
):
    """One file shown at several widths: prepared again only where prepare_image would scale
    it (narrower than half its pixels), and then what prepare_image gives for that width."""
    import slidegen.place.media as media
    from slidegen.errors import Diagnostics
    from slidegen.render.context import RenderContext

    Image.new("RGB", (400, 300), (10, 94, 184)).save(tmp_path / "a.png")
    path = tmp_path / "a.png"
    calls = []
    real = media.prepare_image

    def counted(*args, **kwargs):
        calls.append(kwargs.get("target_w_px"))
        return real(*args, **kwargs)

    monkeypatch.setattr(media, "prepare_image", counted)
    ctx = RenderContext(None, None, None, {}, Diagnostics())
    for width in (300, 200, 250, 199, 120, 300):
        got = ctx.prepared_picture(path, width, POS)
        want = real(path, target_w_px=width)
        assert (got.data, got.width_px, got.converted) == (want.data, want.width_px, want.converted)
    assert calls == [300, 199, 120]  # 200 and 250 need no scaling; 199 and 120 do
