"""Section 3 of the evidence pack: each provider the school used in the period (DOMAIN.md 7: "how many
pupils, how often the school visits and is in contact, QA status, safeguarding evidence and its dates,
approved-list status"), answering what inspectors ask of providers: "How many students does the school
have with you? How often are they in contact? How often do they visit?"

A provider is in the section when one of the school's placements of the period (`scope.placements()`)
is with it. Everything about it is read for all of them at once, in a fixed number of queries however
many pupils and providers there are: the pupils by provider, the providers and their profiles, the school's
LA, the contact log, the school's and its LA's QA visits with their judgements and open actions, the
approved list, the evidence (`providers.selectors.evidence_summaries`) and the registration threshold
(`placements.checks.threshold_counts`, counts across every commissioner and nothing else).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Q

from apcommission.forms.dates import long_date
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import SettingType
from contacts.models import Contact, ContactKind
from contacts.selectors import LastVisit
from placements.checks import NO_PUPILS, Threshold, threshold_counts
from placements.entitlement import THRESHOLD_HOURS, THRESHOLD_PROTECTED_PUPILS, THRESHOLD_PUPILS
from placements.models import PlacementStatus
from providers import rules
from providers.models import (
    ApprovalStatus,
    ApprovedListEntry,
    AreaJudgement,
    EvidenceState,
    Judgement,
    OfstedJudgement,
    ProviderType,
    QAAction,
    QAVisit,
    RegistrationStatus,
    VisitKind,
)
from providers.selectors import EvidenceSummary, evidence_summaries
from providers.selectors import providers as providers_seen
from reports.pack.scope import PackScope

# How each state prints: a lapsed or failed check must stand out on paper as it does on the pages.
EVIDENCE_TAGS = {
    EvidenceState.NOT_SATISFACTORY: "tag-red",
    EvidenceState.EXPIRED: "tag-red",
    EvidenceState.MISSING: "tag-red",
    EvidenceState.EXPIRING: "tag-yellow",
    EvidenceState.CURRENT: "tag-green",
}
JUDGEMENT_TAGS = {
    Judgement.MEETS: "tag-green",
    Judgement.PARTLY: "tag-yellow",
    Judgement.DOES_NOT_MEET: "tag-red",
    Judgement.NOT_SEEN: "",
}
# The other contacts, counted beside the visits, in the order the log offers them.
OTHER_KINDS = [kind for kind in ContactKind if kind != ContactKind.VISIT]
OTHER_KIND_WORDS = {
    ContactKind.WELFARE_CHECK: ("welfare check", "welfare checks"),
    ContactKind.PROVIDER: ("contact with the provider", "contacts with the provider"),
    ContactKind.PUPIL: ("contact with a pupil", "contacts with pupils"),
    ContactKind.PARENT: ("contact with a parent or carer", "contacts with parents or carers"),
}


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dataclass
class EvidenceRow:
    """One type of evidence in the school's LA's picture: its state and its latest check's dates."""

    name: str
    state: EvidenceState
    checked_on: datetime.date | None
    expires_on: datetime.date | None

    @property
    def tag(self) -> str:
        return EVIDENCE_TAGS[self.state]


@dataclass
class QAVisitRow:
    """A QA visit by the school or its LA. The judgements are those the printer reads in full (the
    school's own visits); an LA's visit a school reads in summary only (`providers.visibility`)."""

    visited_on: datetime.date
    visitor: str
    by_school: bool
    kind: str
    summary: str
    before_period: bool  # the latest visit by this visitor, made before the period began
    judgements: list[tuple[str, str, str]] = field(default_factory=list)  # area, judgement, tag
    open_actions: int = 0


