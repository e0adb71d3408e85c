"""Access-matrix rows for the review schedule's pages (under /reviews/). Moving a review: the AP lead of
the placement's school, while the placement is active; whoever else sees the placement gets 403 (its
school's other roles, its trust, its LA, its provider); anyone else 404, another provider and another LA
included. An LA's review rules: its officers and viewers read them (each its own LA's: the pages take no
id), its officers change them; schools, trusts and providers are refused (403).

Holding a review: the AP lead of the placement's school, while it is active or, for the final review, after
it ended; the same 403 and 404 as moving. A held review is read by whoever sees the placement (the
provider too, without the commissioners' part); anyone else 404.

The links for the pupil's and the parent's views: the AP lead reads a due review's links and answers,
makes a link (shown on the reply, 200) and withdraws one; the placement's other readers get 403 (a provider
withdrawing one gets 404: it does not see the links at all); anyone else 404. The public page of a link
needs no sign-in and answers everyone alike, people without MFA and the operator included: a usable link
200 (its answers sent on to the thank-you page), any other 404.

Recording a parent's request for a review: the AP lead of the placement's school, on an off-site direction
while it is active; the same 403 and 404 as moving, and 403 for the AP lead too on an ended placement or
one that is no off-site direction (the parent has no such right there).

The schedule itself is on the placement's page, whose rows are `rows_placements`."""

import datetime

from django.utils import timezone

from apcommission.tenancy.scoping import unscoped
from placements.models import Objective, PlacementReason, PlacementStatus
from reviews.models import ReviewState
from tests.access.matrix import FORBIDDEN, NOT_ALLOWED, NOT_FOUND, OK, page, pk, rule, to, wrong_method
from tests.access.rows_placements import READ, placement
from tests.dates import date_input
from tests.reviews.factories import ReviewFactory, VoiceLinkFactory

S = PlacementStatus
TODAY = timezone.localdate()
MAY_NOT = {role: FORBIDDEN for role in READ if role != "ap_lead"}


def with_review(status=S.ACTIVE):
    def setup(world):
        placement(status)(world)
        world.placement.planned_end_on = TODAY + datetime.timedelta(weeks=20)
        world.placement.save(update_fields=["planned_end_on"])
        world.review = ReviewFactory(
            placement=world.placement, planned_on=TODAY + datetime.timedelta(weeks=4)
        )

    return setup


def a_move(world, role) -> dict:
    return {**date_input("due_on", TODAY + datetime.timedelta(weeks=5)), "reason": "The parent is away."}


def a_hold(world, role) -> dict:
    with unscoped("matrix data"):
        objectives = list(
            Objective.objects.filter(placement_id=world.placement.pk).values_list("pk", flat=True)
        )
    return {
        **date_input("held_on", TODAY),
        "attended": ["school", "provider"],
        **{f"objective_{pk}": "on_track" for pk in objectives},
        "provider_report": "Settled in.",
        "decision": "continue",
    }


def with_held_review(world):
    with_review()(world)
    world.review.state, world.review.held_on, world.review.decision = ReviewState.HELD, TODAY, "continue"
    world.review.save()


VOICE_TOKEN = "a-valid-voice-token"


def with_voice_link(world):
    with_review()(world)
    world.voice_link = VoiceLinkFactory(
        review=world.review, token=VOICE_TOKEN, created_by=world.members["ap_lead"].user
    )


def the_token(world) -> dict:
    return {"token": VOICE_TOKEN}


def for_the_pupil(world, role) -> dict:
    return {"voice": "pupil"}


def answers(world, role) -> dict:
    return {"feeling": "4", "safe": "5", "comment": "It is better than school."}


def rules(world, role) -> dict:
    return {"first_after_weeks": "3", "every_weeks": "5"}


the_review = pk("review")
the_placement = pk("placement")


def directed_off_site(status=S.ACTIVE, reason=PlacementReason.OFF_SITE_DIRECTION):
    def setup(world):
        placement(status)(world)
        world.placement.reason = reason
        world.placement.save(update_fields=["reason"])

    return setup


def a_request(world, role) -> dict:
    return date_input("asked_on", TODAY)


def lead_only(name, method="GET", *, answer=OK, **rest):
    """The AP lead gets `answer`, whoever else sees the placement 403, outsiders 404."""
    return page(name, method, members=NOT_FOUND, **MAY_NOT, ap_lead=answer, **rest)


