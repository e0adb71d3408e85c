"""Reads for providers, each tenant-scoped and a fixed number of queries however many providers are asked
about: pages ask for a whole page's providers at once.

Whose view a read is, the code says: a function that takes a membership reads through
`.visible_to(membership)`, so it answers for that membership whatever scope is active (a task's
`unscoped`, say). One that takes none reads as the acting membership, through the scoped managers."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Prefetch
from django.utils import timezone

from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind
from providers import rules
from providers.models import (
    ApprovalCategory,
    ApprovedListEntry,
    Evidence,
    EvidenceState,
    EvidenceType,
    EvidenceValidity,
    ProviderProfile,
    QAVisit,
    Site,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from apcommission.tenancy.models import Membership


def providers(*, membership: Membership) -> QuerySet[Organisation]:
    """Every provider `membership` may see, with its profile and who added it (one query)."""
    return (
        Organisation.objects.visible_to(membership)
        .filter(kind=OrganisationKind.PROVIDER)
        .select_related("profile", "profile__added_by", "local_authority")
    )


def provider_with_profile(pk: int, *, membership: Membership) -> Organisation:
    """One provider, its profile and all its sites (open first, then closed), as `membership` sees it;
    raises DoesNotExist for anything not visible."""
    sites = Prefetch("sites", queryset=Site.objects.visible_to(membership))
    return providers(membership=membership).prefetch_related(sites).get(pk=pk)


def required_evidence_types(*, membership: Membership) -> list[EvidenceType]:
    """The standard types and those the viewer's LA added; for a trust or a provider, those of every LA
    whose picture it is shown (`visibility.evidence_picture_authorities`)."""
    return list(EvidenceType.objects.visible_to(membership).in_use())


def validity_periods(types: Iterable[EvidenceType], *, membership: Membership) -> dict[int, int]:
    """How long a new check of each type is valid for (type id -> days), in one query: the LA's own
    period (its EvidenceValidity rows are the only ones it sees) or the type's default."""
    types = list(types)
    overrides = dict(
        EvidenceValidity.objects.visible_to(membership)
        .filter(evidence_type__in=types)
        .values_list("evidence_type_id", "validity_days")
    )
    return {t.pk: overrides.get(t.pk, t.default_validity_days) for t in types}


def validity_days(evidence_type: EvidenceType, *, membership: Membership) -> int:
    """How long a new check of this type is valid for, for the membership's LA."""
    return validity_periods([evidence_type], membership=membership)[evidence_type.pk]


@dataclass
class TypeState:
    evidence_type: EvidenceType
    latest: LatestCheck | Evidence | None
    state: EvidenceState


@dataclass
class EvidenceSummary:
    """A provider's evidence at a glance: each required type's latest check and its state.

    For a trust or a provider, which meet several LAs' pictures, `by_authority` holds each LA's (what it
    requires, with its own checks) and `types` the strictest of them: each type any of those LAs
    requires, in the worst state any of them sees it."""

    types: list[TypeState] = field(default_factory=list)
    by_authority: list[AuthorityEvidence] = field(default_factory=list)

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


@dataclass
class AuthorityEvidence:
    """One LA's picture of a provider's evidence: the types it requires and the state of its own checks."""

    local_authority_id: int
    local_authority_name: str
    summary: EvidenceSummary


def trust_local_authorities(*, membership: Membership) -> list[tuple[int, str]]:
    """The LAs a trust's schools are in, (id, name) by name (one query). They are read through the
    trust's own schools: a trust sees no LA's organisation itself."""
    return list(
        Organisation.objects.visible_to(membership)
        .filter(kind=OrganisationKind.SCHOOL, trust_id=membership.organisation_id)
        .values_list("local_authority_id", "local_authority__name")
        .distinct()
        .order_by("local_authority__name", "local_authority_id")
    )