@dataclass
class ProviderRow:
    provider_id: int
    name: str
    provider_type: str
    identifiers: list[str]
    registration_status: str  # a RegistrationStatus value, "" when no profile says
    ofsted: str
    pupils_in_period: int
    pupils_now: int
    visits: int  # the school's visits to it in the period
    other_contacts: dict[str, int]  # the school's other contacts in the period, by kind
    last_visit: LastVisit  # up to the period's end
    qa_visits: list[QAVisitRow]
    evidence: list[EvidenceRow]
    evidence_breakdown: str  # "1 expired, 1 missing", or "" when every type is current
    list_status: str  # an ApprovalStatus value, "" when it is not on the LA's list
    placing_conditions: str
    threshold: Threshold | None  # None for a registered provider

    @property
    def unregistered(self) -> bool:
        return self.registration_status in RegistrationStatus.unregistered_values()

    @property
    def registration_words(self) -> str:
        if self.registration_status in RegistrationStatus.values:
            return RegistrationStatus(self.registration_status).label
        return "Not recorded"

    @property
    def list_words(self) -> str:
        return ApprovalStatus(self.list_status).label if self.list_status else "Not on the list"

    @property
    def list_tag(self) -> str:
        if self.list_status == ApprovalStatus.APPROVED:
            return "tag-green"
        if self.list_status == ApprovalStatus.APPROVED_WITH_CONDITIONS:
            return "tag-yellow"
        return "tag-red"

    @property
    def other_contacts_count(self) -> int:
        return sum(self.other_contacts.values())

    @property
    def other_contacts_words(self) -> str:
        parts = [
            _plural(count, *OTHER_KIND_WORDS[kind])
            for kind in OTHER_KINDS
            if (count := self.other_contacts.get(kind, 0))
        ]
        return ", ".join(parts) if parts else "None"

    @property
    def evidence_tag(self) -> str:
        return EVIDENCE_TAGS[EvidenceState.worst(row.state for row in self.evidence)]

    @property
    def threshold_standing(self) -> str:
        """ "at", "near" or "below", for an unregistered provider; "" for a registered one."""
        if self.threshold is None:
            return ""
        return "at" if self.threshold.at else "near" if self.threshold.near else "below"

    @property
    def threshold_words(self) -> str:
        """The registration test in words, counting every school and LA that places pupils there."""
        if not self.registration_status:
            return "Its registration status is not recorded, so the registration threshold cannot be checked."
        if self.threshold is None:
            return "Registered: the registration threshold does not apply."
        counts = self.threshold
        taught = (
            f"{_plural(counts.full_time, 'pupil', 'pupils')} taught there full time (more than "
            f"{THRESHOLD_HOURS} hours a week), counting every school and LA that places pupils there"
        )
        if counts.protected:
            taught += f", {counts.protected} of them with an EHC plan or looked after"
        if counts.at:
            verdict = "At the registration threshold: it must register as an independent school."
        elif counts.near:
            verdict = "One pupil short of the registration threshold."
        else:
            verdict = "Below the registration threshold."
        return f"{taught}. {verdict}"


@dataclass
class ProvidersSection:
    providers: list = field(default_factory=list)
    visits_this_term: int = 0  # the school's visits to providers this term, from the contact log
    term_starts: datetime.date | None = None
    local_authority: str = ""  # the school's LA, whose list and evidence the section shows

    @property
    def threshold_rule(self) -> str:
        return (
            f"A setting that teaches {THRESHOLD_PUPILS} or more pupils full time, or "
            f"{THRESHOLD_PROTECTED_PUPILS} who has an EHC plan or is looked after, must register as an "
            "independent school (section 463 of the Education Act 1996)."
        )

    @property
    def any_unregistered(self) -> bool:
        return any(row.unregistered for row in self.providers)


def _identifiers(values: dict) -> list[str]:
    found = []
    if values["urn"]:
        found.append(f"URN {values['urn']}")
    if values["ukprn"]:
        found.append(f"UKPRN {values['ukprn']}")
    if values["setting_type"]:
        found.append(f"Setting type {SettingType(values['setting_type']).label}")
    if values["profile__company_number"]:
        found.append(f"Company number {values['profile__company_number']}")
    if values["profile__charity_number"]:
        found.append(f"Charity number {values['profile__charity_number']}")
    return found


