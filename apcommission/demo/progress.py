"""The demo's progress and incidents, recorded by Demoshire Pupil Referral Unit's manager (the demo provider
with people to sign in as) on its placements:

- Jordan Pike (Demoshire Academy, active): attendance rising from the baseline towards the target over the
  term, an incident of low severity three weeks ago, and a high-severity one three days ago, which the
  Academy's home page and the placement's page show at once;
- Mia Fox (Demoshire Academy, ended): attendance over her placement, up to the day it ended, and a
  medium-severity incident, her mother told the same day.

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

# The pupil as the school shared them with the provider: (days from today, value, comment).
PROGRESS = {
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


def seed_progress(organisations: dict, acting: dict) -> None:
    """The demo's progress and incidents (`PROGRESS`, `INCIDENTS`), recorded once by the PRU's manager
    (`acting["pru"]`) on each of its placements that has none yet."""
    today = timezone.localdate()
    days = datetime.timedelta
    by = acting["pru"]
    with acting_as(by):
        for name, values in PROGRESS.items():
            placement = _placement(name, by=by)
            if placement is None or ProgressEntry.objects.visible_to(by).filter(placement=placement).exists():
                continue
            objective = Objective.objects.visible_to(by).filter(placement=placement).order_by("pk").first()
            rows = [
                {
                    "objective": objective.pk,
                    "value": Decimal(value),
                    "on": today + days(on),
                    "comment": comment,
                }
                for on, value, comment in values
            ]
            services.record_progress_many(rows, by=by)
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
