"""The smaller messages of issue 21: a merge key that overrides is no duplicate, and a logo
of an extreme shape is not drawn metres wide. (The long link, `--out /dev/null` and the
truncated .pptx are in test_links.py, test_faults.py and test_package_budget.py.)"""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree
from PIL import Image

from helpers.decks import write
from slidegen.build import BuildOptions, build
from slidegen.errors import SlidegenError
from slidegen.load import parse_yaml


def test_a_merge_key_then_an_override_is_not_a_duplicate():
    tree = parse_yaml("base: &b {id: a, title: T}\nx:\n  <<: *b\n  id: b\n", "d.yaml")
    assert tree["x"] == {"id": "b", "title": "T"}
    assert list(tree["x"]) == ["id", "title"]  # where PyYAML puts it
    assert tree["x"].where("id").line == 4
    # two merged mappings: the first listed wins, as in PyYAML
    tree = parse_yaml("a: &a {k: 1}\nb: &b {k: 2, j: 3}\nx:\n  <<: [*a, *b]\n", "d.yaml")
    assert tree["x"] == {"k": 1, "j": 3}
    # a key written twice in the mapping itself is still a duplicate
    with pytest.raises(SlidegenError, match="d.yaml:4:3: error: duplicate key 'id'"):
        parse_yaml("x:\n  <<: {id: a}\n  id: b\n  id: c\n", "d.yaml")


def test_a_very_wide_logo_is_drawn_a_third_of_the_slide_wide(tmp_path):
    Image.new("RGB", (20_000, 1), "navy").save(tmp_path / "wide.png")
    deck = write(
        tmp_path,
        "deck.yaml",
        "deck: {title: T, logo: wide.png}\nsections:\n"
        "  - {id: s, title: S, slides: [{bullets: [x]}]}\n",
    )
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    (warning,) = [w for w in result.warnings if "logo 'wide.png'" in w.message]
    assert warning.format() == (
        f"{deck}:1:24: warning: logo 'wide.png' is 1,200 times as wide as it is high: at 1.2cm"
        " high it would be 1,440 cm wide; it is drawn 11.3 cm wide (a third of the slide)"
        " instead (use a logo closer to the usual 3:1 or 4:1 shape)"
    )
    with zipfile.ZipFile(result.output) as z:
        master = etree.fromstring(z.read("ppt/slideMasters/slideMaster1.xml"))
    ns = {
        "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
        "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    }
    widths = [int(e.get("cx")) for e in master.iterfind(".//p:pic/p:spPr/a:xfrm/a:ext", ns)]
    assert widths and max(widths) <= 33.867 / 3 * 360000 + 1
