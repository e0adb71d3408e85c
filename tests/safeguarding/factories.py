"""Safeguarding concerns as a provider raises them, the DSL's record of what was done, and a DSL's share.
Each copies its keys from the placement (or the concern), as the services do."""

import datetime

import factory
from django.utils import timezone

from safeguarding.models import Concern, ConcernAction, ConcernDetail, ConcernState, DetailShare
from tests.factories import UnscopedFactory, UserFactory
from tests.placements.factories import PlacementFactory

TODAY = datetime.date.today()


class ConcernFactory(UnscopedFactory):
    """A concern raised by the provider delivering the placement (`provider`: the raising provider)."""

    class Meta:
        model = Concern

    placement = factory.SubFactory(PlacementFactory)
    pupil = factory.LazyAttribute(lambda o: o.placement.pupil)
    school = factory.LazyAttribute(lambda o: o.placement.school)
    local_authority = factory.LazyAttribute(lambda o: o.placement.local_authority)
    provider = factory.LazyAttribute(lambda o: o.placement.provider)
    state = ConcernState.RAISED
    raised_at = factory.LazyFunction(timezone.now)
    raised_by = factory.SubFactory(UserFactory)


class ConcernDetailFactory(UnscopedFactory):
    class Meta:
        model = ConcernDetail

    concern = factory.SubFactory(ConcernFactory)
    school = factory.LazyAttribute(lambda o: o.concern.school)
    local_authority = factory.LazyAttribute(lambda o: o.concern.local_authority)
    provider = factory.LazyAttribute(lambda o: o.concern.provider)
    what_happened = "The pupil arrived with a bruise on their arm and said they did not want to go home."
    happened_on = factory.LazyFunction(lambda: TODAY)
    happened_time = "about 10am"
    who_involved = "The pupil, and their key worker who noticed."
    immediate_risk = False
    provider_action = "Our DSL spoke to the pupil and wrote down what they said."


class ConcernActionFactory(UnscopedFactory):
    class Meta:
        model = ConcernAction

    concern = factory.SubFactory(ConcernFactory, state=ConcernState.BEING_HANDLED, handled_at=timezone.now())
    school = factory.LazyAttribute(lambda o: o.concern.school)
    local_authority = factory.LazyAttribute(lambda o: o.concern.local_authority)
    provider = factory.LazyAttribute(lambda o: o.concern.provider)
    action = "Spoke to the family and made a referral to children's social care."
    done_by = "Dev Safeguarding, DSL"
    done_on = factory.LazyFunction(lambda: TODAY)
    referred_to = factory.LazyFunction(lambda: ["social_care"])
    state_after = ConcernState.BEING_HANDLED
    recorded_by = factory.SubFactory(UserFactory)


class DetailShareFactory(UnscopedFactory):
    class Meta:
        model = DetailShare

    concern = factory.SubFactory(ConcernFactory)
    school = factory.LazyAttribute(lambda o: o.concern.school)
    local_authority = factory.LazyAttribute(lambda o: o.concern.local_authority)
    role = "ap_lead"
    reason = "The AP lead is reviewing the placement with the provider this week."
    shared_by = factory.SubFactory(UserFactory)


def concern_with_detail(detail: dict | None = None, **fields) -> Concern:
    """A concern with its details (`detail`: fields of them), as raising one makes it."""
    concern = ConcernFactory(**fields)
    ConcernDetailFactory(concern=concern, **(detail or {}))
    return concern
