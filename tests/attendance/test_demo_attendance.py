"""The demo's term of attendance: marks for its active placements, Jordan Pike's unexplained absence this
morning shown to Demoshire Academy, Bridges Tuition missing from the last school day, the attendance on a
placement's page against its baseline; loading again changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from apcommission.tenancy.scoping import unscoped
from attendance.models import Mark
from placements.models import Placement
from tests.placements.test_demo_placements import signed_in


def seed():
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def demo(db):
    seed()


def test_every_active_placement_has_a_term_of_marks_and_loading_again_adds_none(demo):
    with unscoped("test"):
        active = Placement.objects.filter(status="active")
        marked = set(Mark.objects.values_list("placement_id", flat=True))
        assert set(active.values_list("pk", flat=True)) <= marked
        count = Mark.objects.count()
        assert count > 300
        kinds = set(Mark.objects.values_list("mark", flat=True))
    assert {"present", "late", "illness", "unauthorised"} <= kinds
    seed()
    with unscoped("test"):
        assert Mark.objects.count() == count


def test_the_academy_sees_jordans_absence_and_the_provider_that_has_not_marked(demo):
    client = signed_in("ap.lead@academy.demoshire.example", "Demoshire Academy")
    response = client.get(reverse("attendance:school"))
    assert [a.pupil_name for a in response.context["absences"]] == ["Jordan Pike"]
    assert [entry.provider_name for entry in response.context["not_marked"]] == ["Bridges Tuition"]
    with unscoped("test"):
        jordan = Placement.objects.get(pupil__legal_forename="Jordan", pupil__legal_surname="Pike")
    page = client.get(reverse("placements:detail", args=[jordan.pk])).content.decode()
    assert "Attendance during the placement" in page
    assert "Before the placement" in page


def test_the_provider_sees_its_week_marked(demo):
    client = signed_in("manager@pru.demoshire.example", "Demoshire Pupil Referral Unit")
    response = client.get(reverse("attendance:grid"))
    assert response.status_code == 200
    assert response.context["week"].page.object_list
