"""Linear where input can be long: inline markup and `check`'s per-slide shape analysis.

The hostile inputs that were quadratic ([ 20,000 times in a bullet: 12 s; a slide of 10,000
shapes: 41 s in check) are parsed or checked here at sizes where quadratic work would take
minutes; `benchmarks/linear.py` times each at doubling sizes.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest

from slidegen.check import pptx as check_pptx_module
from slidegen.check.pptx import READING_ORDER_SHAPES, check_pptx
from slidegen.errors import SlidegenError
from slidegen.limits import MARKUP_PER_TEXT
from slidegen.resolve.inline import parse_inline, strip_markup

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "linear.py"
N = 200_000


def many_shapes(n: int):
    """benchmarks/linear.py's slide of n text boxes in reading order."""
    spec = importlib.util.spec_from_file_location("linear_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.many_shapes(n)


HOSTILE = {
    "brackets": "[" * N,
    "citation starts": "[@" * (N // 2),
    "link starts": "[](" * (N // 3),
    "escaped brackets": "\\[" * (N // 2),
    "placeholder start": "{{" + " " * N,
    "link text without a target": "[" + "a" * N + "](",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_long_hostile_markup_parses_in_linear_time(name):
    text = HOSTILE[name]
    start = time.perf_counter()
    parsed = parse_inline(text, None, lambda n, p: ("x", ()))
    assert strip_markup(text)
    assert time.perf_counter() - start < 5.0  # quadratic: tens of minutes
    assert len(parsed.segments) == 1


def test_a_text_with_too_much_markup_is_refused_at_once():
    start = time.perf_counter()
    with pytest.raises(SlidegenError) as info:
        parse_inline("*a" * 1_000_000, None, None)  # the 2 MB line: 33 s and 1.8 GB before
    assert time.perf_counter() - start < 1.0
    assert f"more than {MARKUP_PER_TEXT:,} pieces of inline markup" in str(info.value)
    assert parse_inline("*a* " * 2000, None, None).segments  # 4,000 markers: fine


def test_check_compares_reading_order_among_a_bounded_number_of_shapes(tmp_path, monkeypatch):
    path = tmp_path / "many.pptx"
    many_shapes(3000).save(path)
    pairs = 0
    original = check_pptx_module._clearly_before

    def counted(*args):
        nonlocal pairs
        pairs += 1
        return original(*args)

    monkeypatch.setattr(check_pptx_module, "_clearly_before", counted)
    start = time.perf_counter()
    report = check_pptx(path)
    assert time.perf_counter() - start < 15.0
    assert pairs <= READING_ORDER_SHAPES * (READING_ORDER_SHAPES - 1) // 2
    assert report.slides == 1 and "READING-ORDER" not in {f.code for f in report.findings}
