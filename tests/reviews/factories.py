"""Reviews of a placement as the schedule makes them, their moves, a held review's judgements and views,
review rules at each level, the links for the pupil's and the parent's views with their answers, and a
parent's requests for a review."""

import datetime

import factory
from django.utils import timezone

from apcommission.accounts.models import hash_token
from reviews.models import (
    Decision,
    Rating,
    Review,
    ReviewKind,
    ReviewMove,
    ReviewObjective,
    ReviewRequest,
    ReviewRules,
    ReviewState,
    ReviewViews,
    Voice,
    VoiceLink,
    VoiceResponse,
)
from tests.factories import UnscopedFactory, UserFactory
from tests.placements.factories import ObjectiveFactory, PlacementFactory

TODAY = datetime.date.today()


class ReviewFactory(UnscopedFactory):
    class Meta:
        model = Review

    placement = factory.SubFactory(PlacementFactory)
    kind = ReviewKind.SCHEDULED
    number = 1
    planned_on = factory.LazyFunction(lambda: TODAY + datetime.timedelta(days=14))
    due_on = factory.LazyAttribute(lambda o: o.planned_on)
    state = ReviewState.DUE
    # A held review always has a decision (the database says so).
    decision = factory.LazyAttribute(lambda o: Decision.CONTINUE if o.state == ReviewState.HELD else "")


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


class ReviewObjectiveFactory(UnscopedFactory):
    class Meta:
        model = ReviewObjective

    review = factory.SubFactory(ReviewFactory)
    objective = factory.SubFactory(ObjectiveFactory, placement=factory.SelfAttribute("..review.placement"))
    rating = Rating.ON_TRACK


class ReviewViewsFactory(UnscopedFactory):
    class Meta:
        model = ReviewViews

    review = factory.SubFactory(ReviewFactory)
    pupil_views = "I like the workshop."
    parent_views = "Mornings are still hard."


class VoiceLinkFactory(UnscopedFactory):
    """An open link for the pupil's views; pass `token` to open it by that token."""

    class Meta:
        model = VoiceLink
        exclude = ["token"]

    token = factory.Sequence(lambda n: f"voice-token-{n}")
    review = factory.SubFactory(ReviewFactory)
    voice = Voice.PUPIL
    token_hash = factory.LazyAttribute(lambda o: hash_token(o.token))
    created_by = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.created_at + datetime.timedelta(days=14))


class VoiceResponseFactory(UnscopedFactory):
    """The answers through a link (used at the same moment)."""

    class Meta:
        model = VoiceResponse

    link = factory.SubFactory(VoiceLinkFactory, used_at=factory.LazyFunction(timezone.now))
    review = factory.SelfAttribute("link.review")
    voice = factory.SelfAttribute("link.voice")
    feeling = 4
    safe = 5
    learning = 3
    listened_to = 4
    comment = "The teachers are kind."
    submitted_at = factory.LazyFunction(timezone.now)


class ReviewRequestFactory(UnscopedFactory):
    """A parent's request for a review, 10 weeks of reviews before it answering it."""

    class Meta:
        model = ReviewRequest

    placement = factory.SubFactory(PlacementFactory)
    asked_on = factory.LazyAttribute(lambda o: o.placement.starts_on)
    reviews_from = factory.LazyAttribute(lambda o: o.asked_on - datetime.timedelta(weeks=10))
    recorded_by = factory.SubFactory(UserFactory)


def held_review(placement, number: int, held_on: datetime.date, *, not_on_track: bool) -> Review:
    """Review `number` of `placement`, held on `held_on`, with an objective not on track or not."""
    return ReviewFactory(
        placement=placement,
        number=number,
        planned_on=held_on,
        state=ReviewState.HELD,
        held_on=held_on,
        not_on_track=not_on_track,
    )
