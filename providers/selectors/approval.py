"""Reads for the LA's approved list, each tenant-scoped (through the managers) and a fixed number of
queries however long the list is."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind
from apcommission.tenancy.scoping import acting_as
from providers.models import ApprovalCategory, ApprovalStatus, ApprovedListEntry, StatusChange
from providers.selectors import EvidenceSummary, evidence_summaries, uses_by_area_schools

EXPORT_CHUNK = 500  # entries read, and their evidence worked out, at a time while an export streams


def approved_list(membership, *, status: str = "", category: int | None = None, query: str = ""):
    """The acting LA's own entries, with provider, profile and categories, ordered by provider name.
    Filtered by status, by category and by a piece of the provider's name when given."""
    entries = (
        ApprovedListEntry.objects.visible_to(membership)
        .filter(local_authority_id=membership.organisation_id)
        .select_related("provider", "provider__profile")
        .prefetch_related("categories")
        .order_by("provider__name", "pk")
    )
    if status:
        entries = entries.filter(status=status)
    if category:
        entries = entries.filter(categories=category)
    if query:
        entries = entries.filter(provider__name__icontains=query)
    return entries


def categories_for(membership):
    """The standard categories and the LA's own, retired ones included (for filters and the settings)."""
    return ApprovalCategory.objects.visible_to(membership)


def unapproved_in_use(membership):
    """Providers the LA's schools use that are not approved on its list (suspended, removed, applied or not
    on it at all). Until placements exist, a school uses a provider it added to the directory."""
    la_id = membership.organisation_id
    approved = ApprovedListEntry.objects.visible_to(membership).filter(
        provider=OuterRef("pk"), local_authority_id=la_id, status__in=ApprovalStatus.approved_values()
    )
    used = uses_by_area_schools(membership).values("provider_id")
    providers = Organisation.objects.visible_to(membership).filter(kind=OrganisationKind.PROVIDER)
    return providers.filter(pk__in=used).filter(~Exists(approved))


def status_history(entry, membership):
    """Every status change of `entry` that `membership` sees, newest first, with who made it (one query)."""
    return StatusChange.objects.visible_to(membership).filter(entry=entry).select_related("changed_by")


@dataclass
class ExportRow:
    entry: ApprovedListEntry
    evidence: EvidenceSummary


def export_rows(membership, entries, chunk_size: int = EXPORT_CHUNK) -> Iterator[ExportRow]:
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
            summaries = evidence_summaries([entry.provider_id for entry in chunk], membership)
        yield from (ExportRow(entry, summaries[entry.provider_id]) for entry in chunk)
        if len(chunk) < chunk_size:
            return
        after = (chunk[-1].provider.name, chunk[-1].pk)
