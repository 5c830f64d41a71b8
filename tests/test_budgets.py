"""Budgets enforced while reading: pictures, BibTeX macros, all of a deck's files together.

Each limit of `slidegen.limits` is met by a file made small here (a sparse file, a PNG
header, a few hundred bytes of BibTeX) and must end in a located message naming the limit,
fast, without reading or expanding the thing whole. The .pptx packages have their own tests
(test_package_budget.py).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PIL import Image

from helpers.bombs import png_header
from helpers.bounded import run_slidegen
from helpers.decks import write
from slidegen import limits
from slidegen.build import BuildOptions, build
from slidegen.errors import Pos, SlidegenError
from slidegen.place.media import image_size, prepare_image
from slidegen.resolve.references import load_reference_file

POS = Pos("decks/talk.yaml", 12, 7)


def _error(fn, *args, **kwargs) -> str:
    with pytest.raises(SlidegenError) as info:
        fn(*args, **kwargs)
    return info.value.diagnostics[0].format()


# ---- pictures -----------------------------------------------------------------------------
def test_a_picture_over_the_pixel_limit_is_refused_from_its_header(tmp_path):
    bomb = png_header(tmp_path / "bomb.png", 13_000, 13_000)  # 1-bit: 1 GB once decoded
    start = time.perf_counter()
    for fn in (image_size, prepare_image):
        message = _error(fn, bomb, pos=POS)
        assert message.startswith(
            f"decks/talk.yaml:12:7: error: cannot use picture '{bomb}': it is 13,000 x 13,000"
            " pixels (169 million); the limit is 100 million"
        ), message
    assert time.perf_counter() - start < 1.0
    # over twice Pillow's own limit (where Pillow raises instead of warning): the same message
    huge = png_header(tmp_path / "huge.png", 30_000, 30_000)
    assert "30,000 x 30,000 pixels (900 million)" in _error(image_size, huge, pos=POS)


def test_a_picture_just_under_the_pixel_limit_opens_without_a_warning(tmp_path):
    # pytest turns warnings into errors (pyproject.toml): Pillow's bomb warning would fail this
    ok = png_header(tmp_path / "ok.png", 10_000, 9_999)
    assert image_size(ok, POS) == (10_000, 9_999)


def test_a_picture_file_over_the_size_limit_is_not_read(tmp_path):
    big = tmp_path / "big.png"
    with big.open("wb") as f:
        f.truncate(3 * 1024**3)  # a sparse 3 GB file: nothing is on disk
    start = time.perf_counter()
    message = _error(prepare_image, big, pos=POS)
    assert time.perf_counter() - start < 1.0
    assert message == (
        f"decks/talk.yaml:12:7: error: cannot use picture '{big}': it is 3.2 GB; the limit is"
        " 100 MB (export it smaller: pictures are scaled to 3840 px across at most anyway)"
    )


def test_pillows_warning_never_reaches_the_user(tmp_path):
    (tmp_path / "decks").mkdir()
    png_header(tmp_path / "decks" / "bomb.png", 13_000, 13_000)
    write(
        tmp_path,
        "decks/d.yaml",
        "deck: {title: T}\nsections:\n  - id: s\n    title: S\n    slides:\n"
        "      - {layout: image, image: bomb.png, alt: A bomb}\n",
    )
    ran = run_slidegen("build", "decks/d.yaml", "--out", "out", cwd=tmp_path)
    assert ran.code == 1 and ran.answered(), ran
    assert "DecompressionBomb" not in ran.stderr
    assert "decks/d.yaml:6:32: error: cannot use picture" in ran.stderr
    assert "169 million); the limit is 100 million" in ran.stderr


def test_a_real_photo_size_still_works(tmp_path):
    Image.new("RGB", (4000, 3000), "teal").save(tmp_path / "p.jpg", quality=50)
    prepared = prepare_image(tmp_path / "p.jpg")
    assert max(prepared.width_px, prepared.height_px) <= 3840


# ---- BibTeX macros ----------------------------------------------------------------------------
def _bib_bomb(levels: int) -> str:
    """@string macros each four times the one before: 8 * 4**levels characters, from a few
    hundred bytes."""
    lines = ['@string{s0 = "xxxxxxxx"}']
    for i in range(1, levels + 1):
        p = f"s{i - 1}"
        lines.append(f"@string{{s{i} = {p} # {p} # {p} # {p}}}")
    lines.append(f"@misc{{bomb, title = s{levels}, year = 2020}}")
    return "\n".join(lines) + "\n"


def test_a_bibtex_string_bomb_is_refused_before_expanding(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(_bib_bomb(14))  # 2 GB once expanded
    assert len(bib.read_bytes()) < 600
    start = time.perf_counter()
    message = _error(load_reference_file, bib, POS)
    assert time.perf_counter() - start < 2.0
    assert message.startswith(
        f"{bib}:11:1: error: macro 's10': @string macros expand to more than"
        f" {limits.BIB_EXPANSION_CHARS:,} characters by here, the limit for one file"
    )
    # the same number of characters in an entry's field is named at the entry
    bib.write_text(_bib_bomb(9) + "@misc{b2, title = s9 # s9 # s9 # s9 # s9, year = 2020}\n")
    assert _error(load_reference_file, bib, POS).startswith(f"{bib}:12:1: error: entry 'b2'")


def test_bibtex_macros_within_the_limit_still_expand(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(
        '@string{pub = "Anna Freud Centre"}\n@string{both = pub # " and " # pub}\n'
        "@techreport{r, title = {T}, institution = both, year = 2022, month = jan}\n"
    )
    ref = load_reference_file(bib, POS)["r"]
    assert ref.publisher == "Anna Freud Centre and Anna Freud Centre"


def test_a_bibtex_macro_that_names_itself_is_an_error(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text('@string{a = "x"}\n@string{a = a # a}\n@misc{m, title = a, year = 2020}\n')
    # a redefinition refers to the previous value, as BibTeX reads it: no loop
    assert load_reference_file(bib, POS)["m"].title == "xx"
    bib.write_text("@string{b = c}\n@string{c = b}\n@misc{m, title = b, year = 2020}\n")
    message = _error(load_reference_file, bib, POS)
    assert "error" in message and "Traceback" not in message


# ---- all of a deck's files together -------------------------------------------------------------
def test_the_deck_files_together_have_a_budget(tmp_path):
    size = limits.TEXT_FILE_BYTES - 4096
    filler = "# " + "x" * 98 + "\n"
    names = []
    for i in range(limits.TEXT_TOTAL_BYTES // size + 1):
        name = f"data{i}.yaml"
        write(tmp_path, name, f"v{i}: {i}\n" + filler * (size // len(filler)))
        names.append(name)
    deck = write(
        tmp_path,
        "deck.yaml",
        f"deck: {{title: T}}\ndata_files: [{', '.join(names)}]\nsections:\n"
        "  - {id: s, title: S, slides: [{bullets: [x]}]}\n",
    )
    message = _error(build, deck, BuildOptions(out_dir=tmp_path / "out"), write=False)
    last = names[-1]
    column = (
        len("data_files: [") + sum(len(n) + 2 for n in names[:-1]) + 1
    )  # the last name's column
    assert message.startswith(f"{deck}:2:{column}: error: data file '{tmp_path / last}' brings")
    assert f"together is {limits.limit_text(limits.TEXT_TOTAL_BYTES)}" in message


def test_every_limit_is_in_the_design_document():
    design = (Path(__file__).resolve().parent.parent / "docs" / "design.md").read_text()
    names = [n for n, v in vars(limits).items() if n.isupper() and isinstance(v, int)]
    assert len(names) >= 12
    for name in names:
        if name != "MB":
            assert f"`{name}`" in design, name


# ---- the issue's cases, each in a child process: an answer within 20 s and 800 MB --------------
def _case_deck(folder: Path, case: str) -> list[str]:
    """Write the deck (and files) of one hostile case into `folder`; the build's arguments."""
    top, bullet, theme, extra = "", "x", "", ""
    if case == "bibtex macros":
        (folder / "refs.bib").write_text(_bib_bomb(14))
        top = "references: refs.bib\n"
    elif case == "a 2 MB *a line":
        bullet = "*a" * 1_000_000
    elif case == "[ 80,000 times":
        bullet = "[" * 80_000
    elif case == "a 3 GB picture":
        with (folder / "big.png").open("wb") as f:
            f.truncate(3 * 1024**3)
        extra = "      - {layout: image, image: big.png, alt: Big}\n"
    elif case == "a template with a 4 GiB member":
        from helpers.bombs import add_zero_member

        theme_dir = folder / "themes" / "t"
        theme_dir.mkdir(parents=True)
        small = write(folder, "small.yaml", "deck: {title: S}\nsections: [{id: s, title: S}]\n")
        (theme_dir / "template.pptx").write_bytes(
            build(small, BuildOptions(out_dir=folder / "tmp"), write=False).data
        )
        add_zero_member(theme_dir / "template.pptx", "ppt/media/unused.bin", 4096)
        write(theme_dir, "theme.yaml", "template: template.pptx\n")
        theme = ", theme: t"
    elif case == "data_files: /dev/zero":
        top = "data_files: [/dev/zero]\n"
    write(
        folder,
        "deck.yaml",
        f"deck: {{title: T{theme}}}\n{top}sections:\n  - id: s\n    title: S\n    slides:\n"
        f'      - title: One\n        bullets: ["{bullet}"]\n{extra}',
    )
    return ["build", "deck.yaml", "--out", "out", "--allow-outside"]


