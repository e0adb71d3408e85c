"""Foreign ids on the safeguarding pages: a concern about another provider's placement (the same pupil's,
too), an action or share on another school's concern, and a role to share with that is not a choice are
each refused, and nothing is written. Ids posted for fields the forms do not have are ignored: a concern's
keys come from the placement it is raised about."""

from django.urls import reverse

from apcommission.tenancy.roles import Role
from safeguarding.models import Concern, ConcernAction, ConcernDetail, DetailShare
from tests.dates import date_input
from tests.factories import MembershipFactory
from tests.placements.factories import PlacementFactory
from tests.placements.plan_world import signed_in
from tests.safeguarding.world import TODAY, placed, raised, table

SEEN = "The pupil said they had not eaten since yesterday."


def a_concern(**extra) -> dict:
    return {
        "what_happened": SEEN,
        **date_input("happened_on", TODAY),
        "who_involved": "The pupil.",
        "immediate_risk": "no",
        "provider_action": "Gave the pupil breakfast.",
        **extra,
    }


def test_a_provider_raises_about_its_own_placement_never_the_same_pupils_elsewhere(world):
    ours = placed(world)
    theirs = PlacementFactory(pupil=ours.pupil, provider=world.other_provider)
    client = signed_in(world, "provider_staff")
    assert client.post(reverse("safeguarding:raise", args=[theirs.pk]), a_concern()).status_code == 404
    assert client.get(reverse("safeguarding:raise", args=[theirs.pk])).status_code == 404
    assert table(Concern) == []
    assert client.post(reverse("safeguarding:raise", args=[ours.pk]), a_concern()).status_code == 302
    assert [concern.placement_id for concern in table(Concern)] == [ours.pk]


def test_ids_posted_for_fields_the_concern_form_does_not_have_are_ignored(world):
    ours = placed(world)
    elsewhere = placed(world, school=world.other_school, provider=world.other_provider)
    foreign = {
        "school": str(world.other_school.pk),
        "local_authority": str(world.other_la.pk),
        "provider": str(world.other_provider.pk),
        "pupil": str(elsewhere.pupil_id),
        "placement": str(elsewhere.pk),
        "state": "closed",
    }
    response = signed_in(world, "provider_manager").post(
        reverse("safeguarding:raise", args=[ours.pk]), a_concern(**foreign)
    )
    assert response.status_code == 302
    (concern,) = table(Concern)
    assert (concern.school_id, concern.local_authority_id, concern.provider_id) == (
        world.school.pk,
        world.la.pk,
        world.provider.pk,
    )
    assert (concern.pupil_id, concern.placement_id, concern.state) == (ours.pupil_id, ours.pk, "raised")
    (detail,) = table(ConcernDetail)
    assert (detail.school_id, detail.provider_id) == (world.school.pk, world.provider.pk)


def test_another_schools_dsl_cannot_act_on_or_share_a_concern(world):
    concern = raised(world)
    their_dsl = MembershipFactory(organisation=world.sibling_school, role=Role.DSL)
    client = signed_in(world, "dsl")
    client.force_login(their_dsl.user)
    action = {
        "action": "Nothing.",
        "done_by": "Them",
        **date_input("done_on", TODAY),
        "close": "yes",
    }
    assert client.get(reverse("safeguarding:detail", args=[concern.pk])).status_code == 404
    assert client.post(reverse("safeguarding:detail", args=[concern.pk]), action).status_code == 404
    share = {"role": "school_leader", "reason": "Curious."}
    assert client.post(reverse("safeguarding:share", args=[concern.pk]), share).status_code == 404
    assert table(ConcernAction) == []
    assert table(DetailShare) == []
    assert table(Concern)[0].state == "raised"


def test_a_role_to_share_with_must_be_one_offered(world):
    concern = raised(world)
    client = signed_in(world, "dsl")
    for role in ("dsl", "school_staff", "trust_leader", "la_officer", "provider_manager", "x"):
        response = client.post(
            reverse("safeguarding:share", args=[concern.pk]), {"role": role, "reason": "Why."}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["role"], role
    assert table(DetailShare) == []
