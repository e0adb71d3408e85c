"""Both kinds of conditions belong to approval with conditions: the conditions of approval (for the LA and
the provider) and the conditions for placing (for the LA's schools too). They are asked for, kept and
shown as in force only then. Given with any other status they are refused with a message on the field,
never kept out of sight (to surface later) nor silently dropped. The export carries both."""

import csv
import io
from dataclasses import dataclass

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apcommission.tenancy.scoping import acting_as, unscoped
from providers.models import ApprovalStatus, ApprovedListEntry
from providers.services import approval as services
from tests.forms.browser_post import posted_form
from tests.providers.factories import ApprovedListEntryFactory
from tests.providers.pages import provider_page_text, signed_in

S = ApprovalStatus
CONDITIONS = "DSL training to be renewed by the end of term."
CAP = "No more than 6 Demoshire pupils at once."


@dataclass(frozen=True)
class Kind:
    field: str
    held: str  # what an entry approved with conditions holds
    other: str  # other conditions of the kind
    refused: str  # the message when they are given with any other status


OF_APPROVAL = Kind(
    "conditions",
    CONDITIONS,
    "Only pupils in Year 10.",
    "Leave the conditions empty unless the status is approved with conditions",
)
FOR_PLACING = Kind(
    "placing_conditions",
    CAP,
    "At most 4 pupils.",
    "Leave the conditions for placing empty unless the status is approved with conditions",
)
KINDS = [OF_APPROVAL, FOR_PLACING]
each_kind = pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.field)


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


def move(world, entry, to_status, **fields) -> ApprovedListEntry:
    """`entry` moved to `to_status` by Demoshire's officer, as stored afterwards."""
    membership = world.members["la_officer"]
    with acting_as(membership):
        services.change_status(entry=entry, to_status=to_status, reason="Panel.", by=membership, **fields)
    with unscoped("test"):
        return ApprovedListEntry.objects.get(pk=entry.pk)


# --- The terms of an entry -------------------------------------------------------------------------------


@each_kind
@pytest.mark.parametrize("status", [S.APPLIED, S.APPROVED, S.SUSPENDED])
def test_new_conditions_are_refused_on_the_terms_of_any_other_status(world, kind, status):
    entry = entry_in(world, status)
    before = stored(entry)

    with pytest.raises(ValidationError) as refused:
        update_terms(world, entry, **{kind.field: kind.held})

    assert refused.value.message_dict == {kind.field: [kind.refused]}
    assert stored(entry) == before


def test_conditions_kept_through_a_suspension_stay_or_are_cleared_on_its_terms(world):
    entry = entry_in(world, S.SUSPENDED, conditions=CONDITIONS)

    update_terms(world, entry, conditions=CONDITIONS)
    assert stored(entry)["conditions"] == CONDITIONS
    update_terms(world, entry)  # not asked for: kept
    assert stored(entry)["conditions"] == CONDITIONS
    update_terms(world, entry, conditions="")
    assert stored(entry)["conditions"] == ""


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


@each_kind
@pytest.mark.parametrize("status", [S.APPLIED, S.APPROVED, S.SUSPENDED])
def test_the_terms_page_asks_for_conditions_only_when_approved_with_conditions(world, kind, status):
    client = signed_in(world, "la_officer")
    offered = entry_in(world, S.APPROVED_WITH_CONDITIONS)
    with unscoped("test"):
        other = ApprovedListEntryFactory(
            local_authority=world.la, provider=world.other_provider, status=status
        )

    with_conditions = client.get(reverse("approval_edit", args=[offered.pk])).content.decode()
    without = client.get(reverse("approval_edit", args=[other.pk])).content.decode()

    assert f'name="{kind.field}"' in with_conditions
    assert f'name="{kind.field}"' not in without


