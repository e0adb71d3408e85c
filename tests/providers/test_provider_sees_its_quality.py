"""What a provider sees of the quality assurance about it: the QA visits (summary, judgements, findings),
the actions a visit left it to do (never the visitor's own to-dos or follow-up notes), its status on each
LA's approved list, and replying to an action it owns (recorded with who and when; only the visitor
closes an action)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from providers.models import ActionUpdate, ApprovalStatus, QAAction
from providers.services import quality as services
from tests.providers.factories import (
    ActionUpdateFactory,
    ApprovedListEntryFactory,
    AreaJudgementFactory,
    QAActionFactory,
    QAVisitFactory,
    standard_category,
)
from tests.providers.pages import provider_page_text, signed_in

TODAY = timezone.localdate()


@pytest.fixture
def las_visit(world):
    """Demoshire's visit to its PRU: a finding, an action the PRU must do (with the LA's private
    follow-up note on it) and an action the LA keeps for itself."""
    visit = QAVisitFactory(
        provider=world.provider,
        visiting_organisation=world.la,
        summary="Safe and calm; maths planning needs work.",
        visited_on=TODAY - datetime.timedelta(days=10),
    )
    AreaJudgementFactory(visit=visit, findings="Single central record seen and complete.")
    visit.for_provider = QAActionFactory(visit=visit, description="Plan maths from each pupil's baseline.")
    ActionUpdateFactory(action=visit.for_provider, note="LA only: the manager seemed unsure; chase weekly.")
    visit.for_la = QAActionFactory(
        visit=visit,
        description="LA only: ask the school about the pupil in Year 10.",
        owned_by_provider=False,
    )
    return visit


# --- Seeing the visits and the actions it owns ----------------------------------------------------------


def test_the_providers_page_shows_its_visit_and_the_actions_it_must_do(world, las_visit):
    text = provider_page_text(world, "provider_staff")

    assert "No QA visit recorded yet" not in text
    assert "Safe and calm; maths planning needs work." in text
    assert "Plan maths from each pupil&#x27;s baseline." in text
    assert reverse("visit_detail", args=[las_visit.pk]) in text
    assert reverse("action_reply", args=[las_visit.for_provider.pk]) in text
    assert "LA only" not in text


def test_the_provider_reads_the_visit_with_findings_but_not_the_las_notes_or_own_actions(world, las_visit):
    response = signed_in(world, "provider_manager").get(reverse("visit_detail", args=[las_visit.pk]))
    text = response.content.decode()

    assert response.status_code == 200
    assert "Single central record seen and complete." in text
    assert "Plan maths from each pupil&#x27;s baseline." in text
    assert "LA only" not in text
    assert reverse("action_reply", args=[las_visit.for_provider.pk]) in text
    follow_up = reverse("action_update", args=[las_visit.for_provider.pk])
    assert f'href="{follow_up}"' not in text  # the LA follows up


def test_the_scoping_path_keeps_the_las_own_actions_and_notes_from_the_provider(world, las_visit):
    with acting_as(world.members["provider_manager"]):
        actions = set(QAAction.objects.values_list("pk", flat=True))
        updates = list(ActionUpdate.objects.all())

    assert actions == {las_visit.for_provider.pk}
    assert updates == []


def test_another_provider_sees_nothing_of_the_visit(world, las_visit):
    client = signed_in(world, "other_provider_manager")

    assert client.get(reverse("visit_detail", args=[las_visit.pk])).status_code == 404
    assert client.get(reverse("action_reply", args=[las_visit.for_provider.pk])).status_code == 404
    with acting_as(world.members["other_provider_manager"]):
        assert not QAAction.objects.exists()


def test_the_provider_home_page_lists_its_open_actions_with_a_reply_link(world, las_visit):
    QAActionFactory(visit=las_visit, description="Already done.", closed_at=timezone.now())

    text = signed_in(world, "provider_manager").get(reverse("home")).content.decode()

    assert "Actions for you from QA visits" in text
    assert "Plan maths from each pupil&#x27;s baseline." in text
    assert reverse("action_reply", args=[las_visit.for_provider.pk]) in text
    assert "Already done." not in text
    assert "LA only" not in text


# --- Its status with each LA ------------------------------------------------------------------------------


def test_the_provider_sees_its_status_and_conditions_on_each_las_list_but_not_the_history(world):
    ApprovedListEntryFactory(
        local_authority=world.la,
        provider=world.provider,
        status=ApprovalStatus.APPROVED_WITH_CONDITIONS,
        conditions="Termly safeguarding audit.",
    )
    ApprovedListEntryFactory(
        local_authority=world.other_la, provider=world.provider, status=ApprovalStatus.SUSPENDED
    )

    text = provider_page_text(world, "provider_manager")

    assert "Your status on LAs' approved lists" in text
    assert "Demoshire Council:" in text
    assert "Approved with conditions" in text
    assert "Termly safeguarding audit." in text
    assert "Otherton Council:" in text
    assert "Suspended" in text
    assert "Status history" not in text


def test_the_provider_sees_the_terms_of_each_list_it_is_on_and_a_trust_does_not(world):
    """README: "a provider sees its status and terms on each LA's list": categories, price, dates."""
    ApprovedListEntryFactory(
        local_authority=world.la,
        provider=world.provider,
        categories=[standard_category("Key stage 4"), standard_category("SEMH")],
        price=Decimal("95.00"),
        price_unit="day",
    )
    ApprovedListEntryFactory(
        local_authority=world.other_la, provider=world.provider, price=None, price_unit=""
    )

    text, as_trust = provider_page_text(world, "provider_manager"), provider_page_text(world, "trust_leader")

    assert "Approved for: Key stage 4, SEMH" in text
    assert "Price agreed: £95.00 per day" in text
    assert "Approved for: no categories recorded" in text  # Otherton's
    assert "Price agreed: not recorded" in text
    assert "Approved for:" not in as_trust
    assert "Price agreed:" not in as_trust


def test_a_provider_on_no_list_says_so(world):
    text = provider_page_text(world, "provider_staff")

    assert "Not on any LA's approved list yet." in text


# --- Replying to an action -------------------------------------------------------------------------------


def reply(world, role, action, note="Done: the new plan is in place."):
    membership = world.members[role]
    with acting_as(membership):
        return services.reply_to_action(action=action, by=membership, note=note)


def test_a_reply_is_recorded_with_who_and_when_and_does_not_close_the_action(world, las_visit):
    answer = reply(world, "provider_staff", las_visit.for_provider)

    with unscoped("test"):
        action = QAAction.objects.get(pk=las_visit.for_provider.pk)
        saved = ActionUpdate.objects.get(pk=answer.pk)
    assert (saved.by_provider, saved.closes, saved.recorded_by) == (True, False, world.user("provider_staff"))
    assert saved.recorded_at is not None
    assert action.closed_at is None


def test_the_la_reads_the_reply_on_its_visit(world, las_visit):
    reply(world, "provider_manager", las_visit.for_provider, "Maths lead now plans from baselines.")

    text = signed_in(world, "la_officer").get(reverse("visit_detail", args=[las_visit.pk])).content.decode()

    assert "Maths lead now plans from baselines." in text
    assert "(reply from the provider)" in text


def test_a_school_of_the_la_sees_the_action_but_not_the_reply(world, las_visit):
    reply(world, "provider_manager", las_visit.for_provider, "Private to the LA.")

    with acting_as(world.members["ap_lead"]):
        assert QAAction.objects.filter(pk=las_visit.for_provider.pk).exists()
        assert not ActionUpdate.objects.exists()


@pytest.mark.parametrize("role", ["la_officer", "ap_lead", "other_provider_manager"])
def test_only_the_providers_people_reply(world, las_visit, role):
    with pytest.raises(PermissionDenied):
        reply(world, role, las_visit.for_provider)


def test_the_provider_cannot_reply_to_the_las_own_action(world, las_visit):
    with pytest.raises(PermissionDenied):
        reply(world, "provider_manager", las_visit.for_la)


def test_a_closed_action_takes_no_reply(world, las_visit):
    read_before = las_visit.for_provider  # as the provider's reply page read it, open
    with unscoped("test"):
        QAAction.objects.filter(pk=read_before.pk).update(closed_at=timezone.now())
        closed = QAAction.objects.get(pk=read_before.pk)
    client = signed_in(world, "provider_manager")
    url = reverse("action_reply", args=[closed.pk])

    with pytest.raises(PermissionDenied):  # the rules: a closed action is not replied to
        reply(world, "provider_manager", closed)
    with pytest.raises(ValidationError, match="A closed action takes no more replies"):  # nor at once
        reply(world, "provider_manager", read_before)
    assert (client.get(url).status_code, client.post(url, {"note": "Done."}).status_code) == (403, 403)
    assert f'href="{url}"' not in client.get(reverse("visit_detail", args=[las_visit.pk])).content.decode()


def test_replying_through_the_page_returns_to_the_visit(world, las_visit):
    client = signed_in(world, "provider_manager")
    url = reverse("action_reply", args=[las_visit.for_provider.pk])

    page = client.get(url).content.decode()
    response = client.post(url, {"note": "Done, see the new plan."})

    assert "Replying does not close the action" in page
    assert response.status_code == 302
    assert response["Location"] == reverse("visit_detail", args=[las_visit.pk])
    with unscoped("test"):
        assert ActionUpdate.objects.filter(by_provider=True, note="Done, see the new plan.").exists()


def test_an_empty_or_overlong_reply_is_refused_with_a_govuk_message(world, las_visit):
    client = signed_in(world, "provider_manager")
    url = reverse("action_reply", args=[las_visit.for_provider.pk])

    empty = client.post(url, {"note": "  "}).content.decode()
    too_long = client.post(url, {"note": "x" * 2001}).content.decode()

    assert "Enter your reply" in empty
    assert "Your reply must be 2,000 characters or fewer" in too_long
    with unscoped("test"):
        assert not ActionUpdate.objects.filter(by_provider=True).exists()
