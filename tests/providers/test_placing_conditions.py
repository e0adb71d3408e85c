"""Conditions for placing belong to approval with conditions: they are asked for, kept and shown to schools
only then. Given with any other status they are refused with a message on the field, never kept out of
sight (to surface later) nor silently dropped."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from apcommission.tenancy.scoping import acting_as, unscoped
from providers.models import ApprovalStatus, ApprovedListEntry
from providers.services import approval as services
from tests.forms.browser_post import posted_form
from tests.providers.factories import ApprovedListEntryFactory

S = ApprovalStatus
CAP = "No more than 6 Demoshire pupils at once."
CONDITIONS = "DSL training to be renewed by the end of term."
REFUSED = "Leave the conditions for placing empty unless the status is approved with conditions"


def signed_in(world, role="la_officer") -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def entry_in(world, status, **fields) -> ApprovedListEntry:
    if status == S.APPROVED_WITH_CONDITIONS:
        fields.setdefault("conditions", CONDITIONS)
    return ApprovedListEntryFactory(
        local_authority=world.la, provider=world.provider, status=status, **fields
    )


def stored(entry) -> dict:
    with unscoped("test"):
        return ApprovedListEntry.objects.filter(pk=entry.pk).values().get()


def update_terms(world, entry, **terms):
    membership = world.members["la_officer"]
    values = {"categories": [], "price": None, "price_unit": "", "next_review_on": None, "conditions": ""}
    with acting_as(membership):
        return services.update_terms(entry=entry, by=membership, **{**values, **terms})


# --- The terms of an entry -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.APPLIED, S.APPROVED, S.SUSPENDED])
def test_new_conditions_for_placing_are_refused_on_the_terms_of_any_other_status(world, status):
    entry = entry_in(world, status)
    before = stored(entry)

    with pytest.raises(ValidationError) as refused:
        update_terms(world, entry, placing_conditions=CAP)

    assert refused.value.message_dict == {"placing_conditions": [REFUSED]}
    assert stored(entry) == before


def test_the_terms_of_an_entry_approved_with_conditions_change_its_conditions_for_placing(world):
    entry = entry_in(world, S.APPROVED_WITH_CONDITIONS, placing_conditions=CAP)

    update_terms(world, entry, conditions=CONDITIONS, placing_conditions="At most 4 pupils.")

    assert stored(entry)["placing_conditions"] == "At most 4 pupils."


def test_terms_saved_as_they_stand_write_only_what_changed(world):
    entry = entry_in(world, S.APPROVED_WITH_CONDITIONS, placing_conditions=CAP)
    before = stored(entry)

    as_they_stand = {name: before[name] for name in ("price", "price_unit", "next_review_on", "conditions")}

    update_terms(world, entry, **as_they_stand, placing_conditions=CAP)

    assert stored(entry) == before  # not even updated_at


@pytest.mark.parametrize("status", [S.APPLIED, S.APPROVED, S.SUSPENDED])
def test_the_terms_page_asks_for_conditions_for_placing_only_when_approved_with_conditions(world, status):
    client = signed_in(world)
    offered = entry_in(world, S.APPROVED_WITH_CONDITIONS)
    with unscoped("test"):
        other = ApprovedListEntryFactory(
            local_authority=world.la, provider=world.other_provider, status=status
        )

    with_conditions = client.get(reverse("approval_edit", args=[offered.pk])).content.decode()
    without = client.get(reverse("approval_edit", args=[other.pk])).content.decode()

    assert 'name="placing_conditions"' in with_conditions
    assert 'name="placing_conditions"' not in without


def test_a_plain_approvals_terms_page_saves_without_conditions_for_placing(world):
    entry = entry_in(world, S.APPROVED)
    client = signed_in(world)
    url = reverse("approval_edit", args=[entry.pk])
    data = posted_form(client.get(url).content.decode())

    response = client.post(url, {**data, "placing_conditions": [CAP]})  # a hand-made field is not read

    assert response.status_code == 302
    assert stored(entry)["placing_conditions"] == ""


# --- Putting a provider on the list ----------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.APPLIED, S.APPROVED])
def test_a_new_entry_refuses_conditions_for_placing_without_approval_with_conditions(world, status):
    membership = world.members["la_officer"]

    with pytest.raises(ValidationError) as refused, acting_as(membership):
        services.add_to_list(
            provider=world.provider, by=membership, reason="Panel.", status=status, placing_conditions=CAP
        )

    assert refused.value.message_dict == {"placing_conditions": [REFUSED]}
    with unscoped("test"):
        assert not ApprovedListEntry.objects.exists()


def test_the_add_page_says_so_on_the_field_and_adds_nothing(world):
    client = signed_in(world)

    response = client.post(
        reverse("approval_create", args=[world.provider.pk]),
        {"status": S.APPROVED, "reason": "Panel.", "placing_conditions": CAP},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"placing_conditions": [REFUSED]}
    text = response.content.decode()
    assert 'class="govuk-error-summary"' in text
    assert 'id="id_placing_conditions_1_error" class="govuk-error-message"' in text  # on the field
    with unscoped("test"):
        assert not ApprovedListEntry.objects.exists()


# --- Changing the status -----------------------------------------------------------------------------


def move(world, entry, to_status, **fields):
    membership = world.members["la_officer"]
    with acting_as(membership):
        services.change_status(entry=entry, to_status=to_status, reason="Panel.", by=membership, **fields)


@pytest.mark.parametrize("to_status", [S.APPROVED, S.SUSPENDED, S.REMOVED])
def test_a_move_refuses_new_conditions_for_placing_for_any_other_status(world, to_status):
    entry = entry_in(world, S.APPROVED_WITH_CONDITIONS, placing_conditions=CAP)
    before = stored(entry)

    with pytest.raises(ValidationError) as refused:
        move(world, entry, to_status, placing_conditions="At most 4 pupils.")

    assert refused.value.message_dict == {"placing_conditions": [REFUSED]}
    assert stored(entry) == before


def test_a_move_from_plain_approval_refuses_conditions_for_placing(world):
    entry = entry_in(world, S.APPROVED)

    with pytest.raises(ValidationError):
        move(world, entry, S.SUSPENDED, placing_conditions=CAP)

    assert stored(entry)["status"] == S.APPROVED


def test_the_status_page_sent_back_as_it_stands_suspends_keeping_them_and_approves_clearing_them(world):
    entry = entry_in(world, S.APPROVED_WITH_CONDITIONS, placing_conditions=CAP)
    client = signed_in(world)
    url = reverse("approval_status", args=[entry.pk])

    for to_status, kept in ((S.SUSPENDED, CAP), (S.APPROVED, "")):
        data = posted_form(client.get(url).content.decode())
        response = client.post(url, {**data, "to_status": [to_status], "reason": ["Panel."]})
        assert response.status_code == 302, response.context["form"].errors
        assert stored(entry)["placing_conditions"] == kept


def test_the_status_page_refuses_new_ones_with_a_plain_approval_on_the_field(world):
    entry = entry_in(world, S.APPLIED)
    client = signed_in(world)

    response = client.post(
        reverse("approval_status", args=[entry.pk]),
        {"to_status": S.APPROVED, "reason": "Panel.", "placing_conditions": CAP},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"placing_conditions": [REFUSED]}
    assert stored(entry)["status"] == S.APPLIED


# --- What schools see ------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.APPROVED, S.SUSPENDED])
def test_schools_never_see_conditions_for_placing_that_are_not_in_force(world, status):
    # Kept through a suspension, or left on a plain approval by an earlier version of the terms page.
    entry_in(world, status, placing_conditions=CAP)

    for role in ("ap_lead", "trust_leader"):
        text = signed_in(world, role).get(reverse("provider_detail", args=[world.provider.pk]))
        assert CAP not in text.content.decode(), role
    listing = signed_in(world, "ap_lead").get(reverse("provider_list")).content.decode()
    assert CAP not in listing


def test_the_la_sees_kept_conditions_for_placing_marked_as_not_seen_by_its_schools(world):
    entry_in(world, S.SUSPENDED, placing_conditions=CAP)

    text = signed_in(world).get(reverse("provider_detail", args=[world.provider.pk])).content.decode()

    assert CAP in text
    assert "Your schools do not see them now." in text
