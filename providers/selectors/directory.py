"""The directory commissioners choose from, the providers an LA's schools use that it has not approved,
and everything a provider's page shows. A fixed number of queries whatever the number of providers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet

from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.roles import OrganisationKind
from providers import rules
from providers.models import (
    ApprovedListEntry,
    KeyStage,
    ProviderProfile,
    QAAction,
    QAVisit,
    RegistrationStatus,
    StatusChange,
)
from providers.selectors import (
    EvidenceSummary,
    ListStatus,
    approval_entries,
    evidence_summaries,
    latest_visits,
    list_statuses,
    profile_of,
    provider_with_profile,
    providers,
    uses_by_area_schools,
)
from providers.selectors.approval import status_history
from providers.selectors.quality import (
    LatestVisits,
    latest_by_visitor,
    open_actions,
    visits_read_in_full,
)
from providers.selectors.verification import VerificationState, changes_since_verified, profile_snapshot

# --- The directory ------------------------------------------------------------------------------------
NOT_ON_LIST = "not_on_list"


@dataclass(frozen=True)
class DirectoryFilters:
    """What a commissioner searches the directory for. Within one filter any value matches; across
    filters every one must."""

    query: str = ""
    key_stages: tuple[str, ...] = ()
    specialisms: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()  # "english", "maths": taught, every one chosen
    other_subject: str = ""
    statuses: tuple[str, ...] = ()  # ApprovalStatus values, or NOT_ON_LIST
    evidence_states: tuple[str, ...] = ()
    min_capacity: int | None = None
    unregistered_only: bool = False


def added_by_school(profile: ProviderProfile | None, *, membership: Membership) -> str:
    """Who added a provider, when a school did: named to that school, its LA and its trust; to anyone
    else just "a school" (which school uses which provider is not theirs to know). "" if no school."""
    school = profile.added_by if profile is not None else None
    if school is None or school.kind != OrganisationKind.SCHOOL:
        return ""
    if membership.organisation_id == school.pk:
        return "your school"
    if membership.organisation_id in (school.local_authority_id, school.trust_id):
        return school.name
    return "a school"


@dataclass
class DirectoryRow:
    provider: Organisation
    evidence: EvidenceSummary
    entry: ApprovedListEntry | None
    latest_visit: QAVisit | None
    added_by_school: str = ""
    statuses: list[ListStatus] = field(default_factory=list)  # a trust's: one per LA of its schools

    @property
    def profile(self) -> ProviderProfile | None:
        return profile_of(self.provider)

    @property
    def key_stages(self) -> str:
        profile = self.profile
        return ", ".join(KeyStage(stage).short for stage in profile.key_stages) if profile else ""


def directory_providers(filters: DirectoryFilters, *, membership: Membership) -> QuerySet[Organisation]:
    """The providers matching every filter except the evidence state (which is computed, not stored)."""
    found = providers(membership=membership)
    if filters.query:
        query = filters.query
        found = found.filter(Q(name__icontains=query) | Q(urn=query) | Q(ukprn=query))
    if filters.key_stages:
        found = found.filter(profile__key_stages__overlap=list(filters.key_stages))
    if filters.specialisms:
        found = found.filter(profile__specialisms__overlap=list(filters.specialisms))
    if filters.offers:
        found = found.filter(profile__offers__overlap=list(filters.offers))
    if "english" in filters.subjects:
        found = found.filter(profile__teaches_english=True)
    if "maths" in filters.subjects:
        found = found.filter(profile__teaches_maths=True)
    if filters.other_subject:
        found = found.filter(profile__other_subjects__icontains=filters.other_subject)
    if filters.min_capacity is not None:
        found = found.filter(profile__capacity__gte=filters.min_capacity)
    if filters.unregistered_only:
        found = found.filter(profile__registration_status__in=RegistrationStatus.unregistered_values())
    la_id = rules.viewer_local_authority_id(membership)
    if filters.statuses and la_id is not None:
        entries = ApprovedListEntry.objects.visible_to(membership).filter(
            local_authority_id=la_id, provider_id=OuterRef("pk")
        )
        listed = [status for status in filters.statuses if status != NOT_ON_LIST]
        condition = Q(pk__in=[])
        if listed:
            condition |= Q(Exists(entries.filter(status__in=listed)))
        if NOT_ON_LIST in filters.statuses:
            condition |= ~Q(Exists(entries))
        found = found.filter(condition)
    return found.order_by("name", "pk")


# What a directory row shows of a provider, its profile and the school that added it (`added_by_school`).
ROW_FIELDS = (
    "name",
    "kind",
    "profile__provider_type",
    "profile__registration_status",
    "profile__key_stages",
    *(f"profile__added_by__{name}" for name in ("kind", "name", "local_authority_id", "trust_id")),
)


def directory_page(
    filters: DirectoryFilters, page_number: int | str | None, per_page: int = 25, *, membership: Membership
) -> Page:
    """One page of the directory, each provider with its evidence state, the viewer's LA's list entry (a
    trust: each of its schools' LAs' statuses) and the latest visit the viewer may see. A fixed number of
    queries however many providers match: the evidence-state filter reads the ids of every match and their
    evidence (three queries) and pages the ids that pass."""
    found = (
        directory_providers(filters, membership=membership)
        .select_related(None)
        .select_related("profile__added_by")
        .only(*ROW_FIELDS)
    )
    summaries = None
    if filters.evidence_states:
        ids = list(found.values_list("pk", flat=True))
        summaries = evidence_summaries(ids, membership=membership)
        passing = [pk for pk in ids if summaries[pk].matches(filters.evidence_states)]
        page = Paginator(passing, per_page).get_page(page_number)
        by_pk = found.in_bulk(list(page.object_list))
        page.object_list = [by_pk[pk] for pk in page.object_list]
    else:
        page = Paginator(found, per_page).get_page(page_number)
        page.object_list = list(page.object_list)
    ids = [provider.pk for provider in page.object_list]
    if summaries is None:
        summaries = evidence_summaries(ids, membership=membership)
    entries = approval_entries(ids, membership=membership)
    statuses = list_statuses(ids, membership=membership)
    visits = latest_visits(ids, membership=membership)
    page.object_list = [
        DirectoryRow(
            provider,
            summaries[provider.pk],
            entries.get(provider.pk),
            visits.get(provider.pk),
            added_by_school(profile_of(provider), membership=membership),
            statuses.get(provider.pk, []),
        )
        for provider in page.object_list
    ]
    return page


# --- Providers an LA's schools use that its list does not approve -------------------------------------


def schools_using(*, membership: Membership) -> dict[int, set[int]]:
    """Which of the LA's schools use which providers (provider id -> school ids), in one query."""
    use: dict[int, set[int]] = {}
    for provider_id, school_id in uses_by_area_schools(membership=membership):
        use.setdefault(provider_id, set()).add(school_id)
    return use


