"""Each evidence state's count, so that a missing type (an LA's newly added one, say) never hides an
expired one; the evidence filter finds a provider by any type's state; an officer is warned how many
providers a new type reaches before adding it, and what is wrong before approving a provider."""

import datetime

from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as
from providers.models import ApprovalStatus, EvidenceState, Outcome
from providers.selectors.evidence import evidence_not_in_order, new_type_reach
from tests.providers.factories import (
    ApprovedListEntryFactory,
    EvidenceFactory,
    LAEvidenceTypeFactory,
    full_evidence,
    standard_evidence_type,
)
from tests.providers.pages import evidence_picture, signed_in

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


def expired_insurance_and_a_new_type(world):
    """Every standard type current but insurance (a newer check, expired), and a type Demoshire has just
    added (so missing everywhere)."""
    full_evidence(world.provider, world.la)
    EvidenceFactory(
        provider=world.provider,
        checked_for=world.la,
        evidence_type=standard_evidence_type("Insurance"),
        checked_on=TODAY - datetime.timedelta(days=2),
        expires_on=YESTERDAY,
    )
    return LAEvidenceTypeFactory(local_authority=world.la, name="Fire drill log")


def test_a_new_type_no_longer_hides_an_expired_one(world):
    expired_insurance_and_a_new_type(world)

    evidence = evidence_picture(world, "ap_lead")

    assert evidence.breakdown == [(EvidenceState.EXPIRED, 1), (EvidenceState.MISSING, 1)]
    assert evidence.breakdown_text == "1 expired, 1 missing"


def test_a_lapsed_check_outranks_a_missing_document_in_the_headline(world):
    """A lapsed safeguarding check must never look like a missing admin document: not satisfactory and
    expired rank above missing, so the headline tag names them."""
    expired_insurance_and_a_new_type(world)

    assert evidence_picture(world, "ap_lead").state == EvidenceState.EXPIRED

    EvidenceFactory(
        provider=world.provider,
        checked_for=world.la,
        evidence_type=standard_evidence_type("DSL"),
        checked_on=TODAY,
        outcome=Outcome.NOT_SATISFACTORY,
    )
    assert evidence_picture(world, "ap_lead").state == EvidenceState.NOT_SATISFACTORY
    assert list(EvidenceState)[:3] == [
        EvidenceState.NOT_SATISFACTORY,
        EvidenceState.EXPIRED,
        EvidenceState.MISSING,
    ]


def test_the_directory_row_and_the_provider_page_show_each_states_count(world):
    expired_insurance_and_a_new_type(world)
    client = signed_in(world, "ap_lead")

    listing = client.get(reverse("provider_list")).content.decode()
    page = client.get(reverse("provider_detail", args=[world.provider.pk])).content.decode()

    assert "Evidence: expired" in listing
    assert "1 expired, 1 missing (of 7 types)" in listing
    assert "1 expired, 1 missing (of 7 types)" in page


def test_the_expired_filter_finds_a_provider_whose_worst_state_is_missing(world):
    expired_insurance_and_a_new_type(world)
    client = signed_in(world, "ap_lead")

    def found(state):
        rows = client.get(reverse("provider_list"), {"evidence": state}).context["page"].object_list
        return {row.provider.name for row in rows}

    assert "Demoshire PRU" in found("expired")
    assert "Demoshire PRU" in found("missing")
    assert "Demoshire PRU" not in found("current")
    assert "Demoshire PRU" not in found("expiring")


def test_current_means_every_type_is_current(world):
    full_evidence(world.provider, world.la)

    assert evidence_picture(world, "ap_lead").matches([EvidenceState.CURRENT])
    assert evidence_picture(world, "ap_lead").breakdown_text == ""


# --- Warned before adding a type ----------------------------------------------------------------------


def test_the_add_type_page_warns_how_many_providers_the_new_type_reaches(world):
    ApprovedListEntryFactory(local_authority=world.la, provider=world.provider)
    ApprovedListEntryFactory(
        local_authority=world.la, provider=world.other_provider, status=ApprovalStatus.APPLIED
    )

    text = signed_in(world, "la_officer").get(reverse("evidence_types")).content.decode()

    assert "govuk-warning-text" in text
    assert "all 2 providers in the directory will show it as missing" in text
    assert "including 1 approved on your list" in text


def test_the_reach_counts_every_provider_the_la_sees_and_its_own_approvals(world):
    ApprovedListEntryFactory(local_authority=world.other_la, provider=world.provider)
    membership = world.members["la_officer"]
    with acting_as(membership):
        reach = new_type_reach(membership=membership)

    assert (reach.providers, reach.approved) == (2, 0)


# --- Warned before approving ----------------------------------------------------------------------------


def test_what_is_not_in_order_is_named_worst_first(world):
    expired_insurance_and_a_new_type(world)
    EvidenceFactory(
        provider=world.provider,
        checked_for=world.la,
        evidence_type=standard_evidence_type("DSL"),
        checked_on=TODAY,
        outcome=Outcome.NOT_SATISFACTORY,
    )
    membership = world.members["la_officer"]
    with acting_as(membership):
        problems = evidence_not_in_order(world.provider, membership=membership)

    assert [(p.evidence_type.name, p.state) for p in problems] == [
        ("DSL training", EvidenceState.NOT_SATISFACTORY),
        ("Insurance", EvidenceState.EXPIRED),
        ("Fire drill log", EvidenceState.MISSING),
    ]


def test_nothing_is_not_in_order_when_all_is_current(world):
    full_evidence(world.provider, world.la)
    membership = world.members["la_officer"]
    with acting_as(membership):
        assert evidence_not_in_order(world.provider, membership=membership) == []


def test_the_approval_pages_warn_what_is_not_in_order_but_still_approve(world):
    expired_insurance_and_a_new_type(world)
    entry = ApprovedListEntryFactory(
        local_authority=world.la, provider=world.provider, status=ApprovalStatus.APPLIED
    )
    client = signed_in(world, "la_officer")

    status_page = client.get(reverse("approval_status", args=[entry.pk])).content.decode()
    create_page = client.get(reverse("approval_create", args=[world.other_provider.pk])).content.decode()

    assert "govuk-warning-text" in status_page
    assert "Demoshire PRU's evidence is not all in order" in status_page
    assert f"Insurance: expired on {YESTERDAY:%-d %B %Y}" in status_page
    assert "Fire drill log: missing" in status_page
    assert "Otherton College's evidence is not all in order" in create_page
    response = client.post(
        reverse("approval_status", args=[entry.pk]),
        {"to_status": ApprovalStatus.APPROVED, "reason": "Panel decided to approve."},
    )
    assert response.status_code == 302


def test_no_warning_where_the_evidence_is_in_order_or_no_approval_is_possible(world):
    full_evidence(world.provider, world.la)
    in_order = ApprovedListEntryFactory(
        local_authority=world.la, provider=world.provider, status=ApprovalStatus.APPLIED
    )
    removed = ApprovedListEntryFactory(
        local_authority=world.la, provider=world.other_provider, status=ApprovalStatus.REMOVED
    )
    client = signed_in(world, "la_officer")

    for entry in (in_order, removed):  # a removed entry may only apply again: nothing to warn about
        text = client.get(reverse("approval_status", args=[entry.pk])).content.decode()
        assert "evidence is not all in order" not in text
