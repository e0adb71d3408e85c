"""Reading placement plans for the pages, always through the acting membership's view, in a fixed number
of queries however many objectives, steps and changes a plan has.

A commissioner (the school, its trust, its LA) reads the plan with the pupil it is about and its
history; a provider reads the plan's practical parts and the copy of the pupil the school shared, never
the pupil's record (no join to it is made) and never the history, whose reasons are the school's."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from apcommission.tenancy.roles import OrganisationKind as Kind
from placements.models import (
    ChangeKind,
    Objective,
    PartTimePlan,
    PartTimeStep,
    Placement,
    PlacementStatus,
    PlacementStatusChange,
    PlanChange,
)
from placements.register_flags import review_flags
from placements.register_reviews import with_review_flags
from pupils.models import AttendanceYear
from referrals.models import Recipient, Response

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership
    from pupils.models import Pupil
    from referrals.models import Referral

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri")


def placement_for(pk: int, *, membership: Membership) -> Placement:
    """The placement `membership` sees (`Placement.DoesNotExist` otherwise), with its provider, site and
    school. A commissioner's comes with the pupil; a provider's without."""
    found = Placement.objects.visible_to(membership).select_related("provider", "site", "school")
    if membership.organisation.kind != Kind.PROVIDER:
        found = found.select_related("pupil", "block_purchase", "referral")
    return found.get(pk=pk)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    what: str
    who: str
    why: str = ""
    summary: str = ""


@dataclass
class PlanPage:
    """What the placement's page shows beside the placement itself."""

    objectives: list[Objective]
    part_time_plan: PartTimePlan | None
    steps: list[PartTimeStep] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)


def _moved(change: PlacementStatusChange) -> str:
    if not change.from_status:
        return "Plan made"
    if change.to_status == PlacementStatus.ACTIVE:
        return "Started"
    # A planned placement cancelled before cancelled was a status of its own was moved to ended: the
    # append-only history keeps that move, which was a cancellation.
    if change.to_status == PlacementStatus.CANCELLED or (
        change.from_status == PlacementStatus.PLANNED and change.to_status == PlacementStatus.ENDED
    ):
        return "Cancelled"
    if change.to_status == PlacementStatus.ENDED:
        return "Ended"
    return PlacementStatus(change.to_status).label


def _who(user) -> str:
    return user.full_name or user.email


def history(placement: Placement, *, membership: Membership) -> list[HistoryEntry]:
    """The status moves and changes of plan, merged, newest first: the commissioners' record. Two
    queries."""
    moves = (
        PlacementStatusChange.objects.visible_to(membership)
        .filter(placement_id=placement.pk)
        .select_related("changed_by")
    )
    changes = (
        PlanChange.objects.visible_to(membership)
        .filter(placement_id=placement.pk)
        .select_related("changed_by")
    )
    labels = dict(ChangeKind.choices)
    entries = [
        HistoryEntry(move.changed_at, _moved(move), _who(move.changed_by), move.reason) for move in moves
    ]
    entries += [
        HistoryEntry(c.changed_at, labels.get(c.kind, c.kind), _who(c.changed_by), c.reason, c.summary)
        for c in changes
    ]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def chosen_offer(referral: Referral, *, membership: Membership) -> Recipient | None:
    """The provider's offer the school accepted on `referral`, or None."""
    return (
        Recipient.objects.visible_to(membership)
        .filter(referral_id=referral.pk, response=Response.CHOSEN)
        .select_related("provider")
        .first()
    )


def plan_page(placement: Placement, *, membership: Membership, with_history: bool) -> PlanPage:
    """The objectives, the part-time plan and its steps, and (for a commissioner, `with_history`) the
    history. Five queries, three without the history, whether or not there is a part-time plan."""
    objectives = list(Objective.objects.visible_to(membership).filter(placement_id=placement.pk))
    plan = PartTimePlan.objects.visible_to(membership).filter(placement_id=placement.pk).first()
    steps = PartTimeStep.objects.visible_to(membership).filter(plan__placement_id=placement.pk)
    return PlanPage(
        objectives=objectives,
        part_time_plan=plan,
        steps=list(steps),
        history=history(placement, membership=membership) if with_history else [],
    )


def timetable(sessions: list[str]) -> list[tuple[str, list[bool]]]:
    """The timetable as a Monday to Friday table: ("Morning", [Mon..Fri]) and ("Afternoon", [...])."""
    chosen = set(sessions)
    return [
        (part, [f"{day}_{half}" in chosen for day in DAY_KEYS])
        for part, half in (("Morning", "am"), ("Afternoon", "pm"))
    ]


def pupil_placements(pupil: Pupil, *, membership: Membership) -> list[Placement]:
    """Every placement of `pupil` that `membership` sees, newest first, with its provider and, for a
    current one, the flags the reviews give it (`review_flags`: "Is this placement still right?", a
    review the parent asked for), as the register shows them: the list on the pupil's page. One query."""
    placements = list(
        with_review_flags(
            Placement.objects.visible_to(membership).filter(pupil_id=pupil.pk), membership=membership
        )
        .select_related("provider")
        .order_by("-starts_on", "-pk")
    )
    for placement in placements:
        placement.review_flags = (
            review_flags(still_right=bool(placement.still_right), parent_asked_on=placement.parent_asked_on)
            if placement.status in PlacementStatus.current_values()
            else []
        )
    return placements


@dataclass(frozen=True)
class Baseline:
    """A starting value for an attendance objective, from the pupil's imported history."""

    value: Decimal  # per cent of possible sessions attended
    on: datetime.date
    academic_year: int
    attended: int = 0  # the sessions it is counted from, for a figure across many pupils
    possible: int = 0

    @property
    def year_words(self) -> str:
        return f"{self.academic_year}/{(self.academic_year + 1) % 100:02d}"


def attendance_baseline(
    pupil_id: int, *, membership: Membership, today: datetime.date | None = None
) -> Baseline | None:
    """The pupil's latest recorded year of attendance as a percentage, dated the end of that academic
    year (or today, for the year still running), or None when no year has sessions recorded."""
    return attendance_baselines([pupil_id], membership=membership, today=today).get(pupil_id)


def attendance_baselines(
    pupil_ids: Iterable[int], *, membership: Membership, today: datetime.date | None = None
) -> dict[int, Baseline]:
    """`attendance_baseline` for many pupils at once, by pupil id (a pupil with no year recorded has
    none): one query, however many pupils."""
    today = today or timezone.localdate()
    years = (
        AttendanceYear.objects.visible_to(membership)
        .filter(pupil_id__in=set(pupil_ids), possible_sessions__gt=0)
        .order_by("pupil_id", "-academic_year")
        .distinct("pupil_id")
        .values("pupil_id", "academic_year", "possible_sessions", "attended_sessions")
    )
    baselines = {}
    for year in years:
        value = (Decimal(100) * year["attended_sessions"] / year["possible_sessions"]).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        year_ends = datetime.date(year["academic_year"] + 1, 7, 31)
        baselines[year["pupil_id"]] = Baseline(
            value=value,
            on=min(year_ends, today),
            academic_year=year["academic_year"],
            attended=year["attended_sessions"],
            possible=year["possible_sessions"],
        )
    return baselines
