"""Shared pytest configuration for slidegen's tests."""

from __future__ import annotations

import os

import pytest

from slidegen.preview import INSTALL_HINT, missing_tools

REQUIRE_RENDER_ENV = "SLIDEGEN_REQUIRE_RENDER"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip @pytest.mark.render tests without LibreOffice/poppler, or fail if CI requires them."""
    if item.get_closest_marker("render") is None:
        return
    missing = missing_tools()
    if not missing:
        return
    message = f"render test needs {', '.join(missing)}: {INSTALL_HINT}"
    if os.environ.get(REQUIRE_RENDER_ENV) == "1":
        reason = f"{message} ({REQUIRE_RENDER_ENV}=1 requires render tests to run)"
        pytest.fail(reason, pytrace=False)
    pytest.skip(message)
