"""Section 6 of the evidence pack: the placements that ended in the period, what they achieved against
their objectives, where each pupil went, and each later check of that destination (DOMAIN.md 3.7 and 7:
"Outcomes of placements that ended: reintegration and destinations").

The outcome and the check-ins are read as their own pages read them (`outcomes.selectors`): the
destination's detail (the school or college, which says where the child is now) and the check-ins only
for those who read them (`outcomes.rules.reads_destination_detail`), never the provider. The school and
its trust, who print the pack, do.

Five queries however many placements: the ended placements, the providers' names, their outcomes, their
final reviews and their check-ins.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from apcommission.tenancy.models import Organisation
from outcomes import rules
from outcomes.models import CheckIn, CheckInKind, Destination, ObjectivesMet, Outcome
from placements.models import EndPoint, PlacementStatus
from reports.pack.scope import PackScope
from reviews.models import Review, ReviewKind, ReviewState

PLACEMENT_COLUMNS = (
    "pk",
    "pupil__legal_forename",
    "pupil__legal_surname",
    "pupil__preferred_forename",
    "pupil__preferred_surname",
    "pupil__upn",
    "provider_id",
    "starts_on",
    "ended_on",
    "end_reason",
    "intended_end_point",
)


@dataclass(frozen=True)
class CheckInRow:
    """One later look at where the pupil is: due, or what was found."""

    label: str  # "Sustained destination", "1 year on"
    kind: str
    due_on: datetime.date
    recorded_on: datetime.date | None
    destination: str  # "" until recorded
    detail: str
    sustained: bool | None
    today: datetime.date

    @property
    def state(self) -> str:
        """ "recorded", "overdue", "due today" or "not due yet", as the placement's page tags it."""
        if self.recorded_on is not None:
            return "recorded"
        if self.due_on < self.today:
            return "overdue"
        return "due today" if self.due_on == self.today else "not due yet"

    @property
    def found_words(self) -> str:
        if self.recorded_on is None:
            return ""
        words = Destination(self.destination).label
        if self.detail:
            words = f"{words}: {self.detail}"
        if self.kind == CheckInKind.SUSTAINED:
            words = f"{words} ({'sustained' if self.sustained else 'not sustained'})"
        return words


@dataclass
class EndedRow:
    placement_id: int
    name: str
    provider_name: str
    starts_on: datetime.date
    ended_on: datetime.date
    end_reason: str
    intended_end_point: str
    # The outcome, when recorded: how far the objectives were met, where the pupil went and when.
    objectives_met: str = ""
    destination: str = ""
    detail: str = ""
    left_on: datetime.date | None = None
    final_review_held_on: datetime.date | None = None
    check_ins: list[CheckInRow] = field(default_factory=list)

    @property
    def has_outcome(self) -> bool:
        return bool(self.destination)

    @property
    def objectives_words(self) -> str:
        return ObjectivesMet(self.objectives_met).label if self.objectives_met else ""

    @property
    def destination_words(self) -> str:
        if not self.destination:
            return ""
        label = Destination(self.destination).label
        return f"{label}: {self.detail}" if self.detail else label

    @property
    def intended_words(self) -> str:
        return EndPoint(self.intended_end_point).label if self.intended_end_point else "Not recorded"

    @property
    def objectives_tag(self) -> str:
        return {
            ObjectivesMet.MET: "tag-green",
            ObjectivesMet.PARTLY_MET: "tag-yellow",
            ObjectivesMet.NOT_MET: "tag-red",
        }.get(self.objectives_met, "")


# The destinations chart: a bar for each destination, its label to the left and its count to the right.
BAR_LABEL_WIDTH = 230
BAR_WIDTH = 220
BAR_STEP = 18
BAR_TOP = 4


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    width: float

    @property
    def text_y(self) -> int:
        return self.y + 11

    @property
    def count_x(self) -> float:
        return BAR_LABEL_WIDTH + self.width + 4


