"""References from files through a whole build: BibTeX, CSL-JSON, inline, mixed; both styles."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
import yaml
from pptx import Presentation

from slidegen.build import BuildOptions, build, load_and_validate
from slidegen.check.deck import check_deck
from slidegen.errors import Diagnostics, SlidegenError
from slidegen.place.measure import PACKAGE_FONTS, FontCache
from slidegen.resolve.references import load_reference_file, reference_from_mapping

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "decks" / "parent-infant-impact.yaml"
SEED_BIB = ROOT / "tests" / "fixtures" / "references" / "seed-deck.bib"


@pytest.fixture(scope="module")
def fonts():
    return FontCache(dirs=[PACKAGE_FONTS], use_fc_match=False)


def slide_texts(path: Path) -> list[list[str]]:
    """Every slide's paragraphs, in shape order."""
    out = []
    for slide in Presentation(path).slides:
        paras = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                paras += [p.text for p in shape.text_frame.paragraphs if p.text]
        out.append(paras)
    return out


def references_slides(texts):
    return [t for t in texts if t and t[0].startswith("References")]


def _fields(ref) -> dict:
    d = dataclasses.asdict(ref)
    d.pop("pos")
    return d


# ---- the seed deck from a .bib file ----------------------------------------------------------
def test_seed_bib_has_the_same_ids_and_fields_as_the_inline_references():
    deck, _ = load_and_validate(SEED, BuildOptions(), Diagnostics())
    inline = {
        rid: reference_from_mapping(rid, entry.model_dump(exclude_none=True))
        for rid, entry in deck.references.items()
    }
    from_bib = load_reference_file(SEED_BIB)
    assert list(from_bib) == list(inline)
    for rid in inline:
        assert _fields(from_bib[rid]) == _fields(inline[rid]), rid


def _seed_variant(tmp_path: Path, references: str) -> Path:
    """The seed deck with its inline references replaced by `references: <value>`."""
    text = SEED.read_text(encoding="utf-8")
    head, sep, tail = text.partition("\nreferences:\n")
    assert sep, "the seed deck has an inline references block"
    rest = [line for line in tail.splitlines() if line and not line.startswith((" ", "#"))]
    assert rest == [], "references is the seed deck's last top-level key"
    shutil.copytree(SEED.parent / "images", tmp_path / "images")
    shutil.copytree(ROOT / "themes", tmp_path / "themes")
    shutil.copy(SEED_BIB, tmp_path / SEED_BIB.name)
    path = tmp_path / SEED.name
    path.write_text(head + f"\nreferences: {references}\n", encoding="utf-8")
    return path


def test_seed_deck_built_from_bib_gives_the_same_references_slide(tmp_path, fonts):
    inline_out = tmp_path / "inline.pptx"
    build(SEED, BuildOptions(output=inline_out), fonts=fonts)
    variant = _seed_variant(tmp_path / "v", SEED_BIB.name)
    bib_out = tmp_path / "bib.pptx"
    result = build(variant, BuildOptions(output=bib_out), fonts=fonts)
    assert variant.parent / SEED_BIB.name in [Path(p) for p in result.plan.inputs]
    inline_texts, bib_texts = slide_texts(inline_out), slide_texts(bib_out)
    refs = references_slides(bib_texts)
    assert refs and refs == references_slides(inline_texts)
    entries = [p for t in refs for p in t[1:] if not p.startswith("Evidence reviewed ")]
    assert len(entries) == 6
    assert entries[0].startswith("Dartington Service Design Lab (2022)")
    assert bib_texts == inline_texts  # citations and source lines too


def test_seed_deck_from_bib_checks_clean(tmp_path, fonts):
    report = check_deck(_seed_variant(tmp_path, SEED_BIB.name), fonts=fonts)
    assert report.count("error") == 0
    assert [f.code for f in report.active() if f.code.startswith("REF")] == []


# ---- mixed sources, duplicates ---------------------------------------------------------------
BIB = """@article{doe2020,
  author = {Doe, Jane},
  title = {A {BibTeX} article},
  journal = {Journal of Things},
  year = {2020},
  volume = {3},
  pages = {1--10},
}
"""
CSL = [
    {
        "id": "roe2021",
        "type": "report",
        "author": [{"family": "Roe", "given": "Kim"}],
        "issued": {"date-parts": [[2021]]},
        "title": "A CSL-JSON report",
        "publisher": "Mendeley Press",
    }
]


