"""An AP lead adds a pupil (meeting a mistyped UPN and a UPN the school already has), records a contact and
a year's attendance, and finds the pupil in the list; the school leader sees who has viewed the record.
Each page checked with axe-core."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe, sign_in
from tests.dates import fill_date
from tests.pupils.factories import PupilFactory, valid_upn

pytestmark = pytest.mark.browser


def test_an_ap_lead_adds_a_pupil_with_a_contact_and_attendance(page, live_server, world):
    existing = PupilFactory(school=world.school, legal_forename="Amira", legal_surname="Khan")
    sign_in(page, live_server, world.user("ap_lead"))

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Pupils", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pupils")
    axe(page, "pupil list")

    page.get_by_role("button", name="Add a pupil").click()
    axe(page, "add a pupil form")
    page.get_by_label("First name", exact=True).fill("Jordan")
    page.get_by_label("Last name", exact=True).fill("Price")
    fill_date(page, "Date of birth", existing.date_of_birth)
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("Unique pupil number (UPN)").fill(existing.upn)
    page.get_by_role("button", name="Save pupil").click()

    expect(page.get_by_role("alert")).to_contain_text("already has this UPN at your school")
    expect(page.get_by_role("link", name="Amira Khan, born")).to_be_visible()
    axe(page, "add a pupil form with a duplicate UPN")

    upn = valid_upn("938")
    page.get_by_label("Unique pupil number (UPN)").fill(("B" if upn[0] == "A" else "A") + upn[1:])
    page.get_by_role("button", name="Save pupil").click()
    expect(page.get_by_role("alert")).to_contain_text("check letter")
    page.get_by_label("Unique pupil number (UPN)").fill(upn)
    page.get_by_role("button", name="Save pupil").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Jordan Price")
    axe(page, "pupil record")

    page.get_by_role("link", name="Add a contact").click()
    page.get_by_label("Full name").fill("Kim Price")
    page.get_by_label("Relationship").select_option("mother")
    page.get_by_label("Telephone (optional)").fill("07700 900 982")
    axe(page, "add a contact form")
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_role("main")).to_contain_text("07700 900 982")

    page.get_by_role("link", name="Record a year's attendance").click()
    page.get_by_label("Possible sessions").fill("380")
    page.get_by_label("Sessions attended").fill("400")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("alert")).to_contain_text("no more than the sessions possible")
    axe(page, "attendance form with an error")
    page.get_by_label("Sessions attended").fill("304")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("main")).to_contain_text("80.0%")

    page.goto(f"{live_server.url}/pupils/?q=price")
    expect(page.get_by_role("table")).to_contain_text("Price, Jordan")
    expect(page.get_by_role("table")).not_to_contain_text("Khan")
    axe(page, "searched pupil list")


def test_a_school_leader_sees_who_has_viewed_a_record(page, live_server, world):
    pupil = PupilFactory(school=world.school, legal_forename="Amira", legal_surname="Khan")
    sign_in(page, live_server, world.user("school_leader"))

    page.goto(f"{live_server.url}/pupils/{pupil.pk}/")
    page.get_by_role("link", name="Who has viewed this record").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Who has viewed this record")
    expect(page.get_by_role("table")).to_contain_text("Opened the pupil's record")
    axe(page, "who has viewed a record")
