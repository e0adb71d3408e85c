"""Correcting what was recorded: an evidence check or a QA visit marked "entered in error" with a reason.
It is never deleted: it keeps its row and its history, shows struck through and labelled, and stops
counting (evidence states, the latest visit, open actions). Who may do it is the rules module's."""

import datetime

import pghistory.models
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from providers import selectors
from providers.models import Evidence, EvidenceState, QAAction, QAVisit
from providers.selectors.quality import open_actions
from providers.services import corrections
from providers.services import quality as quality_services
from tests.providers.factories import (
    EvidenceFactory,
    QAActionFactory,
    QAVisitFactory,
    full_evidence,
    standard_evidence_type,
)
from tests.providers.pages import provider_page_text, signed_in

TODAY = timezone.localdate()
REASON = "Recorded against the wrong provider."


def fresh(model, pk):
    with unscoped("test"):
        return model.objects.get(pk=pk)


def mark_check(world, role, check, reason=REASON):
    membership = world.members[role]
    with acting_as(membership):
        return corrections.mark_evidence_entered_in_error(evidence=check, by=membership, reason=reason)


def mark_visit(world, role, visit, reason=REASON):
    membership = world.members[role]
    with acting_as(membership):
        return corrections.mark_visit_entered_in_error(visit=visit, by=membership, reason=reason)


# --- Evidence checks -------------------------------------------------------------------------------------


@pytest.fixture
def wrong_check(world):
    """All evidence current, then a newer insurance check that failed: recorded by mistake."""
    full_evidence(world.provider, world.la)
    return EvidenceFactory(
        provider=world.provider,
        checked_for=world.la,
        evidence_type=standard_evidence_type("Insurance"),
        checked_on=TODAY,
        outcome="not_satisfactory",
    )


def state_for(world, role="ap_lead"):
    membership = world.members[role]
    with acting_as(membership):
        return selectors.evidence_summaries([world.provider.pk], membership=membership)[
            world.provider.pk
        ].state


def test_a_check_entered_in_error_is_kept_and_no_longer_decides_the_state(world, wrong_check):
    assert state_for(world) == EvidenceState.NOT_SATISFACTORY

    mark_check(world, "la_officer", wrong_check)

    kept = fresh(Evidence, wrong_check.pk)
    assert (kept.entered_in_error_reason, kept.entered_in_error_by) == (REASON, world.user("la_officer"))
    assert kept.entered_in_error_at is not None
    assert state_for(world) == EvidenceState.CURRENT


def test_the_history_table_keeps_the_mark(world, wrong_check):
    mark_check(world, "la_officer", wrong_check)

    with unscoped("test"):
        events = pghistory.models.Events.objects.tracks(fresh(Evidence, wrong_check.pk))
        reasons = [event.pgh_data.get("entered_in_error_reason") for event in events]
    assert reasons == ["", REASON]


def test_the_evidence_page_shows_it_struck_through_and_labelled(world, wrong_check):
    mark_check(world, "la_officer", wrong_check)

    officer = signed_in(world, "la_officer").get(reverse("evidence_list", args=[world.provider.pk]))
    school = signed_in(world, "ap_lead").get(reverse("evidence_list", args=[world.provider.pk]))

    for text in (officer.content.decode(), school.content.decode()):
        assert "Entered in error" in text
        assert "<s>Insurance</s>" in text
    assert REASON in officer.content.decode()
    assert REASON not in school.content.decode()  # the reason is kept with the notes, for the LA


@pytest.mark.parametrize("role", ["la_viewer", "ap_lead", "provider_manager", "trust_leader"])
def test_only_the_checking_las_officers_mark_a_check(world, wrong_check, role):
    with pytest.raises(PermissionDenied):
        mark_check(world, role, wrong_check)


def test_another_las_officer_does_not_even_find_the_check(world, wrong_check):
    response = signed_in(world, "other_la_officer").post(
        reverse("evidence_error", args=[wrong_check.pk]), {"reason": REASON}
    )

    assert response.status_code == 404
    assert fresh(Evidence, wrong_check.pk).entered_in_error_at is None


def test_a_reason_is_needed_and_a_check_is_marked_once(world, wrong_check):
    read_before = fresh(Evidence, wrong_check.pk)  # as a second officer's page read it, unmarked
    with pytest.raises(ValidationError, match="Enter why it was entered in error"):
        mark_check(world, "la_officer", wrong_check, reason="   ")
    mark_check(world, "la_officer", wrong_check)
    with pytest.raises(PermissionDenied):  # the rules: a marked check is not corrected again
        mark_check(world, "la_officer", wrong_check, reason="Again.")
    with pytest.raises(ValidationError, match="already marked as entered in error"):  # nor at once
        mark_check(world, "la_officer", read_before, reason="At the same time.")
    assert fresh(Evidence, wrong_check.pk).entered_in_error_reason == REASON


def test_the_database_refuses_a_mark_without_a_reason(world, wrong_check):
    with unscoped("test"), pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.filter(pk=wrong_check.pk).update(entered_in_error_at=timezone.now())


