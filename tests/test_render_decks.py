"""Every deck we ship or test renders as written in LibreOffice: one page per visible slide and
every paragraph of every slide on its page (nothing pushed off the slide or dropped).

Which decks: every `decks/*.yaml`, and every fixture deck: a `tests/fixtures/**/*.yaml` (or
`.yml`) file with a top-level `deck:` key. Left out, because they are not meant to build on
their own: files named `bad-*.yaml` (decks that must fail) and files whose first line is
`# expect: error` or `# render: skip` (use it for overlays and other partial decks).

All decks are built once and converted in a single LibreOffice run, to keep the suite fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.render_check import assert_renders, check_render
from slidegen.build import BuildOptions, build
from slidegen.errors import SlidegenError
from slidegen.preview import convert_many_to_pdf, convert_to_pdf

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SKIP_MARKERS = ("# expect: error", "# render: skip")
_DECK_KEY = re.compile(r"^deck\s*:", re.M)


def is_fixture_deck(path: Path) -> bool:
    """A deck meant to build: has a top-level `deck:` key, not bad-*, no skip marker."""
    if path.name.startswith("bad-"):
        return False
    text = path.read_text(encoding="utf-8", errors="replace")
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip().lower()
    if first in SKIP_MARKERS:
        return False
    return _DECK_KEY.search(text) is not None


def discover_decks() -> list[Path]:
    """The seed decks, then every fixture deck, in a stable order."""
    shipped = sorted((ROOT / "decks").glob("*.yaml"))
    fixtures = sorted(
        p for p in FIXTURES.rglob("*") if p.suffix in (".yaml", ".yml") and is_fixture_deck(p)
    )
    return shipped + fixtures


DECKS = discover_decks()
OVERFLOW = "overflow"  # the key of the deck that must fail the check


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


@dataclass
class Built:
    pptx: Path | None = None
    slides: int = 0
    error: str | None = None
    pdf: Path | None = None


def _write_overflow_deck(folder: Path) -> Path:
    """A statement far too long for one slide: fit() gives up at the minimum size."""
    words = " ".join(f"finding{i} matters" for i in range(400))
    path = folder / "overflow.yaml"
    path.write_text(
        "deck: {title: Overflow, title_slide: false}\n"
        "sections:\n"
        "  - id: s\n"
        "    title: S\n"
        "    slides:\n"
        "      - layout: statement\n"
        "        title: Far too much\n"
        f'        text: "{words}"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Built]:
    """Every discovered deck (and the overflow deck) built once into a temporary folder."""
    out = tmp_path_factory.mktemp("decks")
    decks = {_id(p): p for p in DECKS}
    decks[OVERFLOW] = _write_overflow_deck(tmp_path_factory.mktemp("overflow"))
    result = {}
    for i, (key, deck) in enumerate(decks.items()):
        target = out / f"{i:03d}-{deck.stem}.pptx"
        try:
            r = build(deck, BuildOptions(output=target))
        except SlidegenError as exc:
            result[key] = Built(error=str(exc))
            continue
        result[key] = Built(pptx=target, slides=r.slides)
    return result


@pytest.fixture(scope="module")
def rendered(built, tmp_path_factory) -> dict[str, Built]:
    """The built decks converted to PDF, all in one LibreOffice run."""
    out = tmp_path_factory.mktemp("pdf")
    ok = [b for b in built.values() if b.pptx is not None]
    try:
        pdfs = convert_many_to_pdf([b.pptx for b in ok], out)
    except SlidegenError:  # one file LibreOffice cannot read: convert one by one to tell which
        pdfs = []
        for b in ok:
            try:
                pdfs.append(convert_to_pdf(b.pptx, out))
            except SlidegenError:
                pdfs.append(None)
    for b, pdf in zip(ok, pdfs, strict=True):
        b.pdf = pdf
    return built


def test_discovery_finds_the_seed_deck_and_skips_decks_meant_to_fail():
    names = [_id(p) for p in DECKS]
    assert "decks/parent-infant-impact.yaml" in names
    assert not any(Path(n).name.startswith("bad-") for n in names)
    # included sections and data files have no `deck:` key, so they are not decks
    assert not any("/parts/" in n or "/data/" in n for n in names)


def test_skip_markers(tmp_path):
    deck = "deck: {title: T}\nsections: []\n"
    (tmp_path / "good.yaml").write_text(deck)
    (tmp_path / "overlay.yaml").write_text("# render: skip\n" + deck)
    (tmp_path / "broken.yaml").write_text("# Expect: error\n" + deck)
    (tmp_path / "bad-thing.yaml").write_text(deck)
    (tmp_path / "section.yaml").write_text("id: s\ntitle: S\n# deck: is not a key here\n")
    found = [p.name for p in sorted(tmp_path.iterdir()) if is_fixture_deck(p)]
    assert found == ["good.yaml"]


@pytest.mark.parametrize("deck", DECKS, ids=_id)
def test_deck_builds(deck, built):
    b = built[_id(deck)]
    assert b.error is None, f"{_id(deck)} does not build:\n{b.error}"
    assert b.slides > 0


@pytest.mark.render
@pytest.mark.parametrize("deck", DECKS, ids=_id)
def test_deck_renders_as_written(deck, rendered, tmp_path):
    b = rendered[_id(deck)]
    if b.error is not None:
        pytest.fail(f"{_id(deck)} does not build:\n{b.error}", pytrace=False)
    assert b.pdf is not None, f"LibreOffice could not convert {_id(deck)}"
    report = assert_renders(b.pptx, tmp_path, pdf=b.pdf)
    assert report.pages == len(report.visible_slides) > 0


@pytest.mark.render
def test_render_check_fails_a_deck_whose_text_overflows(rendered, tmp_path):
    b = rendered[OVERFLOW]
    assert b.error is None and b.pdf is not None
    report = check_render(b.pptx, tmp_path, pdf=b.pdf)
    assert report.pages == len(report.visible_slides)  # the page is there, its text is not
    # the statement is cut off; spilling over the title, it may hide the title's words too
    missing = {m.shape: m.text for m in report.missing}
    assert "finding0 matters" in missing["Statement"]
    with pytest.raises(AssertionError, match="text not on the rendered page"):
        assert_renders(b.pptx, tmp_path, pdf=b.pdf)
