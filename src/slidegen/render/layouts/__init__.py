"""Built-in layout renderers, one module per family of layouts."""

from __future__ import annotations


def register_builtins(registry) -> None:
    """Register every built-in layout renderer."""
    from . import basic

    basic.register(registry)
    try:
        from . import rich
    except ImportError:  # the rich-content layouts are added in their own module
        return
    rich.register(registry)
