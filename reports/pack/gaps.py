"""Section 7 of the evidence pack: the gaps, stated plainly ("An honest pack is a useful pack").

Five gaps, always all five, each with why it matters and the pupils or providers it applies to:
- placements without a baseline: objectives of the period's placements with no baseline (value and
  date, `Objective.has_baseline`), and placements with no objective at all;
- reviews overdue: reviews still due whose date has passed, by the reviews' own rule (`Schedule.overdue`);
- provider evidence expired or missing: the providers used in the period, as the school's LA checked them
  (`providers.selectors.evidence_summaries`, the register's reading of it);
- providers not visited this term: providers with a current placement of the school and no visit in
  person by the school since the term began (`contacts.selectors.last_visits`);
- pupils short of full time: current placements whose pupil's week is short of full time (the register's
  `shortfall`).

Every read starts from `scope.placements()` and goes through `visible_to(scope.membership)`: the
register's rows (`rows_of`) name the pupils and providers, and one query each reads the objectives, the
reviews still due, the evidence and the visits, however many placements there are.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from apcommission.forms.dates import long_date
from apcommission.numbers import hours_text
from contacts.selectors import last_visits
from placements.models import Objective, PlacementStatus
from placements.register import RegisterRow, rows_of
from placements.register_flags import Flag
from providers.models import EvidenceState
from providers.selectors import EvidenceSummary, evidence_summaries
from reports.pack.scope import PackScope
from reviews.models import Review, ReviewState
from reviews.selectors import Schedule, ScheduleRow

CURRENT = PlacementStatus.current_values()
# The states of a provider's evidence that are a gap: a check that failed, lapsed or was never made.
GAP_STATES = (EvidenceState.NOT_SATISFACTORY, EvidenceState.EXPIRED, EvidenceState.MISSING)


@dataclass(frozen=True)
class GapItem:
    """One pupil's placement, or one provider, with the gap: what is missing and what shows it."""

    provider: str
    what: tuple[str, ...]  # what is missing: objectives, a review, types of evidence
    shows: str  # the date or number that shows the gap
    pupil: str = ""  # as the school chose to name pupils in this pack; "" for a provider's gap


@dataclass(frozen=True)
class Gap:
    key: str
    heading: str
    why: str  # why it matters, in a sentence
    what_heading: str
    shows_heading: str
    items: list[GapItem] = field(default_factory=list)
    names_pupils: bool = True

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass
class GapsSection:
    gaps: list[Gap] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(gap.count for gap in self.gaps)

    def gap(self, key: str) -> Gap:
        return next(gap for gap in self.gaps if gap.key == key)


def _pupil(scope: PackScope, row: RegisterRow) -> str:
    return scope.name_pupil(forename=row.forename, surname=row.surname, upn=row.upn)


def _when(row: RegisterRow, today: datetime.date) -> str:
    if row.ended_on:
        return f"{long_date(row.starts_on)} to {long_date(row.ended_on)} (ended)"
    if row.starts_on > today:
        return f"Starts {long_date(row.starts_on)}"
    return f"Started {long_date(row.starts_on)}"


def without_baseline(scope: PackScope, rows: list[RegisterRow]) -> Gap:
    """Each placement of the period with an objective that has no baseline, or with no objective: one
    query."""
    objectives = defaultdict(list)
    for objective in (
        Objective.objects.visible_to(scope.membership)
        .filter(placement_id__in=[row.placement_id for row in rows])
        .only("pk", "placement_id", "description", "baseline_value", "baseline_on")
        .order_by("placement_id", "pk")
    ):
        objectives[objective.placement_id].append(objective)
    items = []
    for row in rows:
        found = objectives[row.placement_id]
        missing = tuple(o.description for o in found if not o.has_baseline)
        if found and not missing:
            continue
        items.append(
            GapItem(
                pupil=_pupil(scope, row),
                provider=row.provider_name,
                what=missing or ("No objectives recorded",),
                shows=_when(row, scope.today),
            )
        )
    return Gap(
        key="baseline",
        heading="Placements without a baseline",
        why="Without a baseline there is nothing to measure progress against, so nobody can say whether "
        "the placement is working.",
        what_heading="Objectives with no baseline",
        shows_heading="Placement",
        items=items,
    )


def _days(number: int) -> str:
    return f"{number} day{'' if number == 1 else 's'}"


def reviews_overdue(scope: PackScope, rows: list[RegisterRow]) -> Gap:
    """The reviews still due whose date has passed, of each placement of the period whose schedule is
    overdue (`reviews.selectors.Schedule`): one query."""
    due = defaultdict(list)
    for review in Review.objects.visible_to(scope.membership).filter(
        placement_id__in=[row.placement_id for row in rows], state=ReviewState.DUE
    ):
        due[review.placement_id].append(ScheduleRow(review))
    items = []
    for row in rows:
        schedule = Schedule(due[row.placement_id], scope.today)
        if not schedule.overdue:
            continue
        for each in sorted(schedule.rows, key=lambda each: (each.review.due_on, each.review.number)):
            if each.review.due_on >= scope.today:
                break
            late = (scope.today - each.review.due_on).days
            items.append(
                GapItem(
                    pupil=_pupil(scope, row),
                    provider=row.provider_name,
                    what=(each.label,),
                    shows=f"{long_date(each.review.due_on)} ({_days(late)} overdue)",
                )
            )
    return Gap(
        key="reviews",
        heading="Reviews overdue",
        why="A review not held leaves a placement unchecked: nobody has asked whether it is working, "
        "and the pupil and parent have not been heard.",
        what_heading="Review",
        shows_heading="Due",
        items=items,
    )