def _mixed(tmp_path: Path, extra_inline=None, style="harvard") -> Path:
    (tmp_path / "lib.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "lib.json").write_text(json.dumps(CSL), encoding="utf-8")
    inline = {
        "poe2019": {
            "type": "book",
            "authors": ["Poe, L."],
            "year": 2019,
            "title": "Inline",
            "publisher": "P",
        }
    }
    inline.update(extra_inline or {})
    d = {
        "deck": {"title": "Mixed", "citation_style": style},
        "references": ["lib.bib", "lib.json", inline],
        "sections": [
            {
                "id": "s",
                "title": "S",
                "slides": [
                    {"id": "a", "title": "Cited", "bullets": ["[@doe2020]", "[@roe2021; @poe2019]"]}
                ],
            }
        ],
    }
    path = tmp_path / "mixed.yaml"
    path.write_text(yaml.safe_dump(d, sort_keys=False), encoding="utf-8")
    return path


def test_bib_json_and_inline_mix_in_one_build(tmp_path, fonts):
    out = tmp_path / "mixed.pptx"
    build(_mixed(tmp_path), BuildOptions(output=out), fonts=fonts)
    texts = slide_texts(out)
    assert texts[2][1:] == ["(Doe, 2020)", "(Roe, 2021; Poe, 2019)"]
    (refs,) = references_slides(texts)
    assert refs == [
        "References",
        "Doe, J. (2020) \u2018A BibTeX article\u2019, Journal of Things, 3, pp. 1\u201310.",
        "Poe, L. (2019) Inline. P.",
        "Roe, K. (2021) A CSL-JSON report. Mendeley Press.",
    ]


def test_duplicate_ids_across_sources_are_an_error(tmp_path, fonts):
    path = _mixed(tmp_path, {"doe2020": {"title": "Clash", "year": 2020}})
    with pytest.raises(SlidegenError) as exc:
        build(path, BuildOptions(output=tmp_path / "x.pptx"), write=True, fonts=fonts)
    (d,) = exc.value.diagnostics
    assert "reference 'doe2020' is defined twice" in d.message
    assert not (tmp_path / "x.pptx").exists()


def test_missing_reference_file_is_located(tmp_path):
    path = _mixed(tmp_path)
    (tmp_path / "lib.json").unlink()
    with pytest.raises(SlidegenError) as exc:
        build(path, BuildOptions(output=tmp_path / "x.pptx"))
    (d,) = exc.value.diagnostics
    assert "reference file not found" in d.message and d.pos.file == str(path) and d.pos.line > 0


# ---- styles through a build ----------------------------------------------------------------------
STYLE_REFS = {
    "one": {"type": "book", "authors": ["Doe, J."], "year": 2020, "title": "One", "publisher": "P"},
    "two": {
        "type": "book",
        "authors": ["Doe, J.", "Roe, K."],
        "year": 2021,
        "title": "Two",
        "publisher": "P",
    },
    "three": {
        "type": "book",
        "authors": ["Doe, J.", "Roe, K.", "Poe, L."],
        "year": 2022,
        "title": "Three",
        "publisher": "P",
    },
    "many": {
        "type": "book",
        "authors": ["Doe, J.", "Roe, K.", "Poe, L.", "Moe, M."],
        "year": 2023,
        "title": "Many",
        "publisher": "P",
    },
    "org": {
        "type": "report",
        "authors": [{"family": "Parent-Infant Foundation"}],
        "year": 2019,
        "title": "Rare jewels",
        "publisher": "Parent-Infant Foundation",
    },
    "nodate": {
        "type": "webpage",
        "authors": ["Zed, A."],
        "title": "Undated page",
        "url": "https://example.org/p",
    },
}


def _style_deck(tmp_path: Path, style: str) -> Path:
    d = {
        "deck": {"title": f"Styles {style}", "citation_style": style},
        "references": STYLE_REFS,
        "sections": [
            {
                "id": "s",
                "title": "S",
                "slides": [
                    {"id": "c", "title": "Citations", "bullets": [f"[@{k}]" for k in STYLE_REFS]}
                ],
            }
        ],
    }
    path = tmp_path / f"{style}.yaml"
    path.write_text(yaml.safe_dump(d, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "style,cites,first_entries",
    [
        (
            "harvard",
            [
                "(Doe, 2020)",
                "(Doe and Roe, 2021)",
                "(Doe, Roe and Poe, 2022)",
                "(Doe et al., 2023)",
                "(Parent-Infant Foundation, 2019)",
            ],
            ["Doe, J. (2020) One. P.", "Doe, J. and Roe, K. (2021) Two. P."],
        ),
        (
            "apa",
            [
                "(Doe, 2020)",
                "(Doe & Roe, 2021)",
                "(Doe et al., 2022)",
                "(Doe et al., 2023)",
                "(Parent-Infant Foundation, 2019)",
                "(Zed, n.d.)",
            ],
            ["Doe, J. (2020). One. P.", "Doe, J., & Roe, K. (2021). Two. P."],
        ),
    ],
)
def test_styles_in_a_build(tmp_path, fonts, style, cites, first_entries):
    out = tmp_path / f"{style}.pptx"
    build(_style_deck(tmp_path, style), BuildOptions(output=out), fonts=fonts)
    texts = slide_texts(out)
    bullets = texts[2][1:]
    assert bullets[: len(cites)] == cites
    assert bullets[5].startswith("(Zed, ") and "None" not in bullets[5]  # no year
    entries = [p for t in references_slides(texts) for p in t[1:]]
    assert len(entries) == 6 and entries[:2] == first_entries
    assert any(e.startswith("Parent-Infant Foundation") for e in entries)  # organisation
    assert any(e.startswith("Zed, A. (n") for e in entries)
