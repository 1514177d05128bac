"""Browser tests: Playwright for Python driving the system's Chromium (never a downloaded one)."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = _chromium()
    if executable is None:
        if os.environ.get("NIANBAO_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required here but not installed (apt-get install chromium).")
        pytest.skip("Chromium is not installed (apt-get install chromium): browser tests skipped.")
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1366, "height": 768}}


@pytest.fixture(autouse=True)
def no_content_security_policy_violations(caplog):
    """Every browser test also checks that the pages it saw broke no CSP rule."""
    yield
    violations = [record.getMessage() for record in caplog.records if record.name == "nianbao.csp"]
    assert violations == []
