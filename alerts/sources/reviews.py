"""Reviews due soon, overdue, and asked for by a parent (DOMAIN.md 3.6 and 4): to the commissioning
school's AP leads."""

from __future__ import annotations

import datetime

from django.conf import settings

from alerts.kinds import AlertKind
from alerts.sources import Due, long_date, path_pattern
from placements.models import PlacementStatus
from reviews import requests
from reviews.models import Review, ReviewState


def _due_reviews():
    return Review.objects.filter(state=ReviewState.DUE, placement__status=PlacementStatus.ACTIVE).values_list(
        "pk", "placement_id", "placement__school_id", "placement__provider__name", "due_on"
    )


def review_due_soon(today: datetime.date) -> list[Due]:
    """Due within `ALERT_REVIEW_SOON_DAYS` days, today included."""
    soon = today + datetime.timedelta(days=settings.ALERT_REVIEW_SOON_DAYS)
    placement = path_pattern("placements:detail")
    return [
        Due(
            school,
            f"review:{pk}",
            due_on,
            placement(placement_id),
            f"A review of a placement at {provider} is due on {long_date(due_on)}.",
        )
        for pk, placement_id, school, provider, due_on in _due_reviews().filter(due_on__range=(today, soon))
    ]


def review_overdue(today: datetime.date) -> list[Due]:
    """Due before today and neither held nor cancelled."""
    placement = path_pattern("placements:detail")
    return [
        Due(
            school,
            f"review:{pk}",
            due_on,
            placement(placement_id),
            f"A review of a placement at {provider} was due on {long_date(due_on)} and has not been held.",
        )
        for pk, placement_id, school, provider, due_on in _due_reviews().filter(due_on__lt=today)
    ]


def review_requested(today: datetime.date) -> list[Due]:
    """A parent of a pupil directed off-site asked for a review and none was held in the 10 weeks before:
    the school must hold one (`reviews.requests.must_hold`), until it does. Due on the day they asked."""
    placement = path_pattern("placements:detail")
    rows = requests.must_hold(today).values_list("pk", "school_id", "provider__name", "parent_asked_on")
    return [
        Due(
            school,
            f"placement:{pk}",
            asked_on,
            placement(pk),
            f"A parent asked on {long_date(asked_on)} for a review of a placement at {provider}. No review "
            "was held in the 10 weeks before: the school must hold one.",
        )
        for pk, school, provider, asked_on in rows
    ]


SOURCES = {
    AlertKind.REVIEW_DUE_SOON: review_due_soon,
    AlertKind.REVIEW_OVERDUE: review_overdue,
    AlertKind.REVIEW_REQUESTED: review_requested,
}
