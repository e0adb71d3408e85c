"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

We launch Chromium ourselves (never `playwright install`): the `browser` and `page` fixtures here override
pytest-playwright's, so its download logic is never used. Only the plugin's `browser_name` parametrisation
remains, which adds `[chromium]` to the test ids.
"""

import contextlib
import importlib
import os
import re
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.apps import apps as django_apps
from django.conf import settings
from playwright.sync_api import Page, expect, sync_playwright

from tests.factories import PASSWORD

standard_vocabularies = importlib.import_module("providers.migrations.0002_standard_vocabularies")

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls there without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 5_000


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh context (cookies, storage) per test, with the site's Content Security Policy enforced.

    A script that the policy blocks (a missing nonce) or that throws fails the test: that page is broken.
    """
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    new_page = context.new_page()
    problems = []

    def on_console(message):
        url = message.location.get("url", "")
        # A page drawn without the layout (a bare 4xx) makes the browser try /favicon.ico: not a fault.
        if message.type == "error" and not url.endswith("/favicon.ico"):
            problems.append(f"console error: {message.text} ({url})")

    new_page.on("console", on_console)
    new_page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    yield new_page
    context.close()
    assert not problems, "The browser reported errors:\n" + "\n".join(problems)


@contextlib.contextmanager
def own_page(browser, **options):
    """A page in a context of its own, for what the `page` fixture does not allow: JavaScript switched
    off, or pages answered with an error status on purpose (which the browser reports as a failed
    load). A script error still fails the test."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}, **options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def world(transactional_db, live_server, world):
    """tests/conftest.py's world, committed for real so that the live server's thread sees it.

    A transactional test ends by emptying every table, rows from data migrations included, so the
    standard evidence types, approval categories and QA areas are put back first (idempotently)."""
    standard_vocabularies.add_standard_vocabularies(django_apps, None)
    return world


# TOTP codes ----------------------------------------------------------------------------------------

_last_counter: dict[str, int] = {}


def totp_code(secret: str) -> str:
    """A code the server accepts now: never one already used for `secret` (allauth refuses replays),
    and never one within 3 s of expiring (it could expire between typing it and submitting it)."""
    period = settings.MFA_TOTP_PERIOD
    while True:
        now = time.time()
        counter, left = int(now) // period, period - now % period
        if left >= 3 and counter > _last_counter.get(secret, -1):
            _last_counter[secret] = counter
            return format_hotp_value(hotp_value(secret, counter))
        time.sleep(left + 0.05)  # the suite's only sleep: waiting for the next 30-second period


# Journeys' building blocks -------------------------------------------------------------------------


def sign_in(page: Page, live_server, user, *, check_accessibility=False) -> None:
    """Sign in through the real pages: email and password, then the authenticator app's code."""
    page.goto(f"{live_server.url}/accounts/login/")
    if check_accessibility:
        axe(page, "sign-in page")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^\s*(sign in|continue)\s*$", re.I)).click()
    code = page.locator("input[name=code]")
    expect(code).to_be_visible()
    if check_accessibility:
        axe(page, "authenticator code page")
    code.fill(totp_code(user.totp_secret))
    page.get_by_role("button", name=re.compile(r"^\s*(sign in|continue|verify)\s*$", re.I)).click()
    expect(page.get_by_test_id("acting-organisation")).to_be_visible()


def axe(page: Page, where: str) -> None:
    """Fail on any serious or critical WCAG 2.2 AA violation that axe-core finds on the page.

    Playwright's `add_script_tag(path=...)` inlines the file as a <script> without our nonce, and the
    Content Security Policy blocks it (checked). Rather than `bypass_csp=True`, which would switch the
    policy off for the whole journey and hide scripts it blocks, we evaluate axe's source through the
    DevTools protocol, which the page's policy does not govern.
    """
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT.read_text() + "\n;undefined")
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    serious = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, f"Accessibility violations on the {where} ({page.url}):\n" + "\n".join(
        map(_describe, serious)
    )


def _describe(violation: dict) -> str:
    nodes = "\n".join(
        f"    {' '.join(map(str, node['target']))}: {' '.join(node['failureSummary'].split())}"
        for node in violation["nodes"]
    )
    return f"- {violation['id']} [{violation['impact']}] {violation['help']}\n{nodes}"
