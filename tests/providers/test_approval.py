"""The LA's approved list: the status transition table (every move, allowed or not), conditions, who may
change the list, what schools and other LAs see of it, its page (filters, a fixed number of queries) and
its CSV and XLSX exports (formula-safe, streamed, this LA's entries only)."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from apcommission.tenancy.scoping import acting_as, unscoped
from providers.models import ApprovalCategory, ApprovalStatus, ApprovedListEntry, StatusChange
from providers.selectors import approval as selectors_approval
from providers.services import approval as services
from providers.services.approval import TRANSITIONS
from tests import factories
from tests.history import history
from tests.providers.factories import (
    ApprovalCategoryFactory,
    ApprovedListEntryFactory,
    ProviderProfileFactory,
    StatusChangeFactory,
    full_evidence,
    standard_category,
)
from tests.providers.pages import queries_for, signed_in

S = ApprovalStatus
TODAY = datetime.date(2026, 3, 5)
CONDITIONS = "Weekly attendance returns to the LA by Friday noon."


def fresh(entry) -> ApprovedListEntry:
    with unscoped("test"):
        return ApprovedListEntry.objects.get(pk=entry.pk)


def changes_of(entry) -> list[StatusChange]:
    with unscoped("test"):
        return list(StatusChange.objects.filter(entry_id=entry.pk).order_by("pk"))


def snapshot(entry) -> dict:
    with unscoped("test"):
        return ApprovedListEntry.objects.filter(pk=entry.pk).values().get()


def entry_in(world, status, **fields) -> ApprovedListEntry:
    """Demoshire's entry for its provider, in `status` (with conditions where that status needs them)."""
    if status == S.APPROVED_WITH_CONDITIONS:
        fields.setdefault("conditions", CONDITIONS)
    return ApprovedListEntryFactory(
        local_authority=world.la, provider=world.provider, status=status, **fields
    )


def change(world, entry, to_status, role="la_officer", **kwargs):
    membership = world.members[role]
    kwargs.setdefault("reason", "Panel decision of 4 March")
    with acting_as(membership):
        return services.change_status(entry=entry, to_status=to_status, by=membership, **kwargs)


# --- The transition table ----------------------------------------------------------------------------

ALL_MOVES = [(before, after) for before in S for after in S]


def test_the_table_has_a_row_for_every_status_and_names_only_statuses():
    assert set(TRANSITIONS) == set(S)
    assert all(moves <= set(S) for moves in TRANSITIONS.values())
    assert not any(status in TRANSITIONS[status] for status in S)


@pytest.mark.parametrize(
    ("before", "after"), ALL_MOVES, ids=[f"{before.value}->{after.value}" for before, after in ALL_MOVES]
)
def test_each_move_is_made_and_recorded_only_if_the_table_allows_it(world, before, after):
    entry = entry_in(world, before)
    as_was = snapshot(entry)
    conditions = CONDITIONS if after == S.APPROVED_WITH_CONDITIONS else None
    if after in TRANSITIONS[before]:
        change(world, entry, after, conditions=conditions, today=TODAY)
        assert fresh(entry).status == after
        [recorded] = changes_of(entry)
        assert (recorded.from_status, recorded.to_status) == (before, after)
        assert recorded.reason == "Panel decision of 4 March"
        assert recorded.changed_by == world.user("la_officer")
    else:
        with pytest.raises(ValidationError):
            change(world, entry, after, conditions=conditions, today=TODAY)
        assert snapshot(entry) == as_was
        assert changes_of(entry) == []


def test_a_refused_move_says_plainly_why(world):
    entry = entry_in(world, S.SUSPENDED)
    with pytest.raises(ValidationError) as refused:
        change(world, entry, S.APPLIED)
    assert refused.value.messages == ["A suspended provider cannot move to applied"]


def test_a_removed_provider_may_apply_again(world):
    entry = entry_in(world, S.REMOVED)
    change(world, entry, S.APPLIED)
    assert fresh(entry).status == S.APPLIED


def test_a_move_needs_a_reason(world):
    entry = entry_in(world, S.APPROVED)
    with pytest.raises(ValidationError) as refused:
        change(world, entry, S.SUSPENDED, reason="   ")
    assert refused.value.message_dict == {"reason": ["Enter the reason for this status"]}
    assert fresh(entry).status == S.APPROVED
    assert changes_of(entry) == []


# --- Conditions and dates ----------------------------------------------------------------------------


