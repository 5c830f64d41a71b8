"""No internal error on a damaged .pptx: a mutation fuzzer over a real package.

Hypothesis damages a .pptx that slidegen built (a picture, a table, a chart, notes, a link)
in one to three ways: an attribute deleted or given an odd value, a relationship dropped or
pointed elsewhere, a part removed or replaced with other bytes, an element removed. Every
reader path must then answer as the command line would with exit 0 or 1: `check` returns a
report (a damaged part is a PPTX-UNREADABLE finding), `import` and `diff` read it or raise a
located SlidegenError, and a build using it as a theme's template builds or raises one.
Derandomized and bounded, like tests/test_fuzz.py; part of `make test`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from helpers import mutate
from helpers.decks import run_cli, write
from slidegen.build import BuildOptions, build
from slidegen.check.pptx import check_pptx
from slidegen.diff import diff_pptx
from slidegen.errors import SlidegenError
from slidegen.importer import import_pptx

DECK = """\
deck: {title: Damaged, presenter: {name: Ben, email: ben@example.org}}
sections:
  - id: s
    title: Section
    slides:
      - title: Bullets
        bullets: ["**Bold** and [a link](https://example.org)", {text: Two, bullets: [Three]}]
        notes: Some notes.
      - {layout: image, title: Picture, image: pic.png, alt: A navy square}
      - layout: table
        title: Table
        columns: [Region, Teams]
        rows: [[North, 4], [South, 7]]
      - layout: chart
        title: Chart
        chart: {type: column, categories: [A, B], series: [{name: S, values: [1, 2]}]}
      - {layout: closing}
"""

MUTATE = settings(
    max_examples=45,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    folder = tmp_path_factory.mktemp("mutations")
    Image.new("RGB", (80, 60), "navy").save(folder / "pic.png")
    deck = write(folder, "deck.yaml", DECK)
    pptx = build(deck, BuildOptions(out_dir=folder / "out")).output
    return pptx, mutate.members(pptx)


@st.composite
def mutations(draw, items: dict[str, bytes]):
    """One to three mutations of the package, as a description and the changed members."""
    done = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(
                ["attribute", "attribute", "relationship", "retarget", "part", "junk", "element"]
            )
        )
        if kind == "attribute":
            name = draw(st.sampled_from(mutate.xml_parts(items)))
            spots = mutate.elements_with_attributes(items[name])
            if not spots:
                continue
            index, attr = draw(st.sampled_from(spots))
            value = draw(st.sampled_from([None, *mutate.ODD_VALUES]))
            items = mutate.set_attribute(items, name, index, attr, value)
        elif kind in ("relationship", "retarget"):
            name = draw(st.sampled_from(mutate.rels_parts(items)))
            count = mutate.child_count(items[name])
            if not count:
                continue
            index = draw(st.integers(0, count - 1))
            if kind == "relationship":
                items = mutate.drop_relationship(items, name, index)
            else:
                target = draw(
                    st.sampled_from(
                        ["../nowhere.xml", "", "http://example.org", "slide1.xml", "../media"]
                    )
                )
                items = mutate.retarget_relationship(items, name, index, target)
        elif kind == "part":
            name = draw(st.sampled_from(sorted(items)))
            items = mutate.remove_part(items, name)
        elif kind == "junk":
            name = draw(st.sampled_from(sorted(items)))
            data = draw(
                st.sampled_from(
                    [b"", b"<x/>", b"not xml at all", b"\x89PNG\r\n\x1a\n", mutate.png_header(9, 9)]
                )
            )
            items = mutate.replace_part(items, name, data)
        else:
            name = draw(st.sampled_from(mutate.xml_parts(items)))
            size = mutate.element_count(items[name])
            if size < 2:
                continue
            items = mutate.remove_element(items, name, draw(st.integers(1, size - 1)))
        done.append(f"{kind} {name}")
    return done, items


def _answers(fn) -> None:
    """`fn` returns, or raises a SlidegenError (exit 1 on the command line); nothing else."""
    try:
        fn()
    except SlidegenError as exc:
        assert exc.diagnostics and all(d.message for d in exc.diagnostics)


@pytest.mark.slow
@MUTATE
@given(data=st.data())
def test_damaged_packages_get_findings_or_located_errors(package, tmp_path_factory, data):
    original, items = package
    done, damaged = data.draw(mutations(items))
    path = mutate.save(damaged, tmp_path_factory.mktemp("m") / "damaged.pptx")
    report = check_pptx(path)
    assert report.target == str(path), done
    _answers(lambda: import_pptx(path, path.parent / "imported", write=False))
    _answers(lambda: diff_pptx(original, path))


@pytest.mark.slow
@settings(MUTATE, max_examples=15)
@given(data=st.data())
def test_damaged_templates_build_or_give_located_errors(package, tmp_path_factory, data):
    _original, items = package
    _done, damaged = data.draw(mutations(items))
    folder = tmp_path_factory.mktemp("t")
    (folder / "themes" / "t").mkdir(parents=True)
    mutate.save(damaged, folder / "themes" / "t" / "template.pptx")
    write(folder, "themes/t/theme.yaml", "template: template.pptx\nfallback: true\n")
    deck = write(
        folder,
        "deck.yaml",
        "deck: {title: T, theme: t}\nsections:\n  - {id: s, title: S, slides: [{bullets: [x]}]}\n",
    )
    _answers(lambda: build(deck, BuildOptions(out_dir=folder / "out"), write=False))


@pytest.mark.parametrize("case", list(mutate.NAMED))
def test_the_named_cases_exit_0_or_1_from_the_command_line(package, tmp_path, case, monkeypatch):
    original, items = package
    path = mutate.save(mutate.NAMED[case](items), tmp_path / "damaged.pptx")
    monkeypatch.chdir(tmp_path)
    for args in (
        ["check", str(path)],
        ["import", str(path), "--out", "imported"],
        ["diff", str(original), str(path)],
    ):
        result = run_cli(*args)
        assert result.exit_code in (0, 1), (case, args, result.output)
        assert "internal error" not in result.output and "Traceback" not in result.output
        if result.exit_code == 1 and args[0] == "import":
            assert "error: " in result.output, (case, args, result.output)
