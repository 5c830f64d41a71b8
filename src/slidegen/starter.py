"""`slidegen new NAME`: a commented starter deck that builds and passes `slidegen check`."""

from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import error

STARTER = """\
# {title}: a slidegen deck. Build it with:   slidegen build {file}
# Check it (accessibility, overflow, sources):  slidegen check {file}
#
# Editor help (VS Code with the YAML extension): run `slidegen schema > deck.schema.json`
# once, here, then make the first line of this file (the path is relative to this file):
#   # yaml-language-server: $schema={schema}
# for key completion and inline errors while you type.
#
# Text fields take **bold**, *italic*, [link text](https://example.org), citations
# [@ref-id] and values from `data` with {{{{ name }}}}.

deck:
  id: {slug}
  title: {title}
  subtitle: What the evidence tells us            # optional
  presenter:
    name: Your Name
    role: Your role
    email: you@example.org
  organisation: Your organisation
  date: {date}                                   # shown on the title slide
  theme: default                                  # or a folder under themes/
  agenda: Plan for today                          # a generated agenda slide; delete for none
  citation_style: harvard                         # or apa

# Figures live here once, with their source; slides use them as {{{{ example.figure }}}}.
data:
  example:
    figure: {{value: 74, cite: example2024}}

# References by id: inline like this, or a path to a .bib or CSL-JSON .json file
# exported from Zotero, Mendeley or EndNote (references: library.bib).
references:
  example2024:
    type: report                                  # report, article, book, chapter, webpage
    authors: ["Surname, A.", "Other, B."]
    year: 2024
    title: Title of the report
    publisher: Publishing organisation
    url: https://example.org/report

sections:
  - id: why
    title: Why this matters
    slides:
      - id: headline
        layout: stat
        title: The headline figure
        value: "{{{{ example.figure }}}}%"
        label: of the services studied reported the outcome
        notes: |
          Speaker notes go here. The figure comes from `data` and cites its source.
      - id: key-points
        title: What we found
        bullets:
          - A first key point, short enough to read at a glance
          - A second point
          - text: A point with detail
            bullets:
              - A sub-point
        cite: [example2024]
  - id: next
    title: What happens next
    slides:
      - id: ask
        layout: statement
        title: Our ask
        text: One clear message the audience should remember.
      - id: discussion
        layout: closing
        title: Questions and discussion
        text: Thank you
"""


def starter_path(name: str) -> Path:
    """NAME, NAME.yaml or a path: the deck file to write."""
    path = Path(name)
    if path.suffix.lower() not in (".yaml", ".yml"):
        path = path.with_name(path.name + ".yaml")
    return path


def starter_text(path: Path, today: str) -> str:
    """The starter deck for a file, titled after its name."""
    stem = path.stem
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "deck"
    if not slug[0].isalnum():
        slug = "deck-" + slug
    title = re.sub(r"[-_]+", " ", stem).strip().capitalize() or "New deck"
    schema = Path(os.path.relpath("deck.schema.json", path.parent or ".")).as_posix()
    return STARTER.format(title=title, file=path.as_posix(), slug=slug, date=today, schema=schema)


def write_starter(name: str, today: str) -> Path:
    """Write the starter deck; refuses to overwrite an existing file."""
    from .write import create_file

    path = starter_path(name)
    if path.exists() and not path.is_symlink():
        raise error(
            f"'{path}' already exists; not overwritten",
            None,
            "choose another NAME, or delete or rename the file first",
        )
    if not path.parent.is_dir():
        raise error(f"folder '{path.parent}' does not exist", None, "create it first")
    create_file(path, starter_text(path, today))
    return path
