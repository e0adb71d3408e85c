"""The demo's pupils: at both of the AP lead's Demoshire schools and at Northvale, with the variety the
pupil pages show, recorded once by each school's AP lead through the services."""

import io

import pytest
from django.core.management import call_command

from apcommission.tenancy.scoping import unscoped
from pupils.identifiers import check_upn
from pupils.models import AttendanceYear, Contact, Pupil


def seed(*args):
    call_command("seed_demo", *args, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def seeded(db):
    seed()


def test_each_demo_school_has_pupils_of_every_kind(seeded):
    with unscoped("test"):
        pupils = list(Pupil.objects.select_related("school"))
        schools = {pupil.school.urn for pupil in pupils}
        assert Contact.objects.exists()
        assert AttendanceYear.objects.exists()
    assert {"999001", "999003", "998001"} <= schools
    assert {pupil.sen_status for pupil in pupils} == {"none", "sen_support", "ehc_plan"}
    assert any(pupil.looked_after for pupil in pupils)
    assert any(pupil.upn_is_temporary for pupil in pupils)
    assert any(pupil.year_group_override is not None for pupil in pupils)
    assert {pupil.social_care for pupil in pupils} == {"none", "child_in_need", "child_protection"}
    assert all(check_upn(pupil.upn).valid for pupil in pupils)


def test_each_pupil_belongs_to_its_schools_la_and_its_history_names_the_command(seeded):
    with unscoped("test"):
        for pupil in Pupil.objects.select_related("school"):
            assert pupil.local_authority_id == pupil.school.local_authority_id
            event = pupil.events.order_by("pgh_id").first()
            assert event.pgh_context.metadata.get("command") == "seed_demo"


def test_generated_pupils_fill_a_large_school_once(seeded):
    seed("--pupils", "30")
    with unscoped("test"):
        first = Pupil.objects.filter(school__urn="999001").count()
    seed("--pupils", "30")

    with unscoped("test"):
        assert Pupil.objects.filter(school__urn="999001").count() == first
    assert first >= 30
