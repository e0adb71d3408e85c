"""Alerts about providers (DOMAIN.md 3.1, 3.2, 4 and 6): compliance evidence expiring and expired, an
approved-list entry due for review, QA actions due and overdue, a provider near or at the registration
threshold, and a school placing with a provider its LA has not approved.

Each reads every organisation at once (the sweep runs unscoped) and reuses the apps' own rules: evidence
states (`EvidenceState`), open actions (`QAActionQuerySet.open`), the threshold (`placements.checks`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Exists, Max, Min, OuterRef, Sum
from django.utils import timezone

from alerts.kinds import AlertKind
from alerts.sources import Due, long_date, path_pattern
from placements.checks import PROTECTED, Threshold, running_on
from placements.entitlement import THRESHOLD_HOURS, THRESHOLD_PUPILS
from placements.models import Placement, PlacementStatus
from providers.models import (
    ApprovalStatus,
    ApprovedListEntry,
    Evidence,
    Outcome,
    QAAction,
    RegistrationStatus,
)

# How far ahead an approved-list review and a QA action are flagged: policy, so settings may change them.
LISTING_REVIEW_SOON_DAYS = settings.ALERT_LISTING_REVIEW_SOON_DAYS
QA_ACTION_SOON_DAYS = settings.ALERT_QA_ACTION_SOON_DAYS


# --- Compliance evidence -------------------------------------------------------------------------------


def _latest_checks():
    """Each LA's latest check of each type for each provider (PostgreSQL's DISTINCT ON, as
    `providers.selectors.evidence_summaries` reads them), leaving out checks entered in error and types
    retired. A check counts in the picture of the LA that made it only, so that LA is told of it."""
    latest = (
        Evidence.objects.counting()
        .filter(evidence_type__retired_at__isnull=True)
        .order_by("provider_id", "checked_for_id", "evidence_type_id", "-checked_on", "-pk")
        .distinct("provider_id", "checked_for_id", "evidence_type_id")
        .values("pk")
    )
    # A failed check is "not satisfactory" whatever its date (`EvidenceState.of_check`): not expiring.
    return (
        Evidence.objects.filter(pk__in=latest)
        .exclude(outcome=Outcome.NOT_SATISFACTORY)
        .values_list(
            "pk",
            "provider_id",
            "provider__name",
            "checked_for_id",
            "checked_for__name",
            "evidence_type__name",
            "expires_on",
        )
    )


def _evidence_rows(checks, words) -> list[Due]:
    """One row for the checking LA's officers and one for the provider's managers, for each check."""
    evidence = path_pattern("evidence_list")
    rows = []
    for pk, provider_id, provider, la_id, la, type_name, expires_on in checks:
        sentence = words(type_name, provider, la, long_date(expires_on))
        for organisation_id in (la_id, provider_id):
            rows.append(Due(organisation_id, f"evidence:{pk}", expires_on, evidence(provider_id), sentence))
    return rows


def evidence_expiring(today: datetime.date) -> list[Due]:
    """Expiring soon: from `EVIDENCE_EXPIRING_SOON_DAYS` days before its expiry date to the date itself,
    as `EvidenceState.of` says."""
    soon = today + datetime.timedelta(days=settings.EVIDENCE_EXPIRING_SOON_DAYS)
    return _evidence_rows(
        _latest_checks().filter(expires_on__range=(today, soon)),
        lambda kind, provider, la, on: f"{kind} for {provider}, checked by {la}, expires on {on}.",
    )


def evidence_expired(today: datetime.date) -> list[Due]:
    """Expired: the day after its expiry date, until a newer check replaces it."""
    return _evidence_rows(
        _latest_checks().filter(expires_on__lt=today),
        lambda kind, provider, la, on: f"{kind} for {provider}, checked by {la}, expired on {on}.",
    )


# --- The approved list ----------------------------------------------------------------------------------


def listing_review_due(today: datetime.date) -> list[Due]:
    """An entry on an LA's list (not removed) whose next review is within `LISTING_REVIEW_SOON_DAYS` days
    or passed: to the LA's officers until the review date moves on."""
    soon = today + datetime.timedelta(days=LISTING_REVIEW_SOON_DAYS)
    entries = (
        ApprovedListEntry.objects.exclude(status=ApprovalStatus.REMOVED)
        .filter(next_review_on__lte=soon)
        .values_list("pk", "local_authority_id", "provider__name", "next_review_on")
    )
    edit = path_pattern("approval_edit")
    return [
        Due(
            la_id,
            f"listing:{pk}",
            review_on,
            edit(pk),
            f"The approved list entry for {provider} is due for review by {long_date(review_on)}.",
        )
        for pk, la_id, provider, review_on in entries
    ]


# --- QA actions ---------------------------------------------------------------------------------------


def _open_actions():
    """Open actions, each with its owner organisation: the provider visited when it must do it, the
    visiting organisation (an LA or a school) when the action is its own."""
    return QAAction.objects.open().values_list(
        "pk",
        "owned_by_provider",
        "visit_id",
        "visit__provider_id",
        "visit__visiting_organisation_id",
        "visit__provider__name",
        "visit__visited_on",
        "due_on",
    )


def _action_rows(actions, verb: str) -> list[Due]:
    visit = path_pattern("visit_detail")
    return [
        Due(
            provider_id if by_provider else visitor_id,
            f"qa_action:{pk}",
            due_on,
            visit(visit_id),
            f"An action from the quality assurance visit to {provider} on {long_date(visited_on)} "
            f"{verb} {long_date(due_on)}.",
        )
        for pk, by_provider, visit_id, provider_id, visitor_id, provider, visited_on, due_on in actions
    ]


