"""Section 5 of the evidence pack: are the placements effective? (DOMAIN.md 7: "attendance before and
during, progress against each objective's baseline, reviews held on time, pupil and parent views, what
was changed when progress stalled".)

For each placement of the period: the pupil's attendance at school before it (their latest imported year,
`placements.selectors.attendance_baselines`) beside their attendance there during the period (the
provider's marks, `attendance.selectors.placements_attendance`), each objective from its baseline with the
chart its web page draws (`progress.charts`), the reviews due and held in the period, the pupil's and the
parent's views, and what the school changed: the decision of each review that judged an objective not on
track, and each change of plan with its reason. A review is held on time when it is held on or before the
day it was due (a review still due after that day is overdue, as `reviews.selectors.Schedule` says).

Eleven queries, however many placements.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from apcommission.forms.dates import long_date
from attendance.selectors import Counted, percentage, placements_attendance
from placements.models import ChangeKind, Objective, PlacementStatus, PlanChange
from placements.selectors import Baseline, attendance_baselines
from progress import charts
from progress.models import ProgressEntry
from reports.pack.scope import PackScope
from reviews.holding import still_right_flags
from reviews.models import (
    Decision,
    Rating,
    Review,
    ReviewKind,
    ReviewObjective,
    ReviewState,
    ReviewViews,
    Voice,
    VoiceResponse,
)
from reviews.voices import QUESTIONS

RATING_TAGS = {Rating.ACHIEVED: "tag-green", Rating.ON_TRACK: "tag-green", Rating.NOT_ON_TRACK: "tag-red"}


# --- Attendance before and during, as two bars ------------------------------------------------------


BAR_LEFT, BAR_WIDTH = 64, 200  # the bars start after their labels; 100% is BAR_WIDTH long


@dataclass(frozen=True)
class AttendanceBars:
    """Attendance at school before the placement and at the provider during the period, as a small bar
    chart with the same figures in words (`before_words`, `during_words`)."""

    before: Decimal | None  # per cent
    before_from: str  # where the figure before comes from: "in 2024/25 at school"
    during: Counted | None

    @classmethod
    def of_pupil(cls, baseline: Baseline | None, during: Counted | None) -> AttendanceBars:
        if baseline is None:
            return cls(None, "", during)
        return cls(baseline.value, f"in {baseline.year_words} at school", during)

    @property
    def before_percent(self) -> Decimal | None:
        return self.before

    @property
    def during_percent(self) -> Decimal | None:
        return self.during.percentage if self.during else None

    @property
    def before_width(self) -> float:
        return _bar(self.before_percent)

    @property
    def during_width(self) -> float:
        return _bar(self.during_percent)

    @property
    def before_words(self) -> str:
        if self.before is None:
            return "Not recorded"
        return f"{self.before}% {self.before_from}"

    @property
    def during_words(self) -> str:
        if self.during is None or not self.during.possible:
            return "No sessions marked"
        return f"{self.during.percentage}% ({self.during.attended} of {self.during.possible} sessions)"

    @property
    def description(self) -> str:
        return f"Before the placement: {self.before_words}. During it: {self.during_words}."

    @property
    def change_words(self) -> str:
        """ "Up 12.5 points", "Down 3 points", "No change", or "" without both figures."""
        before, during = self.before_percent, self.during_percent
        if before is None or during is None:
            return ""
        change = during - before
        if not change:
            return "No change"
        points = f"{abs(change):.1f}".removesuffix(".0")
        return f"{'Up' if change > 0 else 'Down'} {points} point{'s' if points != '1' else ''}"

    @property
    def change_tag(self) -> str:
        if not self.change_words or self.during_percent == self.before_percent:
            return ""
        return "tag-green" if self.during_percent > self.before_percent else "tag-red"


def _bar(value: Decimal | None) -> float:
    return round(BAR_WIDTH * float(value) / 100, 1) if value is not None else 0


# --- Objectives -----------------------------------------------------------------------------------------


@dataclass
class ObjectiveRow:
    objective: Objective
    latest: ProgressEntry | None
    chart: charts.Chart | None
    rating: str = ""  # the last review's judgement of it in the period, if any
    rated_on: datetime.date | None = None

    def _value(self, value: Decimal | None) -> str:
        return charts.with_unit(value, self.objective.unit) if value is not None else ""

    @property
    def baseline_words(self) -> str:
        objective = self.objective
        if not objective.has_baseline:
            return "Not recorded"
        return f"{self._value(objective.baseline_value)} on {long_date(objective.baseline_on)}"

    @property
    def target_words(self) -> str:
        objective = self.objective
        if objective.target_value is None:
            return "Not set"
        by = f" by {long_date(objective.target_on)}" if objective.target_on else ""
        return f"{self._value(objective.target_value)}{by}"

    @property
    def latest_words(self) -> str:
        if self.latest is None:
            return "None recorded"
        return f"{self._value(self.latest.value)} on {long_date(self.latest.on)}"

    @property
    def rating_words(self) -> str:
        return Rating(self.rating).label if self.rating else ""

    @property
    def rating_tag(self) -> str:
        return RATING_TAGS.get(self.rating, "")


# --- Reviews, views and changes ----------------------------------------------------------------------


@dataclass
class ReviewRow:
    label: str
    due_on: datetime.date
    held_on: datetime.date | None
    decision: str
    decision_note: str
    not_on_track: bool
    overdue: bool

    @property
    def on_time(self) -> bool:
        return self.held_on is not None and self.held_on <= self.due_on

    @property
    def state_words(self) -> str:
        if self.held_on is not None:
            return "On time" if self.on_time else "Late"
        return "Overdue" if self.overdue else "Due"

    @property
    def state_tag(self) -> str:
        if self.held_on is not None:
            return "tag-green" if self.on_time else "tag-yellow"
        return "tag-red" if self.overdue else ""

    @property
    def decision_words(self) -> str:
        return Decision(self.decision).label if self.decision else ""


@dataclass(frozen=True)
class View:
    """What the pupil or the parent said: at a review (`said`), or answered through a link (`answers`)."""

    who: str
    on: datetime.date
    said: str = ""
    answers: str = ""  # the ratings in words, "How they feel about going: Good; ..."

    @property
    def source(self) -> str:
        return "answered before a review" if self.answers else "at the review"


@dataclass(frozen=True)
class Change:
    on: datetime.date
    what: str
    why: str
    detail: str = ""


@dataclass
class PlacementEffect:
    placement_id: int
    name: str
    provider_name: str
    starts_on: datetime.date
    ends_on: datetime.date
    ended: bool
    attendance: AttendanceBars
    objectives: list[ObjectiveRow] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)
    next_review_on: datetime.date | None = None
    views: list[View] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    still_right: bool = False  # its last two reviews each judged an objective not on track

    @property
    def dates_words(self) -> str:
        end = "ended" if self.ended else "planned end"
        return f"{long_date(self.starts_on)} to {long_date(self.ends_on)} ({end})"

    @property
    def held(self) -> list[ReviewRow]:
        return [review for review in self.reviews if review.held_on is not None]

    @property
    def held_on_time(self) -> int:
        return sum(review.on_time for review in self.held)

    @property
    def not_on_track(self) -> int:
        return sum(row.rating == Rating.NOT_ON_TRACK for row in self.objectives)


@dataclass
class EffectivenessSection:
    placements: list[PlacementEffect] = field(default_factory=list)
    reviews_held: int = 0
    reviews_held_on_time: int = 0
    attendance_before: Decimal | None = None  # per cent, across the period's placements
    attendance_during: Decimal | None = None
    reviews_overdue: int = 0

    @property
    def attendance(self) -> AttendanceBars:
        """The period's figures as bars: the cover's numbers, drawn."""
        return AttendanceBars(
            before=self.attendance_before,
            before_from="across the pupils' latest recorded years at school",
            during=Counted(
                sum(p.attendance.during.possible for p in self.placements if p.attendance.during),
                sum(p.attendance.during.attended for p in self.placements if p.attendance.during),
            ),
        )


def _before(baselines: dict[int, Baseline]) -> Decimal | None:
    """Each pupil's latest recorded year at school counted once, added up as sessions."""
    attended = sum(baseline.attended for baseline in baselines.values())
    possible = sum(baseline.possible for baseline in baselines.values())
    return percentage(attended, possible)