def test_approval_with_conditions_needs_conditions(world):
    entry = entry_in(world, S.APPROVED)
    with pytest.raises(ValidationError) as refused:
        change(world, entry, S.APPROVED_WITH_CONDITIONS, conditions="")
    assert refused.value.message_dict == {"conditions": ["Enter the conditions of approval"]}
    assert fresh(entry).status == S.APPROVED


def test_a_suspension_keeps_the_conditions_so_a_reapproval_with_conditions_can_reuse_them(world):
    entry = entry_in(world, S.APPROVED_WITH_CONDITIONS)
    change(world, entry, S.SUSPENDED)
    assert fresh(entry).conditions == CONDITIONS
    change(world, entry, S.APPROVED_WITH_CONDITIONS)
    assert (fresh(entry).status, fresh(entry).conditions) == (S.APPROVED_WITH_CONDITIONS, CONDITIONS)


def test_plain_approval_lifts_the_conditions(world):
    entry = entry_in(world, S.APPROVED_WITH_CONDITIONS)
    change(world, entry, S.APPROVED)
    assert fresh(entry).conditions == ""


def test_becoming_approved_sets_the_approval_date_and_a_review_a_year_on(world):
    entry = entry_in(world, S.APPLIED, approved_on=None, next_review_on=None)
    change(world, entry, S.APPROVED, today=TODAY)
    assert (fresh(entry).approved_on, fresh(entry).next_review_on) == (TODAY, datetime.date(2027, 3, 5))


def test_reapproval_after_a_suspension_is_dated_afresh(world):
    entry = entry_in(world, S.SUSPENDED, approved_on=datetime.date(2024, 1, 10))
    change(world, entry, S.APPROVED, today=TODAY)
    assert fresh(entry).approved_on == TODAY


def test_adding_or_lifting_conditions_keeps_the_approval_date(world):
    approved_on = datetime.date(2025, 9, 1)
    entry = entry_in(world, S.APPROVED, approved_on=approved_on)
    change(world, entry, S.APPROVED_WITH_CONDITIONS, conditions=CONDITIONS, today=TODAY)
    change(world, entry, S.APPROVED, today=TODAY)
    assert fresh(entry).approved_on == approved_on


def test_a_review_date_already_set_in_the_future_is_kept_on_approval(world):
    later = datetime.date(2026, 9, 30)
    entry = entry_in(world, S.APPLIED, approved_on=None, next_review_on=later)
    change(world, entry, S.APPROVED, today=TODAY)
    assert fresh(entry).next_review_on == later


def test_a_year_after_the_29th_of_february_is_the_28th():
    assert services.default_next_review(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)


# --- Only the LA changes its list --------------------------------------------------------------------


@pytest.mark.parametrize("role", ["other_la_officer", "la_viewer", "ap_lead", "provider_manager"])
def test_nobody_but_the_las_officers_changes_its_list_even_holding_the_entry(world, role):
    entry = entry_in(world, S.APPROVED)
    with pytest.raises(PermissionDenied):
        change(world, entry, S.SUSPENDED, role=role)
    with pytest.raises(PermissionDenied), acting_as(world.members[role]):
        services.update_terms(
            entry=entry,
            by=world.members[role],
            categories=[],
            price=Decimal("1.00"),
            price_unit="day",
            next_review_on=None,
            conditions="",
        )
    assert fresh(entry).status == S.APPROVED
    assert fresh(entry).price == Decimal("95.00")


def test_another_las_officer_gets_not_found_for_the_entrys_pages(world):
    entry = entry_in(world, S.APPROVED)
    client = signed_in(world, "other_la_officer")
    for name in ("approval_edit", "approval_status"):
        assert client.get(reverse(name, args=[entry.pk])).status_code == 404
    response = client.post(
        reverse("approval_status", args=[entry.pk]), {"to_status": "suspended", "reason": "Taking it over"}
    )
    assert response.status_code == 404
    assert fresh(entry).status == S.APPROVED
    assert changes_of(entry) == []


# --- Putting a provider on the list, and its terms ---------------------------------------------------


def add(world, provider=None, role="la_officer", **kwargs):
    membership = world.members[role]
    kwargs.setdefault("reason", "Checks complete")
    with acting_as(membership):
        return services.add_to_list(provider=provider or world.provider, by=membership, **kwargs)


def test_adding_a_provider_records_its_first_status_from_nothing(world):
    entry = add(world, status=S.APPROVED, categories=[standard_category("SEMH")], today=TODAY)
    entry = fresh(entry)
    assert (entry.local_authority, entry.status, entry.approved_on) == (world.la, S.APPROVED, TODAY)
    assert entry.next_review_on == datetime.date(2027, 3, 5)
    [first] = changes_of(entry)
    assert (first.from_status, first.to_status, first.reason) == ("", S.APPROVED, "Checks complete")


