"""What the register and the other lists of placements read of the reviews stage, as SQL on the placement
in hand (`OuterRef("pk")`), so that a row's flags come with the row itself and a filter by them reads
no placement into Python. The reviews are read by their models' names, as `register.next_reviews` does,
so that this app names no later stage; each read is through the acting membership's view.

- "Is this placement still right?" (`still_right`): its last two reviews held each judged an objective
  not on track. `reviews.holding.still_right_flags` is the rule for the placement's page; tests hold the
  two to agreement. Whoever reads the placement reads its reviews' judgements (the provider too), so
  whoever sees the row sees the flag.
- A parent's request for a review the school must hold (`parent_asked_on`): an active off-site direction
  whose parent asked for a review that no review held answers. Each request stores the first day a
  review held answers it (`reviews_from`, 10 weeks before it: `reviews.requests`), so the rule here is a
  comparison of dates. Requests are the commissioners' record: a provider's view has none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import BooleanField, Case, Exists, ExpressionWrapper, OuterRef, Q, Subquery, When

from placements.models import PlacementReason, PlacementStatus

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from apcommission.tenancy.models import Membership

HELD = "held"  # reviews.models.ReviewState.HELD


def _reviews(membership: Membership, placement: OuterRef) -> QuerySet:
    review = apps.get_model("reviews", "Review")
    return review.objects.visible_to(membership).filter(placement_id=placement, state=HELD)


def still_right(membership: Membership) -> Q:
    """The placement's last two reviews held each judged an objective not on track. NULL (not true) with
    fewer than two held."""
    held = _reviews(membership, OuterRef("pk")).order_by("-held_on", "-pk").values("not_on_track")
    return Q(Subquery(held[:1], output_field=BooleanField())) & Q(
        Subquery(held[1:2], output_field=BooleanField())
    )


def _open_requests(membership: Membership) -> QuerySet:
    """The placement's requests that no review held on or after their `reviews_from` answers, latest
    first. If an earlier one is open, so is the latest (its 10 weeks start later)."""
    request = apps.get_model("reviews", "ReviewRequest")
    answering = _reviews(membership, OuterRef("placement_id")).filter(held_on__gte=OuterRef("reviews_from"))
    return (
        request.objects.visible_to(membership)
        .filter(placement_id=OuterRef("pk"))
        .exclude(Exists(answering))
        .order_by("-asked_on", "-pk")
    )


def _gives_the_right() -> Q:
    """Only an off-site direction gives the parent the right to a review, and only while it lasts."""
    return Q(reason=PlacementReason.OFF_SITE_DIRECTION, status=PlacementStatus.ACTIVE)


def parent_request_open(membership: Membership) -> Q:
    """The school must hold a review the parent asked for."""
    return _gives_the_right() & Q(Exists(_open_requests(membership)))


def with_review_flags(placements: QuerySet, *, membership: Membership) -> QuerySet:
    """`placements` with `still_right` (true, or false or None) and, where the school must hold a review
    the parent asked for, `parent_asked_on` (the day of the latest request) and `parent_reviews_from`
    (the first day a review would have answered it): asked of each row in the same query."""

    def of_open_request(field: str) -> Case:
        latest = _open_requests(membership).values(field)[:1]
        return Case(When(_gives_the_right(), then=Subquery(latest)), default=None)

    return placements.annotate(
        still_right=ExpressionWrapper(still_right(membership), output_field=BooleanField()),
        parent_asked_on=of_open_request("asked_on"),
        parent_reviews_from=of_open_request("reviews_from"),
    )


REVIEW_COLUMNS = ("still_right", "parent_asked_on", "parent_reviews_from")
