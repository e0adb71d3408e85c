"""The demo's review schedules. Each active demo placement got its schedule when its school's AP lead
started it (`apcommission/demo/placements.py`), with Demoshire's default rules: the first review 4 weeks
after the start, then every 6 weeks, and a final review on the planned end. Here the AP leads rearrange
the reviews that fell due before the demo was loaded, as schools do, so that the schedules tell a story:

- Jordan Pike's first review (Demoshire Academy, at the PRU) is overdue: nobody has rearranged it;
- Isla Grant's first review (Demoshire Academy, at Greenfield Farm) is due within a week;
- the first review due at Riverside is held (on the day it was due), with who attended, each objective
  judged, the pupil's and the parent's views, the provider's report and a decision to amend the plan;
- before Isla Grant's review, the pupil has answered through a link for her views (the AP lead reads her
  answers where the review is held), and a link for her parent's views waits unused;
- every other review that fell due (or falls due within a week) is moved a little later, each with a
  reason, so the placement's page shows a moved date with its old date and why.

Holding and moves go through the review services as the pages make them. A placement with a held or a
moved review is left as it is, so loading again changes nothing.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as
from placements.models import Objective, Placement, PlacementStatus
from reviews import holding, services, voices
from reviews.models import Decision, Rating, Review, ReviewMove, ReviewState, Voice, VoiceLink

OVERDUE = ("Jordan", "Pike")
DUE_SOON = ("Isla", "Grant")
KEPT_AS_THEY_ARE = Q(
    placement__pupil__legal_forename=OVERDUE[0], placement__pupil__legal_surname=OVERDUE[1]
) | Q(placement__pupil__legal_forename=DUE_SOON[0], placement__pupil__legal_surname=DUE_SOON[1])
# Days from today each rearranged review moves to, and why, in turn.
MOVES = [
    (9, "The parent could not come on the day; rearranged with her."),
    (12, "The provider's staff training day: rearranged for the following week."),
    (10, "The pupil was ill on the day of the review."),
    (15, "The social worker could not attend; moved so that she can."),
    (11, "The school's AP lead was at a panel that day."),
]


HELD_AT = "riverside"


def _hold_one(by, due) -> None:
    """Hold the first review of `due` (a school's reviews fallen due, oldest first), once."""
    if Review.objects.visible_to(by).filter(state=ReviewState.HELD).exists():
        return
    review = due.filter(due_on__lte=timezone.localdate()).first()
    if review is None:
        return
    objectives = Objective.objects.visible_to(by).filter(placement_id=review.placement_id)
    ratings = {
        objective.pk: Rating.NOT_ON_TRACK if i == 0 else Rating.ON_TRACK
        for i, objective in enumerate(objectives)
    }
    holding.hold_review(
        review,
        by=by,
        held=holding.Held(
            held_on=max(review.due_on, review.placement.starts_on),
            attended=["school", "provider", "parent", "pupil"],
            attended_others="",
            ratings=ratings,
            pupil_views="I like the practical work. Getting there for nine is hard when the bus is late.",
            parent_views="He talks about the workshop at home. Mornings are still a struggle.",
            provider_report="Settled well in the workshop and works well with staff. Often late in the "
            "mornings; two sessions missed after a falling-out with another pupil, now resolved.",
            decision=Decision.AMEND,
            decision_note="Start at 9:30 for the next six weeks; the provider meets the bus on Mondays.",
        ),
    )


def _ask_views(by) -> None:
    """Isla Grant answers through a link before her review; her parent's link waits unused. Once: a review
    with links is left as it is. The tokens are not kept, as the service keeps none."""
    review = (
        Review.objects.visible_to(by)
        .filter(
            placement__pupil__legal_forename=DUE_SOON[0],
            placement__pupil__legal_surname=DUE_SOON[1],
            state=ReviewState.DUE,
        )
        .order_by("due_on")
        .first()
    )
    if review is None or VoiceLink.objects.visible_to(by).filter(review_id=review.pk).exists():
        return
    _link, token = voices.make_link(review, by=by, voice=Voice.PUPIL)
    voices.answer(
        token,
        answers=voices.Answers(
            ratings={"feeling": 4, "safe": 5, "learning": 4, "listened_to": 3},
            comment="I like looking after the animals. Sometimes nobody listens when I say I'm tired.",
        ),
    )
    voices.make_link(review, by=by, voice=Voice.PARENT)


def seed_reviews(acting: dict) -> None:
    """Hold one review at Riverside, and rearrange the demo's other reviews due by next week, at each demo
    school by its AP lead (`acting[school]`), except Jordan Pike's and Isla Grant's."""
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=7)
    turn = 0
    for school in ("academy", "riverside", "northvale_school"):
        by = acting[school]
        with acting_as(by):
            active = Placement.objects.visible_to(by).filter(
                school_id=by.organisation_id, status=PlacementStatus.ACTIVE
            )
            moved = ReviewMove.objects.visible_to(by).values("review__placement_id")
            due = (
                Review.objects.visible_to(by)
                .filter(placement__in=active, state=ReviewState.DUE, due_on__lte=soon)
                .exclude(placement_id__in=moved)
                .exclude(KEPT_AS_THEY_ARE)
                .select_related("placement")
                .order_by("placement_id", "due_on")
            )
            if school == HELD_AT:
                _hold_one(by, due)
            if school == "academy":
                _ask_views(by)
            held = Review.objects.visible_to(by).filter(state=ReviewState.HELD).values("placement_id")
            due = due.exclude(placement_id__in=held)
            for review in due:
                days, reason = MOVES[turn % len(MOVES)]
                turn += 1
                to_on = min(
                    today + datetime.timedelta(days=days), services.last_move_on(review, review.placement)
                )
                services.move_review(review, by=by, to_on=to_on, reason=reason)
