"""The demo's progress and incidents: the PRU's placements have attendance recorded over the term and
three incidents, one of high severity that Demoshire Academy's home page and the placement's page show at
once; every other active placement has a value a week against each objective from its provider's manager,
most moving from the baseline towards the target and some stalling, the same on every load; the pages show
them to those who read them; loading again changes nothing."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from apcommission.demo.progress import COURSES, weekly
from apcommission.tenancy.models import Membership
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from placements.models import Objective, Placement
from progress.models import Incident, ProgressEntry
from tests.history import history
from tests.placements.test_demo_placements import signed_in

TODAY = timezone.localdate()


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


def active_progress() -> dict[Placement, dict[Objective, list[ProgressEntry]]]:
    """Every active placement's objectives with their values, oldest first."""
    with unscoped("test"):
        placements = Placement.objects.filter(status="active").select_related("provider", "pupil")
        found = {placement: {} for placement in placements}
        by_pk = {placement.pk: placement for placement in found}
        for objective in Objective.objects.filter(placement__in=by_pk).order_by("pk"):
            found[by_pk[objective.placement_id]][objective] = []
        objectives = {objective.pk: objective for mine in found.values() for objective in mine}
        for entry in ProgressEntry.objects.filter(placement__in=by_pk).order_by("on"):
            found[by_pk[entry.placement_id]][objectives[entry.objective_id]].append(entry)
    return found


def test_every_active_placement_has_progress_recorded_by_its_providers_manager(demo):
    with unscoped("test"):
        managers = {
            (membership.organisation_id, membership.user_id)
            for membership in Membership.objects.filter(role=Role.PROVIDER_MANAGER)
        }
    progress = active_progress()
    assert len({placement.provider_id for placement in progress}) >= 6
    for placement, objectives in progress.items():
        mine = [entry for entries in objectives.values() for entry in entries]
        assert len(mine) >= 2, placement.provider.name
        assert all((placement.provider_id, entry.recorded_by_id) in managers for entry in mine)
        assert all(placement.starts_on <= entry.on < TODAY for entry in mine)


def test_each_objective_has_a_value_for_each_week_of_the_placement(demo):
    for placement, objectives in active_progress().items():
        if placement.pupil.name == "Jordan Pike":
            continue  # the PRU's story, told in full
        weeks = (TODAY - placement.starts_on).days // 7
        for entries in objectives.values():
            assert len(entries) == weeks, placement.pupil.name
            assert entries[0].on < placement.starts_on + datetime.timedelta(days=7), placement.pupil.name
            assert entries[-1].on >= TODAY - datetime.timedelta(days=7), placement.pupil.name


def test_most_move_from_the_baseline_towards_the_target_and_some_stall(demo):
    moving, stalled = set(), set()
    for placement, objectives in active_progress().items():
        for objective, entries in objectives.items():
            values = [entry.value for entry in entries]
            assert values[-1] > objective.baseline_value, placement.pupil.name
            if len(values) >= 3 and values[-1] - values[-3] <= 1:
                stalled.add(placement.pupil.name)
            elif values[-1] > values[0]:
                moving.add(placement.pupil.name)
    assert {"Leon Ward", "Owen Reid", "Isla Grant"} <= stalled
    assert len(moving) > len(stalled)


def test_the_values_are_the_same_on_every_load():
    objective = Objective(baseline_value=Decimal(66), target_value=Decimal(90), unit="%")
    starts_on = TODAY - datetime.timedelta(weeks=8)

    def values(seed: str) -> list:
        return weekly(objective, COURSES["Leon Ward"], starts_on=starts_on, today=TODAY, seed=seed)

    assert values("Leon Ward: attendance") == values("Leon Ward: attendance")
    assert values("Leon Ward: attendance") != values("Owen Reid: attendance")


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