@pytest.mark.parametrize(
    "case",
    [
        "bibtex macros",
        "a 2 MB *a line",
        "[ 80,000 times",
        "a 3 GB picture",
        "a template with a 4 GiB member",
        "data_files: /dev/zero",
    ],
)
def test_the_issues_cases_answer_within_20_s_and_800_mb(tmp_path, case):
    args = _case_deck(tmp_path, case)
    ran = run_slidegen(*args, cwd=tmp_path)
    assert ran.answered(), ran
    assert ran.code == (0 if case == "[ 80,000 times" else 1), ran
    if ran.code == 1:
        assert "error:" in ran.stderr, ran
        assert "limit" in ran.stderr or "a device, not a file" in ran.stderr, ran


@pytest.mark.parametrize(
    ("content", "size", "limit", "expected"),
    [
        (b"abc", 3, 10, b"abc"),  # as stat said
        (b"abcdef", 3, 10, b"abcdef"),  # grew after stat: read on to the end
        (b"abcdefghijkl", 3, 10, None),  # grew past the limit
        (b"abcdefghij", 10, 10, b"abcdefghij"),  # exactly the limit
        (b"abcdefghijk", 11, 10, None),
        (b"abc", None, 10, b"abc"),  # size unknown
        (b"abcdefghijk", None, 10, None),
    ],
)
def test_read_limited_reads_what_the_file_holds_and_never_past_the_limit(
    content, size, limit, expected
):
    import io

    from slidegen.files import read_limited

    assert read_limited(io.BytesIO(content), limit, size) == expected
