"""The whole journey of issue 10 in one browser run, as three organisations live it: the school's AP lead
imports a pupil from a Common Transfer File and refers them; the LA's officer arranges a panel and the
school puts the referral to it; the provider asked runs a taster and offers a place; the panel agrees;
the school accepts the offer. Every page visited is checked with axe-core (WCAG 2.2 AA)."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apcommission.tenancy.scoping import unscoped
from referrals.models import Recipient, Referral, ReferralStatus, Response
from tests.browser.conftest import axe, own_page, sign_in
from tests.dates import fill_date

pytestmark = pytest.mark.browser

FILES = Path(__file__).parent.parent / "pupils" / "ctf_files"
PANEL_DAY = timezone.localdate()  # the panel meets today: the referral is put to it and decided on
START = timezone.localdate() + datetime.timedelta(days=21)


def _import_amara(page, live_server):
    page.goto(f"{live_server.url}/pupils/")
    axe(page, "pupil list, empty")
    page.get_by_role("main").get_by_role("button", name="Import from a CTF").click()
    axe(page, "CTF upload")
    page.get_by_label("Upload a Common Transfer File").set_input_files(str(FILES / "full_ctf19.xml"))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("checkbox", name="Amara Okafor")).to_be_checked()
    axe(page, "CTF preview")
    page.get_by_role("button", name="Import selected pupils").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pupils imported")
    axe(page, "CTF imported")


def _refer_amara(page, live_server, provider_name):
    main = page.get_by_role("main")
    page.goto(f"{live_server.url}/pupils/?q=Okafor")
    main.get_by_role("link", name="Okafor, Amy").click()
    axe(page, "pupil record")
    main.get_by_role("link", name="Start a referral").click()
    expect(page.get_by_label("Pupil", exact=True)).to_have_value(page.url.split("pupil=")[1])
    page.get_by_label("At risk of permanent exclusion").check()
    page.get_by_role("textbox", name="Needs summary").fill("Finds large classes hard.")
    page.get_by_role("textbox", name="What success would look like").fill("Back in lessons by Easter.")
    page.get_by_label("The parent or carer consents to the referral").check()
    axe(page, "start a referral")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral for Amy Okafor")
    main.get_by_role("link", name="Send to providers").click()
    page.get_by_label(provider_name).check()
    axe(page, "send the referral")
    page.get_by_role("button", name="Send the referral").click()
    expect(main).to_contain_text("Sent to providers")
    return page.url


def test_from_a_ctf_import_to_an_accepted_referral_with_a_taster_and_a_panel(
    page, browser, live_server, world
):
    main = page.get_by_role("main")
    sign_in(page, live_server, world.user("ap_lead"))
    _import_amara(page, live_server)
    referral_url = _refer_amara(page, live_server, world.provider.name)

    # The LA's officer says the LA uses a panel and arranges a meeting.
    with own_page(browser) as officer:
        sign_in(officer, live_server, world.user("la_officer"))
        officer.get_by_role("navigation").get_by_role("link", name="Panels").click()
        officer.get_by_role("link", name="Whether your LA uses a panel").click()
        officer.get_by_label("Yes").check()
        officer.get_by_role("button", name="Save").click()
        officer.get_by_role("button", name="Arrange a meeting").click()
        fill_date(officer, "Date of the meeting", PANEL_DAY)
        officer.get_by_label("Fair access panel").check()
        officer.get_by_label("Who attends").fill("Nadia Osei, chair")
        axe(officer, "arrange a meeting")
        officer.get_by_role("button", name="Save meeting").click()
        meeting_url = officer.url

    # The school puts the referral to it, from the referral's own page.
    page.goto(referral_url)
    main.get_by_role("button", name="Put to the panel").click()
    page.get_by_label(f"Fair access panel, {PANEL_DAY:%-d %B %Y}").check()
    axe(page, "put to the panel")
    page.get_by_role("button", name="Put to the panel").click()
    expect(main).to_contain_text("put to the Fair access panel on")

    # The provider asked reads only the shared copy, runs a taster and offers a place.
    with own_page(browser) as provider:
        sign_in(provider, live_server, world.user("provider_manager"))
        provider.get_by_role("main").get_by_role("link", name="1 referral waits for your reply").click()
        provider.get_by_role("link", name="Amy O.").click()
        shared = provider.get_by_role("main")
        expect(shared).to_contain_text("Finds large classes hard.")
        expect(shared).not_to_contain_text("Okafor")
        axe(provider, "the provider's shared copy")
        shared.get_by_role("link", name="Arrange a visit or taster").click()
        provider.get_by_label("Taster session").check()
        fill_date(provider, "Date", timezone.localdate())
        provider.get_by_role("button", name="Arrange the visit").click()
        shared.get_by_role("link", name="Record how it went").click()
        provider.get_by_label("Yes").check()
        provider.get_by_label("Any risk found (optional)").fill("None found.")
        provider.get_by_role("button", name="Save the outcome").click()
        shared.get_by_role("link", name="Answer the referral").click()
        provider.get_by_label("Can offer a place").check()
        fill_date(provider, "Start date you can offer (if you can offer)", START)
        provider.get_by_label("Hours a week you can offer (if you can offer)").fill("15")
        provider.get_by_role("button", name="Send your answer").click()
        expect(shared).to_contain_text("Can offer a place")

    # The panel agrees.
    with own_page(browser) as officer:
        sign_in(officer, live_server, world.user("la_officer"))
        officer.goto(meeting_url)
        expect(officer.get_by_role("main")).to_contain_text("Waiting for a decision")
        axe(officer, "the meeting with a referral on it")
        officer.get_by_role("link", name="Record the decision").click()
        officer.get_by_label("Agreed", exact=True).check()
        officer.get_by_label("The panel's reasons").fill("The provider's small groups suit her.")
        officer.get_by_role("button", name="Record the decision").click()
        expect(officer.get_by_role("main")).to_contain_text("The provider's small groups suit her.")

    # The school accepts the offer.
    page.goto(referral_url)
    expect(main).to_contain_text("The provider's small groups suit her.")
    axe(page, "the referral with the panel's decision and an offer")
    main.get_by_role("link", name=f"Accept {world.provider.name}'s offer").click()
    page.get_by_role("button", name="Accept this offer").click()
    expect(main).to_contain_text("Accepted")
    axe(page, "the accepted referral")

    with unscoped("a test reads what the journey wrote"):
        referral = Referral.objects.get()
        assert referral.status == ReferralStatus.ACCEPTED
        assert referral.pupil.upn_is_temporary is False
        assert Recipient.objects.get().response == Response.CHOSEN