def _school_las_picture(summary: EvidenceSummary, local_authority_id: int) -> EvidenceSummary:
    """The picture of the school's LA: a trust is shown each LA's (`by_authority`), as the register's
    `evidence_expired` reads it; a school sees its LA's alone."""
    for picture in summary.by_authority:
        if picture.local_authority_id == local_authority_id:
            return picture.summary
    return summary


def _evidence_words(state: EvidenceState, latest) -> str:
    if state == EvidenceState.MISSING:
        return "never checked"
    if state == EvidenceState.EXPIRED:
        return f"expired {long_date(latest.expires_on)}"
    return f"not satisfactory when checked on {long_date(latest.checked_on)}"


def evidence_expired(scope: PackScope, rows: list[RegisterRow]) -> Gap:
    """The providers used in the period with evidence expired, missing or not satisfactory in the
    picture of the school's LA: two queries (three for a trust)."""
    providers = dict(sorted({(row.provider_name, row.provider_id) for row in rows}))
    summaries = evidence_summaries(providers.values(), scope.today, membership=scope.membership)
    items = []
    for name, provider_id in providers.items():
        summary = summaries.get(provider_id)
        if summary is None:
            continue
        picture = _school_las_picture(summary, scope.school.local_authority_id)
        gaps = [each for each in picture.types if each.state in GAP_STATES]
        if not gaps:
            continue
        gaps.sort(key=lambda each: (GAP_STATES.index(each.state), each.evidence_type.name))
        counts = ", ".join(
            f"{number} {state.label.lower()}"
            for state in GAP_STATES
            if (number := sum(1 for each in gaps if each.state == state))
        )
        items.append(
            GapItem(
                provider=name,
                what=tuple(
                    f"{each.evidence_type.name}: {_evidence_words(each.state, each.latest)}" for each in gaps
                ),
                shows=f"{counts} (of {len(picture.types)} types)",
            )
        )
    return Gap(
        key="evidence",
        heading="Provider evidence expired or missing",
        why="The school stays responsible for its pupils' safety: it needs the provider's staff checks, "
        "insurance and policies confirmed, and a check that has lapsed or was never made confirms nothing.",
        what_heading="Evidence, as the school's local authority checked it",
        shows_heading="Types not current",
        items=items,
        names_pupils=False,
    )


def not_visited(scope: PackScope, rows: list[RegisterRow]) -> Gap:
    """The providers with a current placement of the school that the school has not visited since the
    term began: one query (`last_visits`)."""
    placed_now = defaultdict(set)
    names = {}
    for row in rows:
        if row.status in CURRENT:
            placed_now[row.provider_id].add(row.pupil_id)
            names[row.provider_id] = row.provider_name
    visits = last_visits(list(placed_now), membership=scope.membership, today=scope.today)
    items = []
    for provider_id in sorted(placed_now, key=lambda pk: (names[pk], pk)):
        last = visits.of(provider_id, scope.school.pk)
        if last.on is not None and last.on >= scope.term_starts:
            continue
        pupils = len(placed_now[provider_id])
        items.append(
            GapItem(
                provider=names[provider_id],
                what=(f"{pupils} pupil{'' if pupils == 1 else 's'} placed there now",),
                shows=str(last),
            )
        )
    return Gap(
        key="visits",
        heading="Providers not visited this term",
        why=f"Nobody from the school has visited these providers in person since the term began on "
        f"{long_date(scope.term_starts)}: a visit is how the school sees for itself that its pupils are "
        "safe and taught well.",
        what_heading="Pupils",
        shows_heading="Last visit",
        items=items,
        names_pupils=False,
    )


def _plan_words(row: RegisterRow) -> str:
    if Flag.PART_TIME_NO_PLAN in row.flags:
        return "No part-time plan"
    if Flag.PART_TIME_OVERDUE in row.flags:
        return "Part-time plan past its time limit"
    return "Part-time plan within its time limit"


def short_of_full_time(scope: PackScope, rows: list[RegisterRow]) -> Gap:
    """The current placements whose pupil's week (school and every placement) is short of full time, as
    the register works it out: no query of its own."""
    items = [
        GapItem(
            pupil=_pupil(scope, row),
            provider=row.provider_name,
            what=(f"{hours_text(row.hours)} hours a week at the provider", _plan_words(row)),
            shows=f"{hours_text(row.shortfall)} hour{'' if row.shortfall == 1 else 's'} a week",
        )
        for row in rows
        if row.status in CURRENT and row.shortfall is not None
    ]
    return Gap(
        key="short",
        heading="Pupils short of full time",
        why="Every pupil is entitled to a full-time education: a shorter week must be the exception, agreed "
        "with the parent, time-limited and planned back to full time.",
        what_heading="Week",
        shows_heading="Short of full time by",
        items=items,
    )


def gather(scope: PackScope) -> GapsSection:
    rows = rows_of(scope.placements(), membership=scope.membership, today=scope.today)
    return GapsSection(
        gaps=[
            without_baseline(scope, rows),
            reviews_overdue(scope, rows),
            evidence_expired(scope, rows),
            not_visited(scope, rows),
            short_of_full_time(scope, rows),
        ]
    )
