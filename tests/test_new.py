"""`slidegen new NAME`: a commented starter deck that builds and passes `slidegen check`."""

from __future__ import annotations

import datetime as dt

import jsonschema
import yaml
from click.testing import CliRunner
from pptx import Presentation

from slidegen.build import BuildOptions, build
from slidegen.check import check_paths
from slidegen.cli import main
from slidegen.schema import deck_schema


def test_new_writes_a_commented_deck_that_builds_and_passes_check(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "my-talk"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "my-talk.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# My talk: a slidegen deck")
    assert "# yaml-language-server: $schema=deck.schema.json" in text
    assert sum(1 for line in text.splitlines() if line.lstrip().startswith("#")) >= 8

    (deck_report,) = check_paths([path])
    assert deck_report.count("error") == 0 and deck_report.count("warning") == 0, [
        f.format() for f in deck_report.active()
    ]
    out = tmp_path / "my-talk.pptx"
    result = build(path, BuildOptions(output=out))
    assert result.plan.id == "my-talk" and result.plan.date == dt.date.today()
    titles = [s.shapes.title.text_frame.text for s in Presentation(out).slides]
    assert titles[:2] == ["My talk", "Plan for today"]
    assert "References" in titles and "The headline figure" in titles
    (pptx_report,) = check_paths([out])
    assert pptx_report.count("error") == 0 and pptx_report.count("warning") == 0, [
        f.format() for f in pptx_report.active()
    ]


def test_new_deck_is_valid_against_the_schema(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["new", "talk.yaml"]).exit_code == 0
    raw = yaml.safe_load((tmp_path / "talk.yaml").read_text(encoding="utf-8"))
    raw["deck"]["date"] = raw["deck"]["date"].isoformat()
    jsonschema.validate(raw, deck_schema(), cls=jsonschema.Draft202012Validator)


def test_new_refuses_to_overwrite(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "talk.yaml").write_text("mine\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", "talk"])
    assert result.exit_code == 1
    assert "error: 'talk.yaml' already exists; not overwritten" in result.output
    assert (tmp_path / "talk.yaml").read_text(encoding="utf-8") == "mine\n"


def test_new_into_a_missing_folder_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "nowhere/talk"])
    assert result.exit_code == 1 and "folder 'nowhere' does not exist" in result.output
    assert not (tmp_path / "nowhere").exists()


def test_the_schema_line_of_a_deck_in_a_folder_points_back_to_where_schema_was_run(
    tmp_path, monkeypatch
):
    """`slidegen new decks/talk` wrote `$schema=deck.schema.json`, which the editor looks for
    in decks/; the schema file is made where the command runs."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "decks").mkdir()
    result = CliRunner().invoke(main, ["new", "decks/talk"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "decks" / "talk.yaml").read_text(encoding="utf-8")
    assert "#   # yaml-language-server: $schema=../deck.schema.json" in text
