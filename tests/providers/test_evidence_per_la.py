"""Whose evidence picture each viewer meets. An LA and its schools see what that LA requires, with its own
checks. A provider sees the picture of every LA that checks it, lists it or keeps its register, so it is
told when an LA adds a type; a trust sees the picture of each LA its schools are in, and the strictest of
them as its tag. A check counts only in the picture of the LA that made it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as
from providers import selectors
from providers.models import EvidenceState, Outcome
from tests import factories
from tests.providers.factories import (
    ApprovedListEntryFactory,
    EvidenceFactory,
    LAEvidenceTypeFactory,
    full_evidence,
    standard_evidence_type,
)
from tests.providers.pages import evidence_picture, provider_page_text, queries_for, signed_in

TODAY = timezone.localdate()


@pytest.fixture
def fire_drills(world):
    """The PRU is on Demoshire's register and list and Otherton's list; both LAs checked every standard
    type and found it current; then Demoshire added a type of its own, which nobody has checked yet."""
    ApprovedListEntryFactory(local_authority=world.la, provider=world.provider)
    ApprovedListEntryFactory(local_authority=world.other_la, provider=world.provider)
    full_evidence(world.provider, world.la)
    full_evidence(world.provider, world.other_la)
    return LAEvidenceTypeFactory(local_authority=world.la, name="Fire drill log")


def pictures(evidence) -> dict[str, tuple[str, int, str]]:
    return {
        each.local_authority_name: (each.summary.state, len(each.summary.types), each.summary.breakdown_text)
        for each in evidence.by_authority
    }


def test_the_provider_sees_what_each_la_requires_of_it(world, fire_drills):
    evidence = evidence_picture(world, "provider_manager")

    assert pictures(evidence) == {
        "Demoshire Council": (EvidenceState.MISSING, 7, "1 missing"),
        "Otherton Council": (EvidenceState.CURRENT, 6, ""),
    }
    assert (evidence.state, len(evidence.types)) == (EvidenceState.MISSING, 7)
    assert (evidence.state, len(evidence.types)) == (
        evidence_picture(world, "la_officer").state,
        len(evidence_picture(world, "la_officer").types),
    )


def test_the_providers_own_pages_tell_it_an_la_needs_the_new_type(world, fire_drills):
    client = signed_in(world, "provider_manager")

    page = client.get(reverse("provider_detail", args=[world.provider.pk])).content.decode()
    listing = client.get(reverse("evidence_list", args=[world.provider.pk])).content.decode()

    assert "Evidence: missing" in page
    assert "<strong>Demoshire Council</strong> requires 7 types: 1 missing" in page
    assert "<strong>Otherton Council</strong> requires 6 types: all current" in page
    assert "Fire drill log: missing" in page
    assert "What Demoshire Council requires" in listing
    assert "What Otherton Council requires" in listing
    assert "Fire drill log" in listing


def test_a_check_counts_only_in_the_picture_of_the_la_that_made_it(world, fire_drills):
    """Demoshire's latest insurance check failed; Otherton's, made after it, passed. That does not make
    Demoshire's good, and the provider's tag says what Demoshire found."""
    insurance = standard_evidence_type("Insurance")
    EvidenceFactory(
        provider=world.provider,
        checked_for=world.la,
        evidence_type=insurance,
        checked_on=TODAY,
        outcome=Outcome.NOT_SATISFACTORY,
    )
    EvidenceFactory(
        provider=world.provider, checked_for=world.other_la, evidence_type=insurance, checked_on=TODAY
    )

    evidence = evidence_picture(world, "provider_manager")

    assert evidence.state == EvidenceState.NOT_SATISFACTORY
    assert pictures(evidence) == {
        "Demoshire Council": (EvidenceState.NOT_SATISFACTORY, 7, "1 not satisfactory, 1 missing"),
        "Otherton Council": (EvidenceState.CURRENT, 6, ""),
    }


def test_a_trust_sees_its_schools_las_picture_as_its_schools_do(world, fire_drills):
    as_trust, as_school = evidence_picture(world, "trust_leader"), evidence_picture(world, "ap_lead")

    assert (as_trust.state, len(as_trust.types)) == (as_school.state, len(as_school.types))
    assert (as_trust.state, len(as_trust.types)) == (EvidenceState.MISSING, 7)
    assert pictures(as_trust) == {"Demoshire Council": (EvidenceState.MISSING, 7, "1 missing")}
    listing = signed_in(world, "trust_leader").get(reverse("provider_list")).content.decode()
    assert "1 missing (of 7 types)" in listing


def test_a_trust_in_two_las_sees_each_picture_and_the_strictest_as_its_tag(world, fire_drills):
    factories.SchoolFactory(local_authority=world.other_la, trust=world.trust)
    EvidenceFactory(
        provider=world.provider,
        checked_for=world.other_la,
        evidence_type=standard_evidence_type("Insurance"),
        checked_on=TODAY,
        outcome=Outcome.NOT_SATISFACTORY,
    )

    evidence = evidence_picture(world, "trust_leader")

    assert pictures(evidence) == {
        "Demoshire Council": (EvidenceState.MISSING, 7, "1 missing"),
        "Otherton Council": (EvidenceState.NOT_SATISFACTORY, 6, "1 not satisfactory"),
    }
    assert evidence.state == EvidenceState.NOT_SATISFACTORY
    assert evidence.breakdown_text == "1 not satisfactory, 1 missing"
    page = provider_page_text(world, "trust_leader")
    assert "1 not satisfactory, 1 missing (of 7 types across 2 LAs)" in page


def test_a_provider_meets_the_types_only_of_las_that_check_list_or_register_it(world):
    own = LAEvidenceTypeFactory(local_authority=world.la, name="Fire drill log")  # its register's LA
    othertons = LAEvidenceTypeFactory(local_authority=world.other_la, name="Minibus checks")
    strangers = LAEvidenceTypeFactory(name="Stranger's check")

    def names(role):
        membership = world.members[role]
        with acting_as(membership):
            return {t.name for t in selectors.required_evidence_types(membership=membership)}

    assert own.name in names("provider_manager")
    assert othertons.name not in names("provider_manager")
    assert othertons.name not in names("trust_leader")
    ApprovedListEntryFactory(local_authority=world.other_la, provider=world.provider)
    assert othertons.name in names("provider_manager")
    assert othertons.name in names("other_provider_manager")  # on Otherton's register
    assert strangers.name not in names("provider_manager")
    assert strangers.name not in names("trust_leader")


@pytest.mark.parametrize("role", ["provider_manager", "trust_leader"])
def test_the_provider_page_costs_the_same_queries_for_1_and_for_5_las(world, role):
    client = signed_in(world, role)
    url = reverse("provider_detail", args=[world.provider.pk])

    def add(count):
        for _ in range(count):
            la = factories.LocalAuthorityFactory()
            factories.SchoolFactory(local_authority=la, trust=world.trust)
            ApprovedListEntryFactory(local_authority=la, provider=world.provider)
            LAEvidenceTypeFactory(local_authority=la)
            EvidenceFactory(provider=world.provider, checked_for=la)

    add(1)
    with_1 = queries_for(client, url)
    add(4)

    assert queries_for(client, url) == with_1
