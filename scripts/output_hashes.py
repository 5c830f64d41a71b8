"""SHA-256 of every output a redesign must leave byte-identical.

Builds (in memory, nothing written to the project) the seed deck in full, for each audience,
with each regional overlay and on each built-in theme; the fixture decks; the benchmark decks
of 30 and 350 slides; and the seed and benchmark decks on the test templates and on the real
corporate templates in ../shared/templates/ (where present). Prints one `sha256  name` line
per output (or the first error), so two runs can be compared:

    python scripts/output_hashes.py > /tmp/before.txt
    ... change the code ...
    python scripts/output_hashes.py | diff /tmp/before.txt -
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "decks" / "parent-infant-impact.yaml"
SHARED_TEMPLATES = ROOT.parent / "shared" / "templates"
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_DECKS = (
    "core/basic.yaml",
    "core/data-files.yaml",
    "tailoring/audiences.yaml",
    "tailoring/base.yaml",
    "import/small.yaml",
)


def targets(scratch: Path):
    """(name, deck, BuildOptions keyword arguments) for every output hashed."""
    regions = ROOT / "decks" / "regions"
    yield "seed", SEED, {}
    for audience in ("commissioners", "clinicians", "families"):
        yield f"seed--{audience}", SEED, {"audience": audience}
    for region in ("norfolk", "essex"):
        yield f"seed--{region}", SEED, {"overlays": (regions / f"{region}.yaml",)}
    yield (
        "seed--families--norfolk",
        SEED,
        {"audience": "families", "overlays": (regions / "norfolk.yaml",)},
    )
    for theme in ("default", "high-contrast", "print"):
        yield f"seed@{theme}", SEED, {"theme": theme}
    for rel in FIXTURE_DECKS:
        if (FIXTURES / rel).is_file():
            yield rel, FIXTURES / rel, {}
    yield "rich/rich.yaml", rich_deck(scratch / "rich"), {}
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench import write_deck

    benches = [write_deck(n, scratch / "bench") for n in (30, 350)]
    for deck in benches:
        yield deck.stem, deck, {}
    for theme in ("high-contrast", "print"):
        yield f"{benches[1].stem}@{theme}", benches[1], {"theme": theme}
    for name, theme in template_themes(scratch):
        yield f"seed@{name}", SEED, {"theme": str(theme)}
        yield f"{benches[0].stem}@{name}", benches[0], {"theme": str(theme)}


def rich_deck(folder: Path) -> Path:
    """The rich fixture beside the pictures its test draws."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_render_rich import draw_pictures

    folder.mkdir(parents=True)
    draw_pictures(folder)
    deck = folder / "rich.yaml"
    deck.write_bytes((FIXTURES / "rich" / "rich.yaml").read_bytes())
    return deck


def template_themes(scratch: Path):
    """(name, theme folder) for the test templates and the shared corporate templates."""
    sys.path.insert(0, str(FIXTURES / "themes"))
    from make_templates import default_template, odd_template, wide_template

    made = {"wide": wide_template, "odd": odd_template, "pptx-default": default_template}
    sources = {name: None for name in made}
    for name in ("nhse", "dhsc"):
        if (SHARED_TEMPLATES / f"{name}.pptx").is_file():
            sources[name] = SHARED_TEMPLATES / f"{name}.pptx"
    for name, source in sources.items():
        folder = scratch / "themes" / name
        folder.mkdir(parents=True)
        template = folder / "template.pptx"
        if source is None:
            made[name](template)
        else:
            template.write_bytes(source.read_bytes())
        (folder / "theme.yaml").write_text(
            f"name: {name}\ntemplate: template.pptx\n"
            'footer: {text: "{organisation}", slide_numbers: true}\n',
            encoding="utf-8",
        )
        yield name, folder


def main() -> int:
    from slidegen.build import BuildOptions, build
    from slidegen.errors import SlidegenError

    with tempfile.TemporaryDirectory() as tmp:
        for name, deck, options in targets(Path(tmp)):
            try:
                result = build(deck, BuildOptions(**options), write=False)
                line = hashlib.sha256(result.data).hexdigest()
            except SlidegenError as exc:
                line = f"error: {exc.diagnostics[0].message}"
            print(f"{line}  {name}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