def _ofsted(values: dict) -> str:
    judgement = values["profile__ofsted_judgement"]
    if not judgement:
        return "Not recorded"
    words = OfstedJudgement(judgement).label
    if values["profile__ofsted_judgement_on"]:
        words += f" ({long_date(values['profile__ofsted_judgement_on'])})"
    return words


def _pupils(scope: PackScope) -> dict[int, tuple[int, int]]:
    """Pupils at each provider in the period, and now (a current placement): one query."""
    current = Q(status__in=PlacementStatus.current_values())
    rows = (
        scope.placements()
        .order_by()
        .values("provider_id")
        .annotate(
            in_period=Count("pupil_id", distinct=True),
            now=Count("pupil_id", distinct=True, filter=current),
        )
    )
    return {row["provider_id"]: (row["in_period"], row["now"]) for row in rows}


@dataclass
class _Contacts:
    visits: dict[int, int] = field(default_factory=dict)
    others: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    last_visit: dict[int, datetime.date] = field(default_factory=dict)
    visits_this_term: int = 0


def _contacts(scope: PackScope) -> _Contacts:
    """The school's contact log up to the period's end, by provider and kind, leaving out contacts
    entered in error as the log's counts and "last visited" do: one query."""
    period = scope.period
    rows = (
        Contact.objects.visible_to(scope.membership)
        .filter(school_id=scope.school.pk, on__lte=period.end, entered_in_error_at__isnull=True)
        .values("provider_id", "kind")
        .annotate(
            in_period=Count("pk", filter=Q(on__gte=period.start)),
            this_term=Count("pk", filter=Q(on__gte=scope.term_starts)),
            latest=Max("on"),
        )
        .order_by()
    )
    found = _Contacts()
    for row in rows:
        provider_id = row["provider_id"]
        if row["kind"] == ContactKind.VISIT:
            found.visits[provider_id] = row["in_period"]
            found.last_visit[provider_id] = row["latest"]
            found.visits_this_term += row["this_term"]
        elif row["in_period"]:
            found.others[provider_id][row["kind"]] = row["in_period"]
    return found