@dataclass
class UnapprovedUse:
    provider: Organisation
    entry: ApprovedListEntry | None
    schools: list[Organisation]


def unapproved_use(*, membership: Membership) -> list[UnapprovedUse]:
    """Every provider the LA's schools use that its list does not approve (no entry, or a status other
    than approved), with the schools using it. Five queries whatever the numbers."""
    use = schools_using(membership=membership)
    entries = approval_entries(list(use), membership=membership)
    ids = [pk for pk in use if not (pk in entries and entries[pk].is_approved)]
    schools = Organisation.objects.visible_to(membership).in_bulk(
        {school for pk in ids for school in use[pk]}
    )
    return [
        UnapprovedUse(
            provider,
            entries.get(provider.pk),
            sorted((schools[pk] for pk in use[provider.pk] if pk in schools), key=lambda s: s.name),
        )
        for provider in providers(membership=membership).filter(pk__in=ids).order_by("name", "pk")
    ]


# --- A provider's page --------------------------------------------------------------------------------


@dataclass
class ProviderPage:
    provider: Organisation
    profile: ProviderProfile | None
    evidence: EvidenceSummary
    entry: ApprovedListEntry | None
    status_changes: list[StatusChange]
    latest_visit: QAVisit | None
    visits: list[QAVisit]  # those the viewer may read in full
    verification: VerificationState | None
    added_by_school: str
    shown: dict[str, str]  # each field as a person reads it (`profile_snapshot`)
    statuses: list[ListStatus]  # a trust's (each LA of its schools) or the provider's own (each LA)
    open_actions: list[QAAction]  # those the viewer meets (the scoping path decides which)
    # For a school or a trust: each of its area's LAs' latest visit beside its own, so neither hides
    # the other. None for anyone else.
    by_visitor: LatestVisits | None = None

    @property
    def visits_in_error(self) -> list[QAVisit]:
        """The visits the viewer reads in full that were entered in error: nobody's latest, so listed
        (labelled, with a link to the kept record) for them to be found."""
        return [visit for visit in self.visits if visit.is_entered_in_error]

    @property
    def lists_visits(self) -> bool:
        """The list of visits shows when it says more than the latest visit does."""
        return len(self.visits) > 1 or bool(self.visits_in_error)

    @property
    def la_visit(self) -> QAVisit | None:
        """A school's LA's latest visit (a trust may have several LAs: `by_visitor.las`)."""
        return self.by_visitor.las[0].visit if self.by_visitor and self.by_visitor.las else None

    @property
    def own_visit(self) -> QAVisit | None:
        return self.by_visitor.own if self.by_visitor else None


def provider_page(
    pk: int,
    *,
    membership: Membership,
    with_history: Callable[[ApprovedListEntry], bool] = lambda entry: False,
    with_verification: bool = False,
) -> ProviderPage:
    """Everything a provider's page shows, in a fixed number of queries (about a dozen) however much
    evidence, history and visits there are. Raises DoesNotExist for a provider the viewer cannot see.
    The view decides, by the rules, whether the entry's status history (`with_history(entry)`) and the
    changes since the LA last verified the profile (`with_verification`) are read: a selector reads."""
    provider = provider_with_profile(pk, membership=membership)
    shown = profile_snapshot(provider)
    entry = approval_entries([pk], membership=membership).get(pk)
    status_changes = []
    if entry is not None and with_history(entry):
        status_changes = list(status_history(entry, membership=membership))
    return ProviderPage(
        provider=provider,
        profile=profile_of(provider),
        evidence=evidence_summaries([pk], membership=membership)[pk],
        entry=entry,
        status_changes=status_changes,
        latest_visit=latest_visits([pk], membership=membership).get(pk),
        visits=visits_read_in_full(pk, membership=membership),
        verification=changes_since_verified(provider, shown, membership=membership)
        if with_verification
        else None,
        added_by_school=added_by_school(profile_of(provider), membership=membership),
        shown=shown,
        statuses=list_statuses([pk], membership=membership).get(pk, []),
        open_actions=list(open_actions(pk, membership=membership)),
        by_visitor=latest_by_visitor(pk, membership=membership),
    )
