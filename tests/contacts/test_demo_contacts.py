"""The demo's contact logs: each demo school's AP lead has logged a visit to a provider it uses in the
last three weeks and one a term or so ago, and its directory shows a provider it visited recently, one it
visited longer ago and one it has not visited, so "Your last visit" shows every case."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.models import Membership
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from contacts.models import Contact, ContactKind
from placements.models import Placement
from tests.placements.test_demo_placements import DEMO_SCHOOLS, signed_in

SCHOOLS = [
    ("ap.lead@academy.demoshire.example", "Demoshire Academy"),
    ("ap.lead@academy.demoshire.example", "Riverside High School"),
    ("ap.lead@northvale-school.example", "Northvale Secondary School"),
]
AGO = re.compile(r"(\d+) days ago")


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.parametrize(("email", "school"), SCHOOLS, ids=[school for _email, school in SCHOOLS])
def test_each_demo_school_has_a_recent_visit_an_older_one_and_a_provider_not_visited(demo, email, school):
    page = signed_in(email, school).get(reverse("provider_list")).content.decode()
    days = sorted(int(number) for number in AGO.findall(page))

    assert "Your last visit" in page
    assert days[0] <= 14, days
    assert days[-1] >= 21, days
    assert "None recorded" in page


@pytest.mark.parametrize("school", DEMO_SCHOOLS)
def test_each_demo_school_visited_a_provider_it_uses_in_the_last_three_weeks_and_a_term_or_so_ago(
    demo, school
):
    today = timezone.localdate()
    with unscoped("test"):
        ap_leads = set(
            Membership.objects.filter(organisation__name=school, role=Role.AP_LEAD).values_list(
                "user", flat=True
            )
        )
        used = set(Placement.objects.filter(school__name=school).values_list("provider", flat=True))
        visits = Contact.objects.filter(
            school__name=school, kind=ContactKind.VISIT, entered_in_error_at__isnull=True
        )
        days_ago = sorted((today - visit.on).days for visit in visits if visit.provider_id in used)
        assert {visit.by_id for visit in visits} <= ap_leads
    assert ap_leads
    assert days_ago[0] <= 21, days_ago
    assert days_ago[-1] > datetime.timedelta(weeks=8).days, days_ago
