"""Reads for providers, each tenant-scoped and a fixed number of queries however many providers are asked
about: pages ask for a whole page's providers at once.

Whose view a read is, the code says: a function that takes a membership reads through
`.visible_to(membership)`, so it answers for that membership whatever scope is active (a task's
`unscoped`, say). One that takes none reads as the acting membership, through the scoped managers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch
from django.utils import timezone

from apcommission.tenancy import rules
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind
from providers.models import (
    ApprovedListEntry,
    Evidence,
    EvidenceState,
    EvidenceType,
    EvidenceValidity,
    ProviderProfile,
    QAVisit,
    Site,
)


def providers(membership=None):
    """Every provider `membership` may see (the acting membership's view when None), with its profile and
    who added it (one query)."""
    organisations = (
        Organisation.objects if membership is None else Organisation.objects.visible_to(membership)
    )
    return organisations.filter(kind=OrganisationKind.PROVIDER).select_related(
        "profile", "profile__added_by", "local_authority"
    )


def provider_with_profile(pk, membership=None):
    """One provider, its profile and all its sites (open first, then closed), as `membership` sees it (the
    acting membership when None); raises DoesNotExist for anything not visible."""
    sites = Site.objects.all() if membership is None else Site.objects.visible_to(membership)
    return providers(membership).prefetch_related(Prefetch("sites", queryset=sites)).get(pk=pk)


def required_evidence_types(membership) -> list[EvidenceType]:
    """The standard types and those the viewer's LA added (for a provider: the standard ones)."""
    return list(EvidenceType.objects.visible_to(membership).in_use())


def validity_periods(types, *, membership) -> dict[int, int]:
    """How long a new check of each type is valid for (type id -> days), in one query: the LA's own
    period (its EvidenceValidity rows are the only ones it sees) or the type's default."""
    types = list(types)
    overrides = dict(
        EvidenceValidity.objects.visible_to(membership)
        .filter(evidence_type__in=types)
        .values_list("evidence_type_id", "validity_days")
    )
    return {t.pk: overrides.get(t.pk, t.default_validity_days) for t in types}


def validity_days(membership, evidence_type: EvidenceType) -> int:
    """How long a new check of this type is valid for, for the membership's LA."""
    return validity_periods([evidence_type], membership=membership)[evidence_type.pk]


@dataclass
class TypeState:
    evidence_type: EvidenceType
    latest: Evidence | None
    state: EvidenceState


@dataclass
class EvidenceSummary:
    """A provider's evidence at a glance: each required type's latest check and its state."""

    types: list[TypeState] = field(default_factory=list)

    @cached_property  # read several times per row; the types are complete once a summary is built
    def state(self) -> EvidenceState:
        return EvidenceState.worst(t.state for t in self.types)

    def count(self, state: EvidenceState) -> int:
        return sum(1 for t in self.types if t.state == state)

    @property
    def not_current(self) -> int:
        return sum(1 for t in self.types if t.state != EvidenceState.CURRENT)

    @cached_property
    def breakdown(self) -> list[tuple[EvidenceState, int]]:
        """How many types are in each state that needs attention, worst first: the overall state alone
        would hide an expired check behind a missing one (a newly added type is missing everywhere)."""
        return [
            (state, number)
            for state in EvidenceState
            if state != EvidenceState.CURRENT and (number := self.count(state))
        ]

    @property
    def breakdown_text(self) -> str:
        """ "2 expired, 1 missing", worst first; "" when every type is current."""
        return ", ".join(f"{number} {state.label.lower()}" for state, number in self.breakdown)

    def matches(self, states) -> bool:
        """For the evidence filter: a provider is "current" when every type is; it is "expired" (or any
        other state) when at least one type is, whatever state the worst one is in."""
        return any(
            self.state == EvidenceState.CURRENT if state == EvidenceState.CURRENT else self.count(state)
            for state in states
        )


def evidence_summaries(
    provider_ids, membership, today: datetime.date | None = None
) -> dict[int, EvidenceSummary]:
    """Evidence state for many providers in two queries: the required types, then for each provider and
    type its latest check (PostgreSQL's DISTINCT ON), whatever its outcome, leaving out checks entered in
    error. The checks are the viewer's LA's own (the scoping path), so another LA's checks never change
    this LA's picture."""
    today = today or timezone.localdate()
    types = required_evidence_types(membership)
    latest = {
        (item.provider_id, item.evidence_type_id): item
        for item in Evidence.objects.visible_to(membership)
        .counting()
        .filter(provider_id__in=list(provider_ids), evidence_type__in=types)
        .order_by("provider_id", "evidence_type_id", "-checked_on", "-pk")
        .distinct("provider_id", "evidence_type_id")
    }
    summaries = {}
    for provider_id in provider_ids:
        summary = EvidenceSummary()
        for evidence_type in types:
            item = latest.get((provider_id, evidence_type.pk))
            state = EvidenceState.of_check(item, today)
            summary.types.append(TypeState(evidence_type, item, state))
        summaries[provider_id] = summary
    return summaries


def approval_entries(provider_ids, membership) -> dict[int, ApprovedListEntry]:
    """The viewer's LA's entry for each provider, where there is one (one query). A trust spans LAs and a
    provider has no list of its own: both get none here."""
    la_id = rules.viewer_local_authority_id(membership)
    if la_id is None:
        return {}
    entries = ApprovedListEntry.objects.visible_to(membership).filter(
        local_authority_id=la_id, provider_id__in=list(provider_ids)
    )
    return {entry.provider_id: entry for entry in entries.prefetch_related("categories")}


@dataclass
class ListStatus:
    """One LA's approved-list status for a provider: its entry, or None when it is not on that list."""

    local_authority_id: int
    local_authority_name: str
    entry: ApprovedListEntry | None


def list_statuses(provider_ids, *, membership) -> dict[int, list[ListStatus]]:
    """Each LA's status for each provider, for those who see more than one LA's list (two queries): a
    trust, with every LA of its schools (listed or not); a provider, every LA whose list it is on. An LA
    or a school has one list, its LA's: `approval_entries`."""
    if not rules.sees_each_las_status(membership):
        return {}
    provider_ids = list(provider_ids)
    organisation = membership.organisation
    entries = ApprovedListEntry.objects.visible_to(membership).filter(provider_id__in=provider_ids)
    if organisation.kind == OrganisationKind.TRUST:
        # The LAs are read through the trust's own schools: a trust sees no LA's organisation itself.
        las = (
            Organisation.objects.visible_to(membership)
            .filter(kind=OrganisationKind.SCHOOL, trust_id=organisation.pk)
            .values_list("local_authority_id", "local_authority__name")
            .distinct()
            .order_by("local_authority__name", "local_authority_id")
        )
        by_key = {(entry.provider_id, entry.local_authority_id): entry for entry in entries}
        return {
            pk: [ListStatus(la_id, name, by_key.get((pk, la_id))) for la_id, name in las]
            for pk in provider_ids
        }
    statuses = {pk: [] for pk in provider_ids}  # a provider: the entries about it, whichever LA's
    for entry in (
        entries.select_related("local_authority")
        .prefetch_related("categories")
        .order_by("local_authority__name", "pk")
    ):
        statuses[entry.provider_id].append(
            ListStatus(entry.local_authority_id, entry.local_authority.name, entry)
        )
    return statuses


def latest_visits(provider_ids, membership) -> dict[int, QAVisit]:
    """The latest QA visit to each provider that the viewer may see (its own, or for a school also its
    LA's; a provider those about itself), in one query. A visit entered in error is nobody's latest."""
    visits = (
        QAVisit.objects.visible_to(membership)
        .counting()
        .filter(provider_id__in=list(provider_ids))
        .select_related("visiting_organisation")
        .order_by("provider_id", "-visited_on", "-pk")
        .distinct("provider_id")
    )
    return {visit.provider_id: visit for visit in visits}


def profile_of(provider) -> ProviderProfile | None:
    """A provider's profile, or None if none has been written yet (no query once `providers()` ran)."""
    try:
        return provider.profile
    except ProviderProfile.DoesNotExist:
        return None


def uses_by_area_schools(la_id):
    """The profiles of the providers the LA's schools use: the one definition of "use". For now a school
    uses a provider it added to the directory; placements add theirs here."""
    return ProviderProfile.objects.filter(
        added_by__kind=OrganisationKind.SCHOOL, added_by__local_authority_id=la_id
    )
