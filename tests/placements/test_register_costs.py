"""What the register and a provider's list of its pupils cost in queries, pinned: the same at 10
placements as at 200, for a school, a trust and an LA, and no more than they were measured at (`make bench`
measures the school's register and the LA's at LA scale). A change that adds a query to a page read all
day fails here, and says which. A filter by flag is asked of the database: it costs the same at 5
placements as at 40 whatever the flag, and no more than a page of placements is ever built into rows."""

import datetime

import pytest

from placements import register
from placements.register_flags import ANY_FLAG, ENDING_SOON, Flag
from tests.placements.register_pages import TODAY, placed, signed_in
from tests.providers.factories import ApprovedListEntryFactory, EvidenceFactory
from tests.providers.pages import queries_for

# A signed-in page makes no query of its own (apcommission/tenancy/standing.py). The register: the
# providers to filter by, the count, the page of rows, the pupils' current placements, the LAs' numbers,
# the schools and providers, their approved-list statuses, the evidence types, the latest checks, the
# schools' last visits to the providers (contacts.selectors.last_visits), the next reviews due
# (register.next_reviews), and the access event naming the pupils shown.
REGISTER = 12
# Any flag: the LAs' numbers (for the pupils' weeks, asked of each row with the placement's own flags),
# the (provider, LA) pairs among the placements, the providers' registration, their statuses on the lists,
# the evidence types and the latest checks.
ANY_FLAG_QUERIES = 6
PAGES = {
    ("/register/", "ap_lead"): REGISTER,
    # ... and a trust is shown each of its schools' LAs' evidence pictures (its schools' LAs), and the
    # schools to filter by.
    ("/register/", "trust_leader"): REGISTER + 2,
    ("/register/", "la_officer"): REGISTER + 1,
    ("/register/?flag=any", "ap_lead"): REGISTER + ANY_FLAG_QUERIES,
    ("/register/?flag=any", "trust_leader"): REGISTER + 2 + ANY_FLAG_QUERIES + 1,
    ("/register/?flag=any", "la_officer"): REGISTER + 1 + ANY_FLAG_QUERIES,
    # A provider's pupils: the count, the page, and the access event.
    ("/your-pupils/", "provider_manager"): 3,
}


def busy(world, count: int) -> None:
    """`count` placements at the world's school (and as many at its sibling, for the LA), flagged in
    every way a page of them can be."""
    for number in range(count):
        placed(world, baseline=bool(number % 2), hours="10" if number % 3 else "24")
        placed(world, school=world.sibling_school, baseline=bool(number % 2))


@pytest.mark.parametrize(("url", "role"), list(PAGES), ids=[f"{u}-{r}" for u, r in PAGES])
def test_each_page_costs_its_pinned_queries_at_10_and_at_200_placements(world, url, role):
    ApprovedListEntryFactory(local_authority=world.la, provider=world.provider)
    EvidenceFactory(provider=world.provider, checked_for=world.la)
    client = signed_in(world, role)
    busy(world, 10)
    with_10 = queries_for(client, url)
    busy(world, 190)
    with_200 = queries_for(client, url)
    assert (with_10, with_200) == (PAGES[url, role], PAGES[url, role])


FILTERS = ["", ANY_FLAG, *Flag.values, ENDING_SOON]
WEEK = datetime.timedelta(days=7)


def flagged_world(world, count: int) -> None:
    """`count` placements at the world's school and as many at its sibling, with every flag among them."""
    for number in range(count):
        placed(
            world,
            baseline=bool(number % 2),
            hours="10" if number % 3 else "24",
            plan_ends_by=TODAY + (number % 5 - 2) * WEEK if number % 4 == 0 else None,
        )
        placed(world, school=world.sibling_school, baseline=bool(number % 2))


@pytest.mark.parametrize("role", ["ap_lead", "trust_leader", "la_officer"])
def test_every_flag_filter_costs_the_same_at_5_and_at_40_placements(world, role):
    EvidenceFactory(provider=world.provider, checked_for=world.la, expires_on=TODAY - WEEK)
    client = signed_in(world, role)
    flagged_world(world, 5)
    with_5 = {flag: queries_for(client, f"/register/?flag={flag}") for flag in FILTERS}
    flagged_world(world, 35)
    with_40 = {flag: queries_for(client, f"/register/?flag={flag}") for flag in FILTERS}
    assert with_5 == with_40
    # Each costs no more than the page with every flag asked for.
    assert max(with_40.values()) == with_40[ANY_FLAG]


def test_a_flag_filter_builds_rows_for_one_page_only(world, monkeypatch):
    built = []
    build_rows = register.build_rows

    def counting(found, **kwargs):
        built.append(len(found))
        return build_rows(found, **kwargs)

    monkeypatch.setattr(register, "build_rows", counting)
    for _ in range(register.PER_PAGE + 5):
        placed(world, baseline=False)
    page = signed_in(world, "la_officer").get("/register/?flag=any").context["page"]
    assert page.paginator.count == register.PER_PAGE + 5
    assert built == [register.PER_PAGE]