# --- Gathering ------------------------------------------------------------------------------------------

PLACEMENT_COLUMNS = (
    "pk", "pupil_id", "status", "starts_on", "planned_end_on", "ended_on", "provider__name",
    "pupil__legal_forename", "pupil__legal_surname", "pupil__preferred_forename", "pupil__preferred_surname",
    "pupil__upn",
)  # fmt: skip


def _answers_words(response: dict) -> str:
    parts = [
        f"{question.short}: {question.scale[response[question.name]]}"
        for question in QUESTIONS
        if response[question.name] is not None
    ]
    return "; ".join(parts)


def _objectives(ids: list[int], scope: PackScope) -> dict[int, list[ObjectiveRow]]:
    """Each placement's objectives with the values recorded by the end of the period, the chart of them
    and the last judgement of a review held by then. Three queries."""
    membership, end = scope.membership, scope.period.end
    entries = defaultdict(list)
    for entry in (
        ProgressEntry.objects.visible_to(membership)
        .filter(placement_id__in=ids, on__lte=end)
        .only("pk", "objective_id", "placement_id", "value", "on")
        .order_by("-on", "-pk")
    ):
        entries[entry.objective_id].append(entry)
    judged = {
        values["objective_id"]: values
        for values in ReviewObjective.objects.visible_to(membership)
        .filter(review__placement_id__in=ids, review__state=ReviewState.HELD, review__held_on__lte=end)
        .order_by("objective_id", "-review__held_on", "-review_id")
        .distinct("objective_id")
        .values("objective_id", "rating", "review__held_on")
    }
    found = defaultdict(list)
    for objective in Objective.objects.visible_to(membership).filter(placement_id__in=ids).order_by("pk"):
        recorded = entries[objective.pk]
        judgement = judged.get(objective.pk, {})
        found[objective.placement_id].append(
            ObjectiveRow(
                objective=objective,
                latest=recorded[0] if recorded else None,
                chart=charts.progress_chart(objective, recorded),
                rating=judgement.get("rating", ""),
                rated_on=judgement.get("review__held_on"),
            )
        )
    return found


