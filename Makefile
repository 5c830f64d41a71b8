# Two entry points on a fresh machine: `make deck` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: deck test test-fast preview preview-nhse reference bench lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

deck: $(STAMP)
	$(BIN)/slidegen build

test: $(STAMP)
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest

# Everything but the LibreOffice render tests.
test-fast: $(STAMP)
	$(BIN)/pytest -m "not render"

preview: $(STAMP)
	$(BIN)/slidegen preview decks/parent-infant-impact.yaml --out build/parent-infant-impact-preview
	mkdir -p docs
	cp build/parent-infant-impact-preview/contact-sheet.png docs/contact-sheet.png
	for theme in default high-contrast print; do \
	  $(BIN)/slidegen preview decks/parent-infant-impact.yaml --theme $$theme \
	    --out build/parent-infant-impact-$$theme-preview && \
	  cp build/parent-infant-impact-$$theme-preview/contact-sheet.png docs/contact-sheet-$$theme.png; \
	done

# The seed deck on NHS England's corporate template (../shared/templates/nhse.pptx), for the
# guide's picture: a theme made in build/ that extends the project's with that template.
preview-nhse: $(STAMP)
	mkdir -p build/themes/nhse docs
	printf 'name: nhse\nextends: parent-infant\ntemplate: ../../../../shared/templates/nhse.pptx\n' \
		> build/themes/nhse/theme.yaml
	$(BIN)/slidegen preview decks/parent-infant-impact.yaml --theme $(CURDIR)/build/themes/nhse \
		--out build/parent-infant-impact-nhse-preview
	cp build/parent-infant-impact-nhse-preview/contact-sheet.png docs/contact-sheet-nhse.png

# The deck-format reference, generated from the models (tests/test_schema_doc.py checks it).
reference: $(STAMP)
	$(BIN)/python -m slidegen.schema.reference > docs/deck-reference.md

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

clean:
	rm -rf build $(VENV)
