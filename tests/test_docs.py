"""The documentation: README.md and docs/*.md link to files and headings that exist, and the
README's first deck is a deck slidegen accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_HTML_ANCHOR = re.compile(r"<a\s+(?:id|name)=\"([^\"]+)\"")


def _prose_lines(text: str):
    """(line number, line) outside fenced code blocks."""
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: text as rendered, lower case, punctuation dropped."""
    text = _CODE_SPAN.sub(lambda m: m.group(2), heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link's text
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every anchor a page offers: its headings' slugs (numbered when repeated), HTML anchors."""
    seen: dict[str, int] = {}
    out: set[str] = set()
    for _, line in _prose_lines(path.read_text(encoding="utf-8")):
        out.update(_HTML_ANCHOR.findall(line))
        m = _HEADING.match(line)
        if not m:
            continue
        slug = github_slug(m.group(2))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        out.add(slug if count == 0 else f"{slug}-{count}")
    return out


def relative_links(path: Path):
    """(line number, target) of every link and picture that is not a URL, outside code."""
    for number, line in _prose_lines(path.read_text(encoding="utf-8")):
        prose = _CODE_SPAN.sub("", line)
        for target in _LINK.findall(prose):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
                continue  # https:, mailto:, ...
            yield number, target


def test_the_pages_exist():
    names = {p.relative_to(ROOT).as_posix() for p in PAGES}
    assert {
        "README.md",
        "docs/guide.md",
        "docs/commands.md",
        "docs/design.md",
        "docs/deck-reference.md",
    } <= names


def test_slugs_follow_github():
    assert github_slug("Batch builds and `build/manifest.json`") == (
        "batch-builds-and-buildmanifestjson"
    )
    assert github_slug("`slidegen theme new`") == "slidegen-theme-new"
    assert github_slug("Check codes and suppressions") == "check-codes-and-suppressions"
    assert github_slug("`deck:`") == "deck"
    assert github_slug("`data_files` and `two-column`") == "data_files-and-two-column"


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_relative_links_resolve(page):
    problems = []
    for number, target in relative_links(page):
        file_part, _, anchor = target.partition("#")
        dest = (page.parent / file_part).resolve() if file_part else page
        where = f"{page.relative_to(ROOT)}:{number}: {target}"
        if not dest.exists():
            problems.append(f"{where}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            problems.append(f"{where}: no heading with anchor #{anchor} in {dest.name}")
    assert not problems, "\n".join(problems)


def test_readme_is_short_and_starts_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) < 250
    first_block = text.split("```", 2)[1]
    assert "make deck" in first_block and "make test" in first_block
    assert text.index("make deck") < text.index("## Install")


def test_readme_examples_come_after_install_and_use_decks_talk():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    install = text.index("## Install")
    for command in ("slidegen preview", "slidegen watch", "slidegen build", "slidegen new"):
        assert text.index(command) > install, command
    for page in PAGES:
        body = page.read_text(encoding="utf-8")
        assert not re.search(r"(?<![\w/.-])talk\.yaml", body), page


def _first_deck_yaml() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## A first deck", 1)[1]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_readme_first_deck_is_accepted(tmp_path):
    from slidegen.build import BuildOptions, plan_deck

    decks = tmp_path / "decks"
    decks.mkdir()
    path = decks / "talk.yaml"
    path.write_text(_first_deck_yaml(), encoding="utf-8")
    plan = plan_deck(path, BuildOptions(out_dir=tmp_path / "build"))
    layouts = [s.layout for s in plan.slides]
    assert layouts[:2] == ["title", "agenda"] and "stat" in layouts
    assert layouts[-1] == "references"


def test_the_guide_names_every_check_code():
    from slidegen.check.findings import CODES

    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    section = guide.split("## Check codes and suppressions", 1)[1]
    assert not [code for code in CODES if f"`{code}`" not in section]
