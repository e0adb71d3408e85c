"""The alerts pages: each person's own queue, opening an alert, the home page's work queue and choosing
a daily summary."""

import pytest
from django.urls import reverse

from alerts.kinds import AlertKind
from alerts.models import Preference
from apcommission.tenancy.scoping import unscoped
from tests.alerts.factories import AlertFactory
from tests.alerts.helpers import stored
from tests.placements.plan_world import signed_in

pytestmark = pytest.mark.django_db


def test_a_person_sees_their_own_alerts_most_urgent_first_and_nobody_elses(world):
    lead, dsl = world.members["ap_lead"], world.members["dsl"]
    AlertFactory(membership=lead, kind=AlertKind.REVIEW_DUE_SOON, words="Soon: a review at Demoshire PRU.")
    AlertFactory(membership=lead, kind=AlertKind.REVIEW_OVERDUE, words="Late: a review at Demoshire PRU.")
    AlertFactory(membership=dsl, kind=AlertKind.SAFEGUARDING_CONCERN, words="A concern for the DSL.")
    page = signed_in(world, "ap_lead").get(reverse("alerts:list")).content.decode()
    assert page.index("Late: a review") < page.index("Soon: a review")
    assert "A concern for the DSL." not in page
    home = signed_in(world, "ap_lead").get(reverse("home")).content.decode()
    assert "Your work" in home
    assert home.index("Late: a review") < home.index("Soon: a review")


def test_opening_an_alert_marks_it_read_and_goes_to_the_thing_to_act_on(world):
    alert = AlertFactory(membership=world.members["ap_lead"], link=reverse("organisation"))
    response = signed_in(world, "ap_lead").get(reverse("alerts:open", args=[alert.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation")
    [stored_alert] = stored(pk=alert.pk)
    assert stored_alert.read_at is not None


def test_an_alert_linking_away_from_the_service_goes_to_the_alerts_list(world):
    alert = AlertFactory(membership=world.members["ap_lead"], link="//evil.example/")
    response = signed_in(world, "ap_lead").get(reverse("alerts:open", args=[alert.pk]))
    assert response["Location"] == reverse("alerts:list")


def test_choosing_a_daily_summary_saves_it_and_saving_it_unchanged_changes_nothing(world):
    client = signed_in(world, "ap_lead")
    choice = {"summary": [AlertKind.REVIEW_DUE_SOON]}
    client.post(reverse("alerts:choices"), choice)
    with unscoped("a test reads the rows as stored"):
        assert list(Preference.objects.values_list("kind", "digest")) == [(AlertKind.REVIEW_DUE_SOON, True)]
    again = client.post(reverse("alerts:choices"), choice, follow=True).content.decode()
    assert "Nothing changed" in again


def test_a_dsl_cannot_put_safeguarding_concerns_in_a_daily_summary(world):
    client = signed_in(world, "dsl")
    page = client.get(reverse("alerts:choices")).content.decode()
    assert "Safeguarding concerns are always emailed at once" in page
    response = client.post(reverse("alerts:choices"), {"summary": [AlertKind.SAFEGUARDING_CONCERN]})
    assert "Choose only from the alerts listed" in response.content.decode()
    with unscoped("a test reads the rows as stored"):
        assert not Preference.objects.filter(kind=AlertKind.SAFEGUARDING_CONCERN).exists()


def test_choosing_nothing_puts_every_alert_back_to_at_once(world):
    client = signed_in(world, "ap_lead")
    client.post(reverse("alerts:choices"), {"summary": [AlertKind.REVIEW_DUE_SOON, AlertKind.REVIEW_OVERDUE]})
    client.post(reverse("alerts:choices"), {})
    with unscoped("a test reads the rows as stored"):
        assert not Preference.objects.filter(digest=True).exists()
