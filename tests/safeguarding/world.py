"""Concerns raised through the services, as the pages raise them, for the safeguarding tests."""

import datetime

from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from safeguarding import services
from safeguarding.models import Concern, ConcernAction, ConcernDetail, DetailShare
from tests.placements.factories import PlacementFactory
from tests.pupils.factories import PupilFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
SEEN = "The pupil said an older cousin hits them when their mother is at work."


def act(membership, function, *args, **kwargs):
    with acting_as(membership):
        return function(*args, by=membership, **kwargs)


def placed(world, *, provider=None, school=None, **fields):
    """A pupil of the world's school (or `school`) placed with the world's provider (or `provider`)."""
    pupil = PupilFactory(school=school or world.school, legal_forename="Amira", legal_surname="Khan")
    return PlacementFactory(
        pupil=pupil, provider=provider or world.provider, provider_copy={"name": "Amira K"}, **fields
    )


def concern_values(**overrides) -> dict:
    return {
        "what_happened": SEEN,
        "happened_on": TODAY,
        "happened_time": "about 11am",
        "who_involved": "The pupil, and their key worker.",
        "immediate_risk": False,
        "provider_action": "Our DSL listened and wrote down what the pupil said.",
        **overrides,
    }


def raised(world, placement=None, role="provider_staff", **overrides) -> Concern:
    placement = placement or placed(world)
    return act(world.members[role], services.raise_concern, placement, **concern_values(**overrides))


def action_values(**overrides) -> dict:
    return {
        "action": "Called the family and referred to children's social care.",
        "done_by": "Dev Safeguarding",
        "done_on": TODAY,
        "referred_to": ["social_care"],
        "referred_elsewhere": "",
        "close": False,
        **overrides,
    }


def handled(world, concern, **overrides) -> ConcernAction:
    return act(world.members["dsl"], services.record_dsl_action, concern, **action_values(**overrides))


def shared(world, concern, role="ap_lead", reason="Reviewing the placement this week.") -> DetailShare:
    return act(world.members["dsl"], services.share_details, concern, role=role, reason=reason)


def table(model) -> list:
    with unscoped("test"):
        return list(model.objects.order_by("pk"))


def seen(membership, model) -> set[int]:
    with acting_as(membership):
        return set(model.objects.visible_to(membership).values_list("pk", flat=True))


MODELS = (Concern, ConcernDetail, ConcernAction, DetailShare)
