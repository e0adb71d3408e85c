"""Reads for the LA's approved list, each tenant-scoped (through the managers) and a fixed number of
queries however long the list is."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q

from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind
from apcommission.tenancy.scoping import acting_as
from providers.models import ApprovalCategory, ApprovalStatus, ApprovedListEntry, PriceUnit, StatusChange
from providers.selectors import (
    EvidenceSummary,
    evidence_summaries,
    providers_used_by_area_schools,
    with_categories,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from apcommission.tenancy.models import Membership

EXPORT_CHUNK = 500  # entries read, and their evidence worked out, at a time while an export streams


class ListFilters(TypedDict, total=False):
    """What the approved list may be narrowed by (`_own_entries`)."""

    status: str
    category: int | None
    query: str


def _own_entries(membership, *, status: str = "", category: int | None = None, query: str = ""):
    """The acting LA's own entries, ordered by provider name, filtered by status, by category and by a
    piece of the provider's name when given."""
    entries = (
        ApprovedListEntry.objects.visible_to(membership)
        .filter(local_authority_id=membership.organisation_id)
        .order_by("provider__name", "pk")
    )
    if status:
        entries = entries.filter(status=status)
    if category:
        entries = entries.filter(categories=category)
    if query:
        entries = entries.filter(provider__name__icontains=query)
    return entries


def approved_list(*, membership: Membership, **filters: Unpack[ListFilters]) -> QuerySet[ApprovedListEntry]:
    """The acting LA's own entries (`_own_entries`), with provider, profile and categories."""
    entries = _own_entries(membership, **filters).select_related("provider", "provider__profile")
    return with_categories(entries, membership=membership)


@dataclass(frozen=True)
class ListRow:
    """An entry of the approved list as its page shows it: the few columns it reads, and its state."""

    entry_id: int
    provider_id: int
    provider_name: str
    status: ApprovalStatus
    categories: list[str]
    price: Decimal | None
    price_unit: str  # as read: "per day"
    approved_on: datetime.date | None
    next_review_on: datetime.date | None
    review_overdue: bool
    evidence: EvidenceSummary


ROW_COLUMNS = ("pk", "provider_id", "provider__name", "status", "price", "price_unit", "approved_on")


def approved_list_page(
    page_number: int | str | None,
    *,
    membership: Membership,
    per_page: int,
    today: datetime.date,
    **filters: Unpack[ListFilters],
) -> Page:
    """One page of the approved list as rows (`ListRow`), in five queries however long the list: the
    count, the page's entries, their categories, the evidence types and the latest checks."""
    entries = _own_entries(membership, **filters).values(*ROW_COLUMNS, "next_review_on")
    page = Paginator(entries, per_page).get_page(page_number)
    found = list(page.object_list)
    categories = _category_names([entry["pk"] for entry in found], membership)
    summaries = evidence_summaries([entry["provider_id"] for entry in found], today, membership=membership)
    units = dict(PriceUnit.choices)
    page.object_list = [
        ListRow(
            entry_id=entry["pk"],
            provider_id=entry["provider_id"],
            provider_name=entry["provider__name"],
            status=ApprovalStatus(entry["status"]),
            categories=categories.get(entry["pk"], []),
            price=entry["price"],
            price_unit=units.get(entry["price_unit"], ""),
            approved_on=entry["approved_on"],
            next_review_on=entry["next_review_on"],
            review_overdue=entry["next_review_on"] is not None and entry["next_review_on"] < today,
            evidence=summaries[entry["provider_id"]],
        )
        for entry in found
    ]
    return page


def _category_names(entry_ids, membership) -> dict[int, list[str]]:
    """The names of the categories each entry is approved for, in the categories' order (one query)."""
    names: dict[int, list[str]] = {}
    pairs = (
        ApprovedListEntry.objects.visible_to(membership)
        .filter(pk__in=entry_ids, categories__in=ApprovalCategory.objects.visible_to(membership))
        .order_by("categories__order", "categories__name")
        .values_list("pk", "categories__name")
    )
    for pk, name in pairs:
        names.setdefault(pk, []).append(name)
    return names


def categories_for(*, membership: Membership) -> QuerySet[ApprovalCategory]:
    """The standard categories and the LA's own, retired ones included (for filters and the settings)."""
    return ApprovalCategory.objects.visible_to(membership)


def unapproved_in_use(*, membership: Membership) -> QuerySet[Organisation]:
    """Providers the LA's schools use that are not approved on its list (suspended, removed, applied or not
    on it at all). A school uses a provider it places pupils with, or added to the directory."""
    la_id = membership.organisation_id
    approved = ApprovedListEntry.objects.visible_to(membership).filter(
        provider=OuterRef("pk"), local_authority_id=la_id, status__in=ApprovalStatus.approved_values()
    )
    used = providers_used_by_area_schools(membership=membership)
    providers = Organisation.objects.visible_to(membership).filter(kind=OrganisationKind.PROVIDER)
    return providers.filter(pk__in=used).filter(~Exists(approved))


def status_history(entry: ApprovedListEntry, *, membership: Membership) -> QuerySet[StatusChange]:
    """Every status change of `entry` that `membership` sees, newest first, with who made it (one query)."""
    return StatusChange.objects.visible_to(membership).filter(entry=entry).select_related("changed_by")


@dataclass
class ExportRow:
    entry: ApprovedListEntry
    evidence: EvidenceSummary


def export_rows(
    entries: QuerySet[ApprovedListEntry], chunk_size: int = EXPORT_CHUNK, *, membership: Membership
) -> Iterator[ExportRow]:
    """Each entry with its evidence summary, read `chunk_size` entries at a time (keyset pagination on
    provider name and id), so a long list needs no more memory than a short one.

    A streamed response is read after the view (and its scope) has returned, so each chunk is read in a
    scope of its own, closed before the chunk's rows are handed on."""
    after: tuple[str, int] | None = None
    while True:
        with acting_as(membership):
            chunk = entries
            if after is not None:
                name, pk = after
                chunk = chunk.filter(Q(provider__name__gt=name) | Q(provider__name=name, pk__gt=pk))
            chunk = list(chunk[:chunk_size])
            summaries = evidence_summaries([entry.provider_id for entry in chunk], membership=membership)
        yield from (ExportRow(entry, summaries[entry.provider_id]) for entry in chunk)
        if len(chunk) < chunk_size:
            return
        after = (chunk[-1].provider.name, chunk[-1].pk)
