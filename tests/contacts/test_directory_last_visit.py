"""The provider directory tells a school when it last visited each provider, from its own contact log
(visits only, never one entered in error), and a trust when any of its schools last did and which, in one
"Visits" column beside the latest QA visit, headed so it cannot be taken for the QA visit, and saying "None
recorded" when there is none; another school's visits never show, and an LA's directory is as it was."""

import datetime
import html
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.forms.dates import long_date
from tests import factories
from tests.contacts.factories import ContactRecordFactory
from tests.providers.factories import QAVisitFactory
from tests.providers.pages import signed_in

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
BEFORE = ["Provider", "Key stages", "Evidence", "Approved list", "Latest QA visit"]


class _Table(HTMLParser):
    """The directory's table as text: its headings and, for each row, its cells."""

    def __init__(self):
        super().__init__()
        self.headings: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            (self.headings if tag == "th" else self.rows[-1]).append(text)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def directory(world, role) -> tuple[str, list[str], dict[str, dict[str, str]]]:
    """The directory as `role` reads it: the page, its headings, and each provider's cells by heading."""
    response = signed_in(world, role).get(reverse("provider_list"))
    assert response.status_code == 200
    page = response.content.decode()
    table = _Table()
    table.feed(page)
    rows = {}
    for cells in table.rows:
        if cells:
            name = next(
                row.provider.name
                for row in response.context["page"].object_list
                if cells[0].startswith(row.provider.name)
            )
            rows[name] = dict(zip(table.headings, cells, strict=True))
    return page, table.headings, rows


def visit(school, provider, days_ago, **fields):
    return ContactRecordFactory(school=school, provider=provider, on=TODAY - days_ago * DAY, **fields)


@pytest.fixture
def visits(world):
    """The school visited the PRU 40 and 23 days ago, rang it yesterday and logged a visit today that
    was entered in error; the LA's QA visit was 3 days ago; the sibling school (in no trust) visited
    Otherton College 2 days ago and so did Otherton's school."""
    visit(world.school, world.provider, 40)
    visit(world.school, world.provider, 23)
    visit(world.school, world.provider, 1, kind="parent")
    visit(
        world.school,
        world.provider,
        0,
        entered_in_error_at=timezone.now(),
        error_reason="Logged against the wrong provider.",
    )
    QAVisitFactory(provider=world.provider, visiting_organisation=world.la, visited_on=TODAY - 3 * DAY)
    visit(world.sibling_school, world.other_provider, 2)
    visit(world.other_school, world.other_provider, 2)


@pytest.mark.parametrize("role", ["ap_lead", "dsl", "school_leader", "school_staff"])
def test_a_school_sees_when_it_last_visited_each_provider(world, visits, role):
    page, headings, rows = directory(world, role)

    assert headings == [*BEFORE[:-1], "Visits"]
    qa_visit = (TODAY - 3 * DAY).strftime("%-d %B %Y")
    assert rows["Demoshire PRU"]["Visits"] == (
        f"Latest QA visit {qa_visit} Your last visit 23 days ago {long_date(TODAY - 23 * DAY)}"
    )
    # Other schools' visits are not the school's.
    assert rows["Otherton College"]["Visits"].endswith("Your last visit None recorded")
    words = " ".join(re.sub(r"<[^>]+>", "", page).split())
    assert (
        "Your last visit is the latest visit in the visits and contacts log, not a quality-assurance" in words
    )


def test_another_schools_visits_never_show(world, visits):
    _page, _headings, rows = directory(world, "other_school_leader")

    assert rows["Demoshire PRU"]["Visits"].endswith("Your last visit None recorded")
    assert rows["Otherton College"]["Visits"].endswith(
        f"Your last visit 2 days ago {long_date(TODAY - 2 * DAY)}"
    )


def test_today_and_yesterday_are_said_in_words(world):
    visit(world.school, world.provider, 0)
    visit(world.school, world.other_provider, 1)

    _page, _headings, rows = directory(world, "ap_lead")

    assert rows["Demoshire PRU"]["Visits"].endswith(f"Your last visit Today {long_date(TODAY)}")
    assert rows["Otherton College"]["Visits"].endswith(f"Your last visit Yesterday {long_date(TODAY - DAY)}")


def test_a_trust_sees_the_latest_visit_by_any_of_its_schools_only_and_which(world, visits):
    second = factories.SchoolFactory(name="Trust Second School", local_authority=world.la, trust=world.trust)
    visit(second, world.provider, 5)
    visit(second, world.provider, 60)
    # A school of another trust, in the same LA, visited more recently: never counted.
    other_trust = factories.TrustFactory(name="Other Learning Trust")
    visit(factories.SchoolFactory(local_authority=world.la, trust=other_trust), world.provider, 1)

    page, headings, rows = directory(world, "trust_leader")

    assert headings[-1] == "Visits"
    qa_visit = long_date(TODAY - 3 * DAY)
    assert rows["Demoshire PRU"]["Visits"] == (
        f"Latest QA visit {qa_visit} Your schools' last visit 5 days ago, by Trust Second School "
        f"{long_date(TODAY - 5 * DAY)}"
    )
    assert rows["Otherton College"]["Visits"] == (
        "Latest QA visit None recorded Your schools' last visit None recorded"
    )  # Otherton's and Hillside's visits are not its schools'
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())
    assert "Your schools' last visit is the latest visit by any of your schools in the visits and" in words
    # Each school still reads its own.
    assert "Your last visit 23 days ago" in directory(world, "ap_lead")[2]["Demoshire PRU"]["Visits"]


def test_a_trusts_schools_visiting_on_the_same_day_are_both_named(world):
    second = factories.SchoolFactory(name="Abbey School", local_authority=world.la, trust=world.trust)
    visit(world.school, world.provider, 4)
    visit(second, world.provider, 4)
    visit(world.school, world.other_provider, 9)
    visit(second, world.other_provider, 10)

    _page, _headings, rows = directory(world, "trust_leader")

    assert rows["Demoshire PRU"]["Visits"].endswith(
        f"4 days ago, by Abbey School and Demoshire Academy {long_date(TODAY - 4 * DAY)}"
    )
    assert rows["Otherton College"]["Visits"].endswith(
        f"9 days ago, by Demoshire Academy {long_date(TODAY - 9 * DAY)}"
    )


def test_a_school_with_no_visits_of_either_kind_reads_none_recorded(world):
    _page, _headings, rows = directory(world, "ap_lead")

    assert rows["Demoshire PRU"]["Visits"] == "Latest QA visit None recorded Your last visit None recorded"


@pytest.mark.parametrize("role", ["la_officer", "la_viewer", "other_la_officer"])
def test_an_las_directory_is_as_it_was(world, visits, role):
    page, headings, _rows = directory(world, role)

    assert headings == BEFORE
    assert "last visit" not in page.lower()
    assert "contacts log" not in page
    assert "Hillside Primary" not in page  # nor the schools that visited