def evidence_authorities(
    provider_ids: Iterable[int], *, membership: Membership
) -> dict[int, list[tuple[int, str]]]:
    """For a trust or a provider: the LAs whose evidence picture of each provider it is shown, (id, name)
    by name, in one query (`visibility.evidence_picture_authorities` says which). Empty for an LA or a
    school, which see their LA's picture alone."""
    if not rules.sees_each_las_evidence(membership):
        return {}
    provider_ids = list(provider_ids)
    if membership.organisation.kind == OrganisationKind.TRUST:
        las = trust_local_authorities(membership=membership)
        return dict.fromkeys(provider_ids, las)
    # A provider: the LA keeping its register, each LA that has checked it, each LA that lists it.
    register = (
        Organisation.objects.visible_to(membership)
        .filter(pk__in=provider_ids, local_authority__isnull=False)
        .values_list("pk", "local_authority_id", "local_authority__name")
        .order_by()
    )
    checks = (
        Evidence.objects.visible_to(membership)
        .filter(provider_id__in=provider_ids)
        .values_list("provider_id", "checked_for_id", "checked_for__name")
        .order_by()
    )
    entries = (
        ApprovedListEntry.objects.visible_to(membership)
        .filter(provider_id__in=provider_ids)
        .values_list("provider_id", "local_authority_id", "local_authority__name")
        .order_by()
    )
    found: dict[int, set[tuple[int, str]]] = {pk: set() for pk in provider_ids}
    for provider_id, la_id, name in register.union(checks, entries).order_by():
        found[provider_id].add((la_id, name))
    return {pk: sorted(las, key=lambda la: (la[1], la[0])) for pk, las in found.items()}


def _picture(provider_id, la_id, types, latest, today) -> EvidenceSummary:
    """What one LA (None: no LA in particular) requires of a provider, with the state of its own checks."""
    required = [t for t in types if t.local_authority_id in (None, la_id)]
    return EvidenceSummary(
        [
            TypeState(t, item, EvidenceState.of_check(item, today))
            for t in required
            for item in [latest.get((provider_id, la_id, t.pk))]
        ]
    )


def _strictest(pictures: list[AuthorityEvidence], types) -> list[TypeState]:
    """Each type any of the pictures requires, in the worst state any of them sees it."""
    order = list(EvidenceState)
    worst: dict[int, TypeState] = {}
    for picture in pictures:
        for type_state in picture.summary.types:
            seen = worst.get(type_state.evidence_type.pk)
            if seen is None or order.index(type_state.state) < order.index(seen.state):
                worst[type_state.evidence_type.pk] = type_state
    return [worst[t.pk] for t in types if t.pk in worst]


@dataclass(frozen=True)
class LatestCheck:
    """What a type's state, and the pages that show it beside the summary, read of its latest check: a
    page of providers has hundreds, too many to build as model instances. The evidence page swaps in
    the full checks it lists (by `pk`)."""

    pk: int
    checked_on: datetime.date
    expires_on: datetime.date | None
    outcome: str


def evidence_summaries(
    provider_ids: Iterable[int], today: datetime.date | None = None, *, membership: Membership
) -> dict[int, EvidenceSummary]:
    """Evidence state for many providers in a fixed number of queries (two; three for a trust or a
    provider): the required types, then for each provider, checking LA and type its latest check
    (PostgreSQL's DISTINCT ON), whatever its outcome, leaving out checks entered in error.

    A check counts only in the picture of the LA that made it, so another LA's checks never change
    this LA's picture. An LA or a school sees its LA's picture; a trust or a provider each LA's
    (`by_authority`), and the strictest of them as its overall state."""
    today = today or timezone.localdate()
    provider_ids = list(provider_ids)
    types = required_evidence_types(membership=membership)
    checks = (
        Evidence.objects.visible_to(membership)
        .counting()
        .filter(provider_id__in=provider_ids, evidence_type__in=types)
        .order_by("provider_id", "checked_for_id", "evidence_type_id", "-checked_on", "-pk")
        .distinct("provider_id", "checked_for_id", "evidence_type_id")
        .values_list(
            "provider_id", "checked_for_id", "evidence_type_id", "pk", "checked_on", "expires_on", "outcome"
        )
    )
    latest = {(provider, la, kind): LatestCheck(*check) for provider, la, kind, *check in checks}
    if not rules.sees_each_las_evidence(membership):
        la_id = rules.viewer_local_authority_id(membership)
        return {pk: _picture(pk, la_id, types, latest, today) for pk in provider_ids}
    authorities = evidence_authorities(provider_ids, membership=membership)
    summaries = {}
    for pk in provider_ids:
        pictures = [
            AuthorityEvidence(la_id, name, _picture(pk, la_id, types, latest, today))
            for la_id, name in authorities.get(pk, [])
        ]
        if pictures:
            summaries[pk] = EvidenceSummary(_strictest(pictures, types), pictures)
        else:  # no LA checks or lists it: every standard type is still to be checked
            summaries[pk] = _picture(pk, None, types, latest, today)
    return summaries


