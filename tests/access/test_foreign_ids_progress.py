"""Foreign ids on the progress and incident forms: a provider recording against another provider's
objective, correcting another provider's value, or recording an incident at another provider's placement
(the same pupil's, even) gets 404 and nothing is written. Ids posted for fields a form does not have are
ignored: what is recorded belongs to the objective or placement in the URL, with its keys. Each refusal
has its positive case beside it."""

from django.urls import reverse

from apcommission.tenancy.scoping import unscoped
from placements.models import Objective
from progress.models import Incident, ProgressEntry
from tests.dates import date_input
from tests.placements.factories import ObjectiveFactory, PlacementFactory
from tests.placements.plan_world import TODAY
from tests.progress.factories import IncidentFactory, ProgressEntryFactory
from tests.progress.world import objective_of, running, signed_in


def table(model) -> list[dict]:
    with unscoped("test"):
        return list(model.objects.order_by("pk").values())


def a_value(**extra) -> dict:
    return {"value": "75", **date_input("on", TODAY), "comment": "", **extra}


def an_incident(**extra) -> dict:
    return {
        **date_input("occurred_on", TODAY),
        "kind": "behaviour",
        "severity": "low",
        "what_happened": "Refused to join the lesson.",
        "action_taken": "Worked one to one instead.",
        **extra,
    }


def elsewhere(world):
    """The same pupil's placement with the other provider, with an objective, a value and an incident."""
    mine = running(world)
    theirs = PlacementFactory(pupil=mine.pupil, provider=world.other_provider, starts_on=mine.starts_on)
    objective = ObjectiveFactory(placement=theirs)
    return mine, theirs, objective


def test_another_providers_objective_is_not_found_and_nothing_is_written(world):
    mine, _theirs, objective = elsewhere(world)
    client = signed_in(world, "provider_manager")
    url = reverse("progress:record", args=[objective.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, a_value()).status_code == 404
    assert table(ProgressEntry) == []
    ours = reverse("progress:record", args=[objective_of(mine).pk])
    assert client.post(ours, a_value()).status_code == 302
    assert [row["objective_id"] for row in table(ProgressEntry)] == [objective_of(mine).pk]


def test_another_providers_value_is_not_found_and_not_changed(world):
    _mine, _theirs, objective = elsewhere(world)
    theirs = ProgressEntryFactory(objective=objective, on=TODAY)
    client = signed_in(world, "provider_staff")
    url = reverse("progress:correct", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, a_value(value="1")).status_code == 404
    assert [row["value"] for row in table(ProgressEntry)] == [theirs.value]


def test_another_providers_placement_and_incident_are_not_found(world):
    mine, theirs, _objective = elsewhere(world)
    their_incident = IncidentFactory(placement=theirs)
    client = signed_in(world, "provider_manager")
    url = reverse("progress:incident_new", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, an_incident()).status_code == 404
    for name in ("progress:incident", "progress:incident_change"):
        assert client.get(reverse(name, args=[their_incident.pk])).status_code == 404, name
    assert (
        client.post(reverse("progress:incident_change", args=[their_incident.pk]), an_incident()).status_code
        == 404
    )
    assert [row["id"] for row in table(Incident)] == [their_incident.pk]
    assert client.post(reverse("progress:incident_new", args=[mine.pk]), an_incident()).status_code == 302
    assert len(table(Incident)) == 2


def test_ids_posted_for_fields_a_form_does_not_have_are_ignored(world):
    mine, theirs, their_objective = elsewhere(world)
    objective = objective_of(mine)
    smuggled = {
        "objective": str(their_objective.pk),
        "placement": str(theirs.pk),
        "school": str(world.sibling_school.pk),
        "provider": str(world.other_provider.pk),
        "recorded_by": "1",
    }
    client = signed_in(world, "provider_manager")
    client.post(reverse("progress:record", args=[objective.pk]), a_value(**smuggled))
    client.post(reverse("progress:incident_new", args=[mine.pk]), an_incident(**smuggled))
    [entry] = table(ProgressEntry)
    [incident] = table(Incident)
    for row in (entry, incident):
        assert (row["placement_id"], row["school_id"], row["provider_id"]) == (
            mine.pk,
            world.school.pk,
            world.provider.pk,
        )
        assert row["recorded_by_id"] == world.user("provider_manager").pk
    assert entry["objective_id"] == objective.pk
    with unscoped("test"):
        assert Objective.objects.filter(pk=their_objective.pk).exists()


def test_a_provider_from_another_area_is_not_a_filter_of_the_list(world):
    mine = running(world)
    IncidentFactory(placement=mine)
    response = signed_in(world, "ap_lead").get(
        reverse("progress:incidents"), {"provider": str(world.other_provider.pk)}
    )
    assert response.context["form"].errors == {"provider": ["Choose a provider from the list"]}
    assert len(response.context["page"].object_list) == 1
