"""What the register and a provider's list of its pupils cost in queries, pinned: the same at 10
placements as at 200, for a school, a trust and an LA, and no more than they were measured at (`make bench`
measures the school's register and the LA's at LA scale). A change that adds a query to a page read all
day fails here, and says which."""

import pytest

from tests.placements.register_pages import placed, signed_in
from tests.providers.factories import ApprovedListEntryFactory, EvidenceFactory
from tests.providers.pages import queries_for

# A signed-in page makes no query of its own (apcommission/tenancy/standing.py). The register: the
# providers to filter by, the count, the page of rows, the pupils' current placements, the LAs' numbers,
# the schools and providers, their approved-list statuses, the evidence types, the latest checks, the
# schools' last visits to the providers (contacts.selectors.last_visits), and the access event naming the
# pupils shown.
REGISTER = 11
PAGES = {
    ("/register/", "ap_lead"): REGISTER,
    # ... and a trust is shown each of its schools' LAs' evidence pictures (its schools' LAs).
    ("/register/", "trust_leader"): REGISTER + 1,
    ("/register/", "la_officer"): REGISTER,
    # A flag filter works the flags out for every placement first: the candidates and `build_rows`' six.
    ("/register/?flag=any", "ap_lead"): REGISTER + 7,
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