def with_categories(
    entries: QuerySet[ApprovedListEntry], *, membership: Membership
) -> QuerySet[ApprovedListEntry]:
    """`entries` each with the categories it is approved for in `approved_for`, read in one query and
    set as a plain list: a prefetch into the related manager would build a queryset for every entry."""
    categories = ApprovalCategory.objects.visible_to(membership)
    return entries.prefetch_related(Prefetch("categories", queryset=categories, to_attr="approved_for"))


def approval_entries(provider_ids: Iterable[int], *, membership: Membership) -> dict[int, ApprovedListEntry]:
    """The viewer's LA's entry for each provider, where there is one (one query). A trust spans LAs and a
    provider has no list of its own: both get none here."""
    la_id = rules.viewer_local_authority_id(membership)
    if la_id is None:
        return {}
    entries = ApprovedListEntry.objects.visible_to(membership).filter(
        local_authority_id=la_id, provider_id__in=list(provider_ids)
    )
    return {entry.provider_id: entry for entry in with_categories(entries, membership=membership)}


@dataclass
class ListStatus:
    """One LA's approved-list status for a provider: its entry, or None when it is not on that list."""

    local_authority_id: int
    local_authority_name: str
    entry: ApprovedListEntry | None


def list_statuses(provider_ids: Iterable[int], *, membership: Membership) -> dict[int, list[ListStatus]]:
    """Each LA's status for each provider, for those who see more than one LA's list (two queries): a
    trust, with every LA of its schools (listed or not); a provider, every LA whose list it is on. An LA
    or a school has one list, its LA's: `approval_entries`."""
    if not rules.sees_each_las_status(membership):
        return {}
    provider_ids = list(provider_ids)
    organisation = membership.organisation
    entries = ApprovedListEntry.objects.visible_to(membership).filter(provider_id__in=provider_ids)
    if organisation.kind == OrganisationKind.TRUST:
        las = trust_local_authorities(membership=membership)
        by_key = {(entry.provider_id, entry.local_authority_id): entry for entry in entries}
        return {
            pk: [ListStatus(la_id, name, by_key.get((pk, la_id))) for la_id, name in las]
            for pk in provider_ids
        }
    statuses = {pk: [] for pk in provider_ids}  # a provider: the entries about it, whichever LA's
    for entry in (
        with_categories(entries, membership=membership)
        .select_related("local_authority")
        .order_by("local_authority__name", "pk")
    ):
        statuses[entry.provider_id].append(
            ListStatus(entry.local_authority_id, entry.local_authority.name, entry)
        )
    return statuses


def latest_visits(provider_ids: Iterable[int], *, membership: Membership) -> dict[int, QAVisit]:
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


def profile_of(provider: Organisation) -> ProviderProfile | None:
    """A provider's profile, or None if none has been written yet (no query once `providers()` ran)."""
    try:
        return provider.profile
    except ProviderProfile.DoesNotExist:
        return None


def _area_uses(membership: Membership):
    """The two kinds of use, each a queryset of the LA's schools' rows: a current placement (planned or
    active) of one of its schools at the provider, and a provider a school added to the directory (which
    it meant to use, and which the LA should hear of before any placement is made)."""
    # Use is defined by placements, the next stage of the journey: read here, by the model's name, so
    # that the provider pages count what schools place without this app importing the next one.
    placement = apps.get_model("placements", "Placement")
    la_id = rules.viewer_local_authority_id(membership)
    placed = placement.objects.visible_to(membership).filter(
        local_authority_id=la_id, status__in=("planned", "active")
    )
    added = ProviderProfile.objects.visible_to(membership).filter(
        added_by__kind=OrganisationKind.SCHOOL, added_by__local_authority_id=la_id
    )
    return placed.order_by(), added.order_by()  # a union takes no ordering of its parts


def uses_by_area_schools(*, membership: Membership) -> QuerySet:
    """Which providers the schools of `membership`'s LA use, as (provider id, school id) pairs: the one
    definition of "use". A school uses a provider where it has a current placement, and one it added to
    the directory. One query."""
    placed, added = _area_uses(membership)
    pairs = placed.values_list("provider_id", "school_id").union(
        added.values_list("provider_id", "added_by_id")
    )
    return pairs.order_by()


def providers_used_by_area_schools(*, membership: Membership) -> QuerySet:
    """The ids of the providers `uses_by_area_schools` names, as a subquery."""
    placed, added = _area_uses(membership)
    return placed.values("provider_id").union(added.values("provider_id")).order_by()
