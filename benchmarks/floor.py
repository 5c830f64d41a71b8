"""The floor: how fast plain python-pptx can write a mixed deck of N slides.

slidegen cannot be faster than python-pptx itself, so this script measures the floor. It builds
an in-memory outline (titles, 3-level bullets, statements, quotes, stat figures, native tables,
native column charts, pictures, section dividers, notes on a fifth of the slides) and writes it
with nothing but python-pptx and, unless ``--stock``, the linear-time fast paths in
``benchmarks/pptx_fast_paths.py``.

    python benchmarks/floor.py --slides 3500 --out /tmp/floor.pptx [--stock] [--verbose]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import types
from pathlib import Path
from typing import IO, Any

from PIL import Image
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

KINDS = (
    "section",
    "title",
    "bullets",
    "statement",
    "quote",
    "stat",
    "table",
    "chart",
    "picture",
    "bullets",
)
DISTINCT_PICTURES = 25

# Layout indices of python-pptx's default template.
TITLE, CONTENT, SECTION, TITLE_ONLY, BLANK = 0, 1, 2, 5, 6


def outline(n: int) -> list[dict[str, Any]]:
    """Return a deterministic outline of `n` slides cycling through every slide kind."""
    slides = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        slide: dict[str, Any] = {"kind": kind, "title": f"Slide {i + 1}: {kind} about topic {i}"}
        if kind == "bullets":
            slide["bullets"] = [
                (0, f"Finding {i}.1 with a link", f"https://example.org/evidence/{i}"),
                (1, f"Detail {i}.1.a supporting the finding", None),
                (2, f"Source note {i}.1.a.i", None),
                (1, f"Detail {i}.1.b", None),
                (0, f"Finding {i}.2", None),
            ]
        elif kind == "statement":
            slide["text"] = f"Statement {i}: earlier support halves the waiting time."
        elif kind == "quote":
            slide["text"] = f"\u201cQuote {i}: it changed how we plan the week.\u201d"
            slide["by"] = f"Parent, site {i % 7}"
        elif kind == "stat":
            slide["figures"] = [(f"{(i * 7) % 100}%", "reached"), (f"{i % 13 + 1}x", "faster")]
        elif kind == "table":
            slide["rows"] = [["Measure", "Before", "After"]] + [
                [f"Outcome {r}", str(10 + r + i % 5), str(20 + r)] for r in range(4)
            ]
        elif kind == "chart":
            slide["categories"] = ["Q1", "Q2", "Q3", "Q4"]
            slide["series"] = {
                "Referrals": [10 + i % 9, 12, 15, 11],
                "Seen": [8, 9 + i % 4, 13, 10],
            }
        elif kind == "picture":
            slide["picture"] = i % DISTINCT_PICTURES
        if i % 5 == 0:
            slide["notes"] = f"Speaker notes for slide {i + 1}.\nSecond line of notes."
        slides.append(slide)
    return slides


def _png(seed: int) -> bytes:
    """Return a small deterministic PNG whose colour depends on `seed`."""
    img = Image.new("RGB", (64, 48), ((seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _text_box(slide, left, top, width, height, text: str, size: int, bold: bool = False):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    return box


def _add_slide(prs, spec: dict[str, Any], pictures: dict[int, bytes]) -> None:
    layouts = prs.slide_layouts
    kind = spec["kind"]
    width = prs.slide_width
    if kind == "section":
        slide = prs.slides.add_slide(layouts[SECTION])
        slide.shapes.title.text = spec["title"]
    elif kind == "title":
        slide = prs.slides.add_slide(layouts[TITLE])
        slide.shapes.title.text = spec["title"]
        slide.placeholders[1].text = "Evidence briefing"
    elif kind == "bullets":
        slide = prs.slides.add_slide(layouts[CONTENT])
        slide.shapes.title.text = spec["title"]
        frame = slide.placeholders[1].text_frame
        for j, (level, text, link) in enumerate(spec["bullets"]):
            para = frame.paragraphs[0] if j == 0 else frame.add_paragraph()
            para.level = level
            run = para.add_run()
            run.text = text
            if link:
                run.hyperlink.address = link
    elif kind in ("statement", "quote"):
        slide = prs.slides.add_slide(layouts[BLANK])
        box = _text_box(slide, Inches(1), Inches(2), width - Inches(2), Inches(3), spec["text"], 40)
        box.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
        if kind == "quote":
            _text_box(slide, Inches(1), Inches(5.5), width - Inches(2), Inches(1), spec["by"], 20)
    elif kind == "stat":
        slide = prs.slides.add_slide(layouts[TITLE_ONLY])
        slide.shapes.title.text = spec["title"]
        col = Emu((width - Inches(2)) // len(spec["figures"]))
        for j, (figure, label) in enumerate(spec["figures"]):
            left = Inches(1) + col * j
            big = _text_box(slide, left, Inches(2), col, Inches(2), figure, 72, bold=True)
            big.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor(0x00, 0x5E, 0xB8)
            _text_box(slide, left, Inches(4.2), col, Inches(1), label, 24)
    elif kind == "table":
        slide = prs.slides.add_slide(layouts[TITLE_ONLY])
        slide.shapes.title.text = spec["title"]
        rows = spec["rows"]
        shape = slide.shapes.add_table(
            len(rows), len(rows[0]), Inches(1), Inches(2), width - Inches(2), Inches(3)
        )
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                shape.table.cell(r, c).text = value
    elif kind == "chart":
        slide = prs.slides.add_slide(layouts[TITLE_ONLY])
        slide.shapes.title.text = spec["title"]
        data = CategoryChartData()
        data.categories = spec["categories"]
        for name, values in spec["series"].items():
            data.add_series(name, values)
        slide.shapes.add_chart(
            XL_CHART_TYPE.COLUMN_CLUSTERED,
            Inches(1),
            Inches(1.8),
            width - Inches(2),
            Inches(5),
            data,
        )
    elif kind == "picture":
        slide = prs.slides.add_slide(layouts[TITLE_ONLY])
        slide.shapes.title.text = spec["title"]
        seed = spec["picture"]
        if seed not in pictures:
            pictures[seed] = _png(seed)
        slide.shapes.add_picture(io.BytesIO(pictures[seed]), Inches(2), Inches(2), Inches(6))
    else:  # pragma: no cover - KINDS is closed
        raise ValueError(kind)
    if "notes" in spec:
        slide.notes_slide.notes_text_frame.text = spec["notes"]


def load_fixes() -> types.ModuleType:
    """The linear-time fast paths for python-pptx (`benchmarks/pptx_fast_paths.py`): without
    them stock python-pptx 1.0 grows quadratically slower with the deck, and the floor would
    be a straw man at 3,500 slides. (slidegen itself writes its packages without python-pptx.)
    """
    import importlib.util

    path = Path(__file__).resolve().parent / "pptx_fast_paths.py"
    spec = importlib.util.spec_from_file_location("pptx_fast_paths", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_floor(n: int, out_path: str | Path | IO[bytes], fixed: bool = True) -> None:
    """Write a mixed deck of `n` slides to `out_path`; `fixed` applies the linear-time fixes."""
    prs = Presentation()
    if fixed:
        load_fixes().speed_up(prs)
    pictures: dict[int, bytes] = {}
    for spec in outline(n):
        _add_slide(prs, spec, pictures)
    prs.save(out_path if not isinstance(out_path, Path) else str(out_path))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slides", type=int, required=True, help="number of slides")
    parser.add_argument("--out", required=True, help="output .pptx path")
    parser.add_argument("--stock", action="store_true", help="plain python-pptx, no fixes")
    parser.add_argument("--verbose", action="store_true", help="print one timing line")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    build_floor(args.slides, args.out, fixed=not args.stock)
    elapsed = time.perf_counter() - start
    if args.verbose:
        mode = "stock" if args.stock else "fixed"
        print(f"floor: {args.slides} slides, {mode}, {elapsed:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
