"""The demo's outcomes: Mia Fox and Grace Lowe recorded with check-ins ahead, Tom Bell still to record,
and Kai Moss's sustained destination recorded with his 1-year check-in overdue, first on the academy's
Destinations; loading again changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from apcommission.tenancy.scoping import unscoped
from outcomes.models import CheckIn, Outcome
from placements.models import Placement
from placements.sharing import provider_copy
from tests.history import history
from tests.placements.test_demo_placements import signed_in

TODAY = timezone.localdate()


def seed():
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def demo(db):
    seed()


def test_the_demo_has_outcomes_check_ins_due_and_one_overdue(demo):
    with unscoped("test"):
        recorded = set(Outcome.objects.values_list("placement__pupil__legal_forename", flat=True))
        assert recorded == {"Mia", "Grace", "Kai"}
        kai = {(c.kind, c.years): c for c in CheckIn.objects.filter(placement__pupil__legal_forename="Kai")}
        overdue = CheckIn.objects.filter(recorded_at__isnull=True, due_on__lt=TODAY)
        assert [(c.placement.pupil.legal_forename, c.years) for c in overdue] == [("Kai", 1)]
        assert CheckIn.objects.filter(recorded_at__isnull=True, due_on__gte=TODAY).count() >= 8
    assert kai[("sustained", 0)].recorded_at is not None
    assert kai[("sustained", 0)].sustained is True
    academy = signed_in("ap.lead@academy.demoshire.example", "Demoshire Academy")
    first = academy.get("/destinations/").context["page"].object_list[0]
    assert (first.placement.pupil.legal_forename, first.years) == ("Kai", 1)
    officer = signed_in("la.officer@demoshire.example", "Demoshire Council")
    rows = officer.get("/destinations/area/").context["summary"].rows
    assert {row.name for row in rows} == {"Demoshire Pupil Referral Unit", "Forge Vocational Training"}


def test_kais_earlier_placement_shares_with_the_provider_what_a_plan_saved_today_would(demo):
    with unscoped("test"):
        placement = Placement.objects.select_related("pupil").get(
            pupil__legal_forename="Kai", outcome__isnull=False
        )
        expected = provider_copy(placement.pupil, placement.shared, starts_on=placement.starts_on)
    assert placement.provider_copy == expected
    assert placement.provider_copy["name"] == "Kai Moss"
    assert set(placement.shared) == {"name", "year_group", "sex"}


def test_loading_the_demo_again_changes_no_outcome_or_check_in(demo):
    with unscoped("test"):
        before = (Outcome.objects.count(), CheckIn.objects.count())
    events = len(history("outcomes.OutcomeEvent")) + len(history("outcomes.CheckInEvent"))
    seed()
    with unscoped("test"):
        assert (Outcome.objects.count(), CheckIn.objects.count()) == before
    assert len(history("outcomes.OutcomeEvent")) + len(history("outcomes.CheckInEvent")) == events
