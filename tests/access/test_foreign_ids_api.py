"""Foreign ids in the API (SECURITY.md promise 2): every id a posted batch names (a mark's `placement`, a
value's `objective`) is looked up through the key's membership. Another provider's placement or objective,
even the same pupil's, reads as one that does not exist, the batch is refused by row, and no row changes;
a detail URL with another organisation's id is 404."""

import datetime

import pytest

from apcommission.tenancy.scoping import unscoped
from attendance.models import Mark
from placements.models import Objective
from progress.models import ProgressEntry
from tests.api.keys import KeyClient, make_key
from tests.attendance.world import WEDNESDAY, placed
from tests.placements.factories import ObjectiveFactory


@pytest.fixture
def same_pupil_elsewhere(world):
    """The world's school's pupil, placed with the world's provider and, at the same time, with another."""
    ours = placed(world)
    theirs = placed(world, provider=world.other_provider)
    with unscoped("test"):
        theirs.pupil = ours.pupil
        theirs.save(update_fields=["pupil"])
    for placement in (ours, theirs):
        ObjectiveFactory(placement=placement, baseline_on=datetime.date(2026, 1, 5))
    return ours, theirs


def counts():
    with unscoped("test"):
        return Mark.objects.count(), ProgressEntry.objects.count()


def test_a_mark_for_another_providers_placement_of_the_same_pupil_is_refused(world, same_pupil_elsewhere):
    _ours, theirs = same_pupil_elsewhere
    client = KeyClient(make_key(world.provider)[1])
    mark = {"placement": theirs.pk, "date": WEDNESDAY.isoformat(), "session": "am", "mark": "present"}
    response = client.post_json("/api/v1/attendance/", {"marks": [mark]})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 1, "message": f"There is no placement {theirs.pk} with you: check the placement reference"}
    ]
    assert counts() == (0, 0)


def test_a_value_for_another_providers_objective_is_refused(world, same_pupil_elsewhere):
    _ours, theirs = same_pupil_elsewhere
    client = KeyClient(make_key(world.provider)[1])
    with unscoped("test"):
        their_objective = Objective.objects.get(placement=theirs)
    entry = {"objective": their_objective.pk, "value": "80", "on": WEDNESDAY.isoformat()}
    response = client.post_json("/api/v1/progress/", {"entries": [entry]})
    assert response.status_code == 400
    assert "No objective" in response.json()["errors"][0]["message"]
    assert counts() == (0, 0)


def test_reading_another_providers_placement_by_id_is_not_found(world, same_pupil_elsewhere):
    ours, theirs = same_pupil_elsewhere
    client = KeyClient(make_key(world.provider)[1])
    assert client.get(f"/api/v1/placements/{ours.pk}/").status_code == 200
    assert client.get(f"/api/v1/placements/{theirs.pk}/").status_code == 404
    assert client.get("/api/v1/attendance/", {"placement": theirs.pk}).json()["count"] == 0
