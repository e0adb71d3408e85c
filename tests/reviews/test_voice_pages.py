"""Who reads the pupil's and the parent's answers: the commissioners where the review is held, on the held
review and, counted, on the provider's page; the provider none of them; another school nothing. The pages'
queries do not grow with the answers."""

import datetime

from django.urls import reverse
from django.utils import timezone

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.scoping import unscoped
from reviews.models import ReviewState
from tests.placements.plan_world import active, signed_in
from tests.providers.pages import queries_for
from tests.reviews.factories import VoiceLinkFactory, VoiceResponseFactory
from tests.reviews.test_pages import text_of
from tests.reviews.world import reviews_of

TODAY = timezone.localdate()
SAYS = "Canary: the workshop is the best part."


def placement_of(world):
    return active(world, planned_end_on=TODAY + datetime.timedelta(weeks=20))


def answered(review, voice="pupil", **answers):
    return VoiceResponseFactory(link__review=review, link__voice=voice, **{"comment": SAYS, **answers})


def hold(review):
    with unscoped("a test holds the review as stored"):
        review.state, review.held_on, review.decision = ReviewState.HELD, TODAY, "continue"
        review.save()


def test_the_ap_lead_reads_the_answers_where_the_review_is_held(world):
    placement = placement_of(world)
    review = reviews_of(placement)[0]
    answered(review, feeling=5, safe=2)
    page = text_of(signed_in(world, "ap_lead").get(reverse("reviews:hold", args=[review.pk])))
    assert "What the pupil and the parent said before the review" in page
    assert "How do you feel about going to your placement? Really good" in page
    assert "Do you feel safe there? Not often" in page
    assert SAYS in page
    assert page.index(SAYS) < page.index("The pupil's views")


def test_the_commissioners_read_the_answers_on_the_held_review_and_the_provider_does_not(world):
    placement = placement_of(world)
    review = reviews_of(placement)[0]
    answered(review, voice="parent", learning=1)
    hold(review)
    url = reverse("reviews:detail", args=[review.pk])
    for role in ("ap_lead", "dsl", "school_leader", "school_staff", "trust_leader", "la_officer"):
        page = text_of(signed_in(world, role).get(url))
        assert SAYS in page, role
        assert "Is your child learning things that help them? Never" in page, role
    for role in ("provider_manager", "provider_staff"):
        response = signed_in(world, role).get(url)
        assert response.status_code == 200
        assert SAYS not in text_of(response), role
        assert "Never" not in text_of(response), role
    assert signed_in(world, "other_school_leader").get(url).status_code == 404


def test_the_views_page_shows_each_link_and_the_answers(world):
    placement = placement_of(world)
    review = reviews_of(placement)[0]
    VoiceLinkFactory(review=review, voice="parent", created_by=world.user("ap_lead"))
    VoiceLinkFactory(
        review=review,
        created_by=world.user("ap_lead"),
        withdrawn_at=timezone.now(),
        withdrawn_by=world.user("ap_lead"),
    )
    answered(review)
    client = signed_in(world, "ap_lead")
    page = text_of(client.get(reverse("reviews:voices", args=[review.pk])))
    assert "Get a link for the pupil's views" in page
    assert "Waiting for an answer" in page
    assert f"Withdrawn on {TODAY:%-d %B %Y}" in page
    assert f"Answered on {TODAY:%-d %B %Y}" in page
    assert SAYS in page
    with unscoped("a test reads the rows as stored"):
        assert AccessEvent.objects.filter(action="review.voices", pupil_ids=[placement.pupil_id]).exists()
    empty = text_of(client.get(reverse("reviews:voices", args=[reviews_of(placement)[1].pk])))
    assert "No links have been made for this review yet." in empty
    assert "Nobody has answered yet." in empty


def test_the_provider_page_counts_the_answers_for_commissioners_only(world):
    placement = placement_of(world)
    review = reviews_of(placement)[0]
    answered(review, feeling=5, safe=5)
    answered(review, feeling=5, safe=3)
    answered(review, voice="parent", feeling=2)
    url = reverse("provider_detail", args=[world.provider.pk])
    page = text_of(signed_in(world, "la_officer").get(url))
    assert "What pupils and parents say" in page
    assert "2 from pupils, 1 from parents or carers" in page
    assert "How do you feel about going to your placement? Really good: 2" in page
    assert "Do you feel safe there? Always: 1 Sometimes: 1" in page
    assert "How does your child feel about going to their placement? Not very good: 1" in page
    assert SAYS not in page
    own = text_of(signed_in(world, "provider_manager").get(url))
    assert "What pupils and parents say" not in own
    assert "Really good" not in own
    # Another area's officer sees this provider's page, and none of these answers.
    other = text_of(signed_in(world, "other_la_officer").get(url))
    assert "No pupil or parent has answered a review link about a placement with this provider yet." in other


def test_the_pages_queries_do_not_grow_with_the_answers(world):
    placement = placement_of(world)
    review = reviews_of(placement)[0]
    client = signed_in(world, "ap_lead")
    pages = [
        reverse("reviews:hold", args=[review.pk]),
        reverse("reviews:voices", args=[review.pk]),
        reverse("provider_detail", args=[world.provider.pk]),
    ]
    before = [queries_for(client, url) for url in pages]
    for voice in ("pupil", "parent", "pupil"):
        answered(review, voice=voice)
    VoiceLinkFactory(review=review, voice="parent", created_by=world.user("ap_lead"))
    assert [queries_for(client, url) for url in pages] == before
