"""The seed talk builds into the deck it describes: every figure, every reference, in order.

(Rendering it in LibreOffice is covered by tests/test_render_decks.py, which renders every deck.)
"""

from __future__ import annotations

import pytest
from pptx import Presentation

from helpers.decks import SEED, slides
from helpers.structure import assert_structure
from slidegen.build import BuildOptions, build

FIGURES = ["74%", "73%", "83%", "1:4", "1:10", "22", "1889", "54", "168"]
REFERENCES = {
    # author-order prefix of each entry -> its hyperlink
    "Dartington Service Design Lab (2022)": "https://dartington.org.uk/our-approach",
    "O'Hara, L., Smith, E.R., Barlow, J.": "https://doi.org/10.1002/14651858.CD012348.pub2",
    "Parent Infant Partnership (PIP) UK (2017)": None,
    "Sleed, M., Li, E., Vainieri, I. and Midgley, N. (2022)": (
        "https://childpsychotherapy.org.uk/evidence-effectiveness"
    ),
    "Smith, V., Pratt, R., Thomas, C. and Taggart, D. (2017)": (
        "https://doi.org/10.4324/9781315452890-26"
    ),
    "Together with Baby Service (Essex) (2021)": "https://parentinfantfoundation.org.uk/",
}


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    result = build(SEED, BuildOptions(out_dir=tmp_path_factory.mktemp("seed")))
    assert_structure(result.output)
    return result


@pytest.fixture(scope="module")
def views(seed):
    return slides(seed.output)


def test_every_statistic_of_the_seed_is_on_a_slide(views):
    shown = "\n".join(v.text for v in views)
    for figure in FIGURES:
        assert figure in shown, figure
    by_title = {v.title: v for v in views}
    assert by_title["Parent-child interactions"].paragraphs[0] == "74%"
    assert by_title["Depression in caregivers"].paragraphs[0] == "73%"
    assert by_title["Children's wellbeing"].paragraphs[0] == "83%"
    assert by_title["PIMHAP: children taken into care"].paragraphs[:4] == [
        "1:4",
        "ratio of children taken into care before the project",
        "1:10",
        "ratio after, meaning more babies stayed with their birth families",
    ]
    assert by_title["Video feedback interventions"].paragraphs[0] == (
        "A Cochrane review of 22 randomised studies, made up of 1889 parent-child pairs"
    )


def test_slide_order_and_titles(views):
    assert [v.title for v in views] == [
        "The Impact of Specialist Parent-Infant Relationship Teams",
        "Plan for today",
        "1. What the evidence tells us",
        "Summary of evidence",
        "Three domains",
        "What does a parent-infant team do?",
        "1. Strengthening relationships between babies and their caregivers",
        "Strengthening relationships between babies and their caregivers",
        "Babies develop within relationships",
        "The Anna Freud Centre review",
        "Parent-child interactions",
        "Getting on better together",
        "Video feedback interventions",
        "Together with Baby, Essex",
        "2. Improving the mental health of caregivers",
        "Improving the mental health of caregivers",
        "Depression in caregivers",
        "Parents feeling better",
        "Circle of Security-Parenting",
        "Specialist Parent-Infant Teams in England",
        "3. Supporting babies' early development and wellbeing (including those most at risk)",
        "Supporting babies' early development and wellbeing (including those most at risk)",
        "Children's wellbeing",
        "Happier, more settled children",
        "Norfolk Parent-Infant Mental Health Attachment Project (PIMHAP)",
        "PIMHAP: children taken into care",
        "Headline findings across the three domains",
        "Conclusions and Openings",
        "Plan for today",
        "2. What the evidence is not telling us (yet!)",
        "2.1 An example of wider impact in local practice",
        "Regional team: add your local example here",
        "Evidence that speaks together",
        "Where to get help",
        "Discussion",
        "References",
        "References (2)",
    ]


