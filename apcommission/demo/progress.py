"""The demo's progress and incidents, recorded by each provider's manager on its placements. Demoshire
Pupil Referral Unit's:

- Jordan Pike (Demoshire Academy, active): attendance rising from the baseline towards the target over the
  term, an incident of low severity three weeks ago, and a high-severity one three days ago, which the
  Academy's home page and the placement's page show at once;
- Mia Fox (Demoshire Academy, ended): attendance over her placement, up to the day it ended, and a
  medium-severity incident, her mother told the same day;

and two attendance values, a fortnight apart, for every other active placement (Forge, Greenfield, Bridges,
Northvale College and the hospital education service), so that each placement's page has a trend to show.

Everything is recorded through the progress services, as the pages record it, with dates counted from the
day the demo is loaded. A placement that has progress (or incidents) already is left as it is, so loading
again changes nothing.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from apcommission.tenancy.scoping import acting_as
from placements.models import Objective, Placement
from progress import services
from progress.models import Incident, ProgressEntry

# By provider, the pupil as the school shared them with it: (days from today, value, comment).
PROGRESS = {
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
    "forge": {
        "Chloe Barnes": [(-13, "78", "Missed a Tuesday for a hospital appointment."), (-1, "88", "")],
    },
    "greenfield": {
        "Ethan Cole": [(-14, "72", ""), (-2, "79", "Keen on the animal care days; Mondays are harder.")],
        "Isla Grant": [(-12, "64", "Still settling: two late starts."), (-2, "70", "")],
        "Leon Ward": [(-15, "82", ""), (-1, "85", "Asked to take on the feeding rota.")],
        "Ava Price": [(-10, "60", "First week: absent two days, ill."), (-2, "75", "")],
    },
    "bridges": {
        "Owen Reid": [(-16, "58", "Hours cut to mornings; attendance still patchy."), (-3, "67", "")],
    },
    "northvale_college": {
        "Liam Doyle": [(-14, "92", ""), (-2, "96", "Every session on the motor vehicle course.")],
    },
    "northvale_hospital": {
        "Nadia Begum": [(-13, "70", "Two sessions missed for treatment."), (-3, "80", "")],
    },
}
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


def _record_progress(values: dict, *, by, today: datetime.date) -> None:
    """`values` by pupil, recorded on each of `by`'s placements that has no progress yet: one upload."""
    days = datetime.timedelta
    placements = {name: _placement(name, by=by) for name in values}
    recorded = set(
        ProgressEntry.objects.visible_to(by)
        .filter(placement__in=[p for p in placements.values() if p is not None])
        .values_list("placement_id", flat=True)
    )
    wanted = [p for p in placements.values() if p is not None and p.pk not in recorded]
    objectives = {}
    for objective in Objective.objects.visible_to(by).filter(placement__in=wanted).order_by("-pk"):
        objectives[objective.placement_id] = objective  # newest first, so each keeps its first
    rows = [
        {
            "objective": objectives[placement.pk].pk,
            "value": Decimal(value),
            "on": today + days(on),
            "comment": comment,
        }
        for name, placement in placements.items()
        if placement in wanted
        for on, value, comment in values[name]
    ]
    if rows:
        services.record_progress_many(rows, by=by)


def seed_progress(organisations: dict, acting: dict) -> None:
    """The demo's progress (`PROGRESS`), recorded once by each provider's manager (`acting[provider]`) on
    each of its placements that has none yet, and the PRU's incidents (`INCIDENTS`)."""
    today = timezone.localdate()
    days = datetime.timedelta
    for provider, values in PROGRESS.items():
        by = acting[provider]
        with acting_as(by):
            _record_progress(values, by=by, today=today)
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
