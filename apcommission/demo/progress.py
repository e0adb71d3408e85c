"""The demo's progress and incidents, recorded by each provider's manager on its placements. Demoshire
Pupil Referral Unit's:

- Jordan Pike (Demoshire Academy, active): attendance rising from the baseline towards the target over the
  term, an incident of low severity three weeks ago, and a high-severity one three days ago, which the
  Academy's home page and the placement's page show at once;
- Mia Fox (Demoshire Academy, ended): attendance over her placement, up to the day it ended, and a
  medium-severity incident, her mother told the same day;

and for every other active demo placement (at Forge, Greenfield, Bridges, Northvale College and the
hospital education service) a value a week since it started against each of its objectives: most moving
from the baseline towards the target, and three stalling a little above the baseline (Leon Ward's, as his
review found; Owen Reid's, whose hours were cut; Isla Grant's, before her first review).

Everything is recorded through the progress services, as the pages record it, with dates counted from the
day the demo is loaded. The weekly values wobble a little, seeded by the pupil's name, so the demo is the
same on every load. A placement that has progress (or incidents) already is left as it is, so loading
again changes nothing.
"""

import datetime
import zlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from apcommission.demo.placements import PLACEMENTS
from apcommission.tenancy.scoping import acting_as
from placements.models import Objective, Placement
from progress import services
from progress.models import Incident, ProgressEntry

# Told in full: by provider, the pupil as the school shared them with it: (days from today, value, comment).
STORIES = {
    "pru": {
        "Jordan Pike": [
            (-35, "70", "Late twice in the first week: the bus timetable has changed."),
            (-28, "72", ""),
            (-21, "76", "Taxi arranged by the school from this week."),
            (-14, "75", "One day off ill."),
            (-7, "81", ""),
            (-1, "84", "Every session this week, on time."),
        ],
        "Mia Fox": [
            (-120, "68", "Settling in."),
            (-90, "74", ""),
            (-60, "80", "Good run of attendance since half term."),
            (-30, "86", ""),
            (-15, "91", "Met the target before the end of the placement."),
        ],
    },
}


@dataclass(frozen=True)
class Course:
    """How a pupil's weekly values move: each week `pace` of the way from the objective's baseline to its
    target, for `weeks` weeks (every week when None) and no further after them (a stall), a little up or
    down each week. The provider's `comments` are by week: 1 the first, -1 the latest."""

    pace: float
    weeks: int | None = None
    comments: dict[int, str] = field(default_factory=dict)


# Every other active demo placement, by the pupil's name: a placement not named here keeps a steady pace.
COURSES = {
    "Chloe Barnes": Course(0.15, comments={1: "Missed a Tuesday for a hospital appointment."}),
    "Ethan Cole": Course(0.12, comments={-1: "Keen on the animal care days; Mondays are harder."}),
    "Isla Grant": Course(
        0.15,
        weeks=1,
        comments={
            1: "Still settling: two late starts.",
            -1: "Tired most Mondays and asks to go home early; we have told the school.",
        },
    ),
    "Leon Ward": Course(
        0.12,
        weeks=2,
        comments={
            3: "Late most mornings: the bus gets in after nine.",
            5: "Starting at 9:30 since the review; Mondays are still missed.",
            -1: "Asked to take on the feeding rota.",
        },
    ),
    "Ava Price": Course(0.25, comments={1: "First week: absent two days, ill."}),
    "Owen Reid": Course(0.1, weeks=2, comments={3: "Hours cut to mornings; attendance still patchy."}),
    "Liam Doyle": Course(0.3, comments={-1: "Every session on the motor vehicle course."}),
    "Nadia Begum": Course(0.2, comments={1: "Two sessions missed for treatment."}),
}
STEADY = Course(0.1)
WOBBLE = 0.08  # each week's value is up to this share of the baseline-to-target distance either way
# The active demo placements, each as (provider, the pupil as the school shared them): every one has progress.
ACTIVE = [(demo.provider, f"{demo.forename} {demo.surname}") for demo in PLACEMENTS if demo.state == "active"]

INCIDENTS = {
    "Jordan Pike": [
        {
            "days": -20,
            "occurred_at": datetime.time(11, 20),
            "kind": "behaviour",
            "severity": "low",
            "what_happened": "Walked out of the maths lesson after an argument with another pupil.",
            "action_taken": "Mentor talked it through with him at break; he returned for the afternoon.",
            "told": None,
        },
        {
            "days": -3,
            "occurred_at": datetime.time(13, 45),
            "kind": "injury",
            "severity": "high",
            "what_happened": "Cut his hand on a chisel in the joinery workshop; the cut needed stitches.",
            "action_taken": "First aid at once; a member of staff took him to the minor injuries unit. "
            "The workshop's tool rules are being reviewed with the instructor.",
            "told": -3,
        },
    ],
    "Mia Fox": [
        {
            "days": -60,
            "occurred_at": None,
            "kind": "bullying",
            "severity": "medium",
            "what_happened": "Told staff that two older pupils had been sending her unkind messages.",
            "action_taken": "Spoke to the pupils and their parents; messages reported and deleted; "
            "checked in with Mia daily for two weeks.",
            "told": -60,
        },
    ],
}