def test_generated_slides(seed):
    generated = [(s.id, s.layout) for s in seed.plan.slides if s.generated]
    assert generated == [
        ("title", "title"),
        ("agenda", "agenda"),
        ("evidence-divider", "section"),
        ("relationships-divider", "section"),
        ("caregiver-mental-health-divider", "section"),
        ("early-development-divider", "section"),
        ("wider-impact-divider", "section"),
        ("local-practice-divider", "section"),
        ("references", "references"),
    ]


def test_the_second_agenda_highlights_part_two(views):
    agendas = [v for v in views if v.title == "Plan for today"]
    assert len(agendas) == 2
    items = [
        "1. What the evidence tells us",
        "Highlights from the summary of evidence report",
        "2. What the evidence is not telling us (yet!)",
        "An example of wider impact in local practice",
        "3. Discussion",
    ]
    assert agendas[0].paragraphs == items and agendas[1].paragraphs == items
    body = next(s for s in agendas[1].slide.placeholders if s.placeholder_format.idx == 1)
    bold = [p.text for p in body.text_frame.paragraphs if all(r.font.bold for r in p.runs)]
    assert bold == ["2. What the evidence is not telling us (yet!)"]
    first = next(s for s in agendas[0].slide.placeholders if s.placeholder_format.idx == 1)
    bold_first = [p.text for p in first.text_frame.paragraphs if all(r.font.bold for r in p.runs)]
    assert bold_first == [items[0], items[2], items[4]]  # no highlight: every part alike


def test_all_six_references_with_their_hyperlinks_in_author_order(views):
    ref_slides = [v for v in views if v.title.startswith("References")]
    reviewed = "Evidence reviewed 1 November 2026; next review due 1 November 2027"
    assert all(v.paragraphs[-1] == reviewed for v in ref_slides)  # deck.evidence
    entries = [p for v in ref_slides for p in v.paragraphs if p != reviewed]
    assert len(entries) == 6
    for entry, prefix in zip(entries, REFERENCES, strict=True):
        assert entry.startswith(prefix), (entry, prefix)
    links = {}
    for v in ref_slides:
        body = next(s for s in v.slide.placeholders if s.placeholder_format.idx == 1)
        for p in body.text_frame.paragraphs:
            urls = [r.hyperlink.address for r in p.runs if r.hyperlink.address]
            links[p.text] = urls
    for entry, prefix in zip(entries, REFERENCES, strict=True):
        url = REFERENCES[prefix]
        assert links[entry] == ([url] if url else []), entry


def test_source_lines_cite_in_harvard_author_date(views):
    by_title = {v.title: v for v in views}
    assert by_title["Parent-child interactions"].paragraphs[-1] == "Source: Sleed et al. (2022)"
    assert by_title["Video feedback interventions"].paragraphs[-1] == (
        "Source: O'Hara et al. (2019)"
    )
    assert by_title["PIMHAP: children taken into care"].paragraphs[-1] == (
        "Source: Smith et al. (2017)"
    )


def test_notes_are_present_with_bold_runs(views):
    with_notes = [v for v in views if v.notes]
    assert len(with_notes) >= 20
    summary = next(v for v in views if v.title == "Summary of evidence")
    tf = summary.slide.notes_slide.notes_text_frame
    assert [r.text for p in tf.paragraphs for r in p.runs if r.font.bold] == [
        "two kinds of evidence"
    ]
    interactions = next(v for v in views if v.title == "Parent-child interactions")
    assert interactions.notes[0].startswith("74%: roughly three in every four studies")
    anna = next(v for v in views if v.title == "The Anna Freud Centre review")
    assert "(Sleed et al., 2022)" in anna.notes[0]


def test_document_properties(seed):
    props = Presentation(seed.output).core_properties
    assert props.title == "The Impact of Specialist Parent-Infant Relationship Teams"
    assert props.author == "Ben Yeo"
    assert props.created.isoformat() == "2026-11-26T00:00:00"
