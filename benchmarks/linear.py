"""Is slidegen linear where input can be long? Inline markup parsing and `check`'s per-slide
shape analysis, each timed at doubling sizes.

Each case is measured at n, 2n, 4n and 8n; the target is a time that at most about doubles
with the size (the ratio of 8n to n under 12, where quadratic work would give 64). The cases
are the hostile inputs that were quadratic: `[` 20,000 times in a bullet (12 s), `[@` and
`[](` repeated, a `{{` followed by spaces, stars that stay text, and a slide of thousands of
shapes in reading order (10,000 took 41 s in `slidegen check`).

    python benchmarks/linear.py            # about 30 s
    python benchmarks/linear.py --quick    # smaller sizes, for a smoke run
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

RATIO = 12.0  # time at 8n / time at n, at most (linear: 8; quadratic: 64)
INLINE = {
    "brackets": lambda n: "[" * n,
    "citation starts": lambda n: "[@" * (n // 2),
    "link starts": lambda n: "[](" * (n // 3),
    "escaped brackets": lambda n: "\\[" * (n // 2),
    "placeholder start": lambda n: "{{" + " " * n,
    "stars as text": lambda n: "a * " * (n // 4),  # markup: capped at 10,000 per text
    "a long word": lambda n: "x" * n,
}


def _best(fn, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def inline_case(make, n: int) -> float:
    from slidegen.errors import SlidegenError
    from slidegen.resolve.inline import parse_inline, strip_markup

    text = make(n)

    def run():
        with contextlib.suppress(SlidegenError):  # over the markup limit: refused at once
            parse_inline(text, None, lambda name, pos: ("x", ()))
        strip_markup(text)

    return _best(run)


def shapes_deck(n: int, folder: Path) -> Path:
    """One slide holding n small text boxes in reading order (rows top to bottom)."""

    path = folder / f"shapes-{n}.pptx"
    many_shapes(n).save(path)
    return path


def many_shapes(n: int):
    """A Presentation whose one slide holds n small text boxes in reading order, rows top to
    bottom (copies of one box: python-pptx's add_textbox looks through every shape for a free
    id, which would make building the slide itself quadratic)."""
    import copy

    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Many shapes"
    first = slide.shapes.add_textbox(0, 0, 140_000, 20_000)
    first.text_frame.text = "w"
    proto = first._element
    tree = proto.getparent()
    tree.remove(proto)
    ns = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for i in range(n):
        el = copy.deepcopy(proto)
        c_nv = el[0][0]
        c_nv.set("id", str(100 + i))
        c_nv.set("name", f"TextBox {100 + i}")
        el.find(f".//{ns}off").set("x", str(Emu(100_000 + (i % 50) * 170_000)))
        el.find(f".//{ns}off").set("y", str(Emu(1_500_000 + (i // 50) * 25_000)))
        el.find(f".//{ns}t").text = f"w{i}"
        tree.append(el)
    return prs


def check_case(n: int, folder: Path) -> float:
    from slidegen.check.pptx import check_pptx
    from slidegen.place.measure import FontCache

    path = shapes_deck(n, folder)
    fonts = FontCache()
    return _best(lambda: check_pptx(path, fonts), runs=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    args = parser.parse_args(argv)
    base_chars = 10_000 if args.quick else 40_000
    base_shapes = 250 if args.quick else 1_250
    sizes = (1, 2, 4, 8)
    ok = True
    print(f"{'case':<44}" + "".join(f"{'x' + str(k):>10}" for k in sizes) + "   8n/n  target")
    for name, make in INLINE.items():
        times = [inline_case(make, base_chars * k) for k in sizes]
        ok &= _row(f"inline: {name} ({base_chars:,} chars)", times)
    with tempfile.TemporaryDirectory() as tmp:
        times = [check_case(base_shapes * k, Path(tmp)) for k in sizes]
        ok &= _row(f"check: shapes on a slide ({base_shapes:,})", times)
    return 0 if ok else 1


def _row(label: str, times: list[float]) -> bool:
    ratio = times[-1] / max(times[0], 1e-4)
    met = ratio <= RATIO or times[-1] < 0.05  # too quick to tell apart from noise
    cells = "".join(f"{t * 1000:>8.1f}ms" for t in times)
    print(f"{label:<44}{cells}  {ratio:5.1f}  {'met' if met else 'NOT met'}")
    return met


if __name__ == "__main__":
    sys.exit(main())
