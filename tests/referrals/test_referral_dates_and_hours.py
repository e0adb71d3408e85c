"""Dates and hours on a referral: a preferred start is set from today to a year ahead, on a draft too; one
that has passed since stops it being sent (a draft may keep it, and is told); a provider offers a start
from today; hours a week, wanted or offered, are 0.5 to 40, with one message whatever is wrong with them;
and a whole number of hours shows as "15", not "15.0"."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import unscoped
from referrals import services
from referrals.models import Recipient, Referral, ReferralStatus
from tests.dates import date_input
from tests.referrals.pages import START, act, answer_of, draft, offered, pupil_of, sent, signed_in

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)
A_YEAR_AHEAD = TODAY.replace(year=TODAY.year + 1, day=min(TODAY.day, 28 if TODAY.month == 2 else 31))
HOURS = "Enter the hours a week, from 0.5 to 40"
PASSED = "The start date must be today or in the future"


def drafted_last_week(world, **fields):
    """A draft written a week ago, its preferred start yesterday: it was from today then."""
    with time_machine.travel(TODAY - datetime.timedelta(days=7), tick=False):
        return draft(world, preferred_start=YESTERDAY, **fields)


@pytest.mark.parametrize(
    ("start", "says"),
    [
        (datetime.date(1901, 5, 1), PASSED),
        (YESTERDAY, PASSED),
        (
            A_YEAR_AHEAD + datetime.timedelta(days=1),
            f"The start date must be the same as or before {A_YEAR_AHEAD.day} {A_YEAR_AHEAD:%B %Y}",
        ),
    ],
)
def test_a_draft_is_refused_a_start_before_today_or_more_than_a_year_ahead(world, start, says):
    with pytest.raises(ValidationError) as refused:
        draft(world, preferred_start=start)
    assert refused.value.message_dict == {"preferred_start": [says]}

    referral = draft(world, preferred_start=START)
    with pytest.raises(ValidationError) as refused:
        act(world.members["ap_lead"], services.update_referral, referral, changes={"preferred_start": start})
    assert refused.value.message_dict == {"preferred_start": [says]}
    with unscoped("test"):
        assert Referral.objects.get().preferred_start == START


def test_a_draft_may_start_today_or_a_year_ahead(world):
    assert draft(world, preferred_start=TODAY).preferred_start == TODAY
    referral = draft(world, pupil_of(world), preferred_start=A_YEAR_AHEAD)
    assert referral.preferred_start == A_YEAR_AHEAD


def test_a_draft_kept_with_a_start_more_than_a_year_ahead_is_not_sent_with_it(world):
    referral = draft(world)
    with unscoped("test"):
        Referral.objects.filter(pk=referral.pk).update(
            preferred_start=A_YEAR_AHEAD + datetime.timedelta(days=365)
        )

    with pytest.raises(ValidationError) as refused:
        act(world.members["ap_lead"], services.send_referral, referral, providers=[world.provider])

    assert refused.value.message_dict == {
        "preferred_start": [f"The start date must be the same as or before {A_YEAR_AHEAD:%-d %B %Y}"]
    }


def test_the_start_page_shows_a_start_in_1901_beside_its_boxes(world):
    pupil = pupil_of(world)
    response = signed_in(world, "ap_lead").post(
        reverse("referrals:start"),
        {
            "pupil": pupil.pk,
            "reason": "at_risk",
            "needs_summary": "Finds large classes hard.",
            "success_looks_like": "Attending every morning.",
            **date_input("preferred_start", datetime.date(1901, 5, 1)),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"preferred_start": [PASSED]}
    assert f'<a href="#id_preferred_start">{PASSED}</a>' in response.content.decode()
    with unscoped("test"):
        assert not Referral.objects.exists()


def test_a_draft_may_keep_a_start_that_has_passed_but_is_not_sent_with_it(world):
    referral = drafted_last_week(world)
    lead = world.members["ap_lead"]

    with pytest.raises(ValidationError) as refused:
        act(lead, services.send_referral, referral, providers=[world.provider])

    assert refused.value.message_dict == {
        "preferred_start": [
            f"The preferred start, {YESTERDAY.day} {YESTERDAY:%B %Y}, has passed: change it to today or "
            "later before sending the referral"
        ]
    }
    with unscoped("test"):
        assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.DRAFT
    act(lead, services.update_referral, referral, changes={"preferred_start": TODAY})
    assert (
        act(lead, services.send_referral, referral, providers=[world.provider]).status == ReferralStatus.SENT
    )


def test_the_draft_and_the_send_page_say_the_start_has_passed(world):
    referral = drafted_last_week(world)
    school = signed_in(world, "ap_lead")
    says = f"The preferred start, {YESTERDAY:%-d %B %Y}, has passed"

    assert says in school.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert says in school.get(reverse("referrals:send", args=[referral.pk])).content.decode()
    response = school.post(reverse("referrals:send", args=[referral.pk]), {"providers": [world.provider.pk]})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    with unscoped("test"):
        assert not Recipient.objects.exists()


def test_a_sent_referrals_start_moves_only_to_today_or_later_and_one_since_passed_is_kept(world):
    referral = sent(world)
    lead = world.members["ap_lead"]

    with pytest.raises(ValidationError) as refused:
        act(lead, services.update_referral, referral, changes={"preferred_start": YESTERDAY})
    assert refused.value.message_dict == {"preferred_start": [PASSED]}

    with time_machine.travel(START + datetime.timedelta(days=3), tick=False):
        changed = act(
            lead,
            services.update_referral,
            referral,
            changes={"preferred_start": START, "pupil_wants": "Art."},
        )
    assert changed == ["pupil_wants"]


def test_a_provider_offers_a_start_from_today_and_keeps_one_since_passed(world):
    referral = sent(world)
    manager = world.members["provider_manager"]
    answer = answer_of(referral, world.provider)

    with pytest.raises(ValidationError) as refused:
        act(
            manager, services.respond, answer, response="can_offer", offered_start=YESTERDAY, offered_hours=15
        )
    assert refused.value.message_dict == {"offered_start": ["The start date must be today or in the future"]}

    offered(world, referral)  # from START
    with time_machine.travel(START + datetime.timedelta(days=3), tick=False):
        kept = act(
            manager,
            services.respond,
            answer,
            response="can_offer",
            offered_start=START,
            offered_hours=Decimal("12"),
        )
    assert (kept.offered_start, kept.offered_hours) == (START, Decimal("12"))


@pytest.mark.parametrize(
    "hours", [None, Decimal("0"), Decimal("-3"), Decimal("0.4"), Decimal("40.5"), Decimal("41")]
)
def test_hours_offered_or_wanted_outside_half_an_hour_to_40_get_one_message(world, hours):
    referral = sent(world)
    with pytest.raises(ValidationError) as refused:
        act(
            world.members["provider_manager"],
            services.respond,
            answer_of(referral, world.provider),
            response="can_offer",
            offered_start=START,
            offered_hours=hours,
        )
    assert refused.value.message_dict == {"offered_hours": [HOURS]}
    if hours is not None:
        with pytest.raises(ValidationError) as refused:
            draft(world, hours_wanted=hours)
        assert refused.value.message_dict == {"hours_wanted": [HOURS]}


@pytest.mark.parametrize("typed", ["0", "-3", "41", "15.25", "fifteen"])
def test_the_answer_page_says_the_same_about_any_hours_it_cannot_take(world, typed):
    referral = sent(world)
    response = signed_in(world, "provider_manager").post(
        reverse("referrals:respond", args=[referral.pk]),
        {"response": "can_offer", **date_input("offered_start", START), "offered_hours": typed},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["offered_hours"] == [HOURS]


def test_the_answer_page_refuses_a_start_that_has_passed(world):
    referral = sent(world)
    response = signed_in(world, "provider_manager").post(
        reverse("referrals:respond", args=[referral.pk]),
        {"response": "can_offer", **date_input("offered_start", YESTERDAY), "offered_hours": "15"},
    )

    assert response.context["form"].errors["offered_start"] == [
        "The start date must be today or in the future"
    ]


def test_the_answer_page_says_what_is_wrong_with_the_start_and_the_hours_at_once(world):
    referral = sent(world)
    response = signed_in(world, "provider_manager").post(
        reverse("referrals:respond", args=[referral.pk]),
        {"response": "can_offer", **date_input("offered_start", YESTERDAY), "offered_hours": "45"},
    )

    assert response.context["form"].errors == {"offered_start": [PASSED], "offered_hours": [HOURS]}


def test_the_start_page_says_what_is_wrong_with_the_start_and_the_hours_at_once(world):
    response = signed_in(world, "ap_lead").post(
        reverse("referrals:start"),
        {
            "pupil": pupil_of(world).pk,
            "reason": "at_risk",
            "needs_summary": "Finds large classes hard.",
            "success_looks_like": "Attending every morning.",
            **date_input("preferred_start", YESTERDAY),
            "hours_wanted": "45",
        },
    )

    assert response.context["form"].errors == {"preferred_start": [PASSED], "hours_wanted": [HOURS]}


def test_whole_hours_show_as_a_whole_number_in_the_forms(world):
    referral = sent(world)
    offered(world, referral)

    answer = signed_in(world, "provider_manager").get(reverse("referrals:respond", args=[referral.pk]))
    change = signed_in(world, "ap_lead").get(reverse("referrals:edit", args=[referral.pk]))

    assert 'name="offered_hours" value="15"' in answer.content.decode()
    assert 'name="hours_wanted" value="15"' in change.content.decode()


@pytest.mark.parametrize(("typed", "kept"), [("15.00", Decimal("15")), (" 12.50 ", Decimal("12.5"))])
def test_hours_typed_with_trailing_zeros_are_taken_as_the_same_number(world, typed, kept):
    referral = sent(world)
    response = signed_in(world, "provider_manager").post(
        reverse("referrals:respond", args=[referral.pk]),
        {"response": "can_offer", **date_input("offered_start", START), "offered_hours": typed},
    )

    assert response.status_code == 302
    with unscoped("a test reads the answer as stored"):
        assert Recipient.objects.get(referral=referral).offered_hours == kept
