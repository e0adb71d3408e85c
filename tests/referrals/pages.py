"""Referrals at each step, made through the services as the pages make them, for the page tests."""

import datetime
from decimal import Decimal

from django.utils import timezone

from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import acting_as, unscoped
from referrals import services
from referrals.models import Recipient
from tests.bound_client import BoundClient
from tests.factories import MembershipFactory
from tests.pupils.factories import ContactFactory, PupilFactory

START = timezone.localdate() + datetime.timedelta(days=21)


def act(membership, function, *args, **kwargs):
    with acting_as(membership):
        return function(*args, by=membership, **kwargs)


def signed_in(world, role: str) -> BoundClient:
    client = BoundClient()
    client.force_login(world.user(role))
    return client


def pupil_of(world, **fields):
    fields = {
        "school": world.school,
        "legal_forename": "Amira",
        "legal_surname": "Khan",
        "health_needs": "Asthma: inhaler in her bag.",
        **fields,
    }
    pupil = PupilFactory(**fields)
    ContactFactory(pupil=pupil, name="Farah Khan", address="1 Mill Lane, Demoton")
    return pupil


def draft(world, pupil=None, **fields):
    pupil = pupil or pupil_of(world)
    lead = world.members["ap_lead"]
    if pupil.school_id != world.school.pk:
        lead = MembershipFactory(organisation=pupil.school, role=Role.AP_LEAD)
    return act(
        lead,
        services.start_referral,
        pupil,
        **{
            "reason": "at_risk",
            "needs_summary": "Finds large classes hard.",
            "success_looks_like": "Attending every morning by Easter.",
            "preferred_start": START,
            "hours_wanted": Decimal("15"),
            "parent_informed_on": timezone.localdate(),
            "parent_consents": True,
            "pupil_wants": "To do hands-on work.",
            **fields,
        },
    )


def sent(world, *providers, pupil=None, **fields):
    referral = draft(world, pupil, **fields)
    lead = world.members["ap_lead"]
    if referral.school_id != world.school.pk:
        lead = MembershipFactory(organisation_id=referral.school_id, role=Role.AP_LEAD)
    return act(lead, services.send_referral, referral, providers=providers or [world.provider])


def answer_of(referral, provider) -> Recipient:
    with unscoped("test"):
        return Recipient.objects.get(referral=referral, provider=provider)


def offered(world, referral, provider=None, manager="provider_manager"):
    provider = provider or world.provider
    return act(
        world.members[manager],
        services.respond,
        answer_of(referral, provider),
        response="can_offer",
        offered_start=START,
        offered_hours=Decimal("15"),
    )


def accepted(world, *others):
    referral = sent(world, world.provider, *others)
    offered(world, referral)
    return act(world.members["ap_lead"], services.accept_offer, answer_of(referral, world.provider))