@each_kind
def test_a_plain_approvals_terms_page_saves_without_conditions(world, kind):
    entry = entry_in(world, S.APPROVED)
    client = signed_in(world, "la_officer")
    url = reverse("approval_edit", args=[entry.pk])
    data = posted_form(client.get(url).content.decode())

    response = client.post(url, {**data, kind.field: [kind.held]})  # a hand-made field is not read

    assert response.status_code == 302
    assert stored(entry)[kind.field] == ""


def test_the_terms_page_changes_the_conditions_for_placing(world):
    entry = entry_in(world, S.APPROVED_WITH_CONDITIONS, placing_conditions=CAP)
    client = signed_in(world, "la_officer")
    url = reverse("approval_edit", args=[entry.pk])
    data = posted_form(client.get(url).content.decode())

    response = client.post(url, {**data, "placing_conditions": ["At most 4 pupils."]})

    assert response.status_code == 302
    assert stored(entry)["placing_conditions"] == "At most 4 pupils."


# --- Putting a provider on the list ----------------------------------------------------------------------


@each_kind
@pytest.mark.parametrize("status", [S.APPLIED, S.APPROVED])
def test_a_new_entry_refuses_conditions_without_approval_with_conditions(world, kind, status):
    membership = world.members["la_officer"]

    with pytest.raises(ValidationError) as refused, acting_as(membership):
        services.add_to_list(
            provider=world.provider, by=membership, reason="Panel.", status=status, **{kind.field: kind.held}
        )

    assert refused.value.message_dict == {kind.field: [kind.refused]}
    with unscoped("test"):
        assert not ApprovedListEntry.objects.exists()


def test_a_new_entry_approved_with_conditions_keeps_its_conditions_for_placing(world):
    membership = world.members["la_officer"]
    with acting_as(membership):
        kept = services.add_to_list(
            provider=world.provider,
            by=membership,
            reason="Panel.",
            status=S.APPROVED_WITH_CONDITIONS,
            conditions=CONDITIONS,
            placing_conditions=CAP,
        )

    assert kept.placing_conditions == CAP


