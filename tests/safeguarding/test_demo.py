"""The demo's safeguarding concerns and visits: the academy's DSL is told of a new concern about Jordan
Pike on their home page; the AP lead and head see only that it exists; Mia Fox's was referred to social
care and closed; the academy's placement pages say when it last visited each provider; loading again
changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from apcommission.tenancy.scoping import unscoped
from contacts.models import Contact
from placements.models import Placement
from safeguarding.models import Concern, ConcernAction, ConcernState
from tests.placements.test_demo_placements import signed_in

ACADEMY = "Demoshire Academy"


def seed():
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def demo(db):
    seed()


def placement_of(forename: str) -> Placement:
    with unscoped("test"):
        return Placement.objects.get(pupil__legal_forename=forename, school__name=ACADEMY)


def test_the_dsl_is_told_of_the_new_concern_and_the_closed_one_is_recorded(demo):
    with unscoped("test"):
        states = dict(Concern.objects.values_list("pupil__legal_forename", "state"))
        closed = Concern.objects.get(pupil__legal_forename="Mia")
        entries = list(ConcernAction.objects.filter(concern=closed).values_list("state_after", flat=True))
    assert states == {"Jordan": ConcernState.RAISED, "Mia": ConcernState.CLOSED}
    assert sorted(entries) == [ConcernState.BEING_HANDLED, ConcernState.CLOSED]
    home = signed_in("dsl@academy.demoshire.example", ACADEMY).get(reverse("home")).content.decode()
    assert "New safeguarding concern" in home


@pytest.mark.parametrize("email", ["ap.lead@academy.demoshire.example", "head@academy.demoshire.example"])
def test_the_ap_lead_and_head_see_only_that_a_concern_exists(demo, email):
    jordan = placement_of("Jordan")
    page = signed_in(email, ACADEMY).get(reverse("placements:detail", args=[jordan.pk])).content.decode()
    assert "Safeguarding concerns" in page
    assert "Raised by Demoshire Pupil Referral Unit" in page
    assert "cut lip" not in page


def test_the_placement_pages_say_when_the_academy_last_visited(demo):
    client = signed_in("ap.lead@academy.demoshire.example", ACADEMY)
    for forename, words in (("Jordan", "Last visited 23 days ago"), ("Ethan", "Not visited")):
        page = client.get(reverse("placements:detail", args=[placement_of(forename).pk])).content.decode()
        assert words in page, forename
    with unscoped("test"):
        assert Contact.objects.filter(entered_in_error_at__isnull=False).count() == 1


def test_loading_again_changes_nothing(demo):
    with unscoped("test"):
        before = (Concern.objects.count(), ConcernAction.objects.count(), Contact.objects.count())
    seed()
    with unscoped("test"):
        assert (Concern.objects.count(), ConcernAction.objects.count(), Contact.objects.count()) == before