def _placement(name: str, *, by) -> Placement | None:
    return (
        Placement.objects.visible_to(by)
        .filter(provider_id=by.organisation_id, provider_copy__name=name)
        .order_by("pk")
        .first()
    )


def _wobble(seed: str, week: int) -> float:
    """A steady, repeatable share between -1 and 1 (the same on every load), as the demo's marks are."""
    return zlib.crc32(f"{seed}-{week}".encode()) % 2001 / 1000 - 1


def weekly(
    objective: Objective, course: Course, *, starts_on: datetime.date, today: datetime.date, seed: str
) -> list[tuple[datetime.date, Decimal, str]]:
    """(day, value, comment) for each whole week of the placement up to yesterday, on the week's last day:
    `course`'s way from the objective's baseline towards its target, wobbling as `seed` says. Nothing for
    an objective with no baseline or no target."""
    if objective.baseline_value is None or objective.target_value is None:
        return []
    baseline = float(objective.baseline_value)
    distance = float(objective.target_value - objective.baseline_value)
    percentage = objective.unit.strip() == "%"
    weeks = (today - starts_on).days // 7
    values = []
    for week in range(1, weeks + 1):
        value = baseline + distance * course.pace * min(week, course.weeks or week)
        value = max(value + abs(distance) * WOBBLE * _wobble(seed, week), 0)
        comment = course.comments.get(week) or (course.comments.get(-1, "") if week == weeks else "")
        on = starts_on + datetime.timedelta(days=7 * week - 1)
        values.append(
            (on, Decimal(round(min(value, 100))) if percentage else Decimal(f"{value:.2f}"), comment)
        )
    return values


def _rows(provider: str, *, by, today: datetime.date) -> list[dict]:
    """The rows `by` (the provider's manager) records: its placements' stories and weekly values, for each
    of them that has no progress yet."""
    days = datetime.timedelta
    stories = STORIES.get(provider, {})
    names = [*stories, *(name for key, name in ACTIVE if key == provider and name not in stories)]
    placements = {name: placement for name in names if (placement := _placement(name, by=by)) is not None}
    recorded = set(
        ProgressEntry.objects.visible_to(by)
        .filter(placement__in=placements.values())
        .values_list("placement_id", flat=True)
    )
    wanted = {name: placement for name, placement in placements.items() if placement.pk not in recorded}
    objectives: dict[int, list[Objective]] = {}
    for objective in Objective.objects.visible_to(by).filter(placement__in=wanted.values()).order_by("pk"):
        objectives.setdefault(objective.placement_id, []).append(objective)
    rows = []
    for name, placement in wanted.items():
        mine = objectives.get(placement.pk, [])
        if name in stories and mine:  # a story is told against the placement's first objective
            values = [(today + days(on), Decimal(value), comment) for on, value, comment in stories[name]]
            rows += [{"objective": mine[0].pk, "value": v, "on": on, "comment": c} for on, v, c in values]
            continue
        for objective in mine:
            course = COURSES.get(name, STEADY)
            seed = f"{name}: {objective.area}"
            values = weekly(objective, course, starts_on=placement.starts_on, today=today, seed=seed)
            rows += [{"objective": objective.pk, "value": v, "on": on, "comment": c} for on, v, c in values]
    return rows


def seed_progress(organisations: dict, acting: dict) -> None:
    """The demo's progress, recorded once by each provider's manager (`acting[provider]`) on each of its
    placements that has none yet: the stories (`STORIES`) and every other active demo placement's weekly
    values (`COURSES`); and the PRU's incidents (`INCIDENTS`). A provider with active demo placements and
    no manager in `acting` is a mistake in the demo, and fails loudly."""
    today = timezone.localdate()
    days = datetime.timedelta
    for provider in dict.fromkeys([*STORIES, *(key for key, _ in ACTIVE)]):
        by = acting[provider]
        with acting_as(by):
            rows = _rows(provider, by=by, today=today)
            if rows:
                services.record_progress_many(rows, by=by)
    by = acting["pru"]
    with acting_as(by):
        for name, incidents in INCIDENTS.items():
            placement = _placement(name, by=by)
            if placement is None or Incident.objects.visible_to(by).filter(placement=placement).exists():
                continue
            for incident in incidents:
                told = incident["told"]
                services.record_incident(
                    placement,
                    by=by,
                    occurred_on=today + days(incident["days"]),
                    occurred_at=incident["occurred_at"],
                    kind=incident["kind"],
                    severity=incident["severity"],
                    what_happened=incident["what_happened"],
                    action_taken=incident["action_taken"],
                    parent_told_on=today + days(told) if told is not None else None,
                )