def qa_action_due(today: datetime.date) -> list[Due]:
    """Due within `QA_ACTION_SOON_DAYS` days, today included."""
    soon = today + datetime.timedelta(days=QA_ACTION_SOON_DAYS)
    return _action_rows(_open_actions().filter(due_on__range=(today, soon)), "is due by")


def qa_action_overdue(today: datetime.date) -> list[Due]:
    """Due before today and not closed."""
    return _action_rows(_open_actions().filter(due_on__lt=today), "was due by")


# --- The registration threshold -------------------------------------------------------------------------


def full_time_pupils(today: datetime.date):
    """(provider id, its name, its LA, protected, since) for each pupil taught more than 18 hours a week at
    an unregistered provider today, counting every commissioner: the same rows as
    `placements.checks.threshold_counts` counts (a pupil's hours at one provider added up), with the day
    the pupil's current placements there had all started. One query, naming no pupil."""
    return (
        Placement.objects.filter(
            running_on(today),
            provider__profile__registration_status__in=RegistrationStatus.unregistered_values(),
        )
        .values("provider_id", "provider__name", "provider__local_authority_id", "pupil_id")
        .annotate(
            hours=Sum("hours_per_week"), protected=Count("pk", filter=PROTECTED), since=Max("starts_on")
        )
        .filter(hours__gt=THRESHOLD_HOURS)
        .order_by()
        .values_list("provider_id", "provider__name", "provider__local_authority_id", "protected", "since")
    )


def _standing_since(counts: Threshold, starts: list[datetime.date], protected: list[datetime.date]):
    """The day the provider's current full-time pupils first put it where it stands: the day the fifth
    of them (or the first protected one) started for "at", the fourth for "near". The same while the same
    pupils are there, so one alert stands for as long as the provider does. A provider back from "at" to
    "near" with the same four pupils is not told of "near" twice: its first alert has that key."""
    starts = sorted(starts)
    if counts.at:
        reached = [starts[THRESHOLD_PUPILS - 1]] if len(starts) >= THRESHOLD_PUPILS else []
        return min(reached + protected)
    return starts[THRESHOLD_PUPILS - 2]


def registration_threshold(today: datetime.date) -> list[Due]:
    """An unregistered provider at the threshold (5 pupils full time, or 1 with an EHC plan or looked
    after) or one pupil short of it (`placements.checks.Threshold`): to its managers and the officers of
    the LA whose register it is on. Words give no count of protected pupils."""
    starts: dict[int, list[datetime.date]] = defaultdict(list)
    protected_starts: dict[int, list[datetime.date]] = defaultdict(list)
    about: dict[int, tuple[str, int | None]] = {}
    for provider_id, name, la_id, protected, since in full_time_pupils(today):
        starts[provider_id].append(since)
        if protected:
            protected_starts[provider_id].append(since)
        about[provider_id] = (name, la_id)
    page = path_pattern("provider_detail")
    rows = []
    for provider_id, pupil_starts in starts.items():
        counts = Threshold.of(len(pupil_starts), len(protected_starts[provider_id]))
        if not (counts.at or counts.near):
            continue
        name, la_id = about[provider_id]
        standing = "at" if counts.at else "near"
        words = (
            f"{name} teaches enough pupils full time that it must register as an independent school. "
            "Schools must not place pupils there until it does."
            if counts.at
            else f"{name} teaches {counts.full_time} pupils full time: one more and it must register as "
            "an independent school."
        )
        since = _standing_since(counts, pupil_starts, protected_starts[provider_id])
        for organisation_id in (provider_id, la_id):
            if organisation_id is not None:
                rows.append(
                    Due(
                        organisation_id,
                        f"threshold:{provider_id}:{standing}",
                        since,
                        page(provider_id),
                        words,
                    )
                )
    return rows


# --- Placements with providers the LA has not approved --------------------------------------------------


def unlisted_provider(today: datetime.date) -> list[Due]:
    """A school with a current placement (planned or active) at a provider its LA's list does not approve
    (no entry, or one applied, suspended or removed), as `providers.selectors.directory.unapproved_use`
    counts it: to the LA's officers, one alert for each school and provider, dated the day the school's
    first such placement there was made."""
    approved = ApprovedListEntry.objects.filter(
        local_authority_id=OuterRef("local_authority_id"),
        provider_id=OuterRef("provider_id"),
        status__in=ApprovalStatus.approved_values(),
    )
    pairs = (
        Placement.objects.filter(status__in=PlacementStatus.current_values())
        .filter(~Exists(approved))
        .values("local_authority_id", "school_id", "provider_id")
        .annotate(made=Min("created_at"))
        .order_by()
        .values_list(
            "local_authority_id", "school_id", "school__name", "provider_id", "provider__name", "made"
        )
    )
    page = path_pattern("provider_detail")
    rows = []
    for la_id, school_id, school, provider_id, provider, made in pairs:
        made_on = timezone.localdate(made)
        rows.append(
            Due(
                la_id,
                f"unlisted:{school_id}:{provider_id}",
                made_on,
                page(provider_id),
                f"{school} has a placement with {provider}, which is not approved on your list.",
            )
        )
    return rows


SOURCES = {
    AlertKind.EVIDENCE_EXPIRING: evidence_expiring,
    AlertKind.EVIDENCE_EXPIRED: evidence_expired,
    AlertKind.LISTING_REVIEW_DUE: listing_review_due,
    AlertKind.QA_ACTION_DUE: qa_action_due,
    AlertKind.QA_ACTION_OVERDUE: qa_action_overdue,
    AlertKind.REGISTRATION_THRESHOLD: registration_threshold,
    AlertKind.UNLISTED_PROVIDER: unlisted_provider,
}
