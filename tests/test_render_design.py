"""The designed layouts as LibreOffice draws them, on every built-in theme at 16:9 and 4:3.

From the rendering alone (the PDF's word boxes from poppler, and ../shared/tools/render_audit.py
where the shared tools are beside the project): no overlapping, off-page or illegible text, no
prompt text; every slide's title starts on one left edge; nothing is drawn outside the theme's
grid margins.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pptx import Presentation

from slidegen.build import BuildOptions, build
from slidegen.ooxml import EMU_PER_PT
from slidegen.preview import convert_many_to_pdf

pytestmark = pytest.mark.render

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "decks" / "parent-infant-impact.yaml"
BASIC = ROOT / "tests" / "fixtures" / "core" / "basic.yaml"
AUDIT = ROOT.parent / "shared" / "tools" / "render_audit.py"
THEMES = ("default", "high-contrast", "print", "parent-infant")
SIZES = ("16:9", "4:3")
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
TOLERANCE = 3.0  # points: LibreOffice's glyph placement against the measured boxes


def _theme(folder: Path, theme: str, size: str) -> Path:
    path = folder / f"{theme}-{size.replace(':', 'x')}"
    path.mkdir(parents=True)
    base = str(ROOT / "themes" / "parent-infant") if theme == "parent-infant" else theme
    (path / "theme.yaml").write_text(
        yaml.safe_dump({"name": path.name, "extends": base, "size": size}), encoding="utf-8"
    )
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The seed deck on every theme and size and the basic fixture on every theme, built and
    converted to PDF in one LibreOffice run: [(name, pptx, pdf)]."""
    root = tmp_path_factory.mktemp("design-render")
    outputs = []
    for theme in THEMES:
        for size in SIZES:
            folder = _theme(root / "themes", theme, size)
            for deck in (SEED, BASIC) if size == "16:9" else (SEED,):
                name = f"{deck.stem}--{folder.name}"
                out = root / f"{name}.pptx"
                build(deck, BuildOptions(theme=str(folder), output=out))
                outputs.append((name, out))
    pdfs = convert_many_to_pdf([p for _, p in outputs], root / "pdf", timeout=600)
    return [(name, pptx, pdf) for (name, pptx), pdf in zip(outputs, pdfs, strict=True)]


def _pages(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    out = []
    for w, h, body in PAGE.findall(xml):
        words = [
            (float(a), float(b), float(c), float(d), t) for a, b, c, d, t in WORD.findall(body)
        ]
        out.append((float(w), float(h), words))
    return out


def _titles(pptx: Path) -> list[str]:
    prs = Presentation(str(pptx))
    shown = [s for s in prs.slides if s._element.get("show") != "0"]
    return [(s.shapes.title.text_frame.text if s.shapes.title else "") for s in shown]


def _margin_pt(pptx: Path) -> float:
    """The grid margin of a built deck: where its slide titles' placeholder starts."""
    prs = Presentation(str(pptx))
    title = next(s.shapes.title for s in prs.slides if s.shapes.title is not None)
    return title.left / EMU_PER_PT


@pytest.mark.skipif(not AUDIT.is_file(), reason="../shared/tools/render_audit.py not present")
def test_render_audit_finds_no_error(rendered):
    pdfs = [str(pdf) for _, _, pdf in rendered]
    done = subprocess.run(
        [sys.executable, str(AUDIT), "--json", *pdfs], capture_output=True, text=True, timeout=900
    )
    reports = json.loads(done.stdout)
    errors = [
        f"{Path(r['file']).stem}: {f}"
        for r in reports
        for f in r["findings"]
        if f.get("severity") == "error"
    ]
    assert errors == []
    assert all(r["errors"] == 0 for r in reports)


def test_every_title_starts_on_one_left_edge(rendered):
    for name, pptx, pdf in rendered:
        edges = {}
        for n, (title, (_, _, words)) in enumerate(zip(_titles(pptx), _pages(pdf), strict=True), 1):
            first = title.split()[0] if title.split() else None
            hits = [w for w in words if first and w[4] == first]
            if hits:
                edges[n] = min(hits, key=lambda w: w[1])[0]
        assert len(edges) > 0.8 * len(_titles(pptx)), name
        low, high = min(edges.values()), max(edges.values())
        assert high - low <= TOLERANCE, f"{name}: title left edges {edges}"


def test_nothing_is_drawn_outside_the_grid_margins(rendered):
    for name, pptx, pdf in rendered:
        margin = _margin_pt(pptx)
        for n, (width, _, words) in enumerate(_pages(pdf), 1):
            outside = [
                w[4]
                for w in words
                if w[0] < margin - TOLERANCE or w[2] > width - margin + TOLERANCE
            ]
            assert outside == [], f"{name} slide {n}: words outside the margins: {outside}"
