"""slidegen: compile a YAML outline of sections, slides and references into an editable .pptx."""

__version__ = "0.1.0"
