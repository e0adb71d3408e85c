"""API keys, in one browser run: a provider's manager reads the API documentation, makes a key (a form
left incomplete first shows its errors), copies it from the page that shows it once, and the key sends a
mark through the API; the list shows it without the key, and revoking it stops it at once. Every page
visited is checked with axe-core (WCAG 2.2 AA)."""

import datetime
import json
import urllib.error
import urllib.request

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.attendance.world import WEDNESDAY, placed
from tests.browser.conftest import axe, sign_in
from tests.dates import fill_date

pytestmark = pytest.mark.browser


def send(live_server, key: str, placement) -> int:
    body = json.dumps(
        {
            "marks": [
                {"placement": placement.pk, "date": WEDNESDAY.isoformat(), "session": "am", "mark": "present"}
            ]
        }
    ).encode()
    request = urllib.request.Request(
        f"{live_server.url}/api/v1/attendance/",
        data=body,
        headers={"Authorization": f"Api-Key {key}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_provider_manager_makes_uses_and_revokes_a_key(page, live_server, world):
    placement = placed(world)
    main = page.get_by_role("main")
    sign_in(page, live_server, world.user("provider_manager"))

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="API keys").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API keys")
    expect(main).to_contain_text("has no API keys")
    axe(page, "the empty list of keys")

    main.get_by_role("link", name="apcommission API").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API documentation")
    expect(main).to_contain_text("/api/v1/attendance/")
    axe(page, "the API documentation")
    page.go_back()

    main.get_by_role("button", name="Make an API key").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make an API key")
    fill_date(page, "Expires on", timezone.localdate() - datetime.timedelta(days=1))
    page.get_by_role("button", name="Make the key").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a name for the key")
    expect(page.get_by_role("alert")).to_contain_text("must be the same as or after")
    axe(page, "the key form with its errors")
    page.get_by_label("Name").fill("MIS attendance sync")
    fill_date(page, "Expires on", timezone.localdate() + datetime.timedelta(days=60))
    page.get_by_role("button", name="Make the key").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API key made")
    key = page.get_by_label("Your API key").input_value()
    assert key.startswith("apc_")
    axe(page, "the new key, shown once")
    assert send(live_server, key, placement) == 200

    page.get_by_role("link", name="Back to API keys").click()
    expect(main).to_contain_text("MIS attendance sync")
    expect(main).not_to_contain_text(key)
    axe(page, "the list with a key")

    main.get_by_role("link", name="Revoke the key MIS attendance sync").click()
    expect(main).to_contain_text("stops working straight away")
    axe(page, "the revoke page")
    page.get_by_role("button", name="Revoke the key").click()
    expect(main).to_contain_text("is revoked: it no longer works")
    expect(main.get_by_text("Revoked", exact=True)).to_be_visible()
    assert send(live_server, key, placement) == 401
