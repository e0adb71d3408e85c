"""Access-matrix rows for referrals. A referral is its school's (and its trust's) from the draft; once sent,
its LA's and each provider asked. A provider asked reads only the shared copy until it is chosen, and a
provider not asked (or a school or LA elsewhere) gets 404. Only the school's AP lead moves a referral,
and only the provider's manager answers; every other role that sees it is read-only (403). What the
referral's state refuses (withdrawing one withdrawn, sending one sent) goes back to the referral (302),
saying why, for whoever could otherwise do it.

Each row's `setup` builds `world.referral` (at the world's school, sent to the world's provider where it
says so), `world.offer` (the provider's answer) and `world.visit` as the row needs."""

import datetime

from django.utils import timezone

from referrals.models import ReferralStatus, Response
from tests.access.matrix import FORBIDDEN, NOT_FOUND, OK, page, pk, to, wrong_method
from tests.dates import date_input
from tests.pupils.factories import PupilFactory
from tests.referrals.factories import RecipientFactory, ReferralFactory, VisitFactory

S = ReferralStatus
START = timezone.localdate() + datetime.timedelta(days=21)


def referral(status=S.SENT, response=Response.AWAITING, others=()):
    """A referral of the world's school in `status`, sent (unless a draft) to the world's provider, whose
    answer is `response`, and to `others` (attributes of the world) answering `not_needed`."""

    def setup(world):
        world.referral = ReferralFactory(
            pupil=PupilFactory(school=world.school),
            status=status,
            parent_consents=True,
            sent_at=None if status == S.DRAFT else timezone.now(),
            shared_name="Amira K.",
        )
        if status != S.DRAFT:
            world.offer = RecipientFactory(
                referral=world.referral,
                provider=world.provider,
                response=response,
                offered_start=START if response in (Response.CAN_OFFER, Response.CHOSEN) else None,
                offered_hours=15 if response in (Response.CAN_OFFER, Response.CHOSEN) else None,
            )
        for other in others:
            RecipientFactory(
                referral=world.referral, provider=getattr(world, other), response=Response.NOT_NEEDED
            )

    return setup


def with_visit(world):
    """A visit held today: its outcome may be recorded (from the visit's day on)."""
    referral()(world)
    world.visit = VisitFactory(recipient=world.offer, scheduled_on=timezone.localdate())


def short_referral(world, role) -> dict:
    return {
        "pupil": world.referral.pupil_id,
        "reason": "at_risk",
        "needs_summary": "Finds large classes hard.",
        "success_looks_like": "Attending every morning.",
        "parent_consents": "on",
        "shared_for_deciding": ["name", "reason", "needs"],
    }


def providers_asked(world, role) -> dict:
    return {"providers": [world.provider.pk]}


def an_offer(world, role) -> dict:
    return {"response": "can_offer", **date_input("offered_start", START), "offered_hours": "15"}


def withdrawal(world, role) -> dict:
    return {"to": "withdrawn", "reason": "The family moved away."}


def a_visit(world, role) -> dict:
    return {"kind": "visit", **date_input("scheduled_on", START)}


def an_outcome(world, role) -> dict:
    return {"went_ahead": "yes", "pupil_thought": "Liked the workshop."}


def the_details(world, role) -> dict:
    return {"health_text": "Asthma.", "health_shared": "on"}


the_referral = pk("referral")
the_offer = pk("offer")
the_visit = pk("visit")
SCHOOL_READS = {"ap_lead": OK, "dsl": OK, "school_leader": OK, "school_staff": OK, "trust_leader": OK}
LA_READS = {"la_officer": OK, "la_viewer": OK}
PROVIDER_READS = {"provider_manager": OK, "provider_staff": OK}
# Those who see the referral but may not act on it.
SCHOOL_MAY_NOT = {
    "dsl": FORBIDDEN,
    "school_leader": FORBIDDEN,
    "school_staff": FORBIDDEN,
    "trust_leader": FORBIDDEN,
}
LA_MAY_NOT = {"la_officer": FORBIDDEN, "la_viewer": FORBIDDEN}
# Refused for where the referral is, not who is asking: back to the referral, told why in a banner.
BACK = to("referrals:detail")
PROVIDER_MAY_NOT = {"provider_manager": FORBIDDEN, "provider_staff": FORBIDDEN}