def test_an_application_has_no_approval_date(world):
    entry = add(world)
    assert (fresh(entry).status, fresh(entry).approved_on) == (S.APPLIED, None)


def test_a_provider_goes_on_an_las_list_once(world):
    add(world)
    with pytest.raises(ValidationError, match="already on your approved list"):
        add(world)


def test_an_la_may_list_a_provider_from_another_las_register(world):
    entry = add(world, provider=world.other_provider)
    assert fresh(entry).local_authority == world.la


def test_a_new_entry_cannot_start_suspended_or_with_conditions_unstated(world):
    with pytest.raises(ValidationError):
        add(world, status=S.SUSPENDED)
    with pytest.raises(ValidationError):
        add(world, status=S.APPROVED_WITH_CONDITIONS, conditions=" ")
    with unscoped("test"):
        assert not ApprovedListEntry.objects.exists()


def test_another_las_category_is_refused(world):
    theirs = ApprovalCategoryFactory(local_authority=world.other_la)
    with pytest.raises(ValidationError):
        add(world, categories=[theirs])


def test_terms_change_without_touching_the_status_and_keep_history(world):
    entry = entry_in(world, S.APPROVED)
    ours = ApprovalCategoryFactory(local_authority=world.la, name="Lot 3")
    membership = world.members["la_officer"]
    with acting_as(membership):
        services.update_terms(
            entry=entry,
            by=membership,
            categories=[ours, standard_category("SEMH")],
            price=Decimal("120.00"),
            price_unit="day",
            next_review_on=datetime.date(2026, 12, 1),
            conditions="",
        )
    entry = fresh(entry)
    assert (entry.status, entry.price, entry.next_review_on) == (
        S.APPROVED,
        Decimal("120.00"),
        datetime.date(2026, 12, 1),
    )
    with unscoped("test"):
        assert {c.name for c in entry.categories.all()} == {"Lot 3", "SEMH"}
    events = history("providers.ApprovedListEntryEvent", pgh_obj_id=entry.pk)
    assert any(event.price == Decimal("120.00") for event in events)


def test_terms_of_an_entry_approved_with_conditions_keep_some_conditions(world):
    entry = entry_in(world, S.APPROVED_WITH_CONDITIONS)
    membership = world.members["la_officer"]
    with pytest.raises(ValidationError), acting_as(membership):
        services.update_terms(
            entry=entry,
            by=membership,
            categories=[],
            price=None,
            price_unit="",
            next_review_on=None,
            conditions="",
        )
    assert fresh(entry).conditions == CONDITIONS


# --- Who sees what -----------------------------------------------------------------------------------


def test_the_las_schools_and_the_provider_see_the_entry_another_la_and_its_school_do_not(world):
    entry = entry_in(world, S.APPROVED)
    for role in ("la_officer", "la_viewer", "ap_lead", "school_staff", "trust_leader", "provider_manager"):
        with acting_as(world.members[role]):
            assert list(ApprovedListEntry.objects.all()) == [entry], role
    for role in ("other_la_officer", "other_provider_manager"):
        with acting_as(world.members[role]):
            assert not ApprovedListEntry.objects.exists(), role


def test_a_school_sees_the_status_but_not_the_conditions_or_price(world):
    entry = entry_in(world, S.APPROVED_WITH_CONDITIONS, price=Decimal("87.50"))
    context = {"provider": world.provider, "entry": entry}
    as_school = render_to_string("providers/approval/_status.html", context)
    assert "Approved with conditions" in as_school
    assert CONDITIONS not in as_school
    assert "87.50" not in as_school
    with unscoped("test"):
        as_la = render_to_string("providers/approval/_status.html", {**context, "show_terms": True})
    assert CONDITIONS in as_la
    assert "87.50" in as_la


def test_status_include_says_plainly_when_not_on_the_list_or_suspended(world):
    none = render_to_string("providers/approval/_status.html", {"provider": world.provider, "entry": None})
    assert "govuk-tag--red" in none
    assert "Not on your LA's approved list" in none
    suspended = entry_in(world, S.SUSPENDED)
    text = render_to_string(
        "providers/approval/_status.html", {"provider": world.provider, "entry": suspended}
    )
    assert "Suspended" in text
    assert "do not place pupils" in text


