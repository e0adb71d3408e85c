"""Foreign ids on attendance: every way marks arrive takes a placement's number, and another provider's
placement reads exactly as one that does not exist, with nothing written, beside the positive case. A
provider never learns of the same pupil's placement elsewhere."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attendance import services
from tests.attendance.pages import signed_in
from tests.attendance.world import all_marks, placed, record, row
from tests.placements.factories import PlacementFactory

DAY = datetime.date(2026, 3, 4)  # a Wednesday the placements timetable


def unknown(number) -> str:
    return f"there is no placement {number} with you: check the placement reference"


@pytest.fixture
def placements(world):
    ours = placed(world)
    # The same pupil, placed at the other provider too.
    theirs = PlacementFactory(
        pupil=ours.pupil,
        provider=world.other_provider,
        starts_on=ours.starts_on,
        planned_end_on=ours.planned_end_on,
        sessions=ours.sessions,
    )
    return ours, theirs


def test_the_service_refuses_another_providers_placement_as_unknown(world, placements):
    ours, theirs = placements
    with pytest.raises(services.MarksRefused) as refused:
        record(world.members["provider_manager"], [row(ours, DAY), row(theirs, DAY, number=2)])
    assert [str(p) for p in refused.value.problems] == [f"Row 2: {unknown(theirs.pk)}"]
    assert all_marks() == []
    assert record(world.members["provider_manager"], [row(ours, DAY)]).created == 1


def test_the_grid_refuses_another_providers_placement_as_unknown(world, placements):
    ours, theirs = placements
    client = signed_in(world, "provider_manager")
    mine = {"week": "2026-03-02", f"m-{ours.pk}-2026-03-04-am": "present"}
    response = client.post(reverse("attendance:grid"), {**mine, f"m-{theirs.pk}-2026-03-04-am": "present"})
    assert unknown(theirs.pk) in response.content.decode()
    response = client.post(reverse("attendance:grid"), {**mine, "m-999999999-2026-03-04-am": "present"})
    assert unknown(999999999) in response.content.decode()
    assert all_marks() == []
    assert client.post(reverse("attendance:grid"), mine).status_code == 302
    assert [m["placement_id"] for m in all_marks()] == [ours.pk]


def test_a_file_naming_another_providers_placement_records_nothing(world, placements):
    ours, theirs = placements
    client = signed_in(world, "provider_manager")

    def send(*numbers):
        lines = ["Placement reference,Date,Session,Mark"] + [f"{n},04/03/2026,AM,P" for n in numbers]
        upload = SimpleUploadedFile("marks.csv", ("\r\n".join(lines) + "\r\n").encode())
        return client.post(reverse("attendance:upload"), {"file": upload})

    response = send(ours.pk, theirs.pk)
    assert [str(p) for p in response.context["problems"]] == [f"Row 3: {unknown(theirs.pk)}"]
    assert all_marks() == []
    assert send(ours.pk).status_code == 302
    assert [m["placement_id"] for m in all_marks()] == [ours.pk]
