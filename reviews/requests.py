"""A parent's request for a review of an off-site direction (DOMAIN.md 4: "a parent may demand a review if
none was held in the last 10 weeks").

- The school's AP lead records that the parent asked, with the day they asked: not in the future, not
  before the start of the placement, and while the direction lasts (the placement is active). Every
  request is kept; the same day again is the same request and records nothing.
- The school must hold a review when none was held in the 10 weeks before the day the parent asked (one
  held exactly 10 weeks before counts as within them, as `reviews.schedule.parent_request` counts), until
  one is held on or after that day. Both come to one test: no review was held on or after the request's
  `reviews_from`, 10 weeks before it, stored with it.
- The latest request says it all: an earlier one that still obliges the school means no review was held
  from 10 weeks before it, so none from 10 weeks before the latest either.
- `must_hold(on)` is every organisation's placements the school must still review, for the alerts
  (`alerts.sources.reviews`).

Who may record a request is `reviews.rules.can_record_parent_request`; who reads them,
`reviews.visibility.review_requests` (the commissioners).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, Min, OuterRef, Subquery
from django.utils import timezone

from apcommission.forms.dates import long_date
from placements.models import Placement, PlacementReason, PlacementStatus
from reviews import rules
from reviews.models import Review, ReviewRequest, ReviewState
from reviews.schedule import OFF_SITE_REVIEW_WEEKS

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from apcommission.tenancy.models import Membership


def reviews_from(asked_on: datetime.date) -> datetime.date:
    """The first day a review held answers a request made on `asked_on`: 10 weeks before it."""
    return asked_on - datetime.timedelta(weeks=OFF_SITE_REVIEW_WEEKS)


def gives_the_right(placement: Placement) -> bool:
    """Only an off-site direction gives the parent the right, and only while it lasts."""
    return (
        placement.reason == PlacementReason.OFF_SITE_DIRECTION and placement.status == PlacementStatus.ACTIVE
    )


# --- Recording a request -------------------------------------------------------------------------------


def _errors(placement: Placement, asked_on: datetime.date | None) -> dict:
    if asked_on is None:
        return {"asked_on": "Enter the date the parent asked for a review"}
    if asked_on > timezone.localdate():
        return {"asked_on": "The date the parent asked must be today or in the past"}
    if asked_on < placement.starts_on:
        return {
            "asked_on": "The date the parent asked must be the same as or after the start of the placement "
            f"({long_date(placement.starts_on)})"
        }
    return {}


@transaction.atomic
def record_request(
    placement: Placement, *, by: Membership, asked_on: datetime.date | None
) -> ReviewRequest | None:
    """Record that the parent asked for a review on `asked_on`, on an active off-site direction of the AP
    lead's school. A request already recorded for that day is the same request: nothing is recorded and
    None returned (a form sent twice, or saved unchanged)."""
    locked = Placement.objects.visible_to(by).select_for_update(of=("self",)).get(pk=placement.pk)
    if not rules.can_record_parent_request(by, locked):
        raise PermissionDenied(
            "Only the school's AP lead records a parent's request, on an off-site direction that is running"
        )
    errors = _errors(locked, asked_on)
    if errors:
        raise ValidationError(errors)
    requests = ReviewRequest.objects.visible_to(by).filter(placement_id=locked.pk)
    if requests.filter(asked_on=asked_on).exists():
        return None
    try:
        with transaction.atomic():
            return ReviewRequest.objects.create(
                placement=locked, asked_on=asked_on, reviews_from=reviews_from(asked_on), recorded_by=by.user
            )
    except IntegrityError:  # recorded at the same moment in another tab: one request
        return None


# --- What the placement's page says --------------------------------------------------------------------


@dataclass(frozen=True)
class Answered:
    """A request, with the latest review held in the 10 weeks before it and the first held after it."""

    request: ReviewRequest
    held_before: datetime.date | None
    held_since: datetime.date | None

    @property
    def asked(self) -> str:
        return f"The parent asked for a review on {long_date(self.request.asked_on)}."

    @property
    def must_hold(self) -> bool:
        return self.held_before is None and self.held_since is None

    @property
    def answer(self) -> str:
        """What the request asks of the school, in words."""
        if self.held_before is not None:
            return (
                f"A review was held on {long_date(self.held_before)}, in the {OFF_SITE_REVIEW_WEEKS} weeks "
                "before, so the school need not hold another (but may)."
            )
        if self.held_since is not None:
            return f"The school held one on {long_date(self.held_since)}."
        return f"The school must hold one: no review was held in the {OFF_SITE_REVIEW_WEEKS} weeks before."


@dataclass(frozen=True)
class ParentRequests:
    """A placement's requests, newest first, and whether the parent has the right to ask."""

    answered: list[Answered]
    has_the_right: bool

    @property
    def latest(self) -> Answered | None:
        return self.answered[0] if self.answered else None

    @property
    def must_hold(self) -> bool:
        """The school must hold a review now: the direction lasts and the latest request is unanswered."""
        return self.has_the_right and self.latest is not None and self.latest.must_hold


