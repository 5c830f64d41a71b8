"""Built-in layout renderers, one module per family of layouts."""

from __future__ import annotations


def register_builtins(registry) -> None:
    """Register every built-in layout renderer."""
    from . import basic, rich

    basic.register(registry)
    rich.register(registry)