@dataclass
class _Reviews:
    rows: dict[int, list[ReviewRow]]
    next_due: dict[int, datetime.date]
    held_views: dict[
        int, list[dict]
    ]  # the views of each placement's reviews held in the period, latest first


def _reviews(ids: list[int], scope: PackScope) -> _Reviews:
    """Each placement's reviews held in the period, and those due by its end and not held by then (overdue
    when due before the end, or before today when the period ends later), in date order; the next due
    after the period; and the views heard at the reviews held. Two queries."""
    membership, period = scope.membership, scope.period
    as_at = min(scope.today, period.end)
    views_of = {
        values["review_id"]: values
        for values in ReviewViews.objects.visible_to(membership)
        .filter(
            review__placement_id__in=ids, review__held_on__gte=period.start, review__held_on__lte=period.end
        )
        .values("review_id", "review__held_on", "pupil_views", "parent_views", "decision_note")
    }
    found = _Reviews(defaultdict(list), {}, defaultdict(list))
    for values in (
        Review.objects.visible_to(membership)
        .filter(placement_id__in=ids)
        .exclude(state=ReviewState.CANCELLED)
        .order_by("placement_id", "due_on", "number", "pk")
        .values("pk", "placement_id", "kind", "number", "due_on", "held_on", "decision", "not_on_track")
    ):
        placement_id, held_on = values["placement_id"], values["held_on"]
        if held_on is not None and held_on < period.start:
            continue  # held before the period: not its business
        held_by_then = held_on is not None and held_on <= period.end
        if values["due_on"] > period.end and not held_by_then:
            found.next_due.setdefault(placement_id, values["due_on"])
            continue
        views = views_of.get(values["pk"])
        if views is not None:
            found.held_views[placement_id].insert(0, views)
        found.rows[placement_id].append(
            ReviewRow(
                label="Final review" if values["kind"] == ReviewKind.FINAL else f"Review {values['number']}",
                due_on=values["due_on"],
                held_on=held_on if held_by_then else None,
                decision=values["decision"] if held_by_then else "",
                decision_note=views["decision_note"] if views else "",
                not_on_track=held_by_then and values["not_on_track"],
                overdue=not held_by_then and values["due_on"] < as_at,
            )
        )
    return found


def _answers(ids: list[int], scope: PackScope) -> dict[tuple[int, str], dict]:
    """The latest answers the pupil and the parent gave through a link in the period, by placement and
    voice. One query."""
    latest = {}
    for values in (
        VoiceResponse.objects.visible_to(scope.membership)
        .filter(
            review__placement_id__in=ids,
            submitted_at__date__gte=scope.period.start,
            submitted_at__date__lte=scope.period.end,
        )
        .order_by("-submitted_at", "-pk")
        .values("review__placement_id", "voice", "submitted_at", "comment", *(q.name for q in QUESTIONS))
    ):
        latest.setdefault((values["review__placement_id"], values["voice"]), values)
    return latest