def _held(membership: Membership | None) -> QuerySet:
    """Held reviews of the request in hand's placement (`OuterRef("placement_id")`), through `membership`'s
    view, or everyone's (`must_hold`, inside `unscoped`)."""
    reviews = Review.objects.visible_to(membership) if membership is not None else Review.objects.all()
    return reviews.filter(placement_id=OuterRef("placement_id"), state=ReviewState.HELD).order_by()


def parent_requests(placement: Placement, *, membership: Membership) -> ParentRequests:
    """The placement's requests with the reviews that answer them, for its page. One query (none for a
    placement that is no off-site direction)."""
    if placement.reason != PlacementReason.OFF_SITE_DIRECTION:
        return ParentRequests([], has_the_right=False)
    held = _held(membership)
    requests = (
        ReviewRequest.objects.visible_to(membership)
        .filter(placement_id=placement.pk)
        .annotate(
            held_before=Subquery(
                held.filter(held_on__gte=OuterRef("reviews_from"), held_on__lte=OuterRef("asked_on"))
                .values("placement_id")
                .annotate(last=Max("held_on"))
                .values("last")
            ),
            held_since=Subquery(
                held.filter(held_on__gt=OuterRef("asked_on"))
                .values("placement_id")
                .annotate(first=Min("held_on"))
                .values("first")
            ),
        )
        .order_by("-asked_on", "-pk")
    )
    return ParentRequests(
        [Answered(request, request.held_before, request.held_since) for request in requests],
        has_the_right=gives_the_right(placement),
    )


# --- For the alerts ------------------------------------------------------------------------------------


def must_hold(on: datetime.date) -> QuerySet:
    """The placements whose parent's request obliges the school to hold a review it has not yet held, on
    `on`: active off-site directions whose parent asked on or before `on`, with no review held from 10
    weeks before that request to `on`. Each comes with `parent_asked_on`, the day of the latest request.

    Across every organisation, for the alerts: read it inside `unscoped(reason)`, as a task does
    (with a membership acting, the scoped managers narrow it to what that membership sees). One query,
    however many placements."""
    open_requests = (
        ReviewRequest.objects.filter(placement_id=OuterRef("pk"), asked_on__lte=on)
        .exclude(Exists(_held(None).filter(held_on__gte=OuterRef("reviews_from"), held_on__lte=on)))
        .order_by("-asked_on")
    )
    return (
        Placement.objects.filter(
            reason=PlacementReason.OFF_SITE_DIRECTION, status=PlacementStatus.ACTIVE, starts_on__lte=on
        )
        .annotate(parent_asked_on=Subquery(open_requests.values("asked_on")[:1]))
        .filter(parent_asked_on__isnull=False)
    )
