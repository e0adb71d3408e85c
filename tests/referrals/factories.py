"""Referrals as a school makes them, with the providers asked and the timeline's first row."""

import datetime

import factory

from referrals.models import (
    Recipient,
    Referral,
    ReferralDetail,
    ReferralReason,
    ReferralStatus,
    ReferralStatusChange,
    Visit,
)
from tests.factories import ProviderFactory, UnscopedFactory, UserFactory
from tests.pupils.factories import PupilFactory


class ReferralFactory(UnscopedFactory):
    class Meta:
        model = Referral

    pupil = factory.SubFactory(PupilFactory)
    status = ReferralStatus.DRAFT
    reason = ReferralReason.AT_RISK
    needs_summary = "Struggles in large classes; responds well to one adult he trusts."
    success_looks_like = "Attending every morning and back in maths lessons by Easter."


class RecipientFactory(UnscopedFactory):
    class Meta:
        model = Recipient

    referral = factory.SubFactory(ReferralFactory)
    provider = factory.SubFactory(ProviderFactory)


class ReferralStatusChangeFactory(UnscopedFactory):
    class Meta:
        model = ReferralStatusChange

    referral = factory.SubFactory(ReferralFactory)
    to_status = factory.LazyAttribute(lambda o: o.referral.status)
    reason = ""
    changed_by = factory.SubFactory(UserFactory, with_totp=False)


class VisitFactory(UnscopedFactory):
    class Meta:
        model = Visit

    recipient = factory.SubFactory(RecipientFactory)
    kind = "visit"
    scheduled_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))


class ReferralDetailFactory(UnscopedFactory):
    class Meta:
        model = ReferralDetail

    referral = factory.SubFactory(ReferralFactory)
    section = "health"
    text = "Asthma: an inhaler in the bag."
