"""References: loading (mapping, BibTeX, CSL-JSON), citations, entries, sorting and errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from slidegen.errors import Pos, SlidegenError
from slidegen.resolve.references import (
    Person,
    Reference,
    assign_year_suffixes,
    cite_narrative,
    cite_parenthetical,
    format_entry,
    load_bibtex,
    load_csl_json,
    load_reference_file,
    missing_fields,
    reference_from_mapping,
    sort_references,
)
from slidegen.text import Text

FIXTURES = Path(__file__).parent / "fixtures" / "references"
SEED_IDS = {
    "sleed2022",
    "ohara2019",
    "smith2017",
    "dartington2022",
    "pipuk2017",
    "togetherwithbaby2021",
}

SLEED = {
    "type": "report",
    "authors": ["Sleed, M.", "Li, E.", "Vainieri, I.", "Midgley, N."],
    "year": 2022,
    "title": "The Evidence Base for Psychoanalytic and Psychodynamic Interventions with "
    "Children Under 5 Years of Age and their Caregivers",
    "container": None,
    "publisher": "The Anna Freud Centre",
    "place": "London",
    "url": "https://example.org/report",
    "note": "A Systematic Review and Meta-Analysis",
}


def ref(id: str = "x", **fields) -> Reference:
    fields.setdefault("type", "report")
    fields.setdefault("title", "A Title")
    return reference_from_mapping(id, fields, None)


def authors(*families: str) -> list[str]:
    return [f"{f}, {f[0]}." for f in families]


def marked(text: Text) -> str:
    """The entry as a reader sees it: *italic* and <link> marked."""
    out = []
    for r in text.runs:
        s = r.text
        if r.italic:
            s = f"*{s}*"
        if r.url:
            assert r.text == r.url, "a reference link shows its own address"
            s = f"<{s}>"
        out.append(s)
    return "".join(out)


def links(text: Text) -> list[str]:
    return [r.url for r in text.runs if r.url]


def error_text(exc: pytest.ExceptionInfo[SlidegenError]) -> str:
    return "\n".join(d.format() for d in exc.value.diagnostics)


# ---------------------------------------------------------------- citations


@pytest.mark.parametrize(
    ("names", "harvard", "apa", "apa_narrative"),
    [
        (["Smith"], "(Smith, 2020)", "(Smith, 2020)", "Smith (2020)"),
        (["Smith", "Jones"], "(Smith and Jones, 2020)", "(Smith & Jones, 2020)", None),
        (
            ["Smith", "Jones", "Brown"],
            "(Smith, Jones and Brown, 2020)",
            "(Smith et al., 2020)",
            "Smith et al. (2020)",
        ),
        (
            ["Smith", "Jones", "Brown", "Green"],
            "(Smith et al., 2020)",
            "(Smith et al., 2020)",
            "Smith et al. (2020)",
        ),
        (
            [f"Author{i}" for i in range(25)],
            "(Author0 et al., 2020)",
            "(Author0 et al., 2020)",
            "Author0 et al. (2020)",
        ),
    ],
)
def test_citation_author_counts(names, harvard, apa, apa_narrative):
    r = ref(authors=authors(*names), year=2020)
    assert cite_parenthetical([r], "harvard", {}) == harvard
    assert cite_parenthetical([r], "apa", {}) == apa
    assert cite_narrative(r, "harvard", {}) == harvard[1:-1].replace(", 2020", " (2020)")
    if apa_narrative:
        assert cite_narrative(r, "apa", {}) == apa_narrative


def test_apa_narrative_two_authors_uses_and():
    r = ref(authors=authors("Smith", "Jones"), year=2020)
    assert cite_narrative(r, "apa", {}) == "Smith and Jones (2020)"
    assert cite_parenthetical([r], "apa", {}) == "(Smith & Jones, 2020)"


def test_several_citations_keep_given_order():
    sleed = reference_from_mapping("sleed2022", SLEED, None)
    ohara = ref(
        "ohara2019",
        type="article",
        authors=["O'Hara, L.", "Smith, E.R.", "Barlow, J.", "Livingstone, N."],
        year=2019,
    )
    assert cite_parenthetical([sleed, ohara], "harvard", {}) == (
        "(Sleed et al., 2022; O'Hara et al., 2019)"
    )
    assert cite_narrative(sleed, "harvard", {}) == "Sleed et al. (2022)"
    assert cite_parenthetical([], "harvard", {}) == ""


def test_organisation_authors_cited_by_full_name():
    for author in ("Anna Freud Centre", {"family": "Anna Freud Centre"}):
        r = ref(authors=[author], year=2022)
        assert r.authors == (Person("Anna Freud Centre", literal=True),)
        assert cite_parenthetical([r], "harvard", {}) == "(Anna Freud Centre, 2022)"
        assert cite_narrative(r, "apa", {}) == "Anna Freud Centre (2022)"


def test_missing_year_is_nd_in_both_styles():
    r = ref(authors=["Parent-Infant Foundation"])
    assert r.year is None
    assert cite_parenthetical([r], "harvard", {}) == "(Parent-Infant Foundation, n.d.)"
    assert cite_parenthetical([r], "apa", {}) == "(Parent-Infant Foundation, n.d.)"
    assert "(n.d.)" in format_entry(r, "harvard", {}).plain
    assert "(n.d.)." in format_entry(r, "apa", {}).plain


def test_no_author_cites_the_title():
    r = ref(type="book", title="Working Together", year=2018, publisher="HMSO")
    assert cite_parenthetical([r], "harvard", {}) == "(Working Together, 2018)"
    assert marked(format_entry(r, "harvard", {})) == "*Working Together* (2018) HMSO."
    assert marked(format_entry(r, "apa", {})) == "*Working Together*. (2018). HMSO."


def test_unknown_style_is_value_error():
    r = ref(authors=["Smith, J."], year=2020)
    for call in (
        lambda: cite_parenthetical([r], "vancouver", {}),
        lambda: cite_narrative(r, "mla", {}),
        lambda: format_entry(r, "chicago", {}),
        lambda: assign_year_suffixes([r], "ieee"),
    ):
        with pytest.raises(ValueError, match="unknown citation style"):
            call()


# ---------------------------------------------------------------- year suffixes


def test_year_suffixes_follow_title_order_and_appear_everywhere():
    b = ref("hogg-b", authors=["Hogg, S."], year=2019, title="rare jewels")
    a = ref("hogg-a", authors=["Hogg, S."], year=2019, title="An Unequal Start")
    other = ref("hogg-2018", authors=["Hogg, S."], year=2018, title="Another")
    suffixes = assign_year_suffixes([b, a, other], "harvard")
    assert suffixes == {"hogg-a": "a", "hogg-b": "b"}
    assert cite_parenthetical([b, a], "harvard", suffixes) == "(Hogg, 2019b; Hogg, 2019a)"
    assert cite_narrative(a, "apa", suffixes) == "Hogg (2019a)"
    assert format_entry(b, "harvard", suffixes).plain.startswith("Hogg, S. (2019b) ")
    assert format_entry(a, "apa", suffixes).plain.startswith("Hogg, S. (2019a). ")


def test_year_suffixes_only_when_citations_collide():
    one = ref("one", authors=authors("Smith", "Jones", "Brown"), year=2020, title="One")
    two = ref("two", authors=authors("Smith", "Brown", "Jones"), year=2020, title="Two")
    # Harvard names all three authors, so the citations differ; APA shortens both to et al.
    assert assign_year_suffixes([one, two], "harvard") == {}
    assert assign_year_suffixes([one, two], "apa") == {"one": "a", "two": "b"}
    assert cite_parenthetical([one, two], "apa", {"one": "a", "two": "b"}) == (
        "(Smith et al., 2020a; Smith et al., 2020b)"
    )
    # the same reference listed twice is one work
    assert assign_year_suffixes([one, one], "apa") == {}


def test_undated_works_get_suffixes_too():
    a = ref("a", authors=["Parent-Infant Foundation"], title="Alpha")
    b = ref("b", authors=["Parent-Infant Foundation"], title="Beta")
    suffixes = assign_year_suffixes([b, a], "harvard")
    assert cite_parenthetical([a, b], "harvard", suffixes) == (
        "(Parent-Infant Foundation, n.d.-a; Parent-Infant Foundation, n.d.-b)"
    )


# ---------------------------------------------------------------- reference-list entries


def test_harvard_report_entry_from_spec_example():
    r = reference_from_mapping("sleed2022", SLEED, None)
    text = format_entry(r, "harvard", {})
    assert marked(text) == (
        "Sleed, M., Li, E., Vainieri, I. and Midgley, N. (2022) *The Evidence Base for "
        "Psychoanalytic and Psychodynamic Interventions with Children Under 5 Years of Age and "
        "their Caregivers*. London: The Anna Freud Centre. A Systematic Review and Meta-Analysis. "
        "Available at: <https://example.org/report>."
    )
    assert links(text) == ["https://example.org/report"]


def test_apa_report_entry_from_spec_example():
    r = reference_from_mapping("sleed2022", SLEED, None)
    assert marked(format_entry(r, "apa", {})) == (
        "Sleed, M., Li, E., Vainieri, I., & Midgley, N. (2022). *The Evidence Base for "
        "Psychoanalytic and Psychodynamic Interventions with Children Under 5 Years of Age and "
        "their Caregivers*. The Anna Freud Centre. A Systematic Review and Meta-Analysis. "
        "<https://example.org/report>"
    )


def test_article_entries_with_doi_link():
    r = ref(
        "ohara2019",
        type="article",
        authors=["O'Hara, L.", "Smith, E.R."],
        year=2019,
        title="Video feedback for parental sensitivity",
        container="Cochrane Database of Systematic Reviews",
        volume=2019,
        issue=11,
        pages="CD012348",
        doi="doi:10.1002/14651858.CD012348.pub2",
    )
    assert r.doi == "10.1002/14651858.CD012348.pub2"
    harvard = format_entry(r, "harvard", {})
    assert marked(harvard) == (
        "O'Hara, L. and Smith, E.R. (2019) \u2018Video feedback for parental sensitivity\u2019, "
        "*Cochrane Database of Systematic Reviews*, 2019(11), CD012348. Available at: "
        "<https://doi.org/10.1002/14651858.CD012348.pub2>."
    )
    apa = format_entry(r, "apa", {})
    assert marked(apa) == (
        "O'Hara, L., & Smith, E. R. (2019). Video feedback for parental sensitivity. "
        "*Cochrane Database of Systematic Reviews*, *2019*(11), Article CD012348. "
        "<https://doi.org/10.1002/14651858.CD012348.pub2>"
    )
    assert links(harvard) == links(apa) == ["https://doi.org/10.1002/14651858.CD012348.pub2"]


def test_article_page_ranges():
    r = ref(
        type="article",
        authors=["Smith, J."],
        year=2020,
        title="T",
        container="J",
        volume="12",
        issue="3",
        pages="22-34",
    )
    assert "*J*, 12(3), pp. 22\u201334." in marked(format_entry(r, "harvard", {}))
    assert "*J*, *12*(3), 22\u201334." in marked(format_entry(r, "apa", {}))


def test_doi_given_as_url_becomes_doi():
    r = ref(url="https://dx.doi.org/10.4324/9781315452890-26")
    assert r.doi == "10.4324/9781315452890-26"
    assert links(format_entry(r, "apa", {})) == ["https://doi.org/10.4324/9781315452890-26"]


def test_chapter_entries():
    r = ref(
        "smith2017",
        type="chapter",
        authors=["Smith, V.", "Pratt, R.", "Thomas, C.", "Taggart, D."],
        year=2017,
        title="Norfolk Parent-Infant Mental Health Attachment Project",
        container="Transforming Infant Wellbeing",
        editors=["Leach, P."],
        publisher="Routledge",
        place="Abingdon",
        pages="261-271",
    )
    assert marked(format_entry(r, "harvard", {})) == (
        "Smith, V., Pratt, R., Thomas, C. and Taggart, D. (2017) \u2018Norfolk Parent-Infant "
        "Mental Health Attachment Project\u2019, in Leach, P. (ed.) *Transforming Infant "
        "Wellbeing*. Abingdon: Routledge, pp. 261\u2013271."
    )
    assert marked(format_entry(r, "apa", {})) == (
        "Smith, V., Pratt, R., Thomas, C., & Taggart, D. (2017). Norfolk Parent-Infant Mental "
        "Health Attachment Project. In P. Leach (Ed.), *Transforming Infant Wellbeing* "
        "(pp. 261\u2013271). Routledge."
    )


def test_book_edition_and_webpage_accessed():
    book = ref(
        type="book", authors=["Leach, P."], year=2017, title="T", edition=2, publisher="Routledge"
    )
    assert marked(format_entry(book, "harvard", {})) == "Leach, P. (2017) *T*. 2nd edn. Routledge."
    assert marked(format_entry(book, "apa", {})) == "Leach, P. (2017). *T* (2nd ed.). Routledge."
    page = ref(
        type="webpage",
        authors=["National Institute for Health and Care Excellence"],
        year=2016,
        title="Children's attachment (QS133)",
        url="https://www.nice.org.uk/guidance/qs133",
        accessed=dt.date(2025, 1, 15),
    )
    assert marked(format_entry(page, "harvard", {})) == (
        "National Institute for Health and Care Excellence (2016) *Children's attachment "
        "(QS133)*. Available at: <https://www.nice.org.uk/guidance/qs133> "
        "(Accessed: 15 January 2025)."
    )
    assert format_entry(page, "apa", {}).plain.endswith(
        "Retrieved January 15, 2025, from https://www.nice.org.uk/guidance/qs133"
    )


def test_apa_drops_publisher_that_is_the_group_author():
    r = ref(
        authors=["Dartington Service Design Lab"],
        year=2022,
        title="An Integrated Approach",
        publisher="Dartington Service Design Lab",
    )
    assert format_entry(r, "apa", {}).plain == (
        "Dartington Service Design Lab. (2022). An Integrated Approach."
    )
    assert format_entry(r, "harvard", {}).plain == (
        "Dartington Service Design Lab (2022) An Integrated Approach. "
        "Dartington Service Design Lab."
    )


def test_many_authors_in_the_list():
    names = [f"Author{i:02d}" for i in range(1, 26)]
    r = ref(authors=authors(*names), year=2020, title="Big Trial", publisher="P")
    harvard = format_entry(r, "harvard", {}).plain
    assert harvard.startswith("Author01, A., Author02, A., ")
    assert "Author24, A. and Author25, A. (2020)" in harvard
    assert harvard.count("Author") == 25
    apa = format_entry(r, "apa", {}).plain
    assert apa.count("Author") == 20  # the first 19, an ellipsis, the last
    assert "Author19, A., . . . Author25, A. (2020)." in apa
    assert "Author20" not in apa
    twenty = ref(authors=authors(*names[:20]), year=2020, title="T", publisher="P")
    assert "Author19, A., & Author20, A. (2020)." in format_entry(twenty, "apa", {}).plain


def test_initials_and_names():
    r = ref(
        authors=[
            {"family": "O'Hara", "given": "Leeanne"},
            {"family": "Dubois", "given": "Jean-Pierre"},
            "Smith, ER",
        ],
        year=2019,
    )
    assert format_entry(r, "harvard", {}).plain.startswith(
        "O'Hara, L., Dubois, J.-P. and Smith, E.R. (2019)"
    )
    assert format_entry(r, "apa", {}).plain.startswith(
        "O'Hara, L., Dubois, J.-P., & Smith, E. R. (2019)."
    )


# ---------------------------------------------------------------- sorting and missing fields


def test_sort_order():
    refs = [
        ref("zeta", authors=["Zeta, A."], year=2001, title="Z"),
        ref("the-afc", authors=["The Anna Freud Centre"], year=2022, title="Report"),
        ref("smith-jones", authors=["Smith, J.", "Jones, K."], year=2015, title="Joint"),
        ref("smith2019b", authors=["smith, J."], year=2019, title="Second"),
        ref("smith2019a", authors=["Smith, J."], year=2019, title="first"),
        ref("smith2010", authors=["Smith, J."], year=2010, title="Early"),
        ref("smith-nd", authors=["Smith, J."], title="Undated"),
        ref("osu", authors=["\u00d3 S\u00failleabh\u00e1in, A."], year=2000, title="O"),
        ref("notitle", title="Beta untitled author", year=2000),
    ]
    order = [r.id for r in sort_references(refs, "harvard")]
    assert order == [
        "the-afc",  # "The " ignored: sorts under A
        "notitle",  # no author: sorts by title
        "osu",  # accents ignored: sorts under O
        "smith-nd",
        "smith2010",
        "smith2019a",
        "smith2019b",
        "smith-jones",  # a single author before the same author with co-authors
        "zeta",
    ]
    assert sort_references(list(reversed(refs)), "apa") == sort_references(refs, "apa")


@pytest.mark.parametrize(
    ("rtype", "expected"),
    [
        ("article", ["authors", "year", "container"]),
        ("book", ["authors", "year", "publisher"]),
        ("chapter", ["authors", "year", "container", "publisher"]),
        ("report", ["authors", "year", "publisher"]),
        ("webpage", ["url", "year"]),
        ("misc", []),
    ],
)
def test_missing_fields(rtype, expected):
    assert missing_fields(ref(type=rtype, title="T")) == expected


def test_missing_fields_complete_and_doi_counts_as_url():
    assert missing_fields(reference_from_mapping("sleed2022", SLEED, None)) == []
    page = ref(type="webpage", title="T", year=2020, doi="10.1/x")
    assert missing_fields(page) == []


# ---------------------------------------------------------------- mapping


def test_reference_from_mapping_shapes():
    pos = Pos("deck.yaml", 12, 3)
    r = reference_from_mapping(
        "r",
        {
            "type": "chapter",
            "authors": ["Sleed, M.", {"family": "Li", "given": "Eva"}, "Anna Freud Centre"],
            "editors": "Leach, P.",
            "year": "2022",
            "title": "  A   title ",
            "volume": 3,
            "accessed": dt.date(2025, 1, 15),
            "month": "March",
            "url": "https://doi.org/10.1000/XYZ",
        },
        pos,
    )
    assert r.authors == (
        Person("Sleed", "M."),
        Person("Li", "Eva"),
        Person("Anna Freud Centre", literal=True),
    )
    assert r.editors == (Person("Leach", "P."),)
    assert (r.year, r.title, r.volume, r.accessed, r.month) == (
        2022,
        "A title",
        "3",
        "2025-01-15",
        3,
    )
    assert (r.doi, r.url, r.pos) == ("10.1000/XYZ", "https://doi.org/10.1000/XYZ", pos)


def test_reference_from_mapping_bad_year_is_located():
    with pytest.raises(SlidegenError) as exc:
        reference_from_mapping(
            "r", {"type": "report", "title": "T", "year": "soon"}, Pos("d", 4, 5)
        )
    assert error_text(exc).startswith("d:4:5: error: year must be a number")


# ---------------------------------------------------------------- BibTeX


def test_seed_bib_loads_all_six_with_positions():
    refs = load_bibtex(FIXTURES / "seed.bib")
    assert set(refs) == SEED_IDS
    assert list(refs) == [
        "sleed2022",
        "ohara2019",
        "smith2017",
        "dartington2022",
        "pipuk2017",
        "togetherwithbaby2021",
    ]
    assert refs["sleed2022"].pos == Pos(str(FIXTURES / "seed.bib"), 2, 1)
    assert refs["ohara2019"].pos.line == 10
    assert [refs[k].type for k in refs] == [
        "report",
        "article",
        "chapter",
        "report",
        "report",
        "report",
    ]
    sleed = refs["sleed2022"]
    assert sleed.title.startswith("The Evidence Base for Psychoanalytic")  # braces removed
    assert sleed.title.endswith(": A Systematic Review and Meta-Analysis")
    assert sleed.publisher == "Anna Freud National Centre for Children and Families"
    ohara = refs["ohara2019"]
    assert (ohara.doi, ohara.issue, ohara.month, len(ohara.authors)) == (
        "10.1002/14651858.CD012348.pub2",
        "11",
        11,
        8,
    )
    chapter = refs["smith2017"]
    assert chapter.editors == (Person("Leach", "Penelope"),)
    assert chapter.pages == "261\u2013271"
    assert refs["pipuk2017"].authors == (
        Person("Parent Infant Partnership (PIP) UK", literal=True),
    )
    assert refs["pipuk2017"].genre == "Internal report"
    assert cite_parenthetical(refs.values(), "harvard", {}) == (
        "(Sleed et al., 2022; O'Hara et al., 2019; Smith et al., 2017; "
        "Dartington Service Design Lab, 2022; Parent Infant Partnership (PIP) UK, 2017; "
        "Together with Baby Service, 2021)"
    )


def test_zotero_bib_decodes_latex():
    refs = load_reference_file(FIXTURES / "zotero.bib", None)
    muller = refs["muller2020"]
    assert [a.family for a in muller.authors] == [
        "M\u00fcller",
        "\u00d3 S\u00failleabh\u00e1in",
        "Br\u00f8nd",
        "de la Cruz",
    ]
    assert muller.authors[0].given == "J\u00f6rg"
    assert muller.authors[3].given == "Mar\u00eda"
    assert muller.title == "Parent\u2013infant psychotherapy: a UK & Irish perspective"
    assert (muller.issue, muller.pages, muller.month) == ("3", "300\u2013312", 5)
    assert muller.doi == "10.5555/imhj.2020.300"  # from a doi.org url
    assert cite_parenthetical([muller], "harvard", {}) == "(M\u00fcller et al., 2020)"
    assert format_entry(muller, "harvard", {}).plain.startswith(
        "M\u00fcller, J., \u00d3 S\u00failleabh\u00e1in, A., Br\u00f8nd, K. and de la Cruz, M. "
    )

    dupont = refs["dupont"]
    assert dupont.title == "L'\u00e9cole des parents"
    assert [(p.family, p.given) for p in dupont.authors] == [
        ("Dupont", "Ren\u00e9e"),
        ("Fran\u00e7ois", "Jean-Pierre"),
    ]
    assert "in Legrand, A. and Martin, P. (eds) *Manuel de psychiatrie p\u00e9rinatale*." in (
        marked(format_entry(dupont, "harvard", {}))
    )

    nice = refs["nice2016"]
    assert nice.authors == (
        Person("National Institute for Health and Care Excellence", literal=True),
    )
    assert (nice.type, nice.edition, nice.place) == ("book", "2", "London")

    who = refs["who2020"]
    assert (who.type, who.accessed) == ("webpage", "2025-01-15")  # @misc with a url

    blog = refs["blog"]
    assert (blog.type, blog.year, blog.month) == ("webpage", 2019, 6)  # BibLaTeX @online, date
    assert blog.title == "Rare jewels: specialised parent-infant relationship teams"
    assert blog.url == "https://example.org/rare_jewels?a=1&b=2"

    undated = refs["undated"]
    assert (undated.type, undated.year) == ("webpage", None)
    assert undated.url == "https://parentinfantfoundation.org.uk/briefing"  # from howpublished
    assert missing_fields(undated) == ["year"]


def test_bib_accents_in_several_spellings(tmp_path):
    bib = tmp_path / "a.bib"
    bib.write_text(
        "@book{k,\n"
        '  author = {M\\"{u}ller, Hans and {\\"U}ber, Anna and Ren\\\'{e}e Dubois},\n'
        "  title = {\\emph{Stra{\\ss}e} --- a {\\o}rsted study},\n"
        "  year = 1999,\n"
        "  publisher = {Smith \\& Sons}\n"
        "}\n",
        encoding="utf-8",
    )
    r = load_bibtex(bib)["k"]
    assert [(p.family, p.given) for p in r.authors] == [
        ("M\u00fcller", "Hans"),
        ("\u00dcber", "Anna"),
        ("Dubois", "Ren\u00e9e"),
    ]
    assert r.title == "Stra\u00dfe \u2014 a \u00f8rsted study"
    assert (r.year, r.publisher) == (1999, "Smith & Sons")


def test_bib_unclosed_entry_is_located(tmp_path):
    bib = tmp_path / "broken.bib"
    bib.write_text(
        "@book{ok, title={Fine}, year=2000}\n"
        "\n"
        "@article{bad,\n"
        "  title = {Never {closed},\n"
        "  year = 2020\n"
        "}\n"
        "\n"
        "@book{later, title={Later}}\n",
        encoding="utf-8",
    )
    with pytest.raises(SlidegenError) as exc:
        load_bibtex(bib)
    assert error_text(exc) == (
        f"{bib}:3:1: error: entry 'bad' is never closed (a '}}' is missing before line 8, "
        "or a brace inside a field is unbalanced)"
    )


def test_bib_missing_comma_is_located(tmp_path):
    bib = tmp_path / "comma.bib"
    bib.write_text(
        "@book{ok, title={Fine}, year=2000}\n"
        "@article{bad,\n"
        "  title = {A title}\n"
        "  year = 2020\n"
        "}\n",
        encoding="utf-8",
    )
    with pytest.raises(SlidegenError) as exc:
        load_bibtex(bib)
    assert error_text(exc) == (f"{bib}:4:3: error: expected ',' after field 'title' in entry 'bad'")


def test_bib_missing_equals_is_located(tmp_path):
    bib = tmp_path / "eq.bib"
    bib.write_text("@book{bad,\n  title {A title},\n}\n", encoding="utf-8")
    with pytest.raises(SlidegenError) as exc:
        load_bibtex(bib)
    assert error_text(exc) == f"{bib}:2:9: error: expected '=' after field 'title' in entry 'bad'"


def test_bib_duplicate_key(tmp_path):
    bib = tmp_path / "dup.bib"
    bib.write_text(
        "@book{smith2020, title={One}, year=2020}\n\n@book{smith2020, title={Two}, year=2020}\n",
        encoding="utf-8",
    )
    with pytest.raises(SlidegenError) as exc:
        load_bibtex(bib)
    assert error_text(exc) == (
        f"{bib}:3:1: error: duplicate citation key 'smith2020' (first defined at line 1)"
    )


def test_bib_not_utf8(tmp_path):
    bib = tmp_path / "latin1.bib"
    bib.write_bytes(b"@book{k,\n  title = {Caf\xe9},\n}\n")
    with pytest.raises(SlidegenError) as exc:
        load_bibtex(bib)
    assert error_text(exc).startswith(f"{bib}:2:15: error: file is not UTF-8 text")


def test_bib_comments_strings_and_parentheses(tmp_path):
    bib = tmp_path / "misc.bib"
    bib.write_text(
        "@comment{jabref-meta: databaseType:bibtex;}\n"
        "@string{afc = {Anna Freud Centre}}\n"
        "Stray text between entries is a comment.\n"
        "@techreport(r1,\n  title = {Report},\n  institution = afc,\n  year = {2021},\n"
        "  type = {Evaluation report}, number = {7})\n"
        "@phdthesis{t1, author={Doe, Jane}, title={Thesis}, school={UCL}, year=2015}\n",
        encoding="utf-8",
    )
    refs = load_bibtex(bib)
    assert list(refs) == ["r1", "t1"]
    assert refs["r1"].publisher == "Anna Freud Centre"
    assert refs["r1"].pos.line == 4
    assert format_entry(refs["r1"], "harvard", {}).plain == (
        "Report (2021) Evaluation report 7. Anna Freud Centre."
    )
    assert format_entry(refs["t1"], "harvard", {}).plain == (
        "Doe, J. (2015) Thesis. PhD thesis. UCL."
    )


# ---------------------------------------------------------------- CSL-JSON


def test_seed_json_matches_seed_bib():
    from_json = load_csl_json(FIXTURES / "seed.json")
    from_bib = load_bibtex(FIXTURES / "seed.bib")
    assert set(from_json) == SEED_IDS
    for key in sorted(SEED_IDS):
        assert from_json[key] == from_bib[key], key  # pos is not compared
        for style in ("harvard", "apa"):
            assert format_entry(from_json[key], style, {}) == format_entry(from_bib[key], style, {})
    assert from_json["sleed2022"].pos == Pos(str(FIXTURES / "seed.json"), 2, 3)
    assert from_json["ohara2019"].note is None  # Zotero "Extra" field lines are dropped
    assert from_json["dartington2022"].authors == (
        Person("Dartington Service Design Lab", literal=True),
    )


def test_csl_json_zotero_shapes(tmp_path):
    f = tmp_path / "lib.json"
    f.write_text(
        """[
  {
    "id": "http://zotero.org/users/1/items/ABCD1234",
    "type": "webpage",
    "title": "Rare jewels",
    "container-title": "Parent-Infant Foundation",
    "URL": "https://parentinfantfoundation.org.uk/rare-jewels",
    "author": [{"family": "Hogg", "given": "Sally"}],
    "accessed": {"date-parts": [["2025", "1", "5"]]},
    "issued": {"date-parts": [["2019", 6]]},
    "note": "tex.ids: hogg2019\\nFunded by the Foundation"
  },
  {
    "id": 42,
    "type": "post-weblog",
    "title": "A blog post",
    "author": [{"family": "Berg", "given": "Anna", "non-dropping-particle": "van den"}],
    "issued": {"raw": "2021-03-04"},
    "URL": "https://doi.org/10.5555/blog.42"
  }
]
""",
        encoding="utf-8",
    )
    refs = load_csl_json(f)
    hogg = refs["http://zotero.org/users/1/items/ABCD1234"]
    assert (hogg.type, hogg.year, hogg.month, hogg.accessed) == ("webpage", 2019, 6, "2025-01-05")
    assert hogg.note == "Funded by the Foundation"
    assert hogg.pos.line == 3
    assert format_entry(hogg, "apa", {}).plain == (
        "Hogg, S. (2019, June). Rare jewels. Parent-Infant Foundation. Funded by the Foundation. "
        "Retrieved January 5, 2025, from https://parentinfantfoundation.org.uk/rare-jewels"
    )
    blog = refs["42"]
    assert blog.authors == (Person("van den Berg", "Anna"),)
    assert (blog.type, blog.year, blog.doi) == ("webpage", 2021, "10.5555/blog.42")
    assert blog.pos.line == 14


def test_csl_json_bad_json_is_located(tmp_path):
    f = tmp_path / "bad.json"
    f.write_text('[\n  {"id": "a", "title": "T"},\n  {"id": "b" "title": "U"}\n]\n')
    with pytest.raises(SlidegenError) as exc:
        load_csl_json(f)
    assert error_text(exc) == f"{f}:3:14: error: invalid JSON: Expecting ',' delimiter"


def test_csl_json_duplicate_and_missing_ids(tmp_path):
    f = tmp_path / "dup.json"
    f.write_text('[\n  {"id": "a", "title": "T"},\n  {"id": "a", "title": "U"}\n]\n')
    with pytest.raises(SlidegenError) as exc:
        load_csl_json(f)
    assert error_text(exc) == f"{f}:3:4: error: duplicate item id 'a' (first defined at line 2)"

    f.write_text('[{"title": "T"}]')
    with pytest.raises(SlidegenError) as exc:
        load_csl_json(f)
    assert "item 1 has no 'id'" in error_text(exc)

    f.write_text('{"title": "T"}')
    with pytest.raises(SlidegenError) as exc:
        load_csl_json(f)
    assert error_text(exc).startswith(f"{f}:1:1: error: a CSL-JSON file must hold a list of items")


# ---------------------------------------------------------------- load_reference_file


def test_load_reference_file_chooses_by_suffix():
    assert set(load_reference_file(FIXTURES / "seed.bib", None)) == SEED_IDS
    assert set(load_reference_file(FIXTURES / "seed.json", None)) == SEED_IDS


def test_load_reference_file_errors_at_the_deck_position(tmp_path):
    pos = Pos("deck.yaml", 7, 13)
    with pytest.raises(SlidegenError) as exc:
        load_reference_file(tmp_path / "refs.ris", pos)
    assert error_text(exc) == (
        f"deck.yaml:7:13: error: cannot read references from '{tmp_path / 'refs.ris'}': "
        "unknown file type '.ris' (use a BibTeX .bib or a CSL-JSON .json file "
        "(Zotero: File > Export Library))"
    )
    with pytest.raises(SlidegenError) as exc:
        load_reference_file(tmp_path / "missing.bib", pos)
    assert error_text(exc) == (
        f"deck.yaml:7:13: error: reference file not found: '{tmp_path / 'missing.bib'}' "
        "(paths are relative to the deck file)"
    )


def test_formatting_is_deterministic():
    refs = list(load_bibtex(FIXTURES / "seed.bib").values())
    first = [format_entry(r, "harvard", {}) for r in sort_references(refs, "harvard")]
    again = [format_entry(r, "harvard", {}) for r in sort_references(refs[::-1], "harvard")]
    assert first == again


def test_bib_entry_without_fields_is_located(tmp_path):
    bib = tmp_path / "empty.bib"
    bib.write_text("@book{ok, title={Fine}}\n\n  @book{empty,}\n", encoding="utf-8")
    with pytest.raises(SlidegenError) as exc:
        load_bibtex(bib)
    assert error_text(exc) == f"{bib}:3:3: error: entry 'empty' has no fields"


@pytest.mark.parametrize(
    "text, message",
    [
        ("[" * 10000, "invalid CSL-JSON: nested too deeply"),
        (
            '[{"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [['
            + "1" * 5000
            + "]]}}]",
            "invalid CSL-JSON: a number has more than 4,300 digits",
        ),
    ],
)
def test_a_csl_json_file_python_cannot_read_is_a_located_error(tmp_path, text, message):
    """Both ended in an internal error (RecursionError, ValueError; found by fuzzing)."""
    from slidegen.resolve.references.csljson import load_csl_json

    path = tmp_path / "refs.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SlidegenError) as exc:
        load_csl_json(path)
    (d,) = exc.value.diagnostics
    assert d.message == message
    assert d.pos == Pos(str(path), 1, 1)
