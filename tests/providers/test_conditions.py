"""The conditions of approval belong to approval with conditions, as the conditions for placing do: asked
for, kept and shown as in force only then. Given with any other status they are refused on the field,
never saved out of sight to show later as if they applied. The export carries both."""

import csv
import io

import openpyxl
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
CONDITIONS = "DSL training to be renewed by the end of term."
REFUSED = "Leave the conditions empty unless the status is approved with conditions"


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
    values = {"categories": [], "price": None, "price_unit": "", "next_review_on": None}
    with acting_as(membership):
        return services.update_terms(entry=entry, by=membership, **{**values, **terms})


# --- The terms of an entry -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.APPLIED, S.APPROVED, S.SUSPENDED])
def test_new_conditions_are_refused_on_the_terms_of_any_other_status(world, status):
    entry = entry_in(world, status)
    before = stored(entry)

    with pytest.raises(ValidationError) as refused:
        update_terms(world, entry, conditions="Only pupils in Year 10.")

    assert refused.value.message_dict == {"conditions": [REFUSED]}
    assert stored(entry) == before


def test_conditions_kept_through_a_suspension_stay_or_are_cleared_on_its_terms(world):
    entry = entry_in(world, S.SUSPENDED, conditions=CONDITIONS)

    update_terms(world, entry, conditions=CONDITIONS)
    assert stored(entry)["conditions"] == CONDITIONS
    update_terms(world, entry)  # not asked for: kept
    assert stored(entry)["conditions"] == CONDITIONS
    update_terms(world, entry, conditions="")
    assert stored(entry)["conditions"] == ""


@pytest.mark.parametrize("status", [S.APPLIED, S.APPROVED, S.SUSPENDED])
def test_the_terms_page_asks_for_conditions_only_when_approved_with_conditions(world, status):
    client = signed_in(world)
    offered = entry_in(world, S.APPROVED_WITH_CONDITIONS)
    with unscoped("test"):
        other = ApprovedListEntryFactory(
            local_authority=world.la, provider=world.other_provider, status=status
        )

    with_conditions = client.get(reverse("approval_edit", args=[offered.pk])).content.decode()
    without = client.get(reverse("approval_edit", args=[other.pk])).content.decode()

    assert 'name="conditions"' in with_conditions
    assert 'name="conditions"' not in without


def test_a_plain_approvals_terms_page_saves_without_conditions(world):
    entry = entry_in(world, S.APPROVED)
    client = signed_in(world)
    url = reverse("approval_edit", args=[entry.pk])
    data = posted_form(client.get(url).content.decode())

    response = client.post(url, {**data, "conditions": ["Only pupils in Year 10."]})  # hand-made: unread

    assert response.status_code == 302
    assert stored(entry)["conditions"] == ""


# --- Putting a provider on the list and changing its status ------------------------------------------


@pytest.mark.parametrize("status", [S.APPLIED, S.APPROVED])
def test_a_new_entry_refuses_conditions_without_approval_with_conditions(world, status):
    membership = world.members["la_officer"]

    with pytest.raises(ValidationError) as refused, acting_as(membership):
        services.add_to_list(
            provider=world.provider, by=membership, reason="Panel.", status=status, conditions=CONDITIONS
        )

    assert refused.value.message_dict == {"conditions": [REFUSED]}
    with unscoped("test"):
        assert not ApprovedListEntry.objects.exists()


def test_the_add_page_says_so_on_the_field_and_adds_nothing(world):
    response = signed_in(world).post(
        reverse("approval_create", args=[world.provider.pk]),
        {"status": S.APPROVED, "reason": "Panel.", "conditions": CONDITIONS},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"conditions": [REFUSED]}
    assert 'id="id_conditions_1_error" class="govuk-error-message"' in response.content.decode()
    with unscoped("test"):
        assert not ApprovedListEntry.objects.exists()


@pytest.mark.parametrize("to_status", [S.SUSPENDED, S.REMOVED, S.APPROVED])
def test_a_move_refuses_new_conditions_for_any_other_status(world, to_status):
    entry = entry_in(world, S.APPROVED_WITH_CONDITIONS)
    before = stored(entry)
    membership = world.members["la_officer"]

    with pytest.raises(ValidationError) as refused, acting_as(membership):
        services.change_status(
            entry=entry, to_status=to_status, reason="Panel.", by=membership, conditions="Other ones."
        )

    assert refused.value.message_dict == {"conditions": [REFUSED]}
    assert stored(entry) == before


# --- Who sees them ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.APPROVED, S.SUSPENDED])
def test_the_provider_never_sees_conditions_that_are_not_in_force(world, status):
    # Kept through a suspension, or left on a plain approval by an earlier version of the terms page.
    entry_in(world, status, conditions=CONDITIONS)

    text = signed_in(world, "provider_manager").get(reverse("provider_detail", args=[world.provider.pk]))

    assert CONDITIONS not in text.content.decode()


def test_the_provider_sees_the_conditions_in_force(world):
    entry_in(world, S.APPROVED_WITH_CONDITIONS)

    text = signed_in(world, "provider_manager").get(reverse("provider_detail", args=[world.provider.pk]))

    assert CONDITIONS in text.content.decode()


def test_the_la_sees_kept_conditions_marked_as_not_in_force(world):
    entry_in(world, S.SUSPENDED, conditions=CONDITIONS)

    text = signed_in(world).get(reverse("provider_detail", args=[world.provider.pk])).content.decode()

    assert CONDITIONS in text
    assert "Not in force now, and the provider does not see them." in text


# --- The export ------------------------------------------------------------------------------------------


def exported_rows(world, file_format) -> list[dict]:
    response = signed_in(world).get(reverse("approved_list_export", args=[file_format]))
    body = b"".join(response.streaming_content)
    if file_format == "csv":
        return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    header, *rows = openpyxl.load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_has_the_conditions_for_placing_made_safe(world, file_format):
    entry_in(world, S.APPROVED_WITH_CONDITIONS, placing_conditions='=HYPERLINK("http://evil.example")')

    [row] = exported_rows(world, file_format)

    assert row["Conditions"] == CONDITIONS
    assert row["Conditions for placing"] == '\'=HYPERLINK("http://evil.example")'
