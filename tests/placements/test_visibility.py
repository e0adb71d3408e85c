"""Who sees which placement records (placements/visibility.py), with named organisations: the `world` of
tests/conftest.py (Demoshire: its council, Demoshire Academy in the Demoshire Learning Trust, Hillside
Primary, Demoshire PRU; Otherton: its council, Otherton School, Otherton College).

Each check reads both ways a page may: the model's own rule (`visible_to`) and a plain query or related
manager inside the acting membership's scope, which must agree."""

import datetime

import pytest

from apcommission.tenancy.models import Organisation
from apcommission.tenancy.scoping import acting_as, unscoped
from placements.models import (
    BlockPurchase,
    Objective,
    PartTimePlan,
    PartTimeStep,
    Placement,
    PlacementRules,
    PlacementStatus,
    PlacementStatusChange,
    PlanChange,
)
from tests.placements.factories import (
    BlockPurchaseFactory,
    ObjectiveFactory,
    PartTimePlanFactory,
    PartTimeStepFactory,
    PlacementFactory,
    PlacementRulesFactory,
    PlacementStatusChangeFactory,
    PlanChangeFactory,
)
from tests.pupils.factories import PupilFactory

# The placement records that go with a placement, and the field leading from each to it.
WITH_THE_PLACEMENT = {
    Placement: "pk",
    Objective: "placement_id",
    PartTimePlan: "placement_id",
    PartTimeStep: "plan__placement_id",
}
HISTORY = {PlacementStatusChange: "placement_id", PlanChange: "placement_id"}


def place(pupil, provider, **fields):
    """A placement with everything that hangs from it: an objective, a part-time plan with a step, its
    first status move and a change of plan."""
    placement = PlacementFactory(pupil=pupil, provider=provider, **fields)
    ObjectiveFactory(placement=placement)
    PartTimeStepFactory(plan=PartTimePlanFactory(placement=placement))
    PlacementStatusChangeFactory(placement=placement)
    PlanChangeFactory(placement=placement)
    return placement


@pytest.fixture
def placed(world):
    """Named placements across both areas. Amira, of Demoshire Academy, is at Demoshire PRU and, at the
    same time, at Otherton College (out of area); Ben, of Demoshire Academy, was at Demoshire PRU and has
    ended; Cara, of Hillside Primary, is at Demoshire PRU; Dan, of Otherton School, is at Otherton
    College."""
    amira = PupilFactory(school=world.school, legal_forename="Amira")
    ended = {
        "status": PlacementStatus.ENDED,
        "ended_on": datetime.date.today(),
        "end_reason": "Back full time.",
    }
    return {
        "amira at the PRU": place(amira, world.provider),
        "amira at the college": place(amira, world.other_provider),
        "ben, ended": place(PupilFactory(school=world.school, legal_forename="Ben"), world.provider, **ended),
        "cara": place(PupilFactory(school=world.sibling_school, legal_forename="Cara"), world.provider),
        "dan": place(PupilFactory(school=world.other_school, legal_forename="Dan"), world.other_provider),
    }


def seen(model, membership, placed, via="pk") -> set[str]:
    """The names of the placements whose `model` records `membership` sees, asserting that its rule and
    a plain query inside its scope agree."""
    name_of = {placement.pk: name for name, placement in placed.items()}
    with acting_as(membership):
        ruled = set(model.objects.visible_to(membership).values_list(via, flat=True))
        ambient = set(model.objects.values_list(via, flat=True))
    assert ruled == ambient, f"{model.__name__}: visible_to {ruled} but the scoped manager {ambient}"
    return {name_of[pk] for pk in ruled}


def test_a_provider_sees_its_own_placements_ended_ones_included_and_nobody_else_s(world, placed):
    for role in ("provider_manager", "provider_staff"):
        for model, via in WITH_THE_PLACEMENT.items():
            assert seen(model, world.members[role], placed, via) == {"amira at the PRU", "ben, ended", "cara"}
    for model, via in WITH_THE_PLACEMENT.items():
        assert seen(model, world.members["other_provider_manager"], placed, via) == {
            "amira at the college",
            "dan",
        }


def test_the_same_pupil_at_two_providers_each_sees_only_its_own_and_the_la_sees_both(world, placed):
    amira = placed["amira at the PRU"].pupil
    both = {"amira at the PRU", "amira at the college"}
    for provider, own in (
        ("provider_manager", "amira at the PRU"),
        ("other_provider_manager", "amira at the college"),
    ):
        membership = world.members[provider]
        for model, via in WITH_THE_PLACEMENT.items():
            assert seen(model, membership, placed, via) & both == {own}, model.__name__
        with acting_as(membership):  # nor through the pupil's related manager
            assert [p.pk for p in amira.placements.all()] == [placed[own].pk]
    for commissioner in ("la_officer", "la_viewer", "ap_lead", "school_staff", "trust_leader"):
        for model, via in WITH_THE_PLACEMENT.items():
            assert seen(model, world.members[commissioner], placed, via) >= both, (
                commissioner,
                model.__name__,
            )


