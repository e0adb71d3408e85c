"""Who sees which safeguarding records, role by role, in the named world: DOMAIN.md's row "safeguarding
concern details: DSLs only (the AP lead and leader see that one exists); school staff no; trust no; LA no;
the provider that raised it", with a DSL's share as the one way the AP lead or leader reads more."""

import pytest

from safeguarding.models import Concern, ConcernAction, ConcernDetail, DetailShare
from tests.placements.factories import PlacementFactory
from tests.safeguarding.world import handled, placed, raised, seen, shared

EVERYONE = (
    "la_officer",
    "la_viewer",
    "other_la_officer",
    "ap_lead",
    "dsl",
    "school_leader",
    "school_staff",
    "other_school_leader",
    "trust_leader",
    "provider_manager",
    "provider_staff",
    "other_provider_manager",
)
# What each role sees of one handled concern, its details shared with the AP leads: (that it exists, its
# details, the DSL's record, the share).
SEES = {
    "dsl": (True, True, True, True),
    "ap_lead": (True, True, True, True),
    "school_leader": (True, False, False, False),
    "provider_manager": (True, True, False, False),
    "provider_staff": (True, True, False, False),
}


@pytest.mark.parametrize("role", EVERYONE)
def test_each_role_sees_what_the_rule_says_and_nobody_else_anything(world, role):
    concern = raised(world)
    handled(world, concern)
    shared(world, concern, role="ap_lead")
    membership = world.members[role]
    got = tuple(
        bool(seen(membership, model)) for model in (Concern, ConcernDetail, ConcernAction, DetailShare)
    )
    assert got == SEES.get(role, (False, False, False, False))


def test_a_provider_never_sees_a_concern_another_provider_raised_about_the_same_pupil(world):
    ours = placed(world)
    theirs = PlacementFactory(pupil=ours.pupil, provider=world.other_provider)
    raised(world, theirs, role="other_provider_manager")
    for role in ("provider_manager", "provider_staff"):
        assert seen(world.members[role], Concern) == set()
        assert seen(world.members[role], ConcernDetail) == set()
    assert len(seen(world.members["dsl"], Concern)) == 1
