"""The demo's progress and incidents: the PRU's placements have attendance recorded over the term and
three incidents, one of high severity that Demoshire Academy's home page and the placement's page show at
once; every other active placement has values from its provider's manager; the pages show them to those
who read them; loading again changes nothing."""

import io

import pytest
from django.core.management import call_command

from apcommission.tenancy.models import Membership
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from placements.models import Placement
from progress.models import Incident, ProgressEntry
from tests.history import history
from tests.placements.test_demo_placements import signed_in


def seed():
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def demo(db):
    seed()


def placement_of(name: str) -> Placement:
    with unscoped("test"):
        return Placement.objects.get(provider_copy__name=name, provider__name="Demoshire Pupil Referral Unit")


def test_the_pru_has_recorded_progress_over_the_term_and_three_incidents(demo):
    jordan = placement_of("Jordan Pike")
    with unscoped("test"):
        values = list(
            ProgressEntry.objects.filter(placement=jordan).order_by("on").values_list("value", flat=True)
        )
        severities = sorted(Incident.objects.values_list("severity", flat=True))
    assert len(values) >= 4
    assert values[-1] > values[0]
    assert severities == ["high", "low", "medium"]


def test_every_active_placement_has_progress_recorded_by_its_providers_manager(demo):
    with unscoped("test"):
        active = list(Placement.objects.filter(status="active").select_related("provider"))
        entries = list(ProgressEntry.objects.select_related("recorded_by"))
        managers = {
            (membership.organisation_id, membership.user_id)
            for membership in Membership.objects.filter(role=Role.PROVIDER_MANAGER)
        }
    assert len({placement.provider_id for placement in active}) >= 6
    for placement in active:
        mine = [entry for entry in entries if entry.placement_id == placement.pk]
        assert len(mine) >= 2, placement.provider.name
        assert all((placement.provider_id, entry.recorded_by_id) in managers for entry in mine)
        assert all(placement.starts_on <= entry.on for entry in mine)


def test_the_academy_sees_the_high_severity_incident_at_once(demo):
    academy = signed_in("ap.lead@academy.demoshire.example", "Demoshire Academy")
    assert "1 high-severity incident in the last 2 weeks" in academy.get("/").content.decode()
    page = academy.get(f"/placements/{placement_of('Jordan Pike').pk}/").content.decode()
    assert "The provider recorded 1 high-severity incident in the last 2 weeks." in page
    assert 'role="img"' in page
    listed = academy.get("/progress/incidents/").context["page"].paginator.count
    assert listed == 3


def test_the_pru_reads_its_progress_and_records_more(demo):
    manager = signed_in("manager@pru.demoshire.example", "Demoshire Pupil Referral Unit")
    page = manager.get(f"/placements/{placement_of('Jordan Pike').pk}/").content.decode()
    assert "Every session this week, on time." in page
    assert "Record progress" in page
    assert "Record an incident" in page


def test_loading_again_changes_nothing(demo):
    with unscoped("test"):
        before = (
            list(ProgressEntry.objects.order_by("pk").values()),
            list(Incident.objects.order_by("pk").values()),
        )
    events = len(history("progress.ProgressEntryEvent")) + len(history("progress.IncidentEvent"))
    seed()
    with unscoped("test"):
        after = (
            list(ProgressEntry.objects.order_by("pk").values()),
            list(Incident.objects.order_by("pk").values()),
        )
    assert after == before
    assert len(history("progress.ProgressEntryEvent")) + len(history("progress.IncidentEvent")) == events