def _changes(ids: list[int], scope: PackScope, reviews: _Reviews) -> dict[int, list[Change]]:
    """What was changed: each review held in the period that judged an objective not on track, with its
    decision and why, and each change of plan made in the period, with its reason. One query."""
    found = defaultdict(list)
    for placement_id, rows in reviews.rows.items():
        for review in rows:
            if review.not_on_track:
                found[placement_id].append(
                    Change(
                        on=review.held_on,
                        what=f"{review.label} judged an objective not on track. Decision: "
                        f"{review.decision_words.lower()}",
                        why=review.decision_note,
                    )
                )
    for values in (
        PlanChange.objects.visible_to(scope.membership)
        .filter(
            placement_id__in=ids,
            changed_at__date__gte=scope.period.start,
            changed_at__date__lte=scope.period.end,
        )
        .order_by("changed_at", "pk")
        .values("placement_id", "kind", "reason", "summary", "changed_at")
    ):
        found[values["placement_id"]].append(
            Change(
                on=timezone.localdate(values["changed_at"]),
                what=ChangeKind(values["kind"]).label,
                why=values["reason"],
                detail=values["summary"],
            )
        )
    for changes in found.values():
        changes.sort(key=lambda change: change.on)
    return found


def gather(scope: PackScope) -> EffectivenessSection:
    membership, period = scope.membership, scope.period
    rows = list(scope.placements().values(*PLACEMENT_COLUMNS))
    ids = [row["pk"] for row in rows]
    baselines = attendance_baselines(
        {row["pupil_id"] for row in rows}, membership=membership, today=period.end
    )
    during = placements_attendance(ids, membership=membership, first=period.start, last=period.end)
    objectives = _objectives(ids, scope)
    reviews = _reviews(ids, scope)
    answers = _answers(ids, scope)
    changes = _changes(ids, scope, reviews)
    flagged = still_right_flags(ids, membership=membership)

    section = EffectivenessSection()
    for row in rows:
        pk = row["pk"]
        ended = row["status"] == PlacementStatus.ENDED
        section.placements.append(
            PlacementEffect(
                placement_id=pk,
                name=scope.name_pupil(
                    forename=row["pupil__preferred_forename"] or row["pupil__legal_forename"],
                    surname=row["pupil__preferred_surname"] or row["pupil__legal_surname"],
                    upn=row["pupil__upn"],
                ),
                provider_name=row["provider__name"],
                starts_on=row["starts_on"],
                ends_on=row["ended_on"] if ended else row["planned_end_on"],
                ended=ended,
                attendance=AttendanceBars.of_pupil(baselines.get(row["pupil_id"]), during.get(pk)),
                objectives=objectives[pk],
                reviews=reviews.rows[pk],
                next_review_on=reviews.next_due.get(pk),
                views=_views(pk, reviews.held_views[pk], answers),
                changes=changes[pk],
                still_right=pk in flagged,
            )
        )
    section.reviews_held = sum(len(effect.held) for effect in section.placements)
    section.reviews_held_on_time = sum(effect.held_on_time for effect in section.placements)
    section.reviews_overdue = sum(r.overdue for effect in section.placements for r in effect.reviews)
    section.attendance_before = _before(baselines)
    section.attendance_during = section.attendance.during_percent
    return section


def _views(placement_id: int, held: list[dict], answered: dict) -> list[View]:
    """The latest views the pupil and the parent gave at a review held in the period (`held`, latest
    first), and their latest answers through a link, pupil first."""
    views = []
    for voice, column in ((Voice.PUPIL, "pupil_views"), (Voice.PARENT, "parent_views")):
        who = "The pupil" if voice == Voice.PUPIL else "The parent or carer"
        said = next((v for v in held if v[column]), None)
        if said is not None:
            views.append(View(who=who, on=said["review__held_on"], said=said[column]))
        response = answered.get((placement_id, voice))
        if response is not None:
            views.append(
                View(
                    who=who,
                    on=timezone.localdate(response["submitted_at"]),
                    said=response["comment"],
                    answers=_answers_words(response),
                )
            )
    return views
