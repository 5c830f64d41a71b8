"""Decks on corporate templates nobody here drew (issue 15): NHS England's and DHSC's from
../shared/templates (skipped where absent), their .potx copies, and a research group's made
here (`foreign_template`: layout names in Portuguese, no layout types, art in the footer band,
a crest in the corner, no footer placeholders on one layout).

For the seed deck and every fixture deck, in every audience's version, on each: every slide is
on the layout chosen for its role, every placeholder is filled or removed, no prompt text is
left, the footer and slide number are in the template's own placeholders (or ones added clear
of its art), and its colour and font schemes are its own. With LibreOffice (`-m render`),
render_audit from ../shared/tools finds no error in any of them.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree
from pptx import Presentation

from fixtures.themes.make_templates import as_kind, foreign_template
from slidegen.build import BuildOptions, build, plan_deck
from slidegen.errors import Diagnostics
from slidegen.place import default_registry
from slidegen.render import footer_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "tests" / "fixtures"
NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
}
STANDARD = {
    "title": "Title Slide",
    "content": "Title and Content",
    "section": "Section Header",
    "two": "Two Content",
    "title_only": "Title Only",
    "blank": "Blank",
}
EXPECTED = {  # template -> role -> the layout it must be drawn on
    "nhse": STANDARD,
    "dhsc": STANDARD,
    "foreign": {
        "title": "Capa",
        "content": "Título e conteúdo",
        "section": "Cabeçalho de seção",
        "two": "Duas partes de conteúdo",
        "title_only": "Somente título",
        "blank": "Em branco",
    },
}
DECKS = {
    "seed": ROOT / "decks" / "parent-infant-impact.yaml",
    "basic": FIXTURES / "core" / "basic.yaml",
    "data-files": FIXTURES / "core" / "data-files.yaml",
    "audiences": FIXTURES / "tailoring" / "audiences.yaml",
    "base": FIXTURES / "tailoring" / "base.yaml",
    "includes": FIXTURES / "tailoring" / "includes" / "deck.yaml",
    "small": FIXTURES / "import" / "small.yaml",
    "rich": None,  # tests/fixtures/rich/rich.yaml beside the pictures its test draws
}
FOOTER, NUMBER, DATE = 15, 13, 16  # python-pptx's PP_PLACEHOLDER values


def variants() -> list[tuple[str, str | None]]:
    out = []
    for name, path in DECKS.items():
        source = path or FIXTURES / "rich" / "rich.yaml"
        audiences = yaml.safe_load(source.read_text(encoding="utf-8")).get("audiences") or {}
        out += [(name, None)] + [(name, a) for a in audiences]
    return out


VARIANTS = variants()
TEMPLATE_IDS = ("nhse", "dhsc", "foreign")


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    """Template (and kind) -> a theme folder: the project's parent-infant theme (its logo,
    footer, palette and fonts, none of which may override a template's) on that template."""
    root = tmp_path_factory.mktemp("corporate")
    out = {}
    for name in TEMPLATE_IDS:
        for suffix in (".pptx", ".potx"):
            folder = root / f"{name}{suffix.replace('.', '-')}"
            folder.mkdir()
            template = folder / f"template{suffix}"
            pptx = folder / "template.pptx" if suffix != ".pptx" else template
            if name == "foreign":
                foreign_template(pptx)
            elif (SHARED / "templates" / f"{name}.pptx").is_file():
                pptx.write_bytes((SHARED / "templates" / f"{name}.pptx").read_bytes())
            else:
                continue
            if suffix != ".pptx":
                as_kind(pptx, template)
                pptx.unlink()
            (folder / "theme.yaml").write_text(
                f"name: {name}\nextends: {ROOT / 'themes' / 'parent-infant'}\n"
                f"template: {template.name}\n",
                encoding="utf-8",
            )
            out[f"{name}{suffix}"] = folder
    rich = root / "rich"
    rich.mkdir()
    sys.path.insert(0, str(ROOT / "tests"))
    from test_render_rich import draw_pictures

    draw_pictures(rich)
    (rich / "rich.yaml").write_bytes((FIXTURES / "rich" / "rich.yaml").read_bytes())
    out["rich-deck"] = rich / "rich.yaml"
    return out


def theme_of(folders, template: str) -> Path:
    if template not in folders:
        pytest.skip(f"{SHARED / 'templates' / template.split('.')[0]}.pptx is not here")
    return folders[template]


def deck_path(folders, name: str) -> Path:
    return DECKS[name] or folders["rich-deck"]


def built(folders, template: str, deck: str, audience: str | None):
    theme = theme_of(folders, template)
    path = deck_path(folders, deck)
    options = BuildOptions(theme=str(theme), audience=audience)
    result = build(path, options, write=False)
    plan = plan_deck(path, options, Diagnostics())
    return result, plan


def _scheme(data: bytes) -> tuple[bytes, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("ppt/theme/theme1.xml"))
    return tuple(etree.tostring(root.find(f".//a:{n}", NS)) for n in ("clrScheme", "fontScheme"))


def _template_bytes(folder: Path) -> bytes:
    template = next(folder.glob("template.*"))
    return template.read_bytes()


