"""The demo world shows what the provider pages now can: contact details, conditions for placing, a
visit with more than three actions (one the LA keeps), the PRU's reply, and records entered in error."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from apcommission.accounts.models import User
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.scoping import unscoped
from providers.models import ActionUpdate, ApprovedListEntry, Evidence, QAAction, QAVisit


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    with unscoped("test"):
        return {o.name: o for o in Organisation.objects.all()}


def test_the_demo_shows_the_new_provider_details(demo):
    with unscoped("test"):
        pru = demo["Demoshire Pupil Referral Unit"]
        assert pru.profile.phone
        assert pru.profile.email
        assert pru.profile.website.startswith("https://")
        horizons = ApprovedListEntry.objects.get(provider=demo["Horizons Independent School"])
        assert "No more than 6 Demoshire pupils" in horizons.placing_conditions
        assert "No more than 6" not in horizons.conditions
        catalyst = QAVisit.objects.get(provider__name="Catalyst Skills")
        owned = list(catalyst.actions.values_list("owned_by_provider", flat=True))
        assert len(owned) > 3
        assert False in owned
        reply = ActionUpdate.objects.get(by_provider=True, action__visit__provider=pru)
        assert reply.action.closed_at is None
        assert Evidence.objects.filter(provider__name="Bridges Tuition", entered_in_error_at__isnull=False)
        assert QAVisit.objects.filter(
            provider__name="Greenfield Farm Project", entered_in_error_at__isnull=False
        )


def test_the_pru_manager_sees_its_action_and_reply_but_not_the_las_own(demo):
    client = Client()
    client.force_login(User.objects.get(email="manager@pru.demoshire.example"))
    pru = demo["Demoshire Pupil Referral Unit"]
    with unscoped("test"):
        visit = QAVisit.objects.get(provider=pru)
        own = QAAction.objects.get(visit=visit, owned_by_provider=False)

    text = client.get(reverse("visit_detail", args=[visit.pk])).content.decode()

    assert "Share each pupil" in text
    assert "Baselines for our three newest pupils" in text
    assert own.description not in text