@each_kind
def test_the_add_page_says_so_on_the_field_and_adds_nothing(world, kind):
    response = signed_in(world, "la_officer").post(
        reverse("approval_create", args=[world.provider.pk]),
        {"status": S.APPROVED, "reason": "Panel.", kind.field: kind.held},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {kind.field: [kind.refused]}
    text = response.content.decode()
    assert 'class="govuk-error-summary"' in text
    assert f'id="id_{kind.field}_1_error" class="govuk-error-message"' in text  # on the field
    with unscoped("test"):
        assert not ApprovedListEntry.objects.exists()


# --- Changing the status ---------------------------------------------------------------------------------


@each_kind
@pytest.mark.parametrize("to_status", [S.APPROVED, S.SUSPENDED, S.REMOVED])
def test_a_move_refuses_new_conditions_for_any_other_status(world, kind, to_status):
    entry = entry_in(world, S.APPROVED_WITH_CONDITIONS, **{kind.field: kind.held})
    before = stored(entry)

    with pytest.raises(ValidationError) as refused:
        move(world, entry, to_status, **{kind.field: kind.other})

    assert refused.value.message_dict == {kind.field: [kind.refused]}
    assert stored(entry) == before


def test_a_move_from_plain_approval_refuses_conditions_for_placing(world):
    entry = entry_in(world, S.APPROVED)

    with pytest.raises(ValidationError):
        move(world, entry, S.SUSPENDED, placing_conditions=CAP)

    assert stored(entry)["status"] == S.APPROVED


def test_plain_approval_lifts_the_conditions_for_placing_too(world):
    entry = entry_in(world, S.APPROVED_WITH_CONDITIONS, placing_conditions=CAP)

    assert move(world, entry, S.APPROVED).placing_conditions == ""


def test_conditions_for_placing_are_kept_through_a_suspension_and_can_be_changed(world):
    entry = entry_in(world, S.APPROVED_WITH_CONDITIONS, placing_conditions=CAP)

    suspended = move(world, entry, S.SUSPENDED)
    assert suspended.placing_conditions == CAP

    back = move(world, suspended, S.APPROVED_WITH_CONDITIONS, placing_conditions="  At most 4 pupils. ")
    assert back.placing_conditions == "At most 4 pupils."


def test_the_status_page_sent_back_as_it_stands_suspends_keeping_them_and_approves_clearing_them(world):
    entry = entry_in(world, S.APPROVED_WITH_CONDITIONS, placing_conditions=CAP)
    client = signed_in(world, "la_officer")
    url = reverse("approval_status", args=[entry.pk])

    for to_status, kept in ((S.SUSPENDED, CAP), (S.APPROVED, "")):
        data = posted_form(client.get(url).content.decode())
        response = client.post(url, {**data, "to_status": [to_status], "reason": ["Panel."]})
        assert response.status_code == 302, response.context["form"].errors
        assert stored(entry)["placing_conditions"] == kept


def test_the_status_page_refuses_new_ones_with_a_plain_approval_on_the_field(world):
    entry = entry_in(world, S.APPLIED)

    response = signed_in(world, "la_officer").post(
        reverse("approval_status", args=[entry.pk]),
        {"to_status": S.APPROVED, "reason": "Panel.", "placing_conditions": CAP},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"placing_conditions": [FOR_PLACING.refused]}
    assert stored(entry)["status"] == S.APPLIED


def test_the_officer_sets_conditions_for_placing_when_approving_with_conditions(world):
    entry = entry_in(world, S.APPLIED)

    response = signed_in(world, "la_officer").post(
        reverse("approval_status", args=[entry.pk]),
        {
            "to_status": S.APPROVED_WITH_CONDITIONS,
            "reason": "Panel.",
            "conditions": CONDITIONS,
            "placing_conditions": CAP,
        },
    )

    assert response.status_code == 302
    assert (stored(entry)["conditions"], stored(entry)["placing_conditions"]) == (CONDITIONS, CAP)


# --- Who sees them ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.APPROVED, S.SUSPENDED])
def test_the_provider_never_sees_conditions_that_are_not_in_force(world, status):
    # Kept through a suspension, or left on a plain approval by an earlier version of the terms page.
    entry_in(world, status, conditions=CONDITIONS)

    assert CONDITIONS not in provider_page_text(world, "provider_manager")


def test_the_provider_sees_the_conditions_in_force(world):
    entry_in(world, S.APPROVED_WITH_CONDITIONS)

    assert CONDITIONS in provider_page_text(world, "provider_manager")


@pytest.mark.parametrize("status", [S.APPROVED, S.SUSPENDED])
def test_schools_never_see_conditions_for_placing_that_are_not_in_force(world, status):
    # Kept through a suspension, or left on a plain approval by an earlier version of the terms page.
    entry_in(world, status, placing_conditions=CAP)

    for role in ("ap_lead", "trust_leader"):
        assert CAP not in provider_page_text(world, role), role
    listing = signed_in(world, "ap_lead").get(reverse("provider_list")).content.decode()
    assert CAP not in listing


@pytest.mark.parametrize(
    ("field", "held", "marked"),
    [
        ("conditions", CONDITIONS, "Not in force now, and the provider does not see them."),
        ("placing_conditions", CAP, "Your schools do not see them now."),
    ],
)
def test_the_la_sees_kept_conditions_marked_as_not_in_force(world, field, held, marked):
    entry_in(world, S.SUSPENDED, **{field: held})

    text = provider_page_text(world, "la_officer")

    assert held in text
    assert marked in text


# --- The export ------------------------------------------------------------------------------------------


def exported_rows(world, file_format) -> list[dict]:
    response = signed_in(world, "la_officer").get(reverse("approved_list_export", args=[file_format]))
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
    # CSV escapes it with an apostrophe; XLSX keeps the text as a quote-prefixed string cell (never a formula)
    escaped = "'" if file_format == "csv" else ""
    assert row["Conditions for placing"] == escaped + '=HYPERLINK("http://evil.example")'
