"""On a desktop screen, the words in a list's table are never broken letter by letter: the long-word rule
that keeps a 20,000-character reason on the page must not squeeze ordinary columns to a letter a line."""

import datetime
from decimal import Decimal

import pytest

from providers.models import RegistrationStatus
from tests.browser.conftest import axe, sign_in
from tests.contacts.factories import ContactRecordFactory
from tests.placements.register_pages import placed
from tests.providers.factories import ApprovedListEntryFactory, EvidenceFactory, QAVisitFactory

pytestmark = pytest.mark.browser
TODAY = datetime.date.today()

# For every cell of the page's tables: the words (runs without spaces) whose text spans more than one line.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('.govuk-table th, .govuk-table td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [1280, 1024])
@pytest.mark.parametrize("role", ["la_officer", "ap_lead", "trust_leader"])
def test_directory_columns_keep_their_words_whole(page, live_server, world, width, role):
    """A school's and a trust's directory has one more column (their last visit)."""
    EvidenceFactory(provider=world.provider, checked_for=world.la)
    ApprovedListEntryFactory(local_authority=world.la, provider=world.provider)
    QAVisitFactory(provider=world.provider, visiting_organisation=world.la)
    ContactRecordFactory(school=world.school, provider=world.provider, on=TODAY - datetime.timedelta(days=62))
    page.set_viewport_size({"width": width, "height": 900})

    sign_in(page, live_server, world.user(role))
    paths = ["/providers/", "/approved-list/"] if role == "la_officer" else ["/providers/"]
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        axe(page, path)
        assert page.evaluate(BROKEN_WORDS) == [], path


# The page's width against the window's, and the table regions that scroll sideways.
WIDTHS = """() => [document.documentElement.scrollWidth, window.innerWidth,
  [...document.querySelectorAll('.app-table-scroll')].map(r => [r.tabIndex, r.getAttribute('role'),
    r.getAttribute('aria-label')])]"""


@pytest.mark.parametrize("role", ["la_officer", "trust_leader"])
def test_the_register_and_costs_keep_their_words_whole_and_the_page_its_width(page, live_server, world, role):
    world.provider.name = "Independent Learning Partnership"
    world.provider.save()
    world.provider.profile.registration_status = RegistrationStatus.UNREGISTERED
    world.provider.profile.save()
    placed(world, baseline=False, hours="15", school_hours="5", cost=None)
    placed(world, cost=Decimal("40"), cost_unit="week")

    sign_in(page, live_server, world.user(role))
    for path in ("/register/", "/area/placements/costs/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate(BROKEN_WORDS) == [], path
        scroll, window, regions = page.evaluate(WIDTHS)
        assert scroll <= window, path
        if path == "/register/":
            label = "Placements in the register: scroll sideways to see every column"
            assert regions == [[0, "region", label]]
        axe(page, path)