def test_the_school_its_trust_and_its_la_see_the_school_s_placements_wherever_the_provider_is(world, placed):
    ours = {"amira at the PRU", "amira at the college", "ben, ended"}
    for role in ("ap_lead", "dsl", "school_leader", "school_staff", "trust_leader"):
        for model, via in {**WITH_THE_PLACEMENT, **HISTORY}.items():
            assert seen(model, world.members[role], placed, via) == ours, (role, model.__name__)
    area = ours | {"cara"}  # Otherton College is on Otherton's register: the school's area decides
    for role in ("la_officer", "la_viewer"):
        for model, via in {**WITH_THE_PLACEMENT, **HISTORY}.items():
            assert seen(model, world.members[role], placed, via) == area, (role, model.__name__)
    assert seen(Placement, world.members["other_school_leader"], placed) == {"cara"}  # not its neighbour's


def test_another_la_sees_nothing_of_an_area_s_placements_even_at_a_provider_on_its_own_register(
    world, placed
):
    for model, via in {**WITH_THE_PLACEMENT, **HISTORY}.items():
        assert seen(model, world.members["other_la_officer"], placed, via) == {"dan"}, model.__name__


def test_a_placement_s_history_is_never_a_provider_s_not_even_the_one_delivering_it(world, placed):
    for role in ("provider_manager", "provider_staff", "other_provider_manager"):
        for model, via in HISTORY.items():
            assert seen(model, world.members[role], placed, via) == set(), (role, model.__name__)
        with acting_as(world.members[role]):  # nor from the placement it can see
            visible = Placement.objects.visible_to(world.members[role])
            assert not PlanChange.objects.filter(placement__in=visible).exists()
            assert all(not p.plan_changes.exists() and not p.status_changes.exists() for p in visible)


def test_a_school_leaving_its_trust_takes_its_placements_and_purchases_with_it(world, placed):
    bought = BlockPurchaseFactory(school=world.school, provider=world.provider)
    PlacementRulesFactory(local_authority=world.la)
    trust_leader = world.members["trust_leader"]
    ours = {"amira at the PRU", "amira at the college", "ben, ended"}
    assert seen(Placement, trust_leader, placed) == ours
    with acting_as(trust_leader):
        assert list(BlockPurchase.objects.all()) == [bought]
        assert PlacementRules.objects.count() == 1
    with unscoped("Demoshire Academy leaves its trust"):
        Organisation.objects.filter(pk=world.school.pk).update(trust=None)
    for model, via in {**WITH_THE_PLACEMENT, **HISTORY}.items():
        assert seen(model, trust_leader, placed, via) == set(), model.__name__
    with acting_as(trust_leader):
        assert not BlockPurchase.objects.exists()
        assert not PlacementRules.objects.exists()  # it has no school in Demoshire now
    assert seen(Placement, world.members["ap_lead"], placed) == ours  # the school still sees them all


def test_a_block_purchase_is_the_buying_school_s_its_trust_s_its_la_s_and_the_seller_s(world):
    bought = BlockPurchaseFactory(school=world.school, provider=world.provider)
    elsewhere = BlockPurchaseFactory(school=world.other_school, provider=world.other_provider)

    def purchases(role):
        membership = world.members[role]
        with acting_as(membership):
            ruled = set(BlockPurchase.objects.visible_to(membership))
            assert ruled == set(BlockPurchase.objects.all())
        return ruled

    for role in ("ap_lead", "school_staff", "trust_leader", "la_officer", "la_viewer", "provider_staff"):
        assert purchases(role) == {bought}, role
    assert purchases("other_school_leader") == set()
    assert purchases("other_la_officer") == {elsewhere}
    assert purchases("other_provider_manager") == {elsewhere}


def test_an_la_s_placement_rules_are_read_by_its_schools_and_their_trusts_never_by_a_provider(world):
    demoshire = PlacementRulesFactory(local_authority=world.la)
    otherton = PlacementRulesFactory(local_authority=world.other_la)

    def rules(role):
        membership = world.members[role]
        with acting_as(membership):
            ruled = set(PlacementRules.objects.visible_to(membership))
            assert ruled == set(PlacementRules.objects.all())
        return ruled

    for role in ("la_officer", "la_viewer", "ap_lead", "school_staff", "other_school_leader", "trust_leader"):
        assert rules(role) == {demoshire}, role
    assert rules("other_la_officer") == {otherton}
    for role in ("provider_manager", "provider_staff", "other_provider_manager"):
        assert rules(role) == set(), role
