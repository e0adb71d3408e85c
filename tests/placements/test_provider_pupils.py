"""A provider's own pupils: its current placements, each as the school shared it, with the timetable and
dates. Never the pupil's record, never another provider's placements, never the same pupil's placements
elsewhere."""

import datetime

import pytest

from apcommission.audit.models import AccessEvent
from placements.provider_pupils import shared_details
from placements.sharing import provider_copy, shared_rows
from tests.placements.register_pages import TODAY, placed, signed_in
from tests.pupils.factories import PupilFactory


def page_text(world, role="provider_manager") -> str:
    response = signed_in(world, role).get("/your-pupils/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ["provider_manager", "provider_staff"])
def test_a_provider_reads_what_the_school_shared_and_the_timetable(world, role):
    pupil = PupilFactory(school=world.school, legal_forename="Amira", legal_surname="Khan", upn="A123")
    placement = placed(
        world,
        pupil=pupil,
        sessions=["mon_am", "wed_pm"],
        starts_on=datetime.date(2026, 1, 5),
        planned_end_on=datetime.date(2026, 7, 17),
        provider_copy={"name": "Amira K.", "year_group": 9, "sex": "F"},
    )
    text = page_text(world, role)
    assert "Amira K." in text
    assert "Year 9" in text
    assert "Female" in text
    assert "5 January 2026 to 17 July 2026" in text
    assert world.school.name in text
    assert text.count("With you") == 2
    assert "Khan" not in text  # the record's surname was not shared
    assert pupil.upn not in text
    assert "/pupils/" not in text
    assert f'href="/placements/{placement.pk}/"' in text


def test_only_its_own_current_placements_and_not_the_same_pupils_elsewhere(world):
    pupil = PupilFactory(school=world.school)
    placed(world, pupil=pupil, provider_copy={"name": "Ours"}, hours="12")
    placed(world, pupil=pupil, provider=world.other_provider, provider_copy={"name": "Theirs"}, hours="12")
    placed(world, provider_copy={"name": "Ended"}, status="ended", ended_on=TODAY, end_reason="Moved away.")
    placed(
        world,
        provider_copy={"name": "Never came"},
        status="cancelled",
        cancelled_on=TODAY,
        cancel_reason="Moved away.",
    )
    text = page_text(world)
    assert "Ours" in text
    assert ">12</dd>" in text
    assert "12.0" not in text
    assert "Theirs" not in text
    assert "Ended" not in text
    assert "Never came" not in text
    other = page_text(world, "other_provider_manager")
    assert "Theirs" in other
    assert "Ours" not in other


@pytest.mark.parametrize("role", ["ap_lead", "la_officer", "trust_leader", "school_staff"])
def test_a_commissioner_has_no_provider_list(world, role):
    assert signed_in(world, role).get("/your-pupils/").status_code == 403


def test_the_page_writes_an_access_event_naming_the_pupils_shown(world):
    shown = placed(world, provider_copy={"name": "Amira K."})
    placed(world, provider=world.other_provider)
    page_text(world)
    assert AccessEvent.objects.get(action="placement.provider_pupils").pupil_ids == [shown.pupil_id]


def test_with_no_pupils_the_page_says_so(world):
    assert "No pupils are placed with you" in page_text(world)
    assert not AccessEvent.objects.filter(action="placement.provider_pupils").exists()


def test_the_shared_details_are_put_in_words():
    assert shared_details(
        {
            "name": "Amira K.",
            "date_of_birth": "2012-03-14",
            "year_group": 8,
            "sex": "F",
            "upn": "A123",
            "sen_status": "ehc_plan",
        }
    ) == [
        ("Date of birth", "14 March 2012"),
        ("Year group", "Year 8"),
        ("Sex", "Female"),
        ("UPN", "A123"),
        ("SEN status", "Education, health and care (EHC) plan"),
    ]
    assert shared_details({"name": "Amira K."}) == []


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (datetime.date(2026, 8, 31), "Year 9"),
        (datetime.date(2026, 9, 1), "Year 10"),
        (datetime.date(2027, 9, 1), "Year 11"),
    ],
)
def test_a_shared_year_group_moves_up_each_september(today, year):
    pupil = PupilFactory.build(date_of_birth=datetime.date(2012, 3, 14), year_group_override=None)
    copy = provider_copy(pupil, ["year_group"], starts_on=datetime.date(2026, 7, 1))
    assert ("Year group", year) in shared_rows(copy, today=today)
