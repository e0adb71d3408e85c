"""The page shell in Chromium: the header on a phone and without JavaScript, list pages and long words at
375 px, page numbers, the footer's pages and the page for a form that sent too much. Each page is checked
with axe-core."""

import re

import pytest
from playwright.sync_api import Page, expect

from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from providers.models import ProviderProfile
from tests import factories
from tests.browser.conftest import axe, own_page, sign_in
from tests.providers.factories import (
    ApprovedListEntryFactory,
    ProviderProfileFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# Far wider than any screen when it cannot wrap: 2,000 characters with no space.
UNBROKEN = "x" * 2_000


# Every page title ends with the service name.
SUFFIX = " \N{EN DASH} apcommission"


# The colour of an element's text and of the first background behind it that is not transparent.
COLOURS = """element => {
    const rgb = colour => colour.match(/[\\d.]+/g).slice(0, 3).map(Number)
    let behind = element
    while (behind.parentElement && getComputedStyle(behind).backgroundColor === 'rgba(0, 0, 0, 0)') {
        behind = behind.parentElement
    }
    return [rgb(getComputedStyle(element).color), rgb(getComputedStyle(behind).backgroundColor)]
}"""


def contrast(locator) -> float:
    """WCAG's contrast ratio between a text and what is behind it (the label was once white on white)."""

    def luminance(rgb):
        linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    text, background = sorted(map(luminance, locator.evaluate(COLOURS)), reverse=True)
    return (text + 0.05) / (background + 0.05)


def assert_fits_the_width(page: Page, where: str) -> None:
    """Nothing on the page is wider than the window: there is no horizontal scroll."""
    scroll, window = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= window, f"the {where} is {scroll} px wide in a {window} px window ({page.url})"


def two_hats(world):
    """The AP lead of Demoshire Academy is also the AP lead of Hillside Primary."""
    factories.MembershipFactory(
        user=world.user("ap_lead"), organisation=world.sibling_school, role=Role.AP_LEAD
    )
    return world.user("ap_lead")


def providers(world, count: int) -> None:
    for number in range(count):
        provider = factories.ProviderFactory(name=f"Provider {number:02}", local_authority=world.la)
        ProviderProfileFactory(provider=provider, added_by=world.la)


def test_the_header_shows_who_you_act_for_and_lets_you_switch_and_sign_out_on_a_phone(
    page, live_server, world
):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, two_hats(world))

    header = page.get_by_role("banner")
    expect(header.get_by_test_id("acting-organisation")).to_have_text("Demoshire Academy")
    expect(header.get_by_test_id("acting-role")).to_have_text("AP lead")
    expect(header.get_by_label("Switch organisation")).to_be_visible()
    expect(header.get_by_role("button", name="Sign out")).to_be_visible()
    for text in (header.get_by_text("Switch organisation"), header.get_by_text("Acting for")):
        assert contrast(text) >= 4.5, f"{text.inner_text()!r} is hard to read"
    # On a phone the menu folds behind a button; who you act for stays in view.
    menu = header.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(header.get_by_role("link", name="Providers", exact=True)).to_be_hidden()
    axe(page, "home page on a phone")
    assert_fits_the_width(page, "home page")
    menu.click()
    expect(header.get_by_role("link", name="Providers", exact=True)).to_be_visible()

    # By keyboard alone: choose the other organisation, then the Switch button.
    page.get_by_label("Switch organisation").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    expect(header.get_by_role("button", name="Switch", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(header.get_by_test_id("acting-organisation")).to_have_text("Hillside Primary")
    axe(page, "home page on a phone after switching")

    header.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_have_count(0)


def test_the_header_works_without_javascript(browser, live_server, world):
    with own_page(browser, java_script_enabled=False) as page:
        page.set_viewport_size(PHONE)
        sign_in(page, live_server, two_hats(world))
        header = page.get_by_role("banner")
        # Without JavaScript there is no menu button: the links are all there.
        expect(header.get_by_role("button", name="Menu")).to_be_hidden()
        expect(header.get_by_role("link", name="Providers", exact=True)).to_be_visible()
        assert_fits_the_width(page, "home page without JavaScript")

        header.get_by_label("Switch organisation").select_option(label="Hillside Primary (AP lead)")
        header.get_by_role("button", name="Switch", exact=True).click()
        expect(header.get_by_test_id("acting-organisation")).to_have_text("Hillside Primary")

        providers(world, 3)
        header.get_by_role("link", name="Providers", exact=True).click()
        expect(page.get_by_role("table")).to_contain_text("Provider 00")
        assert_fits_the_width(page, "provider directory without JavaScript")

        header.get_by_role("button", name="Sign out").click()
        expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_the_provider_directory_fits_a_phone_and_numbers_its_pages(page, live_server, world):
    providers(world, 30)  # the directory shows 25 a page
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, world.user("ap_lead"))
    page.goto(f"{live_server.url}/providers/")

    table = page.get_by_role("table")
    expect(table).to_contain_text("Provider 00")
    # Each row is stacked, its cells labelled with their column's heading.
    expect(table.locator("td[data-label='Key stages']").first).to_be_visible()
    assert_fits_the_width(page, "provider directory")
    pagination = page.get_by_role("navigation", name="Pagination")
    expect(pagination.get_by_role("link", name="Page 1")).to_have_attribute("aria-current", "page")
    axe(page, "provider directory on a phone")

    pagination.get_by_role("link", name="Page 2").click()
    expect(table).to_contain_text("Provider 29")
    expect(pagination.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    expect(pagination.get_by_role("link", name="Previous page")).to_be_visible()
    assert_fits_the_width(page, "second page of the provider directory")
    axe(page, "second page of the provider directory on a phone")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_long_unbroken_words_wrap_in_tables_summary_lists_and_paragraphs(page, live_server, world, viewport):
    provider = world.provider
    with unscoped("test data"):
        ProviderProfile.objects.filter(provider=provider).update(
            description=UNBROKEN, vocational_courses=UNBROKEN, session_times=UNBROKEN[:200]
        )
    entry = ApprovedListEntryFactory(local_authority=world.la, provider=provider)
    StatusChangeFactory(entry=entry, reason=UNBROKEN, changed_by=world.user("la_officer"))
    page.set_viewport_size(viewport)
    sign_in(page, live_server, world.user("la_officer"))

    page.goto(f"{live_server.url}/providers/{provider.pk}/")
    expect(page.get_by_role("main")).to_contain_text(UNBROKEN[:50])
    assert_fits_the_width(page, "provider page with long words")
    axe(page, "provider page with long words")


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/privacy/", "Privacy notice"),
        ("/accessibility-statement/", "Accessibility statement for apcommission"),
        ("/cookies/", "Cookies"),
        ("/contact/", "Contact"),
    ],
)
def test_the_footer_pages_are_public_and_fit_a_phone(page, live_server, path, heading):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    footer = page.get_by_role("contentinfo")

    footer.get_by_role("link", name=re.compile(f"^{heading.split()[0]}")).click()

    expect(page).to_have_url(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_fits_the_width(page, heading)
    axe(page, heading)


def test_a_form_that_sends_too_much_text_says_so_and_going_back_keeps_the_text(browser, live_server, world):
    entry = ApprovedListEntryFactory(local_authority=world.la, provider=world.provider)
    with own_page(browser) as page:
        sign_in(page, live_server, world.user("la_officer"))
        page.goto(f"{live_server.url}/approved-list/{entry.pk}/status/")
        reason = page.locator("textarea").first
        note = "A very long note. " * 200_000  # 3.6 MB, past DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
        # As a browser sends it when the field sets no maximum length of its own.
        reason.evaluate("(field, text) => { field.removeAttribute('maxlength'); field.value = text }", note)

        with page.expect_response(re.compile(r"/status/(\?acting_for=\d+)?$")) as answer:
            # The form's own submit(), whatever its buttons are named: no browser-side checks.
            reason.evaluate("field => HTMLFormElement.prototype.submit.call(field.form)")

        assert answer.value.status == 413
        expect(page.get_by_role("heading", level=1)).to_have_text("The text you sent was too long")
        expect(page).to_have_title(re.compile(r"^Error: "))
        axe(page, "page for a form that sent too much")
        page.go_back()
        assert page.locator("textarea").first.input_value() == note


def test_the_error_pages_keep_the_shell_and_are_accessible(browser, live_server, world):
    with own_page(browser) as page:
        sign_in(page, live_server, world.user("school_staff"))
        for path, status, title in [
            ("/no-such-page/", 404, "Error: Page not found"),
            ("/organisation/members/", 403, "Error: You cannot do that"),
        ]:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == status, path
            expect(page).to_have_title(f"{title}{SUFFIX}")
            expect(page.get_by_role("banner").get_by_test_id("acting-organisation")).to_be_visible()
            axe(page, f"{status} page")