def test_history_include_shows_who_when_why_and_the_move(world):
    entry = entry_in(world, S.APPROVED)
    StatusChangeFactory(entry=entry, from_status="", to_status=S.APPLIED, reason="Applied at the fair")
    StatusChangeFactory(entry=entry, reason="Panel approved", changed_by=world.user("la_officer"))
    officer = world.members["la_officer"]
    with acting_as(officer):
        html = render_to_string(
            "providers/approval/_history.html",
            {"entry": entry, "status_changes": selectors_approval.status_history(entry, membership=officer)},
        )
    assert "Added as applied" in html
    assert "Applied to Approved" in html
    assert "Panel approved" in html
    assert escape(str(world.user("la_officer"))) in html  # a name such as O'Neill is HTML-escaped


def test_another_las_officer_sees_nothing_of_this_list_on_their_page(world):
    entry_in(world, S.APPROVED)
    response = signed_in(world, "other_la_officer").get(reverse("approved_list"))
    assert response.status_code == 200
    assert world.provider.name not in response.content.decode()


# --- The list page -----------------------------------------------------------------------------------


def test_the_list_shows_status_categories_price_review_and_evidence(world):
    ApprovedListEntryFactory(
        local_authority=world.la,
        provider=world.provider,
        next_review_on=datetime.date(2020, 1, 1),
        categories=[standard_category("SEMH")],
    )
    page = signed_in(world, "la_viewer").get(reverse("approved_list")).content.decode()
    assert "Demoshire PRU" in page
    assert "SEMH" in page
    assert "£95.00 per day" in page
    assert "Overdue" in page
    assert "Evidence: missing" in page
    assert "6 missing (of 6 types)" in page  # each state's count, not only the worst state
    assert reverse("approved_list_export", args=["csv"]) in page


def test_the_list_filters_by_status_category_and_name(world):
    lot = ApprovalCategoryFactory(local_authority=world.la, name="Lot 9")
    ApprovedListEntryFactory(local_authority=world.la, provider=world.provider, categories=[lot])
    other = factories.ProviderFactory(name="Brookside Tuition", local_authority=world.la)
    ApprovedListEntryFactory(local_authority=world.la, provider=other, status=S.SUSPENDED)
    client = signed_in(world, "la_officer")

    def names(**query):
        html = client.get(reverse("approved_list"), query).content.decode()
        return {name for name in ("Demoshire PRU", "Brookside Tuition") if name in html}

    assert names() == {"Demoshire PRU", "Brookside Tuition"}
    assert names(status="suspended") == {"Brookside Tuition"}
    assert names(category=lot.pk) == {"Demoshire PRU"}
    assert names(q="brook") == {"Brookside Tuition"}


def test_the_list_counts_providers_its_schools_use_that_are_not_approved(world):
    used = factories.ProviderFactory(name="Added By School", local_authority=world.la)
    ProviderProfileFactory(provider=used, added_by=world.school)
    approved = factories.ProviderFactory(name="Approved One", local_authority=world.la)
    ProviderProfileFactory(provider=approved, added_by=world.school)
    ApprovedListEntryFactory(local_authority=world.la, provider=approved)
    elsewhere = factories.ProviderFactory(name="Otherton Used", local_authority=world.other_la)
    ProviderProfileFactory(provider=elsewhere, added_by=world.other_school)
    response = signed_in(world, "la_officer").get(reverse("approved_list"))
    assert response.context["unapproved_count"] == 1
    assert reverse("unapproved_providers") in response.content.decode()


def list_of(world, count: int) -> None:
    for number in range(count):
        provider = factories.ProviderFactory(name=f"Provider {number:03}", local_authority=world.la)
        ProviderProfileFactory(provider=provider, added_by=world.la)
        ApprovedListEntryFactory(
            local_authority=world.la, provider=provider, categories=[standard_category("SEMH")]
        )
        if number % 3 == 0:
            full_evidence(provider, world.la)


def test_the_list_costs_the_same_queries_for_5_and_100_entries(world):
    client = signed_in(world, "la_officer")
    list_of(world, 5)
    few = queries_for(client, reverse("approved_list"))
    list_of(world, 95)
    assert queries_for(client, reverse("approved_list")) <= few


# --- Putting on the list, terms and status through the pages -----------------------------------------


