"""The demo's contact logs: each demo school's directory shows a provider it visited recently, one it
visited longer ago and one it has not visited ("None recorded"), so "Your last visit" shows every case."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.placements.test_demo_placements import signed_in

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
