"""Real-browser fixtures: one Debian Chromium per test session, a fresh context (cookies, storage) per test.

Playwright's sync API keeps an asyncio event loop running in the main thread, which makes Django's
ORM refuse synchronous queries from the test body ("You cannot call this from an async context").
The tests and the live server share one in-memory database, so the guard is lifted here.
"""

import os

import pytest

from .support import CHROMIUM, DESKTOP, LAUNCH_ARGS, NO_CHROMIUM, PHONE, RESULTS

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(chromium, transactional_db):
    """Make browser contexts (phone-sized by default); each records the page errors it sees."""
    contexts = []

    def _new(**options):
        context = chromium.new_context(**{**PHONE, **options})
        context.set_default_timeout(10_000)
        context.js_errors = []
        context.on("weberror", lambda error: context.js_errors.append(str(error.error)))
        context.on("console", lambda msg: _console_error(context, msg))
        contexts.append(context)
        return context

    yield _new
    for context in contexts:
        context.close()


def _console_error(context, msg):
    if msg.type == "error":
        context.js_errors.append(f"{msg.text} ({msg.location.get('url')})")


@pytest.fixture
def phone(new_context):
    """A 360 px phone in Chinese."""
    return new_context().new_page()


@pytest.fixture
def desktop(new_context):
    return new_context(**DESKTOP).new_page()


@pytest.fixture(scope="session")
def results_dir():
    RESULTS.mkdir(exist_ok=True)
    return RESULTS
