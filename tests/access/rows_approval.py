"""Access-matrix rows for the LA's approved list: the list and its export (the LA's members), putting a
provider on it, its terms and status (the LA's officers; another LA's entry is not found), and the
categories an LA adds (its officers; another LA's category is not found)."""

import datetime

from django.utils import timezone

from tests.access.matrix import FORBIDDEN, NOT_FOUND, OK, page, pk, to, wrong_method
from tests.dates import date_input
from tests.providers.factories import ApprovalCategoryFactory, ApprovedListEntryFactory, standard_category


def demoshire_entry(world):
    """Demoshire's entry for its provider, approved with conditions."""
    world.entry = ApprovedListEntryFactory(
        local_authority=world.la,
        provider=world.provider,
        status="approved_with_conditions",
        conditions="Weekly attendance returns.",
    )


def demoshire_category(world):
    world.category = ApprovalCategoryFactory(local_authority=world.la, name="Lot 3: post-16")


def retired_category(world):
    world.category = ApprovalCategoryFactory(
        local_authority=world.la, name="Lot 2: retired", retired_at=timezone.now()
    )


def export_as(file_format: str):
    return lambda world: {"file_format": file_format}


def new_entry(world, role) -> dict:
    return {
        "status": "approved_with_conditions",
        "reason": "Panel of 4 March",
        "conditions": "Weekly attendance returns.",
        "categories": [standard_category("SEMH").pk],
        "price": "95.00",
        "price_unit": "day",
        **date_input("next_review_on", timezone.localdate() + datetime.timedelta(days=300)),
    }


def new_terms(world, role) -> dict:
    return {
        "categories": [],
        "price": "100.00",
        "price_unit": "day",
        "conditions": "Monthly returns.",
        **date_input("next_review_on", timezone.localdate() + datetime.timedelta(days=200)),
    }


def suspension(world, role) -> dict:
    return {"to_status": "suspended", "reason": "Safeguarding concern under investigation"}


ROWS = [
    # The list and its export: every member of an LA, each seeing its own LA's list.
    page("approved_list", setup=demoshire_entry, members=FORBIDDEN, la=OK),
    wrong_method("approved_list", "POST"),
    page(
        "approved_list_export",
        note="CSV",
        kwargs=export_as("csv"),
        setup=demoshire_entry,
        members=FORBIDDEN,
        la=OK,
    ),
    page("approved_list_export", note="XLSX", kwargs=export_as("xlsx"), members=FORBIDDEN, la=OK),
    page(
        "approved_list_export",
        note="a format we do not make",
        kwargs=export_as("pdf"),
        members=FORBIDDEN,
        la=NOT_FOUND,
    ),
    wrong_method("approved_list_export", "POST", kwargs=export_as("csv")),
    # Putting a provider on the list: an LA officer, for any provider (another LA's register too).
    page(
        "approval_create",
        note="not on the list yet",
        kwargs=pk("provider"),
        members=FORBIDDEN,
        la_officer=OK,
        other_la_officer=OK,
    ),
    page(
        "approval_create",
        note="already on Demoshire's list",
        kwargs=pk("provider"),
        setup=demoshire_entry,
        members=FORBIDDEN,
        la_officer=to("approval_status"),
        other_la_officer=OK,
    ),
    page(
        "approval_create",
        "POST",
        note="approved with conditions",
        kwargs=pk("provider"),
        data=new_entry,
        members=FORBIDDEN,
        la_officer=to("provider_detail"),
        other_la_officer=to("provider_detail"),
    ),
    page(
        "approval_create",
        note="a school is not a provider",
        kwargs=pk("school"),
        members=FORBIDDEN,
        la_officer=NOT_FOUND,
        other_la_officer=NOT_FOUND,
    ),
    wrong_method("approval_create", "PUT", kwargs=pk("provider")),
    # An entry's terms and status: the officers of its LA. Its schools and provider see the entry (403).
    page(
        "approval_edit",
        kwargs=pk("entry"),
        setup=demoshire_entry,
        members=FORBIDDEN,
        la_officer=OK,
        other_la_officer=NOT_FOUND,
    ),
    page(
        "approval_edit",
        "POST",
        kwargs=pk("entry"),
        setup=demoshire_entry,
        data=new_terms,
        members=FORBIDDEN,
        la_officer=to("provider_detail"),
        other_la_officer=NOT_FOUND,
    ),
    wrong_method("approval_edit", "DELETE", kwargs=pk("entry"), setup=demoshire_entry),
    page(
        "approval_status",
        kwargs=pk("entry"),
        setup=demoshire_entry,
        members=FORBIDDEN,
        la_officer=OK,
        other_la_officer=NOT_FOUND,
    ),
    page(
        "approval_status",
        "POST",
        note="suspend",
        kwargs=pk("entry"),
        setup=demoshire_entry,
        data=suspension,
        members=FORBIDDEN,
        la_officer=to("provider_detail"),
        other_la_officer=NOT_FOUND,
    ),
    wrong_method("approval_status", "PUT", kwargs=pk("entry"), setup=demoshire_entry),
    # The categories an LA adds: its officers; retiring another LA's category is not found.
    page(
        "approval_categories", setup=demoshire_category, members=FORBIDDEN, la_officer=OK, other_la_officer=OK
    ),
    page(
        "approval_categories",
        "POST",
        note="add a category",
        data=lambda world, role: {"name": "Lot 4: outreach"},
        members=FORBIDDEN,
        la_officer=to("approval_categories"),
        other_la_officer=to("approval_categories"),
    ),
    page(
        "approval_categories",
        "POST",
        note="retire Demoshire's category",
        setup=demoshire_category,
        data=lambda world, role: {"retire": world.category.pk},
        members=FORBIDDEN,
        la_officer=to("approval_categories"),
        other_la_officer=NOT_FOUND,
    ),
    page(
        "approval_categories",
        "POST",
        note="retire Demoshire's category again",
        setup=retired_category,
        data=lambda world, role: {"retire": world.category.pk},
        members=FORBIDDEN,
        other_la_officer=NOT_FOUND,
    ),
    wrong_method("approval_categories", "PUT"),
]