def _qa_visits(scope: PackScope, provider_ids: list[int], la_id: int | None) -> dict[int, list[QAVisitRow]]:
    """The school's and its LA's QA visits to each provider that count (not entered in error): those in
    the period, and each visitor's latest before it when it made none in the period, newest first. Three
    queries: the visits, their judgements (the ones the printer reads in full) and their open actions."""
    membership = scope.membership
    visits = list(
        QAVisit.objects.visible_to(membership)
        .counting()
        .filter(
            provider_id__in=provider_ids,
            visiting_organisation_id__in=[scope.school.pk, la_id],
            visited_on__lte=scope.period.end,
        )
        .order_by("provider_id", "-visited_on", "-pk")
        .values(
            "pk",
            "provider_id",
            "visiting_organisation_id",
            "visited_on",
            "kind",
            "summary",
            visitor=F("visiting_organisation__name"),
        )
    )
    kept, seen = [], set()
    for visit in visits:
        key = (visit["provider_id"], visit["visiting_organisation_id"])
        if visit["visited_on"] >= scope.period.start:
            seen.add(key)
            kept.append(visit)
        elif key not in seen:
            seen.add(key)
            kept.append({**visit, "before": True})
    ids = [visit["pk"] for visit in kept]
    judgements = defaultdict(list)
    for row in (
        AreaJudgement.objects.visible_to(membership)
        .filter(visit_id__in=ids)
        .order_by("visit_id", "area__order", "area__name")
        .values("visit_id", "area__name", "judgement")
    ):
        judgement = Judgement(row["judgement"])
        judgements[row["visit_id"]].append((row["area__name"], judgement.label, JUDGEMENT_TAGS[judgement]))
    open_actions = dict(
        QAAction.objects.visible_to(membership)
        .open()
        .filter(visit_id__in=ids)
        .values("visit_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("visit_id", "count")
    )
    by_provider = defaultdict(list)
    for visit in kept:
        by_provider[visit["provider_id"]].append(
            QAVisitRow(
                visited_on=visit["visited_on"],
                visitor=visit["visitor"],
                by_school=visit["visiting_organisation_id"] == scope.school.pk,
                kind=VisitKind(visit["kind"]).label,
                summary=visit["summary"],
                before_period=visit.get("before", False),
                judgements=judgements[visit["pk"]],
                open_actions=open_actions.get(visit["pk"], 0),
            )
        )
    return by_provider


def _picture(summary: EvidenceSummary | None, la_id: int | None) -> EvidenceSummary:
    """The school's LA's picture of a provider's evidence: a trust is shown each of its schools' LAs'
    (`by_authority`), a school its LA's alone."""
    if summary is None:
        return EvidenceSummary()
    for picture in summary.by_authority:
        if picture.local_authority_id == la_id:
            return picture.summary
    return summary


def _evidence_rows(summary: EvidenceSummary) -> list[EvidenceRow]:
    return [
        EvidenceRow(
            name=item.evidence_type.name,
            state=item.state,
            checked_on=item.latest.checked_on if item.latest else None,
            expires_on=item.latest.expires_on if item.latest else None,
        )
        for item in summary.types
    ]


def gather(scope: PackScope) -> ProvidersSection:
    membership = scope.membership
    pupils = _pupils(scope)
    contacts = _contacts(scope)
    la_id, la_name = (
        Organisation.objects.visible_to(membership)
        .filter(pk=scope.school.pk)
        .values_list("local_authority_id", "local_authority__name")
        .get()
    )
    section = ProvidersSection(
        visits_this_term=contacts.visits_this_term, term_starts=scope.term_starts, local_authority=la_name
    )
    if not pupils:
        return section
    provider_ids = list(pupils)
    found = list(
        providers_seen(membership=membership)
        .filter(pk__in=provider_ids)
        .order_by("name", "pk")
        .values(
            "pk",
            "name",
            "urn",
            "ukprn",
            "setting_type",
            "profile__provider_type",
            "profile__registration_status",
            "profile__ofsted_judgement",
            "profile__ofsted_judgement_on",
            "profile__company_number",
            "profile__charity_number",
        )
    )
    qa_visits = _qa_visits(scope, provider_ids, la_id)
    entries = {
        entry.provider_id: entry
        for entry in ApprovedListEntry.objects.visible_to(membership)
        .filter(provider_id__in=provider_ids, local_authority_id=la_id)
        .only("pk", "provider_id", "local_authority_id", "status", "placing_conditions")
    }
    summaries = evidence_summaries(provider_ids, scope.today, membership=membership)
    thresholds = threshold_counts(scope.today)
    for values in found:
        pk = values["pk"]
        entry = entries.get(pk)
        registration = values["profile__registration_status"] or ""
        summary = _picture(summaries.get(pk), la_id)
        placing = ""
        if entry is not None and rules.can_see_placing_conditions(membership, entry):
            placing = entry.placing_conditions_in_force
        provider_type = values["profile__provider_type"]
        section.providers.append(
            ProviderRow(
                provider_id=pk,
                name=values["name"],
                provider_type=ProviderType(provider_type).label if provider_type else "Type not recorded",
                identifiers=_identifiers(values),
                registration_status=registration,
                ofsted=_ofsted(values),
                pupils_in_period=pupils[pk][0],
                pupils_now=pupils[pk][1],
                visits=contacts.visits.get(pk, 0),
                other_contacts=dict(contacts.others.get(pk, {})),
                last_visit=LastVisit(contacts.last_visit.get(pk), scope.period.end),
                qa_visits=qa_visits.get(pk, []),
                evidence=_evidence_rows(summary),
                evidence_breakdown=summary.breakdown_text,
                list_status=entry.status if entry else "",
                placing_conditions=placing,
                threshold=(
                    thresholds.get(pk, NO_PUPILS)
                    if registration in RegistrationStatus.unregistered_values()
                    else None
                ),
            )
        )
    return section
