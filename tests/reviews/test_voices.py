"""The one-time link for the pupil's and the parent's views: it works once, expires, cannot be guessed and
shows nothing else; every link that cannot be used gets the same page; a double submit saves once; bad
answers lose nothing."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import unscoped
from reviews import voices
from reviews.models import ReviewState, VoiceLink, VoiceResponse
from tests.placements.plan_world import active, lead, pupil_of, signed_in
from tests.reviews.test_pages import text_of
from tests.reviews.world import reviews_of

TODAY = timezone.localdate()
CANARY = "Canarywing"


def placement_of(world):
    pupil = pupil_of(world, legal_forename=CANARY, legal_surname="Featherstone")
    return active(world, pupil, planned_end_on=TODAY + datetime.timedelta(weeks=20))


def make_link(world, review, voice="pupil") -> str:
    """The AP lead makes a link on the page, as a person does; the link's path, read from the reply."""
    response = signed_in(world, "ap_lead").post(
        reverse("reviews:voice_link_new", args=[review.pk]), {"voice": voice}
    )
    assert response.status_code == 200
    url = re.search(r'id="voice-link" type="text" value="([^"]+)"', response.content.decode()).group(1)
    return url.removeprefix("http://testserver")


def links() -> list[VoiceLink]:
    with unscoped("a test reads the rows as stored"):
        return list(VoiceLink.objects.order_by("pk"))


def responses() -> list[VoiceResponse]:
    with unscoped("a test reads the rows as stored"):
        return list(VoiceResponse.objects.order_by("pk"))


def main_of(response) -> str:
    """The page's main content: the rest carries a per-request nonce and the CSRF token."""
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


ANSWERS = {"feeling": "4", "safe": "5", "learning": "2", "listened_to": "3", "comment": "The staff are fair."}


def test_a_link_works_once_and_its_answers_attach_to_the_review(world, client):
    placement = placement_of(world)
    review = reviews_of(placement)[0]
    url = make_link(world, review)
    [link] = links()
    assert link.token_hash != url.split("/")[-2]  # only the hash is kept
    assert len(url.split("/")[-2]) >= 43  # 256 random bits

    form = client.get(url)
    assert form.status_code == 200
    assert form["Cache-Control"].startswith("max-age=0")
    assert "Tell us how your placement is going" in text_of(form)
    sent = client.post(url, ANSWERS)
    assert sent.status_code == 302
    assert sent.url == reverse("voice_thanks")
    [response] = responses()
    assert (response.review_id, response.voice, response.feeling, response.safe) == (review.pk, "pupil", 4, 5)
    assert (response.learning, response.listened_to, response.comment) == (2, 3, "The staff are fair.")
    assert links()[0].used_at is not None

    again = client.get(url)
    assert again.status_code == 404
    assert "This link cannot be used" in text_of(again)
    assert client.post(url, ANSWERS).status_code == 404
    assert len(responses()) == 1


def test_the_page_names_nobody(world, client):
    placement = placement_of(world)
    url = make_link(world, reviews_of(placement)[0], voice="parent")
    page = client.get(url).content.decode()
    assert "Tell us how your child&#x27;s placement is going" in page or "your child's placement" in page
    for name in (CANARY, "Featherstone", world.school.name, world.provider.name, world.la.name, "Demoshire"):
        assert name not in page, name
    client.post(url, ANSWERS)
    thanks = client.get(reverse("voice_thanks")).content.decode()
    assert CANARY not in thanks
    assert world.provider.name not in thanks


def unusable_pages(world, client) -> dict[str, object]:
    """One of each link that cannot be used, and one that can, each as its page."""
    placement = placement_of(world)
    review = reviews_of(placement)[0]
    used = make_link(world, review, voice="parent")
    client.post(used, ANSWERS)
    replaced = make_link(world, review)
    fresh = make_link(world, review)  # withdraws the one before: a new link for the same person
    return {
        "used": client.get(used),
        "withdrawn by a newer link": client.get(replaced),
        "unknown": client.get("/voice/" + "x" * 43 + "/"),
        "too long to be ours": client.get("/voice/" + "x" * 500 + "/"),
        "fresh": client.get(fresh),
    }


def test_every_link_that_cannot_be_used_gets_the_same_page(world, client):
    pages = unusable_pages(world, client)
    assert pages.pop("fresh").status_code == 200
    assert {why: page.status_code for why, page in pages.items()} == dict.fromkeys(pages, 404)
    assert len({main_of(page) for page in pages.values()}) == 1
    assert "Ask the person who sent it for a new one." in text_of(pages["unknown"])


def test_a_withdrawn_link_stops_at_once_and_a_new_link_for_the_other_person_keeps_the_first(world, client):
    placement = placement_of(world)
    review = reviews_of(placement)[0]
    pupil = make_link(world, review)
    parent = make_link(world, review, voice="parent")
    assert client.get(pupil).status_code == 200
    link = links()[0]
    withdrawn = signed_in(world, "ap_lead").post(reverse("reviews:voice_link_withdraw", args=[link.pk]))
    assert withdrawn.url == reverse("reviews:voices", args=[review.pk])
    assert client.get(pupil).status_code == 404
    assert client.get(parent).status_code == 200
    assert links()[0].withdrawn_by_id == world.user("ap_lead").pk
    # Withdrawn again: nothing changes.
    at = links()[0].withdrawn_at
    signed_in(world, "ap_lead").post(reverse("reviews:voice_link_withdraw", args=[link.pk]))
    assert links()[0].withdrawn_at == at


