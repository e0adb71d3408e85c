"""Placements started through the services on a day the test travels to, and their reviews as stored."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from apcommission.tenancy.scoping import unscoped
from placements import services
from reviews.models import Review, ReviewMove
from tests.placements.plan_world import act, lead, plan_values, pupil_of, with_objective

LONDON = ZoneInfo("Europe/London")


def on(day: datetime.date):
    """Travel to 9 in the morning of `day` in London, with the clock standing still."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), LONDON), tick=False)


def start(world, *, weeks: int | None = None, planned_end_on: datetime.date | None = None, **overrides):
    """A placement planned and started today (travel first), ending after `weeks` or on `planned_end_on`."""
    today = timezone.localdate()
    end = planned_end_on or today + datetime.timedelta(weeks=weeks or 20)
    values = plan_values(world, starts_on=today, planned_end_on=end, **overrides)
    placement = act(lead(world), services.plan_placement, pupil_of(world), **values)
    with_objective(
        world,
        placement,
        baseline_on=today - datetime.timedelta(days=7),
        target_on=today + datetime.timedelta(weeks=8),
    )
    return act(lead(world), services.start_placement, placement)


def schedule_of(placement, *, states=("due",)) -> list[tuple[str, int, datetime.date]]:
    """(kind, number, due date) of the placement's reviews in those states, in date order."""
    with unscoped("a test reads the rows as stored"):
        return [
            (review.kind, review.number, review.due_on)
            for review in Review.objects.filter(placement_id=placement.pk, state__in=states)
        ]


def reviews_of(placement) -> list[Review]:
    with unscoped("a test reads the rows as stored"):
        return list(Review.objects.filter(placement_id=placement.pk))


def moves_of(placement) -> list[ReviewMove]:
    with unscoped("a test reads the rows as stored"):
        return list(ReviewMove.objects.filter(review__placement_id=placement.pk))
