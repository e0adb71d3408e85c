"""The API's endpoints as a provider's and a school's systems use them: the same services, checks and
atomicity as the pages; a provider never sees another provider's placements, nor the pupil's record; every
reply that shows a pupil writes an access event."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from attendance.models import Mark
from progress.models import ProgressEntry
from tests.api.keys import KeyClient, make_key
from tests.attendance.world import MONDAY, WEDNESDAY, all_marks, placed
from tests.history import history
from tests.placements.factories import ObjectiveFactory, PartTimePlanFactory

PLACEMENTS = "/api/v1/placements/"
ATTENDANCE = "/api/v1/attendance/"
PROGRESS = "/api/v1/progress/"


def mark(placement, on=WEDNESDAY, session="am", value="present", **extra):
    return {"placement": placement.pk, "date": on.isoformat(), "session": session, "mark": value, **extra}


@pytest.fixture
def provider(world):
    return KeyClient(make_key(world.provider)[1])


@pytest.fixture
def school(world):
    return KeyClient(make_key(world.school)[1])


def events(action):
    with unscoped("test"):
        return list(
            AccessEvent.objects.filter(action=action).values("pupil_ids", "organisation_id", "user_id")
        )


# --- Attendance in ----------------------------------------------------------------------------------


def test_a_provider_sends_a_batch_and_sending_it_again_changes_nothing(world, provider):
    placement = placed(world)
    batch = {"marks": [mark(placement), mark(placement, session="pm", value="late")]}
    first = provider.post_json(ATTENDANCE, batch)
    assert first.status_code == 200, first.content
    assert first.json() == {"created": 2, "changed": 0, "unchanged": 0}
    before = all_marks()
    assert [m["source"] for m in before] == ["api", "api"]
    assert provider.post_json(ATTENDANCE, batch).json() == {"created": 0, "changed": 0, "unchanged": 2}
    assert all_marks() == before


def test_a_changed_mark_is_an_update_kept_in_history(world, provider):
    placement = placed(world)
    provider.post_json(ATTENDANCE, {"marks": [mark(placement)]})
    changed = provider.post_json(ATTENDANCE, {"marks": [mark(placement, value="unauthorised")]})
    assert changed.json() == {"created": 0, "changed": 1, "unchanged": 0}
    (event,) = history("attendance.MarkEvent")  # the old mark, kept when it changed
    assert (event.mark, event.source) == ("present", "api")
    assert [m["mark"] for m in all_marks()] == ["unauthorised"]


def test_a_batch_with_any_problem_writes_nothing_and_names_every_row(world, provider):
    ours = placed(world)
    theirs = placed(world, provider=world.other_provider, name=("Other", "Pupil"))
    response = provider.post_json(
        ATTENDANCE,
        {
            "marks": [
                mark(ours),
                mark(theirs),
                {"placement": ours.pk, "date": "04/03/2026", "session": "am", "mark": "present"},
                mark(ours, on=WEDNESDAY + datetime.timedelta(days=1)),
                mark(ours, on=MONDAY, value="away"),
                "a string",
                {**mark(ours, session="pm"), "pupil": "Amira"},
            ]
        },
    )
    assert response.status_code == 400
    body = response.json()
    rows = {problem["row"]: problem["message"] for problem in body["errors"]}
    assert set(rows) == {2, 3, 4, 5, 6, 7}
    assert f"There is no placement {theirs.pk} with you" in rows[2]
    assert "YYYY-MM-DD" in rows[3]
    assert "not timetabled" in rows[4]
    assert "not a mark we know" in rows[5]
    assert "Unknown field pupil" in rows[7]
    assert "Nothing was recorded" in body["detail"]
    assert all_marks() == []


def test_a_schools_key_cannot_send_attendance(world, school):
    placement = placed(world)
    response = school.post_json(ATTENDANCE, {"marks": [mark(placement)]})
    assert response.status_code == 403
    assert all_marks() == []


@pytest.mark.parametrize("body", [[], {"marks": "all"}, {"marks": []}, {"other": []}])
def test_a_body_of_the_wrong_shape_is_400(world, provider, body):
    assert provider.post_json(ATTENDANCE, body).status_code == 400


def test_a_body_that_is_not_json_is_400(world, provider):
    response = provider.post(ATTENDANCE, "marks=1", content_type="application/json")
    assert response.status_code == 400


def test_too_many_marks_at_once_is_refused(world, provider, settings):
    settings.ATTENDANCE_FILE_MAX_ROWS = 2
    placement = placed(world)
    batch = [mark(placement, session=half) for half in ("am", "pm")] + [mark(placement, on=MONDAY)]
    response = provider.post_json(ATTENDANCE, {"marks": batch})
    assert response.status_code == 400
    assert "at most 2" in str(response.json())


# --- Attendance out ---------------------------------------------------------------------------------


def test_a_school_reads_marks_with_its_codes_and_an_access_event(world, provider, school):
    placement = placed(world)
    PartTimePlanFactory(placement=placement)
    provider.post_json(
        ATTENDANCE, {"marks": [mark(placement), mark(placement, session="pm", value="illness")]}
    )
    response = school.get(ATTENDANCE, {"start": MONDAY.isoformat(), "end": WEDNESDAY.isoformat()})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["session"], r["mark"], r["school_code"]) for r in results] == [
        ("am", "present", "B"),
        ("pm", "illness", "I"),
    ]
    assert results[0]["pupil"] == placement.pupil_id
    assert events("api.attendance")[-1]["pupil_ids"] == [placement.pupil_id]


def test_the_provider_reads_back_its_own_marks_only(world, provider):
    ours = placed(world)
    theirs = placed(world, provider=world.other_provider, name=("Other", "Pupil"))
    provider.post_json(ATTENDANCE, {"marks": [mark(ours)]})
    other = KeyClient(make_key(world.other_provider)[1])
    other.post_json(ATTENDANCE, {"marks": [mark(theirs)]})
    results = provider.get(ATTENDANCE, {"start": MONDAY.isoformat(), "end": WEDNESDAY.isoformat()}).json()
    assert [r["placement"] for r in results["results"]] == [ours.pk]
    assert "pupil" not in results["results"][0]
    assert "school_code" not in results["results"][0]


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2026-03-05", "end": "2026-03-01"},
        {"start": "2024-01-01", "end": "2026-01-01"},
        {"start": "2024-01-01"},  # to today, more than a year
        {"start": "x"},
    ],
)
def test_a_bad_date_range_is_400(world, school, query):
    assert school.get(ATTENDANCE, query).status_code == 400


# --- Placements ---------------------------------------------------------------------------------------


def test_a_provider_reads_what_the_school_shared_never_the_record(world, provider):
    placement = placed(world, shared=["name", "year_group"])
    with unscoped("test"):
        placement.provider_copy = {"name": "Amira Khan", "year_group": 9, "year_group_in": 2025}
        placement.save(update_fields=["provider_copy"])
    elsewhere = placed(world, provider=world.other_provider, name=("Amira", "Khan"))
    objective = ObjectiveFactory(placement=placement)
    response = provider.get(PLACEMENTS)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == [placement.pk]
    assert elsewhere.pk not in [r["id"] for r in results]
    pupil = results[0]["pupil"]
    assert pupil["name"] == "Amira Khan"
    assert "upn" not in pupil
    assert "id" not in pupil
    assert results[0]["sessions"] == placement.sessions
    assert results[0]["objectives"][0]["id"] == objective.pk
    assert events("api.placements")[-1]["pupil_ids"] == [placement.pupil_id]


def test_a_school_reads_its_placements_with_the_pupil_from_its_record(world, school):
    placement = placed(world)
    placed(world, school=world.sibling_school, name=("Sibling", "Pupil"))
    results = school.get(PLACEMENTS).json()["results"]
    assert [r["id"] for r in results] == [placement.pk]
    assert results[0]["pupil"]["upn"] == placement.pupil.upn
    assert results[0]["pupil"]["name"] == "Amira Khan"


def test_another_organisations_placement_is_not_found(world, provider, school):
    theirs = placed(world, provider=world.other_provider, name=("Other", "Pupil"))
    assert provider.get(f"{PLACEMENTS}{theirs.pk}/").status_code == 404
    sibling = placed(world, school=world.sibling_school, name=("Sibling", "Pupil"))
    assert school.get(f"{PLACEMENTS}{sibling.pk}/").status_code == 404
    assert school.get(f"{PLACEMENTS}{theirs.pk}/").status_code == 200  # the school's pupil, elsewhere


def test_placements_by_status(world, school):
    active = placed(world)
    ended = placed(
        world, status="ended", ended_on=datetime.date(2026, 2, 1), end_reason="Moved", name=("Ended", "Pupil")
    )
    ids = lambda status: [r["id"] for r in school.get(PLACEMENTS, {"status": status}).json()["results"]]  # noqa: E731
    assert ids("current") == [active.pk]
    assert ids("ended") == [ended.pk]
    assert sorted(ids("all")) == sorted([active.pk, ended.pk])
    assert school.get(PLACEMENTS, {"status": "everything"}).status_code == 400


def test_the_placement_list_costs_the_same_queries_however_many(world, school):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert school.get(PLACEMENTS).status_code == 200
        return len(queries)

    placed(world)
    count()  # the key's first use of the day is written down: not a cost of the page
    few = count()
    for number in range(6):
        ObjectiveFactory(placement=placed(world, name=("Pupil", f"Number{number}")))
    assert count() == few


# --- Progress -----------------------------------------------------------------------------------------


def test_a_provider_sends_progress_all_or_nothing(world, provider):
    objective = ObjectiveFactory(placement=placed(world), baseline_on=datetime.date(2026, 1, 5))
    theirs = ObjectiveFactory(placement=placed(world, provider=world.other_provider, name=("O", "P")))
    entry = {"objective": objective.pk, "value": "71.5", "on": WEDNESDAY.isoformat(), "comment": "Better"}
    refused = provider.post_json(PROGRESS, {"entries": [entry, {**entry, "objective": theirs.pk}]})
    assert refused.status_code == 400
    assert [e["row"] for e in refused.json()["errors"]] == [2]
    with unscoped("test"):
        assert not ProgressEntry.objects.exists()
    assert provider.post_json(PROGRESS, {"entries": [entry]}).json() == {
        "recorded": 1,
        "corrected": 0,
        "unchanged": 0,
    }
    assert provider.post_json(PROGRESS, {"entries": [entry]}).json()["unchanged"] == 1
    with unscoped("test"):
        assert ProgressEntry.objects.get().value == Decimal("71.5")


def test_a_schools_key_cannot_send_progress(world):
    key = KeyClient(make_key(world.school, Role.AP_LEAD)[1])
    objective = ObjectiveFactory(placement=placed(world))
    entry = {"objective": objective.pk, "value": "1", "on": WEDNESDAY.isoformat()}
    assert key.post_json(PROGRESS, {"entries": [entry]}).status_code == 403


# --- Throttling ---------------------------------------------------------------------------------------


def test_each_key_is_throttled_on_its_own(world, settings):
    settings.API_KEY_RATE = "3/minute"
    cache.clear()
    try:
        first = KeyClient(make_key(world.provider)[1])
        second = KeyClient(make_key(world.provider, name="Another")[1])
        assert [first.get(PLACEMENTS).status_code for _ in range(4)] == [200, 200, 200, 429]
        assert second.get(PLACEMENTS).status_code == 200
    finally:
        cache.clear()


def test_nothing_posted_for_another_provider_reaches_the_database(world, provider):
    theirs = placed(world, provider=world.other_provider, name=("Other", "Pupil"))
    provider.post_json(ATTENDANCE, {"marks": [mark(theirs)]})
    with unscoped("test"):
        assert not Mark.objects.exists()