ROWS = [
    lead_only("reviews:move", setup=with_review(), kwargs=the_review),
    lead_only(
        "reviews:move",
        "POST",
        answer=to("placements:detail"),
        setup=with_review(),
        kwargs=the_review,
        data=a_move,
    ),
    lead_only("reviews:move", note="ended", answer=FORBIDDEN, setup=with_review(S.ENDED), kwargs=the_review),
    wrong_method("reviews:move", "PUT", setup=with_review(), kwargs=the_review),
    lead_only("reviews:hold", setup=with_review(), kwargs=the_review),
    lead_only(
        "reviews:hold",
        "POST",
        answer=to("reviews:detail"),
        setup=with_review(),
        kwargs=the_review,
        data=a_hold,
    ),
    lead_only("reviews:hold", note="ended", setup=with_review(S.ENDED), kwargs=the_review),
    wrong_method("reviews:hold", "PUT", setup=with_review(), kwargs=the_review),
    lead_only("reviews:voices", setup=with_review(), kwargs=the_review),
    wrong_method("reviews:voices", "POST", setup=with_review(), kwargs=the_review),
    lead_only("reviews:voice_link_new", "POST", setup=with_review(), kwargs=the_review, data=for_the_pupil),
    wrong_method("reviews:voice_link_new", "GET", setup=with_review(), kwargs=the_review),
    page(
        "reviews:voice_link_withdraw",
        "POST",
        members=NOT_FOUND,
        **{**MAY_NOT, "provider_manager": NOT_FOUND, "provider_staff": NOT_FOUND},
        ap_lead=to("reviews:voices"),
        setup=with_voice_link,
        kwargs=pk("voice_link"),
    ),
    wrong_method("reviews:voice_link_withdraw", "GET", setup=with_voice_link, kwargs=pk("voice_link")),
    # The public page: no sign-in, the same for everyone.
    rule("voice", note="a usable link", setup=with_voice_link, kwargs=the_token, everyone=OK),
    rule("voice", note="an unknown link", kwargs=lambda world: {"token": "not-a-token"}, everyone=NOT_FOUND),
    rule(
        "voice",
        "POST",
        note="answers",
        setup=with_voice_link,
        kwargs=the_token,
        data=answers,
        everyone=to("voice_thanks"),
    ),
    rule("voice", "PUT", note="wrong method", setup=with_voice_link, kwargs=the_token, everyone=NOT_ALLOWED),
    rule("voice_thanks", everyone=OK),
    rule("voice_thanks", "POST", note="wrong method", everyone=NOT_ALLOWED),
    page("reviews:detail", members=NOT_FOUND, **READ, setup=with_held_review, kwargs=the_review),
    wrong_method("reviews:detail", "POST", setup=with_held_review, kwargs=the_review),
    lead_only("reviews:parent_request", setup=directed_off_site(), kwargs=the_placement),
    lead_only(
        "reviews:parent_request",
        "POST",
        answer=to("placements:detail"),
        setup=directed_off_site(),
        kwargs=the_placement,
        data=a_request,
    ),
    lead_only(
        "reviews:parent_request",
        note="ended",
        answer=FORBIDDEN,
        setup=directed_off_site(S.ENDED),
        kwargs=the_placement,
    ),
    lead_only(
        "reviews:parent_request",
        note="not an off-site direction",
        answer=FORBIDDEN,
        setup=directed_off_site(reason=PlacementReason.AT_RISK),
        kwargs=the_placement,
    ),
    wrong_method("reviews:parent_request", "PUT", setup=directed_off_site(), kwargs=the_placement),
    page("reviews:la_rules", members=FORBIDDEN, la_officer=OK, la_viewer=OK, other_la_officer=OK),
    wrong_method("reviews:la_rules", "POST"),
    page("reviews:la_rules_change", members=FORBIDDEN, la_officer=OK, other_la_officer=OK),
    page(
        "reviews:la_rules_change",
        "POST",
        note="new rules",
        data=rules,
        members=FORBIDDEN,
        la_officer=to("reviews:la_rules"),
        other_la_officer=to("reviews:la_rules"),
    ),
    wrong_method("reviews:la_rules_change", "PUT"),
]
