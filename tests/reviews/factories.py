"""Reviews of a placement as the schedule makes them, their moves, and review rules at each level."""

import datetime

import factory

from reviews.models import Review, ReviewKind, ReviewMove, ReviewRules
from tests.factories import UnscopedFactory, UserFactory
from tests.placements.factories import PlacementFactory

TODAY = datetime.date.today()


class ReviewFactory(UnscopedFactory):
    class Meta:
        model = Review

    placement = factory.SubFactory(PlacementFactory)
    kind = ReviewKind.SCHEDULED
    number = 1
    planned_on = factory.LazyFunction(lambda: TODAY + datetime.timedelta(days=14))
    due_on = factory.LazyAttribute(lambda o: o.planned_on)


class ReviewMoveFactory(UnscopedFactory):
    class Meta:
        model = ReviewMove

    review = factory.SubFactory(ReviewFactory)
    from_on = factory.LazyAttribute(lambda o: o.review.planned_on)
    to_on = factory.LazyAttribute(lambda o: o.review.planned_on + datetime.timedelta(days=2))
    reason = "The parent works on Thursdays."
    moved_by = factory.SubFactory(UserFactory)


class ReviewRulesFactory(UnscopedFactory):
    """An LA's defaults; pass `school` (and `placement`) for a school's or a placement's own."""

    class Meta:
        model = ReviewRules

    local_authority = factory.LazyAttribute(lambda o: o.school.local_authority if o.school else None)
    school = None
    placement = None
    first_after_weeks = 3
    every_weeks = 5