ROWS = [
    # The lists: every school, trust, LA and provider has one (of what it sees).
    page("referrals:list", members=OK),
    page("referrals:list", note="a provider's referrals to answer", setup=referral(), members=OK),
    wrong_method("referrals:list", "POST"),
    # Starting a referral: the AP lead, for the school's own pupils.
    page("referrals:start", members=FORBIDDEN, ap_lead=OK),
    page(
        "referrals:start",
        "POST",
        note="a complete short referral",
        setup=referral(S.DRAFT),
        data=short_referral,
        members=FORBIDDEN,
        ap_lead=to("referrals:detail"),
    ),
    wrong_method("referrals:start", "PUT"),
    # The referral itself.
    page(
        "referrals:detail",
        note="a draft is the school's and its trust's alone",
        setup=referral(S.DRAFT),
        kwargs=the_referral,
        members=NOT_FOUND,
        **SCHOOL_READS,
    ),
    page(
        "referrals:detail",
        note="sent: its LA reads it, the provider asked only the shared copy, no other provider anything",
        setup=referral(),
        kwargs=the_referral,
        members=NOT_FOUND,
        **SCHOOL_READS,
        **LA_READS,
        **PROVIDER_READS,
    ),
    page(
        "referrals:detail",
        note="accepted: a released provider is told only that the place is not needed",
        setup=referral(S.ACCEPTED, Response.NOT_NEEDED),
        kwargs=the_referral,
        members=NOT_FOUND,
        **SCHOOL_READS,
        **LA_READS,
        **PROVIDER_READS,
    ),
    wrong_method("referrals:detail", "POST", setup=referral(), kwargs=the_referral),
    # Changing and sending: the AP lead.
    page(
        "referrals:edit",
        setup=referral(),
        kwargs=the_referral,
        members=NOT_FOUND,
        ap_lead=OK,
        **SCHOOL_MAY_NOT,
        **LA_MAY_NOT,
        **PROVIDER_MAY_NOT,
    ),
    page(
        "referrals:edit",
        "POST",
        note="a draft changed",
        setup=referral(S.DRAFT),
        kwargs=the_referral,
        data=short_referral,
        members=NOT_FOUND,
        ap_lead=to("referrals:detail"),
        **SCHOOL_MAY_NOT,
    ),
    page(
        "referrals:edit",
        note="an accepted referral is not changed",
        setup=referral(S.ACCEPTED, Response.CHOSEN),
        kwargs=the_referral,
        members=NOT_FOUND,
        ap_lead=BACK,
        **SCHOOL_MAY_NOT,
        **LA_MAY_NOT,
        **PROVIDER_MAY_NOT,
    ),
    wrong_method("referrals:edit", "PUT", setup=referral(), kwargs=the_referral),
    page(
        "referrals:send",
        setup=referral(S.DRAFT),
        kwargs=the_referral,
        members=NOT_FOUND,
        ap_lead=OK,
        **SCHOOL_MAY_NOT,
    ),
    page(
        "referrals:send",
        "POST",
        setup=referral(S.DRAFT),
        kwargs=the_referral,
        data=providers_asked,
        members=NOT_FOUND,
        ap_lead=to("referrals:detail"),
        **SCHOOL_MAY_NOT,
    ),
    page(
        "referrals:send",
        note="sent already",
        setup=referral(),
        kwargs=the_referral,
        members=NOT_FOUND,
        ap_lead=BACK,
        **SCHOOL_MAY_NOT,
        **LA_MAY_NOT,
        **PROVIDER_MAY_NOT,
    ),
    wrong_method("referrals:send", "PUT", setup=referral(S.DRAFT), kwargs=the_referral),
    # The provider's answer: its manager; its staff read only.
    page(
        "referrals:respond",
        setup=referral(),
        kwargs=the_referral,
        members=NOT_FOUND,
        provider_manager=OK,
        provider_staff=FORBIDDEN,
    ),
    page(
        "referrals:respond",
        "POST",
        setup=referral(),
        kwargs=the_referral,
        data=an_offer,
        members=NOT_FOUND,
        provider_manager=to("referrals:detail"),
        provider_staff=FORBIDDEN,
    ),
    page(
        "referrals:respond",
        note="a released provider answers no more",
        setup=referral(S.ACCEPTED, Response.NOT_NEEDED),
        kwargs=the_referral,
        members=NOT_FOUND,
        provider_manager=BACK,
        provider_staff=FORBIDDEN,
    ),
    wrong_method("referrals:respond", "PUT", setup=referral(), kwargs=the_referral),
    # The school's decision.
    page(
        "referrals:accept",
        setup=referral(response=Response.CAN_OFFER),
        kwargs=the_offer,
        members=NOT_FOUND,
        ap_lead=OK,
        **SCHOOL_MAY_NOT,
        **LA_MAY_NOT,
        **PROVIDER_MAY_NOT,
    ),
    page(
        "referrals:accept",
        "POST",
        setup=referral(response=Response.CAN_OFFER, others=("other_provider",)),
        kwargs=the_offer,
        members=NOT_FOUND,
        ap_lead=to("referrals:detail"),
        **SCHOOL_MAY_NOT,
        **LA_MAY_NOT,
        **PROVIDER_MAY_NOT,
    ),
    page(
        "referrals:accept",
        note="no offer to accept",
        setup=referral(response=Response.CANNOT_OFFER),
        kwargs=the_offer,
        members=NOT_FOUND,
        ap_lead=BACK,
        **SCHOOL_MAY_NOT,
        **LA_MAY_NOT,
        **PROVIDER_MAY_NOT,
    ),
    wrong_method("referrals:accept", "PUT", setup=referral(response=Response.CAN_OFFER), kwargs=the_offer),
    page(
        "referrals:end",
        setup=referral(),
        kwargs=the_referral,
        members=NOT_FOUND,
        ap_lead=OK,
        **SCHOOL_MAY_NOT,
        **LA_MAY_NOT,
        **PROVIDER_MAY_NOT,
    ),
    page(
        "referrals:end",
        "POST",
        setup=referral(),
        kwargs=the_referral,
        data=withdrawal,
        members=NOT_FOUND,
        ap_lead=to("referrals:detail"),
        **SCHOOL_MAY_NOT,
        **LA_MAY_NOT,
        **PROVIDER_MAY_NOT,
    ),
    page(
        "referrals:end",
        note="withdrawn already",
        setup=referral(S.WITHDRAWN),
        kwargs=the_referral,
        members=NOT_FOUND,
        ap_lead=BACK,
        **SCHOOL_MAY_NOT,
        **LA_MAY_NOT,
        **PROVIDER_MAY_NOT,
    ),
    wrong_method("referrals:end", "PUT", setup=referral(), kwargs=the_referral),
    # Visits and tasters: the AP lead or the provider's manager, while the provider is considering.
    page(
        "referrals:visit_create",
        setup=referral(),
        kwargs=the_offer,
        members=NOT_FOUND,
        ap_lead=OK,
        provider_manager=OK,
        provider_staff=FORBIDDEN,
        **SCHOOL_MAY_NOT,
        **LA_MAY_NOT,
    ),
    page(
        "referrals:visit_create",
        "POST",
        setup=referral(),
        kwargs=the_offer,
        data=a_visit,
        members=NOT_FOUND,
        ap_lead=to("referrals:detail"),
        provider_manager=to("referrals:detail"),
        provider_staff=FORBIDDEN,
        **SCHOOL_MAY_NOT,
        **LA_MAY_NOT,
    ),
    page(
        "referrals:visit_create",
        note="a released provider has no visit",
        setup=referral(S.ACCEPTED, Response.NOT_NEEDED),
        kwargs=the_offer,
        members=NOT_FOUND,
        ap_lead=BACK,
        provider_manager=BACK,
        provider_staff=FORBIDDEN,
        **SCHOOL_MAY_NOT,
        **LA_MAY_NOT,
    ),
    wrong_method("referrals:visit_create", "PUT", setup=referral(), kwargs=the_offer),
    page(
        "referrals:visit_outcome",
        setup=with_visit,
        kwargs=the_visit,
        members=NOT_FOUND,
        ap_lead=OK,
        provider_manager=OK,
        provider_staff=FORBIDDEN,
        **SCHOOL_MAY_NOT,
        **LA_MAY_NOT,
    ),
    page(
        "referrals:visit_outcome",
        "POST",
        setup=with_visit,
        kwargs=the_visit,
        data=an_outcome,
        members=NOT_FOUND,
        ap_lead=to("referrals:detail"),
        provider_manager=to("referrals:detail"),
        provider_staff=FORBIDDEN,
        **SCHOOL_MAY_NOT,
        **LA_MAY_NOT,
    ),
    wrong_method("referrals:visit_outcome", "PUT", setup=with_visit, kwargs=the_visit),
    # The detailed referral: the AP lead writes it once an offer is accepted.
    page(
        "referrals:details",
        setup=referral(S.ACCEPTED, Response.CHOSEN),
        kwargs=the_referral,
        members=NOT_FOUND,
        ap_lead=OK,
        **SCHOOL_MAY_NOT,
        **LA_MAY_NOT,
        **PROVIDER_MAY_NOT,
    ),
    page(
        "referrals:details",
        "POST",
        setup=referral(S.ACCEPTED, Response.CHOSEN),
        kwargs=the_referral,
        data=the_details,
        members=NOT_FOUND,
        ap_lead=to("referrals:detail"),
        **SCHOOL_MAY_NOT,
        **LA_MAY_NOT,
        **PROVIDER_MAY_NOT,
    ),
    page(
        "referrals:details",
        note="not accepted yet",
        setup=referral(),
        kwargs=the_referral,
        members=NOT_FOUND,
        ap_lead=BACK,
        **SCHOOL_MAY_NOT,
        **LA_MAY_NOT,
        **PROVIDER_MAY_NOT,
    ),
    wrong_method(
        "referrals:details", "PUT", setup=referral(S.ACCEPTED, Response.CHOSEN), kwargs=the_referral
    ),
]
