"""A destination check-in due and not yet recorded (DOMAIN.md 3.7): to the school's AP leads, from its due
date until it is recorded, so schools stay accountable for where a pupil went after the placement."""

from __future__ import annotations

import datetime

from alerts.kinds import AlertKind
from alerts.sources import Due, long_date, path_pattern
from outcomes.selectors import checkins_due


def check_in_due(today: datetime.date) -> list[Due]:
    check_in = path_pattern("outcomes:check_in")
    rows = checkins_due(today).values_list(
        "pk", "placement__school_id", "placement__provider__name", "due_on"
    )
    return [
        Due(
            school,
            f"check-in:{pk}",
            due_on,
            check_in(pk),
            f"A check-in on where a pupil went after a placement at {provider} was due on "
            f"{long_date(due_on)}. Record where they are now.",
        )
        for pk, school, provider, due_on in rows
    ]


SOURCES = {AlertKind.CHECK_IN_DUE: check_in_due}
