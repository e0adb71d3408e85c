"""A page refused because of where the referral is (withdrawing one already withdrawn, sending one sent)
goes back to the referral and says what state it is in, instead of the 403 page blaming the person's
role; a provider is told only that the school has decided, as its page says. A role that may not do it
at all still gets the 403."""

import pytest
from django.urls import reverse

from apcommission.tenancy.scoping import unscoped
from panels.models import Decision
from referrals import services
from referrals.models import ReferralStatus
from tests.panels.factories import PanelItemFactory, PanelMeetingFactory, PanelSettingFactory
from tests.referrals.pages import accepted, act, answer_of, draft, sent, signed_in


def banner(client, response) -> list[str]:
    assert response.status_code == 302
    return [str(message) for message in client.get(response.url).context["messages"]]


def withdrawn(world):
    referral = sent(world)
    return act(
        world.members["ap_lead"], services.end_referral, referral, to=ReferralStatus.WITHDRAWN, reason="Moved"
    )


def test_withdrawing_a_withdrawn_referral_goes_back_to_it_saying_so(world):
    referral = withdrawn(world)
    school = signed_in(world, "ap_lead")

    response = school.get(reverse("referrals:end", args=[referral.pk]))

    assert response.url == reverse("referrals:detail", args=[referral.pk])
    assert banner(school, response) == ["This referral is withdrawn: it cannot be withdrawn or closed now."]
    assert (
        signed_in(world, "school_staff").get(reverse("referrals:end", args=[referral.pk])).status_code == 403
    )


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("referrals:edit", "This referral is accepted: it can no longer be changed."),
        ("referrals:send", "This referral is accepted: only a draft is sent to providers."),
        ("referrals:end", None),
    ],
)
def test_the_ap_lead_is_told_what_state_an_accepted_referral_is_in(world, name, says):
    referral = accepted(world)
    school = signed_in(world, "ap_lead")

    response = school.get(reverse(name, args=[referral.pk]))

    if says is None:  # an accepted referral may still be withdrawn
        assert response.status_code == 200
    else:
        assert banner(school, response) == [says]


def test_the_detailed_referral_waits_for_an_accepted_offer(world):
    referral = sent(world)
    school = signed_in(world, "ap_lead")

    response = school.get(reverse("referrals:details", args=[referral.pk]))

    assert banner(school, response) == [
        "This referral is sent to providers: the detailed referral is written once an offer is accepted."
    ]


def test_an_answer_that_is_no_offer_is_not_accepted_and_says_why(world):
    referral = sent(world)
    school = signed_in(world, "ap_lead")

    response = school.get(reverse("referrals:accept", args=[answer_of(referral, world.provider).pk]))

    assert banner(school, response) == [
        "Demoshire PRU has not offered a place (its answer: waiting for a reply): there is no offer to "
        "accept."
    ]


def test_a_released_provider_is_told_only_that_the_school_has_decided(world):
    referral = accepted(world, world.other_provider)
    released = signed_in(world, "other_provider_manager")

    response = released.get(reverse("referrals:respond", args=[referral.pk]))

    assert banner(released, response) == [
        "The school has made its decision on this referral: your answer cannot change now."
    ]
    visit = released.get(
        reverse("referrals:visit_create", args=[answer_of(referral, world.other_provider).pk])
    )
    assert banner(released, visit) == [
        "The school has made its decision on this referral: visits are arranged only while it is open."
    ]


def test_a_referral_not_sent_or_of_an_la_without_a_panel_is_not_put_to_one(world):
    school = signed_in(world, "ap_lead")
    first = draft(world)
    response = school.get(reverse("panels:put", args=[first.pk]))
    assert response.url == reverse("referrals:detail", args=[first.pk])
    assert banner(school, response) == [
        "This referral is a draft: only a referral sent to providers, and not with a panel, is put to one."
    ]

    second = sent(world)
    response = school.get(reverse("panels:put", args=[second.pk]))
    assert banner(school, response) == [
        "The LA does not put AP referrals to a panel: there is no panel to put it to."
    ]


def test_a_decision_already_recorded_goes_back_to_the_meeting(world):
    PanelSettingFactory(local_authority=world.la)
    referral = sent(world)
    with unscoped("test"):
        type(referral).objects.filter(pk=referral.pk).update(status=ReferralStatus.AT_PANEL)
    meeting = PanelMeetingFactory(local_authority=world.la, meets_on=referral.sent_at.date())
    item = PanelItemFactory(
        meeting=meeting,
        referral=referral,
        decision=Decision.AGREE,
        reasons="Fine.",
        decided_at=referral.sent_at,
    )
    officer = signed_in(world, "la_officer")

    response = officer.post(
        reverse("panels:decision", args=[item.pk]), {"decision": "decline", "reasons": "No."}
    )

    assert response.url == reverse("panels:meeting", args=[meeting.pk])
    assert banner(officer, response) == ["The panel's decision on this referral is already recorded."]
    with unscoped("test"):
        item.refresh_from_db()
    assert item.decision == Decision.AGREE