def test_a_link_stops_when_its_review_is_held(world, client):
    placement = placement_of(world)
    review = reviews_of(placement)[0]
    url = make_link(world, review)
    with unscoped("a test holds the review as stored"):
        review.state, review.held_on, review.decision = ReviewState.HELD, TODAY, "continue"
        review.save()
    assert client.get(url).status_code == 404
    made = signed_in(world, "ap_lead").post(
        reverse("reviews:voice_link_new", args=[review.pk]), {"voice": "pupil"}
    )
    assert made.status_code == 302
    assert len(links()) == 1


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


def test_a_link_lasts_two_weeks_to_the_second(world, client):
    placement = placement_of(world)
    review = reviews_of(placement)[1]  # due in 10 weeks: the two weeks end first
    url = make_link(world, review)
    link = links()[0]
    assert link.expires_at == link.created_at + datetime.timedelta(days=14)
    with at(link.expires_at - datetime.timedelta(seconds=1)):
        assert client.get(url).status_code == 200
    with at(link.expires_at):
        expired = client.get(url)
        assert expired.status_code == 404
        assert main_of(expired) == main_of(client.get("/voice/not-a-token/"))
        assert client.post(url, ANSWERS).status_code == 404
    assert responses() == []


def london(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def test_a_link_ends_three_days_after_the_review_is_due(world, client):
    placement = placement_of(world)
    review = reviews_of(placement)[0]  # due in 4 weeks; made 3 weeks from now, it ends before 2 weeks pass
    made_on = review.due_on - datetime.timedelta(days=5)
    with at(london(made_on) + datetime.timedelta(hours=9)):
        url = make_link(world, review)
    end = london(review.due_on + datetime.timedelta(days=4))  # the end of the third day after
    assert links()[0].expires_at == end
    with at(end - datetime.timedelta(seconds=1)):
        assert client.get(url).status_code == 200
    with at(end):
        assert client.get(url).status_code == 404


def test_an_overdue_reviews_link_lasts_three_days_from_today(world):
    placement = placement_of(world)
    review = reviews_of(placement)[0]
    now = london(review.due_on + datetime.timedelta(days=10)) + datetime.timedelta(hours=9)
    assert voices.expiry_for(review, now) == london(review.due_on + datetime.timedelta(days=14))


def test_a_double_submit_saves_once(world):
    placement = placement_of(world)
    url = make_link(world, reviews_of(placement)[0])
    token = url.split("/")[-2]
    answers = voices.Answers(ratings={"feeling": 5}, comment="")
    voices.answer(token, answers=answers)
    with pytest.raises(voices.LinkUnusable):
        voices.answer(token, answers=answers)
    assert len(responses()) == 1


def test_bad_answers_are_said_and_the_link_still_works(world, client):
    placement = placement_of(world)
    url = make_link(world, reviews_of(placement)[0])
    empty = client.post(url, {"comment": "  "})
    assert empty.status_code == 200
    assert "Answer at least one question, or write something in the box" in text_of(empty)
    wrong = client.post(url, {"feeling": "9", "comment": "Kept."})
    assert "Choose one of the answers" in text_of(wrong)
    assert "Kept." in text_of(wrong)
    long = client.post(url, {"feeling": "3", "comment": "x" * 2001})
    assert "2,000 characters or fewer" in text_of(long)
    assert responses() == []
    assert links()[0].used_at is None
    assert client.post(url, {"comment": "Only words."}).status_code == 302
    assert responses()[0].feeling is None


def test_the_public_page_is_rate_limited_per_address(world, client, settings):
    settings.VOICE_LINK_RATE = "3/minute"
    for _ in range(3):
        assert client.get("/voice/nothing-here/").status_code == 404
    refused = client.get("/voice/nothing-here/")
    assert refused.status_code == 429
    assert "Too many tries" in text_of(refused)
    other = client.get("/voice/nothing-here/", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 404


def test_only_the_ap_lead_makes_links_and_only_for_a_review_still_due(world):
    placement = placement_of(world)
    review = reviews_of(placement)[0]
    for role in ("dsl", "school_leader", "la_officer", "provider_manager"):
        response = signed_in(world, role).post(
            reverse("reviews:voice_link_new", args=[review.pk]), {"voice": "pupil"}
        )
        assert response.status_code == 403, role
    assert (
        signed_in(world, "other_school_leader").get(reverse("reviews:voices", args=[review.pk])).status_code
        == 404
    )
    nobody = signed_in(world, "ap_lead").post(
        reverse("reviews:voice_link_new", args=[review.pk]), {"voice": "aunt"}
    )
    assert nobody.status_code == 302
    assert links() == []
    made = signed_in(world, "ap_lead").post(
        reverse("reviews:voice_link_new", args=[review.pk]), {"voice": "pupil"}
    )
    assert made.status_code == 200
    assert links()[0].created_by_id == lead(world).user_id
