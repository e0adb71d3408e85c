"""Foreign ids on the referral's forms: another school's pupil, an organisation that is not a provider (or
no organisation at all), and the answer of another referral are each refused, and nothing is written.
Each refusal has its positive case beside it."""

from django.urls import reverse

from apcommission.tenancy.scoping import unscoped
from referrals.models import Recipient, Referral, Visit
from tests.pupils.factories import PupilFactory
from tests.referrals.pages import answer_of, draft, sent, signed_in


def table(model) -> list[dict]:
    with unscoped("test"):
        return list(model.objects.order_by("pk").values())


def short_referral(pupil_id) -> dict:
    return {
        "pupil": pupil_id,
        "reason": "at_risk",
        "needs_summary": "Finds large classes hard.",
        "success_looks_like": "Attending every morning.",
        "parent_consents": "on",
    }


def test_a_referral_is_started_for_the_schools_own_pupil(world):
    pupil = PupilFactory(school=world.school)
    response = signed_in(world, "ap_lead").post(reverse("referrals:start"), short_referral(pupil.pk))
    assert response.status_code == 302
    assert len(table(Referral)) == 1


def test_another_schools_pupil_is_not_a_choice(world):
    for elsewhere in (PupilFactory(school=world.sibling_school), PupilFactory(school=world.other_school)):
        response = signed_in(world, "ap_lead").post(reverse("referrals:start"), short_referral(elsewhere.pk))
        assert response.status_code == 200
        assert response.context["form"].errors["pupil"] == ["Choose one of your school's pupils"]
    assert table(Referral) == []


def test_a_referral_is_sent_to_a_provider_of_the_directory(world):
    referral = draft(world)
    client = signed_in(world, "ap_lead")
    response = client.post(
        reverse("referrals:send", args=[referral.pk]), {"providers": [world.other_provider.pk]}
    )
    assert response.status_code == 302
    assert [row["provider_id"] for row in table(Recipient)] == [world.other_provider.pk]


def test_a_school_an_la_or_no_organisation_is_not_a_provider_to_send_to(world):
    referral = draft(world)
    client = signed_in(world, "ap_lead")
    before = table(Referral)
    for foreign in (world.sibling_school.pk, world.la.pk, world.trust.pk, 999_999, "x"):
        response = client.post(
            reverse("referrals:send", args=[referral.pk]), {"providers": [world.provider.pk, foreign]}
        )
        assert response.status_code == 200, foreign
        assert "providers" in response.context["form"].errors
    assert table(Recipient) == []
    assert table(Referral) == before


def test_the_offer_of_another_schools_referral_is_not_found(world):
    theirs = sent(world, pupil=PupilFactory(school=world.sibling_school))
    offer = answer_of(theirs, world.provider)
    client = signed_in(world, "ap_lead")
    before = table(Recipient)
    assert client.post(reverse("referrals:accept", args=[offer.pk]), {}).status_code == 404
    assert (
        client.post(reverse("referrals:visit_create", args=[offer.pk]), {"kind": "visit"}).status_code == 404
    )
    assert table(Recipient) == before
    assert table(Visit) == []


def test_a_provider_meets_only_its_own_answers(world):
    referral = sent(world, world.provider, world.other_provider)
    theirs = answer_of(referral, world.other_provider)
    client = signed_in(world, "provider_manager")
    assert (
        client.post(reverse("referrals:visit_create", args=[theirs.pk]), {"kind": "visit"}).status_code == 404
    )
    ours = answer_of(referral, world.provider)
    assert client.get(reverse("referrals:visit_create", args=[ours.pk])).status_code == 200
    assert table(Visit) == []


def test_a_posted_referral_or_provider_id_on_an_answer_is_ignored(world):
    referral = sent(world)
    other = sent(world, world.provider)
    client = signed_in(world, "provider_manager")
    client.post(
        reverse("referrals:respond", args=[referral.pk]),
        {"response": "visit_first", "referral": other.pk, "provider": world.other_provider.pk},
    )
    assert answer_of(referral, world.provider).response == "visit_first"
    assert answer_of(other, world.provider).response == "awaiting"