def test_marking_through_the_page_returns_to_the_evidence(world, wrong_check):
    client = signed_in(world, "la_officer")
    url = reverse("evidence_error", args=[wrong_check.pk])

    empty = client.post(url, {"reason": ""})
    done = client.post(url, {"reason": REASON})

    assert "Enter why it was entered in error" in empty.content.decode()
    assert done["Location"] == reverse("evidence_list", args=[world.provider.pk])
    assert (client.get(url).status_code, client.post(url, {"reason": "Again."}).status_code) == (403, 403)


# --- QA visits -------------------------------------------------------------------------------------------


@pytest.fixture
def two_visits(world):
    right = QAVisitFactory(
        provider=world.provider,
        visiting_organisation=world.la,
        summary="The right visit.",
        visited_on=TODAY - datetime.timedelta(days=30),
    )
    wrong = QAVisitFactory(
        provider=world.provider,
        visiting_organisation=world.la,
        summary="The wrong visit.",
        visited_on=TODAY - datetime.timedelta(days=1),
    )
    wrong.action = QAActionFactory(visit=wrong, description="An action that never was.")
    return right, wrong


def latest(world, role="ap_lead"):
    membership = world.members[role]
    with acting_as(membership):
        return selectors.latest_visits([world.provider.pk], membership=membership).get(world.provider.pk)


def test_a_visit_entered_in_error_is_nobodys_latest_and_its_actions_are_not_open(world, two_visits):
    right, wrong = two_visits
    assert latest(world) == wrong

    mark_visit(world, "la_officer", wrong)

    assert latest(world) == right
    assert latest(world, "provider_manager") == right
    with acting_as(world.members["la_officer"]):
        assert wrong.action not in list(
            open_actions(world.provider.pk, membership=world.members["la_officer"])
        )
        assert QAAction.objects.filter(pk=wrong.action.pk).exists()  # kept
    assert fresh(QAVisit, wrong.pk).entered_in_error_reason == REASON


def test_the_visit_page_labels_it_and_its_actions_take_no_more_work(world, two_visits):
    _right, wrong = two_visits
    mark_visit(world, "la_officer", wrong)

    text = signed_in(world, "la_officer").get(reverse("visit_detail", args=[wrong.pk])).content.decode()

    assert "Entered in error" in text
    assert REASON in text
    assert reverse("action_update", args=[wrong.action.pk]) not in text
    membership = world.members["la_officer"]
    with acting_as(membership), pytest.raises(PermissionDenied):
        quality_services.follow_up_action(action=wrong.action, by=membership, note="Chased.")
    with acting_as(world.members["provider_manager"]), pytest.raises(PermissionDenied):
        quality_services.reply_to_action(action=wrong.action, by=world.members["provider_manager"], note="x")


def test_the_visits_list_shows_it_struck_through(world, two_visits):
    _right, wrong = two_visits
    mark_visit(world, "la_officer", wrong)

    text = provider_page_text(world, "la_officer")

    assert "<s>The wrong visit.</s>" in text


def test_a_schools_own_visit_is_corrected_by_its_ap_lead_or_leader_not_the_la(world):
    visit = QAVisitFactory(provider=world.provider, visiting_organisation=world.school)

    for role in ("la_officer", "dsl", "school_staff", "trust_leader", "other_school_leader"):
        with pytest.raises(PermissionDenied):
            mark_visit(world, role, visit)
    mark_visit(world, "school_leader", visit)

    assert fresh(QAVisit, visit.pk).entered_in_error_by == world.user("school_leader")


@pytest.mark.parametrize("role", ["la_viewer", "ap_lead", "provider_manager", "other_la_officer"])
def test_only_the_visiting_las_officers_correct_its_visit(world, two_visits, role):
    with pytest.raises(PermissionDenied):
        mark_visit(world, role, two_visits[1])


def test_marking_a_visit_through_the_page(world, two_visits):
    _right, wrong = two_visits
    client = signed_in(world, "la_officer")
    detail = client.get(reverse("visit_detail", args=[wrong.pk])).content.decode()

    response = client.post(reverse("visit_error", args=[wrong.pk]), {"reason": REASON})

    assert reverse("visit_error", args=[wrong.pk]) in detail
    assert response["Location"] == reverse("visit_detail", args=[wrong.pk])
    assert fresh(QAVisit, wrong.pk).is_entered_in_error


def test_a_visit_already_marked_is_not_offered_again_and_its_page_refuses(world, two_visits):
    _right, wrong = two_visits
    mark_visit(world, "la_officer", wrong)
    client = signed_in(world, "la_officer")
    url = reverse("visit_error", args=[wrong.pk])

    detail = client.get(reverse("visit_detail", args=[wrong.pk])).content.decode()

    assert url not in detail
    assert (client.get(url).status_code, client.post(url, {"reason": "Again."}).status_code) == (403, 403)
    with pytest.raises(PermissionDenied):
        mark_visit(world, "la_officer", fresh(QAVisit, wrong.pk), reason="Again.")
    assert fresh(QAVisit, wrong.pk).entered_in_error_reason == REASON
