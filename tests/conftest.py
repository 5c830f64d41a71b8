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


# ---- every .pptx a test builds gets the structural check ------------------------------------
NO_STRUCTURE_CHECK = "no_structure_check"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{NO_STRUCTURE_CHECK}: do not run helpers.structure on the .pptx files this test builds",
    )


@pytest.fixture(autouse=True)
def _structure_of_every_build(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """Run helpers.structure.check_structure on every package `slidegen.write.to_bytes` makes.

    Every build (library, CLI, watch, preview) serialises through `to_bytes`, so wrapping it
    checks each generated file without each test asking. Problems fail the test at teardown;
    in a worker process (batch builds fork) they raise at once, so the build fails loudly.
    Opt out with `@pytest.mark.no_structure_check`.
    """
    if request.node.get_closest_marker(NO_STRUCTURE_CHECK) is not None:
        yield
        return
    from helpers.structure import check_structure
    from slidegen import write

    original = write.to_bytes
    owner = os.getpid()
    found: list[str] = []

    def checked(prs, plan, *args, **kwargs):
        data = original(prs, plan, *args, **kwargs)
        problems = check_structure(data)
        if problems:
            report = f"{plan.id}: " + "; ".join(problems)
            if os.getpid() != owner:
                raise AssertionError(f"structural problems in a generated .pptx: {report}")
            found.append(report)
        return data

    monkeypatch.setattr(write, "to_bytes", checked)
    yield
    if found:
        pytest.fail("generated .pptx with structural problems:\n" + "\n".join(found), False)