def test_an_officer_approves_a_provider_with_conditions(world):
    semh = standard_category("SEMH")
    response = signed_in(world, "la_officer").post(
        reverse("approval_create", args=[world.provider.pk]),
        {
            "status": "approved_with_conditions",
            "reason": "Panel of 4 March",
            "conditions": CONDITIONS,
            "categories": [semh.pk],
            "price": "95.00",
            "price_unit": "day",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("provider_detail", args=[world.provider.pk])
    with unscoped("test"):
        entry = ApprovedListEntry.objects.get(local_authority=world.la, provider=world.provider)
        assert list(entry.categories.all()) == [semh]
    assert (entry.status, entry.conditions) == (S.APPROVED_WITH_CONDITIONS, CONDITIONS)
    assert [c.to_status for c in changes_of(entry)] == [S.APPROVED_WITH_CONDITIONS]


def test_the_add_form_asks_for_conditions_when_approving_with_conditions(world):
    response = signed_in(world, "la_officer").post(
        reverse("approval_create", args=[world.provider.pk]),
        {"status": "approved_with_conditions", "reason": "Panel"},
    )
    assert response.status_code == 200
    assert "Enter the conditions of approval" in response.content.decode()
    with unscoped("test"):
        assert not ApprovedListEntry.objects.exists()


def test_adding_a_provider_already_on_the_list_goes_to_its_status(world):
    entry = entry_in(world, S.APPROVED)
    response = signed_in(world, "la_officer").get(reverse("approval_create", args=[world.provider.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("approval_status", args=[entry.pk])


def test_the_add_form_offers_only_standard_and_own_categories_in_use(world):
    ours = ApprovalCategoryFactory(local_authority=world.la, name="Lot 7")
    retired = ApprovalCategoryFactory(local_authority=world.la, name="Old lot")
    with unscoped("test"):
        ApprovalCategory.objects.filter(pk=retired.pk).update(
            retired_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
        )
    ApprovalCategoryFactory(local_authority=world.other_la, name="Their lot")
    html = (
        signed_in(world, "la_officer")
        .get(reverse("approval_create", args=[world.provider.pk]))
        .content.decode()
    )
    assert "SEMH" in html
    assert "Lot 7" in html
    assert "Old lot" not in html
    assert "Their lot" not in html
    assert str(ours.pk) in html


def test_the_status_page_offers_only_the_moves_the_table_allows(world):
    entry = entry_in(world, S.SUSPENDED)
    response = signed_in(world, "la_officer").get(reverse("approval_status", args=[entry.pk]))
    offered = [value for value, _label in response.context["form"].fields["to_status"].choices]
    assert offered == [S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.REMOVED]
    assert 'value="applied"' not in response.content.decode()


def test_a_tampered_move_is_refused_and_changes_nothing(world):
    entry = entry_in(world, S.SUSPENDED)
    response = signed_in(world, "la_officer").post(
        reverse("approval_status", args=[entry.pk]), {"to_status": "applied", "reason": "Sneaky"}
    )
    assert response.status_code == 200
    assert "Choose the new status" in response.content.decode()
    assert fresh(entry).status == S.SUSPENDED
    assert changes_of(entry) == []


def test_a_status_change_through_the_page_is_recorded(world):
    entry = entry_in(world, S.APPROVED)
    response = signed_in(world, "la_officer").post(
        reverse("approval_status", args=[entry.pk]),
        {"to_status": "suspended", "reason": "Safeguarding concern"},
    )
    assert response.status_code == 302
    [recorded] = changes_of(entry)
    assert (recorded.from_status, recorded.to_status, recorded.reason) == (
        S.APPROVED,
        S.SUSPENDED,
        "Safeguarding concern",
    )


@pytest.mark.parametrize("role", ["la_viewer", "ap_lead", "provider_manager"])
def test_those_who_can_see_the_entry_but_not_change_it_are_refused(world, role):
    entry = entry_in(world, S.APPROVED)
    client = signed_in(world, role)
    assert client.get(reverse("approval_edit", args=[entry.pk])).status_code == 403
    response = client.post(
        reverse("approval_edit", args=[entry.pk]), {"price": "1.00", "price_unit": "day", "conditions": ""}
    )
    assert response.status_code == 403
    assert fresh(entry).price == Decimal("95.00")


# --- Categories an LA adds -----------------------------------------------------------------------------


def test_an_officer_adds_and_retires_its_own_categories(world):
    client = signed_in(world, "la_officer")
    assert client.post(reverse("approval_categories"), {"name": "Lot 4: post-16"}).status_code == 302
    with unscoped("test"):
        lot = ApprovalCategory.objects.get(name="Lot 4: post-16")
    assert lot.local_authority == world.la
    assert client.post(reverse("approval_categories"), {"retire": lot.pk}).status_code == 302
    with unscoped("test"):
        assert ApprovalCategory.objects.get(pk=lot.pk).retired_at is not None


def test_a_category_name_already_in_use_is_refused(world):
    response = signed_in(world, "la_officer").post(reverse("approval_categories"), {"name": "semh"})
    assert "There is already a category with this name" in response.content.decode()


@pytest.mark.parametrize("whose", ["another LA's", "a standard"])
def test_retiring_a_category_that_is_not_the_las_own_is_not_found(world, whose):
    category = (
        ApprovalCategoryFactory(local_authority=world.other_la)
        if whose == "another LA's"
        else standard_category("SEMH")
    )
    response = signed_in(world, "la_officer").post(reverse("approval_categories"), {"retire": category.pk})
    assert response.status_code == 404
    with unscoped("test"):
        assert ApprovalCategory.objects.get(pk=category.pk).retired_at is None


# --- Exports -----------------------------------------------------------------------------------------


def hostile_entry(world):
    provider = factories.ProviderFactory(
        name='=HYPERLINK("http://evil.example","Click")', local_authority=world.la
    )
    return ApprovedListEntryFactory(
        local_authority=world.la,
        provider=provider,
        status=S.APPROVED_WITH_CONDITIONS,
        conditions="+cmd|' /C calc'!A0",
    )


def export(client, file_format, **query):
    response = client.get(reverse("approved_list_export", args=[file_format]), query)
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content)


def csv_rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_rows(body: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_neutralises_cells_a_spreadsheet_would_run(world, file_format):
    hostile_entry(world)
    _response, body = export(signed_in(world, "la_officer"), file_format)
    [row] = csv_rows(body) if file_format == "csv" else xlsx_rows(body)
    # A CSV has no types: an apostrophe. An XLSX holds the text as written, in a quote-prefixed text cell.
    escape = "'" if file_format == "csv" else ""
    assert row["Provider"] == escape + '=HYPERLINK("http://evil.example","Click")'
    assert row["Conditions"] == escape + "+cmd|' /C calc'!A0"
    if file_format == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        assert sheet["A2"].quotePrefix


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_has_this_las_entries_only_with_evidence_columns(world, file_format):
    entry_in(world, S.APPROVED, categories=[standard_category("SEMH")])
    full_evidence(world.provider, world.la)
    ApprovedListEntryFactory(local_authority=world.other_la, provider=world.other_provider)
    response, body = export(signed_in(world, "la_viewer"), file_format)
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(body) if file_format == "csv" else xlsx_rows(body)
    assert [row["Provider"] for row in rows] == ["Demoshire PRU"]
    [row] = rows
    assert row["Status"] == "Approved"
    assert row["Categories"] == "SEMH"
    assert row["Evidence state"] == "Current"
    expiry_columns = [heading for heading in row if heading.endswith(" expires")]
    assert expiry_columns
    assert all(row[heading] not in ("", None) for heading in expiry_columns)


def test_the_export_follows_the_lists_filters(world):
    entry_in(world, S.APPROVED)
    ApprovedListEntryFactory(
        local_authority=world.la,
        provider=factories.ProviderFactory(local_authority=world.la),
        status=S.REMOVED,
    )
    _response, body = export(signed_in(world, "la_officer"), "csv", status="removed")
    assert [row["Status"] for row in csv_rows(body)] == ["Removed"]


def test_export_rows_read_the_list_in_chunks_in_name_order(world):
    list_of(world, 7)
    membership = world.members["la_officer"]
    with acting_as(membership):
        entries = selectors_approval.approved_list(membership=membership)
    with CaptureQueriesContext(connection) as captured:
        rows = list(selectors_approval.export_rows(entries, membership=membership, chunk_size=3))
    assert [row.entry.provider.name for row in rows] == [f"Provider {n:03}" for n in range(7)]
    assert rows[0].evidence.state == "current"
    assert rows[1].evidence.state == "missing"
    # Three chunks, each: the entries, their categories, the evidence types and the evidence.
    assert len(captured) == 3 * 4


def test_an_unknown_export_format_is_not_found(world):
    response = signed_in(world, "la_officer").get(reverse("approved_list_export", args=["pdf"]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["ap_lead", "provider_manager", "trust_leader"])
def test_only_the_la_exports_its_list(world, role):
    entry_in(world, S.APPROVED)
    response = signed_in(world, role).get(reverse("approved_list_export", args=["csv"]))
    assert response.status_code == 403
