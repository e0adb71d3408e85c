"""A referral's journey through its services: started by the AP lead, sent with the parent's consent (or
as an off-site direction with notice), answered by the providers asked, and accepted, withdrawn or
closed. Who sees what at each step is asserted through the scoping path itself."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from pupils.models import Pupil
from referrals import services
from referrals.models import (
    Recipient,
    Referral,
    ReferralReason,
    ReferralStatus,
    ReferralStatusChange,
    Response,
)
from tests.factories import ProviderFactory
from tests.history import history
from tests.pupils.factories import PupilFactory

TODAY = timezone.localdate()
# A Monday to come: offers and starts are from today on, whenever the suite runs.
MONDAY = TODAY + datetime.timedelta(days=7 - TODAY.weekday())


def act(membership, function, *args, **kwargs):
    with acting_as(membership):
        return function(*args, by=membership, **kwargs)


def seen(model, membership) -> set[int]:
    with acting_as(membership):
        return set(model.objects.visible_to(membership).values_list("pk", flat=True))


@pytest.fixture
def pupil(world):
    return PupilFactory(school=world.school, legal_forename="Amira", legal_surname="Khan")


@pytest.fixture
def draft(world, pupil):
    return act(
        world.members["ap_lead"],
        services.start_referral,
        pupil,
        reason=ReferralReason.AT_RISK,
        needs_summary="Finds large classes hard.",
        success_looks_like="Attending every morning by Easter.",
        preferred_start=MONDAY + datetime.timedelta(days=14),
        hours_wanted=Decimal("15"),
        parent_informed_on=TODAY,
        parent_consents=True,
        pupil_wants="To do hands-on work.",
    )


def send(world, referral, *providers):
    return act(world.members["ap_lead"], services.send_referral, referral, providers=providers)


def recipient(referral, provider) -> Recipient:
    with unscoped("test"):
        return Recipient.objects.get(referral=referral, provider=provider)


def test_a_draft_is_the_schools_alone_and_starts_its_timeline(world, draft):
    assert draft.status == ReferralStatus.DRAFT
    assert seen(Referral, world.members["school_staff"]) == {draft.pk}
    assert seen(Referral, world.members["trust_leader"]) == {draft.pk}
    for outsider in ("la_officer", "provider_manager", "other_school_leader"):
        assert seen(Referral, world.members[outsider]) == set(), outsider
    with unscoped("test"):
        [first] = ReferralStatusChange.objects.filter(referral=draft)
    assert (first.from_status, first.to_status) == ("", ReferralStatus.DRAFT)


def test_only_the_ap_lead_refers_and_only_its_own_schools_pupils(world, pupil):
    with pytest.raises(PermissionDenied):
        act(world.members["school_staff"], services.start_referral, pupil, reason="at_risk")
    elsewhere = PupilFactory(school=world.sibling_school)
    with pytest.raises(Pupil.DoesNotExist):
        act(world.members["ap_lead"], services.start_referral, elsewhere, reason="at_risk")


def test_sending_shares_a_minimal_copy_with_the_providers_asked_and_tells_the_la(world, draft, pupil):
    sent = send(world, draft, world.provider)

    assert sent.status == ReferralStatus.SENT
    assert (sent.shared_name, sent.shared_sex) == ("Amira K.", pupil.sex)
    assert sent.shared_year_group == pupil.year_group_on(sent.preferred_start)
    assert seen(Referral, world.members["provider_manager"]) == {draft.pk}
    assert seen(Referral, world.members["other_provider_manager"]) == set()  # not asked
    assert seen(Pupil, world.members["provider_manager"]) == set()  # never the pupil's record
    assert seen(Referral, world.members["la_officer"]) == {draft.pk}
    assert seen(Pupil, world.members["la_officer"]) == {pupil.pk}  # the LA knows the pupil now


def test_a_provider_sees_its_own_answer_not_who_else_was_asked(world, draft):
    send(world, draft, world.provider, world.other_provider)

    assert seen(Recipient, world.members["provider_manager"]) == {recipient(draft, world.provider).pk}
    assert len(seen(Recipient, world.members["ap_lead"])) == 2
    assert seen(ReferralStatusChange, world.members["provider_manager"]) == set()


def test_a_referral_is_not_sent_without_the_parents_consent_or_a_provider(world, draft):
    act(world.members["ap_lead"], services.update_referral, draft, changes={"parent_consents": False})
    with pytest.raises(ValidationError) as refused:
        send(world, draft, world.provider)
    assert "parent_consents" in refused.value.message_dict

    with pytest.raises(ValidationError) as refused:
        send(world, draft)
    assert refused.value.message_dict == {
        "providers": ["Choose at least one provider to send the referral to"]
    }


def test_an_off_site_direction_needs_no_consent_but_warns_when_notice_is_short(world, pupil):
    start = MONDAY + datetime.timedelta(days=7)
    referral = act(
        world.members["ap_lead"],
        services.start_referral,
        pupil,
        reason=ReferralReason.OFF_SITE_DIRECTION,
        needs_summary="Repeated disruption.",
        success_looks_like="Back in lessons within a term.",
        preferred_start=start,
        parent_notice_on=start - datetime.timedelta(days=3),  # the Friday before: one school day
    )
    assert services.notice_is_short(referral)
    act(
        world.members["ap_lead"],
        services.update_referral,
        referral,
        changes={"parent_notice_on": start - datetime.timedelta(days=4)},  # Thursday: two school days
    )
    with unscoped("test"):
        referral.refresh_from_db()
    assert not services.notice_is_short(referral)

    assert send(world, referral, world.provider).status == ReferralStatus.SENT


def test_the_provider_answers_and_an_offer_needs_a_start_and_hours(world, draft):
    send(world, draft, world.provider)
    asked = recipient(draft, world.provider)
    manager = world.members["provider_manager"]

    with pytest.raises(ValidationError) as refused:
        act(manager, services.respond, asked, response=Response.CAN_OFFER)
    assert set(refused.value.message_dict) == {"offered_start", "offered_hours"}
    with pytest.raises(ValidationError):
        act(manager, services.respond, asked, response=Response.CANNOT_OFFER)
    with pytest.raises(PermissionDenied):
        act(world.members["provider_staff"], services.respond, asked, response=Response.VISIT_FIRST)

    answered = act(
        manager, services.respond, asked, response=Response.CAN_OFFER, offered_start=MONDAY, offered_hours=15
    )
    assert answered.response == Response.CAN_OFFER
    events = len(history("referrals.RecipientEvent", pgh_obj_id=asked.pk))
    act(manager, services.respond, asked, response=Response.CAN_OFFER, offered_start=MONDAY, offered_hours=15)
    assert len(history("referrals.RecipientEvent", pgh_obj_id=asked.pk)) == events  # the same answer


def test_accepting_one_offer_tells_every_other_provider_its_place_is_not_needed(world, draft):
    third = ProviderFactory(local_authority=world.la)
    send(world, draft, world.provider, world.other_provider, third)
    act(
        world.members["provider_manager"],
        services.respond,
        recipient(draft, world.provider),
        response=Response.CAN_OFFER,
        offered_start=MONDAY,
        offered_hours=Decimal("20"),
    )
    act(
        world.members["other_provider_manager"],
        services.respond,
        recipient(draft, world.other_provider),
        response=Response.CANNOT_OFFER,
        reason="No places until September.",
    )
    with pytest.raises(ValidationError):
        act(world.members["ap_lead"], services.accept_offer, recipient(draft, world.other_provider))

    accepted = act(world.members["ap_lead"], services.accept_offer, recipient(draft, world.provider))

    assert accepted.status == ReferralStatus.ACCEPTED
    assert recipient(draft, world.provider).response == Response.CHOSEN
    assert recipient(draft, world.other_provider).response == Response.CANNOT_OFFER
    assert recipient(draft, third).response == Response.NOT_NEEDED
    with pytest.raises(ValidationError):  # decided: no more answers
        act(
            world.members["provider_manager"],
            services.respond,
            recipient(draft, world.provider),
            response=Response.VISIT_FIRST,
        )


def test_withdrawing_needs_a_reason_and_releases_the_providers(world, draft):
    send(world, draft, world.provider)
    with pytest.raises(ValidationError):
        act(world.members["ap_lead"], services.end_referral, draft, to=ReferralStatus.WITHDRAWN, reason="")

    ended = act(
        world.members["ap_lead"],
        services.end_referral,
        draft,
        to=ReferralStatus.WITHDRAWN,
        reason="The family moved away.",
    )

    assert ended.status == ReferralStatus.WITHDRAWN
    assert recipient(draft, world.provider).response == Response.NOT_NEEDED
    with unscoped("test"):
        moves = list(ReferralStatusChange.objects.filter(referral=draft).order_by("pk"))
    assert [(m.to_status, m.reason) for m in moves][-1] == (
        ReferralStatus.WITHDRAWN,
        "The family moved away.",
    )


def test_school_days_count_weekdays_only():
    friday, monday = datetime.date(2026, 12, 4), datetime.date(2026, 12, 7)
    assert services.school_days_between(friday, monday) == 1
    assert services.school_days_between(datetime.date(2026, 11, 30), datetime.date(2026, 12, 2)) == 2


def test_a_draft_withdrawn_without_being_sent_stays_the_schools_alone(world, draft):
    act(
        world.members["ap_lead"],
        services.end_referral,
        draft,
        to=ReferralStatus.WITHDRAWN,
        reason="Not needed.",
    )

    for outsider in ("la_officer", "la_viewer", "provider_manager"):
        assert seen(Referral, world.members[outsider]) == set(), outsider
        assert seen(ReferralStatusChange, world.members[outsider]) == set(), outsider
    assert seen(Referral, world.members["ap_lead"]) == {draft.pk}


def test_withdrawing_an_accepted_referral_keeps_who_was_chosen(world, draft):
    send(world, draft, world.provider, world.other_provider)
    for member, provider in (
        ("provider_manager", world.provider),
        ("other_provider_manager", world.other_provider),
    ):
        act(
            world.members[member],
            services.respond,
            recipient(draft, provider),
            response=Response.CAN_OFFER,
            offered_start=MONDAY,
            offered_hours=Decimal("20"),
        )
    act(world.members["ap_lead"], services.accept_offer, recipient(draft, world.provider))

    act(
        world.members["ap_lead"],
        services.end_referral,
        draft,
        to=ReferralStatus.WITHDRAWN,
        reason="Moved away.",
    )

    assert recipient(draft, world.provider).response == Response.CHOSEN
    assert recipient(draft, world.other_provider).response == Response.NOT_NEEDED


def test_the_reason_and_the_parents_consent_are_fixed_once_sent(world, draft):
    send(world, draft, world.provider)

    with pytest.raises(ValidationError) as refused:
        act(
            world.members["ap_lead"],
            services.update_referral,
            draft,
            changes={"parent_consents": False, "reason": ReferralReason.EXCLUDED},
        )

    assert set(refused.value.message_dict) == {"parent_consents", "reason"}
    with unscoped("test"):
        draft.refresh_from_db()
    assert (draft.parent_consents, draft.reason) == (True, ReferralReason.AT_RISK)
    changed = act(
        world.members["ap_lead"], services.update_referral, draft, changes={"pupil_wants": "Cooking."}
    )
    assert changed == ["pupil_wants"]
    with unscoped("test"):
        draft.refresh_from_db()
    assert draft.pupil_wants == "Cooking."


def test_an_offer_is_accepted_on_its_own_referral_whatever_the_caller_says(world, draft, pupil):
    send(world, draft, world.provider)
    other = act(
        world.members["ap_lead"],
        services.start_referral,
        pupil,
        reason=ReferralReason.AT_RISK,
        needs_summary="Another need.",
        success_looks_like="Another aim.",
        parent_consents=True,
    )
    send(world, other, world.other_provider)
    offer = act(
        world.members["provider_manager"],
        services.respond,
        recipient(draft, world.provider),
        response=Response.CAN_OFFER,
        offered_start=MONDAY,
        offered_hours=Decimal("10"),
    )
    offer.referral_id = other.pk  # a stale or forged object

    accepted = act(world.members["ap_lead"], services.accept_offer, offer)

    assert accepted.pk == draft.pk
    with unscoped("test"):
        assert Referral.objects.get(pk=other.pk).status == ReferralStatus.SENT
    assert recipient(other, world.other_provider).response == Response.AWAITING
