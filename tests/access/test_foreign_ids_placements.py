"""Foreign ids on the placement plan's forms: another school's pupil, referral, placement or objective, a
site of another provider, a block purchase another school made or made from another provider, and an
organisation that is not a provider are each refused, and nothing is written. Each refusal has its
positive case beside it, and ids posted for fields a form does not have are ignored."""

from django.urls import reverse

from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from placements.models import Objective, Placement, PlanChange
from tests.access.rows_placements import plan
from tests.factories import MembershipFactory
from tests.placements.factories import BlockPurchaseFactory, ObjectiveFactory, PlacementFactory
from tests.placements.plan_world import active, fresh, pupil_of, signed_in
from tests.providers.factories import SiteFactory
from tests.pupils.factories import PupilFactory
from tests.referrals import pages as referral_pages


def table(model) -> list[dict]:
    with unscoped("test"):
        return list(model.objects.order_by("pk").values())


def new_plan(world, **extra) -> dict:
    return plan(world, "ap_lead", provider=str(world.provider.pk)) | extra


def posted(world, **extra):
    return signed_in(world, "ap_lead").post(reverse("placements:new"), new_plan(world, **extra))


def test_a_plan_is_made_for_the_schools_own_pupil(world):
    response = posted(world, pupil=str(pupil_of(world).pk))
    assert response.status_code == 302
    assert len(table(Placement)) == 1


def test_another_schools_pupil_is_not_a_choice(world):
    for elsewhere in (PupilFactory(school=world.sibling_school), PupilFactory(school=world.other_school)):
        response = posted(world, pupil=str(elsewhere.pk))
        assert response.status_code == 200
        assert response.context["form"].errors["pupil"] == ["Choose one of your school's pupils"]
    assert table(Placement) == []


def test_an_organisation_that_is_not_a_provider_is_not_a_choice(world):
    pupil = pupil_of(world)
    for foreign in (world.sibling_school.pk, world.la.pk, world.trust.pk, 999_999, "x"):
        response = posted(world, pupil=str(pupil.pk), provider=str(foreign))
        assert response.context["form"].errors["provider"] == ["Choose a provider from the directory"], (
            foreign
        )
    assert table(Placement) == []


def test_a_site_must_be_the_chosen_providers(world):
    pupil = pupil_of(world)
    theirs = SiteFactory(provider=world.other_provider, name="Their site")
    response = posted(world, pupil=str(pupil.pk), site=str(theirs.pk))
    assert response.context["form"].errors["site"] == ["Choose a site of Demoshire PRU"]
    response = posted(world, pupil=str(pupil.pk), site="999999")
    assert response.context["form"].errors["site"] == ["Choose a site of Demoshire PRU"]
    assert table(Placement) == []
    ours = SiteFactory(provider=world.provider)
    assert posted(world, pupil=str(pupil.pk), site=str(ours.pk)).status_code == 302
    assert [row["site_id"] for row in table(Placement)] == [ours.pk]


def test_a_block_purchase_must_be_the_schools_from_the_chosen_provider(world):
    pupil = pupil_of(world)
    another_schools = BlockPurchaseFactory(school=world.sibling_school, provider=world.provider)
    response = posted(world, pupil=str(pupil.pk), block_purchase=str(another_schools.pk))
    assert response.context["form"].errors["block_purchase"] == ["Choose a block purchase your school made"]
    another_providers = BlockPurchaseFactory(school=world.school, provider=world.other_provider)
    response = posted(world, pupil=str(pupil.pk), block_purchase=str(another_providers.pk))
    assert response.context["form"].errors["block_purchase"] == [
        "Choose a block purchase your school made from Demoshire PRU"
    ]
    assert table(Placement) == []
    ours = BlockPurchaseFactory(school=world.school, provider=world.provider)
    assert posted(world, pupil=str(pupil.pk), block_purchase=str(ours.pk)).status_code == 302


def test_another_schools_referral_is_not_found(world):
    theirs = referral_pages.sent(world, pupil=PupilFactory(school=world.sibling_school))
    referral_pages.offered(world, theirs)
    their_lead = MembershipFactory(organisation=world.sibling_school, role=Role.AP_LEAD)
    referral_pages.act(
        their_lead, referral_pages.services.accept_offer, referral_pages.answer_of(theirs, world.provider)
    )
    url = reverse("placements:new_from_referral", args=[theirs.pk])
    client = signed_in(world, "ap_lead")
    assert client.get(url).status_code == 404
    assert client.post(url, plan(world, "ap_lead")).status_code == 404
    assert table(Placement) == []
    ours = referral_pages.accepted(world)
    url = reverse("placements:new_from_referral", args=[ours.pk])
    assert client.post(url, plan(world, "ap_lead")).status_code == 302


def test_another_schools_placement_and_objective_are_not_found(world):
    theirs = PlacementFactory(pupil=PupilFactory(school=world.sibling_school), provider=world.provider)
    objective = ObjectiveFactory(placement=theirs)
    client = signed_in(world, "ap_lead")
    for name in ("edit", "objective_add", "part_time", "end", "start", "detail"):
        assert client.get(reverse(f"placements:{name}", args=[theirs.pk])).status_code == 404, name
    url = reverse("placements:objective_edit", args=[objective.pk])
    assert client.post(url, {"area": "maths", "description": "x", "measure": "y"}).status_code == 404
    assert client.post(reverse("placements:edit", args=[theirs.pk]), new_plan(world)).status_code == 404
    assert table(PlanChange) == []
    with unscoped("test"):
        assert Objective.objects.get(pk=objective.pk).area == "attendance"


def test_ids_posted_for_fields_a_form_does_not_have_are_ignored(world):
    placement = active(world)
    elsewhere = PupilFactory(school=world.sibling_school)
    other = PlacementFactory(pupil=elsewhere, provider=world.provider)
    data = new_plan(world) | {
        "pupil": str(elsewhere.pk),
        "school": str(world.sibling_school.pk),
        "referral": "1",
        "status": "ended",
        "change_reason": "Typo.",
        "hours_per_week": "16",
        "starts_on_0": str(placement.starts_on.day),
        "starts_on_1": str(placement.starts_on.month),
        "starts_on_2": str(placement.starts_on.year),
    }
    response = signed_in(world, "ap_lead").post(reverse("placements:edit", args=[placement.pk]), data)
    assert response.status_code == 302
    saved = fresh(placement)
    assert (saved.pupil_id, saved.school_id, saved.status) == (placement.pupil_id, world.school.pk, "active")
    # An objective posted "for" another placement is added to the one in the URL.
    objective = {
        "area": "maths",
        "description": "Entry level 3.",
        "measure": "Assessment",
        "placement": str(other.pk),
        "change_reason": "Added.",
    }
    signed_in(world, "ap_lead").post(reverse("placements:objective_add", args=[placement.pk]), objective)
    with unscoped("test"):
        assert Objective.objects.filter(placement=other).count() == 0
        assert Objective.objects.filter(placement=placement, area="maths").count() == 1
