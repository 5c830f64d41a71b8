"""`slidegen schema`: JSON Schema (2020-12) from the models, agreeing with the validator."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from slidegen.cli import main
from slidegen.errors import SlidegenError
from slidegen.load import load_deck
from slidegen.schema import DRAFT, deck_schema
from slidegen.schema.model import LAYOUTS
from slidegen.schema.validate import validate_deck

ROOT = Path(__file__).resolve().parent.parent
DECK_FILES = sorted(
    [*ROOT.glob("decks/*.yaml"), *ROOT.glob("tests/fixtures/**/*.yaml")],
    key=lambda p: str(p),
)


def _plain(value):
    """YAML as an editor's YAML 1.2 reader sees it: dates stay text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validator():
    schema = deck_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _decks():
    """(path, validator verdict) for every deck file whose YAML loads (includes expanded)."""
    out = []
    for path in DECK_FILES:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        if not isinstance(raw, dict) or "deck" not in raw:
            continue  # included sections, data files, overlays, themes
        try:
            tree = load_deck(path)
        except SlidegenError:
            continue  # a load-stage problem (duplicate key, include cycle): not the schema's
        try:
            validate_deck(tree, str(path))
            ok = True
        except SlidegenError:
            ok = False
        out.append((path, raw, ok))
    return out


DECKS = _decks()


def test_fixture_set_has_good_and_bad_decks():
    assert any(ok for _, _, ok in DECKS) and any(not ok for _, _, ok in DECKS)
    assert ROOT / "decks" / "parent-infant-impact.yaml" in [p for p, _, _ in DECKS]


@pytest.mark.parametrize("path,raw,ok", DECKS, ids=[str(p.relative_to(ROOT)) for p, _, _ in DECKS])
def test_schema_agrees_with_the_validator(validator, path, raw, ok):
    errors = list(validator.iter_errors(_plain(raw)))
    if ok:
        assert errors == [], [e.message for e in errors]
    else:
        assert errors, f"{path} is rejected by slidegen but accepted by the schema"


def test_header_and_layout_discrimination(validator):
    schema = deck_schema()
    assert schema["$schema"] == DRAFT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"].startswith("slidegen deck file")
    slide = schema["$defs"]["Slide"]
    assert slide["properties"]["layout"]["enum"] == list(LAYOUTS)
    consts = [
        r["if"]["properties"]["layout"]["const"] for r in slide["allOf"] if "properties" in r["if"]
    ]
    assert consts == list(LAYOUTS)
    text = json.dumps(schema)
    assert '"_src"' not in text and '"_' not in text.replace('"_as', "")


def _deck(slide):
    return {"deck": {"title": "T"}, "sections": [{"id": "s", "title": "S", "slides": [slide]}]}


@pytest.mark.parametrize(
    "slide,valid",
    [
        (
            {"title": "No layout means bullets", "bullets": ["a", {"text": "b", "bullets": ["c"]}]},
            True,
        ),
        ({"layout": "stat", "value": 74, "label": "a number where text is expected"}, True),
        ({"layout": "stat", "title": "neither value nor stats"}, False),
        ({"layout": "stat", "value": "1", "bullets": ["a key of another layout"]}, False),
        ({"layout": "image", "image": "a.png"}, False),  # no alt, not decorative
        ({"layout": "image", "image": "a.png", "decorative": True}, True),
        ({"layout": "slideshow"}, False),
        ({"title": "x", "cite": "one-id-as-a-string"}, True),
        ({"title": "x", "bulets": ["typo"]}, False),
    ],
)
def test_layout_rules(validator, slide, valid):
    assert validator.is_valid(_deck(slide)) is valid
    try:
        validate_deck(_deck(slide), "x.yaml")
        accepted = True
    except SlidegenError:
        accepted = False
    assert accepted is valid  # the schema says what the validator says


def test_include_items_and_reference_files(validator):
    d = _deck({"title": "x"})
    d["sections"].append({"include": "sections/local.yaml"})
    d["references"] = ["refs.bib", {"r1": {"title": "Inline", "year": "2020"}}]
    d["deck"]["presenter"] = "Just a name"
    assert validator.is_valid(d)


def test_one_data_file_without_a_list(validator):
    d = _deck({"title": "x"})
    d["data_files"] = "data/evidence.yaml"
    validate_deck(d, "x.yaml")  # the validator accepts one path without a list...
    assert validator.is_valid(d)  # ...and so does the schema


def test_cli_prints_the_schema(tmp_path):
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == deck_schema()
    out = tmp_path / "deck.schema.json"
    assert CliRunner().invoke(main, ["schema", "--out", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["$schema"] == DRAFT
