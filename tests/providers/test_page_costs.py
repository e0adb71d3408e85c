"""What each page `make bench` measures costs in queries, pinned: the same with a few providers as with a
page and more of them, and no more than it was measured at. A change that adds a query to a page that is
read all day fails here, and says which."""

import pytest
from django.urls import reverse

from apcommission.tenancy.roles import Role
from tests.providers.factories import ApprovedListEntryFactory, EvidenceFactory, QAVisitFactory
from tests.providers.pages import queries_for, signed_in
from tests.providers.test_directory import fully_described

# A signed-in page makes no query of its own: the session comes from Redis, and so do the user, whether
# they have an authenticator app and their memberships (apcommission/tenancy/standing.py).
HOME = 0
HOME_FOR_A_PROVIDER = 1  # the open actions its visits left it
PAGES = {
    # The count, the providers, evidence types, latest checks, the LA's entries and their categories,
    # the latest visits ...
    ("provider_list", "la_officer"): HOME + 7,
    # ... and for a school, its own last visits from its contact log (contacts.selectors.last_visits):
    # one query more, whatever the number of providers.
    ("provider_list", "ap_lead"): HOME + 8,
    # ... and for a trust, its schools' last visits with the names of the schools that made them (the
    # same one query), and its schools' LAs (for the evidence and for the statuses).
    ("provider_list", "trust_leader"): HOME + 9,
    # The count, the entries, their categories, evidence types, latest checks, the providers in use that
    # are not approved, and the categories to filter by.
    ("approved_list", "la_officer"): HOME + 7,
    # The provider and profile, its sites, the LA's entry and its categories, its status history,
    # evidence types, latest checks, the latest visit, the visits read in full, the last verification,
    # the open actions, and the pupils' and parents' answers before reviews, counted.
    ("provider_detail", "la_officer"): HOME + 12,
    # The provider, evidence types, latest checks, every check.
    ("evidence_list", "la_officer"): HOME + 4,
}


def url_of(name: str, world) -> str:
    on_the_provider = name in ("provider_detail", "evidence_list")
    return reverse(name, args=[world.provider.pk]) if on_the_provider else reverse(name)


def busy(world, count: int, start: int = 0) -> None:
    """`count` more providers described in full (each visited by both of the LA's schools), and as many
    more checks, entries' visits and reviews of the world's provider."""
    fully_described(world.la, count, start=start, visited_by=(world.school, world.sibling_school))
    checker = world.user("la_officer")
    for _ in range(count):
        EvidenceFactory(provider=world.provider, checked_for=world.la, checked_by=checker)
        QAVisitFactory(provider=world.provider, visiting_organisation=world.la, visited_by=checker)


@pytest.mark.parametrize(("name", "role"), list(PAGES), ids=[f"{n}-{r}" for n, r in PAGES])
def test_each_measured_page_costs_its_pinned_queries_however_many_providers(world, name, role):
    ApprovedListEntryFactory(local_authority=world.la, provider=world.provider)
    client = signed_in(world, role)
    busy(world, 3)
    with_a_few = queries_for(client, url_of(name, world))
    busy(world, 57, start=3)
    with_more_than_a_page = queries_for(client, url_of(name, world))

    assert (with_a_few, with_more_than_a_page) == (PAGES[name, role], PAGES[name, role])


@pytest.mark.parametrize("role", list(Role))
def test_every_home_page_costs_one_query_or_two_for_a_provider(world, role):
    expected = HOME_FOR_A_PROVIDER if world.members[role].organisation.kind == "provider" else HOME
    assert queries_for(signed_in(world, role), reverse("home")) == expected


def test_the_operators_home_costs_one_query(world):
    assert queries_for(signed_in(world, "operator"), reverse("home")) == HOME