@pytest.mark.parametrize(("deck", "audience"), VARIANTS, ids=[f"{d}-{a}" for d, a in VARIANTS])
@pytest.mark.parametrize("template", TEMPLATE_IDS)
def test_decks_on_templates_stay_the_templates(folders, template, deck, audience):
    result, plan = built(folders, f"{template}.pptx", deck, audience)
    prs = Presentation(io.BytesIO(result.data))
    registry = default_registry()
    planned = {s.id: s for s in plan.slides}
    expected = EXPECTED[template]
    footer = footer_text(plan) or ""
    assert _scheme(result.data) == _scheme(_template_bytes(folders[f"{template}.pptx"]))
    for number, slide in enumerate(prs.slides, 1):
        slide_id = slide._element.cSld.get("name")
        part = planned.get(slide_id) or planned[slide_id.rsplit("--", 1)[0]]
        role = registry.get(part.layout).role(part)
        where = f"{template} {deck}/{audience} slide {number} '{slide_id}' ({part.layout})"
        assert slide.slide_layout.name == expected[role], where
        kinds = []
        for ph in slide.placeholders:
            kinds.append(ph.placeholder_format.type)
            text = "".join(slide_text(ph._element))
            assert text.strip(), f"{where}: empty placeholder {ph.name}"
        text = " ".join(slide_text(slide._element))
        assert "Click to" not in text and "Clique para" not in text, where
        if role in ("title", "section"):
            assert FOOTER not in kinds and NUMBER not in kinds, where
        elif plan.theme.slide_numbers:
            assert NUMBER in kinds, where
            if footer:  # the footer, or cut short with an ellipsis to stay on one line
                own = [ph for ph in slide.placeholders if ph.placeholder_format.type == FOOTER]
                (shown,) = [f.text_frame.text for f in own]
                cut = "\u2026" in shown and footer.startswith(shown.split("\u2026")[0])
                assert shown == footer or cut, (where, shown)


def slide_text(el) -> list[str]:
    return [t.text or "" for t in el.iter(f"{{{NS['a']}}}t")]


ORIGIN = ("docProps/custom.xml", "customXml/item1.xml")  # the build's origin: its inputs' hashes


@pytest.mark.parametrize("template", TEMPLATE_IDS)
def test_a_potx_gives_what_its_pptx_gives(folders, template):
    """The same parts, byte for byte, but for the origin (which hashes the template file)."""
    pptx, _ = built(folders, f"{template}.pptx", "seed", None)
    potx, _ = built(folders, f"{template}.potx", "seed", None)
    with zipfile.ZipFile(io.BytesIO(pptx.data)) as a, zipfile.ZipFile(io.BytesIO(potx.data)) as b:
        assert a.namelist() == b.namelist()
        differ = [n for n in a.namelist() if a.read(n) != b.read(n)]
    assert set(differ) <= set(ORIGIN), differ


def test_furniture_in_a_band_clear_of_the_art(folders):
    """The research group's title-only layout has no footer placeholders: they are added above
    its purple bar; on the content layout its own, on the bar, are set in a colour that reads
    there (white, not the grey it gives them)."""
    result, _ = built(folders, "foreign.pptx", "seed", None)
    prs = Presentation(io.BytesIO(result.data))
    height = prs.slide_height
    bar_top = height - 502920  # Inches(0.55)
    only = next(lay for lay in prs.slide_layouts if lay.name == "Somente título")
    added = {ph.placeholder_format.type: ph for ph in only.placeholders}
    assert {FOOTER, NUMBER} <= set(added)
    for ph in (added[FOOTER], added[NUMBER]):
        assert ph.top + ph.height <= bar_top, ph.name
    content = next(s for s in prs.slides if s.slide_layout.name == "Título e conteúdo")
    footer = next(ph for ph in content.placeholders if ph.placeholder_format.type == FOOTER)
    assert footer.top >= bar_top - 100000
    fill = footer._element.find(".//a:rPr/a:solidFill/*", NS)
    assert fill is not None and fill.get("val") in ("bg1", "FFFFFF")


# ---- render: what a viewer would see -----------------------------------------------------------
RENDER_VARIANTS = [(d, None) for d in DECKS] + [
    ("seed", a) for d, a in VARIANTS if d == "seed" and a
]


def audit(path: Path, out: Path) -> dict:
    """render_audit (../shared/tools) on a .pptx: its JSON report."""
    tool = SHARED / "tools" / "render_audit.py"
    if not tool.is_file():
        pytest.skip(f"{tool} is not here")
    run = subprocess.run(
        [sys.executable, str(tool), str(path), "--json", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=tool.parent,
        timeout=900,
    )
    assert run.returncode in (0, 1), run.stderr
    (report,) = json.loads(run.stdout)
    return report


@pytest.mark.render
@pytest.mark.parametrize(
    ("deck", "audience"), RENDER_VARIANTS, ids=[f"{d}-{a}" for d, a in RENDER_VARIANTS]
)
@pytest.mark.parametrize("template", [*TEMPLATE_IDS, "nhse.potx", "dhsc.potx", "foreign.potx"])
def test_render_audit_finds_nothing(folders, tmp_path, template, deck, audience):
    if template.endswith(".potx") and (deck, audience) != ("seed", None):
        pytest.skip("a .potx gives its .pptx's slides (test_a_potx_gives_what_its_pptx_gives)")
    name = template if "." in template else f"{template}.pptx"
    result, _ = built(folders, name, deck, audience)
    path = tmp_path / f"{deck}.pptx"
    path.write_bytes(result.data)
    report = audit(path, tmp_path / "audit")
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert not errors, "\n".join(f"slide {f['slide']}: {f['code']}: {f['text']}" for f in errors)