@dataclass
class OutcomesSection:
    ended: list[EndedRow] = field(default_factory=list)
    reads_check_ins: bool = True

    @property
    def outcomes_recorded(self) -> int:
        return sum(1 for row in self.ended if row.has_outcome)

    @property
    def reintegrated(self) -> int:
        return sum(1 for row in self.ended if row.destination == Destination.REINTEGRATED)

    @property
    def by_destination(self) -> list[tuple[str, int]]:
        """(destination, placements) for each destination recorded, in the list's order."""
        counted = Counter(row.destination for row in self.ended if row.has_outcome)
        return [(label, counted[value]) for value, label in Destination.choices if counted[value]]

    @property
    def by_objectives(self) -> list[tuple[str, int]]:
        counted = Counter(row.objectives_met for row in self.ended if row.has_outcome)
        return [(label, counted[value]) for value, label in ObjectivesMet.choices if counted[value]]

    @property
    def destination_bars(self) -> list[Bar]:
        """The destinations as bars of a chart, the longest the most placements."""
        counts = self.by_destination
        most = max((count for _label, count in counts), default=0)
        return [
            Bar(label, count, BAR_TOP + number * BAR_STEP, round(BAR_WIDTH * count / most, 1))
            for number, (label, count) in enumerate(counts)
        ]

    @property
    def chart_height(self) -> int:
        return BAR_TOP * 2 + len(self.by_destination) * BAR_STEP

    @property
    def chart_description(self) -> str:
        return "; ".join(f"{label}: {count}" for label, count in self.by_destination) + "."

    @property
    def check_ins_overdue(self) -> int:
        return sum(1 for row in self.ended for each in row.check_ins if each.state == "overdue")

    @property
    def sustained(self) -> tuple[int, int]:
        """(sustained, recorded) of the sustained-destination checks recorded."""
        found = [
            each.sustained
            for row in self.ended
            for each in row.check_ins
            if each.kind == CheckInKind.SUSTAINED and each.recorded_on is not None
        ]
        return sum(1 for each in found if each), len(found)


def gather(scope: PackScope) -> OutcomesSection:
    membership, today = scope.membership, scope.today
    reads_detail = rules.reads_destination_detail(membership)
    placements = list(
        scope.placements()
        .filter(status=PlacementStatus.ENDED, ended_on__lte=scope.period.end)
        .values(*PLACEMENT_COLUMNS)
    )
    ids = [values["pk"] for values in placements]
    names = dict(
        Organisation.objects.visible_to(membership)
        .filter(pk__in={values["provider_id"] for values in placements})
        .values_list("pk", "name")
    )
    outcome_columns = ["placement_id", "objectives_met", "destination", "left_on"]
    if reads_detail:
        outcome_columns.append("destination_detail")
    outcomes = {
        values["placement_id"]: values
        for values in Outcome.objects.visible_to(membership)
        .filter(placement_id__in=ids)
        .values(*outcome_columns)
    }
    finals = dict(
        Review.objects.visible_to(membership)
        .filter(placement_id__in=ids, kind=ReviewKind.FINAL, state=ReviewState.HELD)
        .values_list("placement_id", "held_on")
    )
    check_ins: dict[int, list[CheckInRow]] = {pk: [] for pk in ids}
    if reads_detail:
        for each in (
            CheckIn.objects.visible_to(membership).filter(placement_id__in=ids).order_by("due_on", "years")
        ):
            check_ins[each.placement_id].append(
                CheckInRow(
                    label=each.label,
                    kind=each.kind,
                    due_on=each.due_on,
                    recorded_on=timezone.localdate(each.recorded_at) if each.recorded_at else None,
                    destination=each.destination,
                    detail=each.destination_detail,
                    sustained=each.sustained,
                    today=today,
                )
            )
    section = OutcomesSection(reads_check_ins=reads_detail)
    for values in placements:
        pk = values["pk"]
        outcome = outcomes.get(pk, {})
        section.ended.append(
            EndedRow(
                placement_id=pk,
                name=scope.name_pupil(
                    forename=values["pupil__preferred_forename"] or values["pupil__legal_forename"],
                    surname=values["pupil__preferred_surname"] or values["pupil__legal_surname"],
                    upn=values["pupil__upn"],
                ),
                provider_name=names.get(values["provider_id"], ""),
                starts_on=values["starts_on"],
                ended_on=values["ended_on"],
                end_reason=values["end_reason"],
                intended_end_point=values["intended_end_point"],
                objectives_met=outcome.get("objectives_met", ""),
                destination=outcome.get("destination", ""),
                detail=outcome.get("destination_detail", ""),
                left_on=outcome.get("left_on"),
                final_review_held_on=finals.get(pk),
                check_ins=check_ins[pk],
            )
        )
    return section
