"""The state-machine helper on a tiny machine of its own: an errand that is drafted, submitted, then
accepted, declined or withdrawn. The tables exist for the test alone (created in its transaction), so the
helper is proved apart from any part of the service that uses it."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, models, transaction
from django.test.utils import CaptureQueriesContext, isolate_apps

from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import TenantManager, TenantQuerySet, acting_as, unscoped
from apcommission.workflow import Move, StatusRecord, TransitionRefused, Workflow
from tests import factories


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


S = Status

MOVES = {
    S.DRAFT: [Move(S.SUBMITTED, "Submit", reason_required=False)],
    S.SUBMITTED: [
        Move(S.ACCEPTED, "Accept", reason_required=False),
        Move(S.DECLINED, "Decline"),
        Move(S.WITHDRAWN, "Withdraw"),
    ],
}


class ErrandQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(organisation_id=membership.organisation_id)


@pytest.fixture
def machine(db):
    """The errand, its history and its workflow, with their tables, for this test only."""
    with isolate_apps("tests"):

        class Errand(models.Model):
            organisation_id = models.IntegerField()
            status = models.CharField(max_length=30, choices=S.choices, default=S.DRAFT)
            submitted_times = models.PositiveSmallIntegerField(default=0)

            objects = TenantManager.from_queryset(ErrandQuerySet)()

            class Meta:
                app_label = "tests"

            def __str__(self) -> str:
                return f"Errand {self.pk} ({self.status})"

        class ErrandChange(StatusRecord):
            subject_field = "errand"

            errand = models.ForeignKey(Errand, on_delete=models.PROTECT, related_name="changes")
            # The real user model, given as a class: the isolated registry knows no other app.
            changed_by = models.ForeignKey(get_user_model(), on_delete=models.PROTECT, related_name="+")

            class Meta(StatusRecord.Meta):
                app_label = "tests"

    with connection.schema_editor() as editor:
        editor.create_model(Errand)
        editor.create_model(ErrandChange)
    for trigger in ErrandChange._meta.triggers:
        trigger.install(ErrandChange)
    workflow = Workflow(states=S, moves=MOVES, subject="errand", history=ErrandChange)
    return SimpleNamespace(Errand=Errand, ErrandChange=ErrandChange, workflow=workflow)


@pytest.fixture
def officer():
    return factories.member(factories.LocalAuthorityFactory(), Role.LA_OFFICER)


def errand_in(machine, officer, status=S.DRAFT):
    with unscoped("test data"):
        return machine.Errand.objects.create(organisation_id=officer.organisation_id, status=status)


def stored(machine, errand):
    with unscoped("test"):
        errand = machine.Errand.objects.get(pk=errand.pk)
        return errand.status, [(c.from_status, c.to_status, c.reason) for c in errand.changes.order_by("pk")]


def move(machine, officer, errand, to, **kwargs):
    with acting_as(officer):
        return machine.workflow.move(errand, to=to, by=officer, **kwargs)


def test_an_allowed_move_is_made_and_recorded_with_who_and_why(machine, officer):
    errand = errand_in(machine, officer, S.SUBMITTED)
    moved = move(machine, officer, errand, S.DECLINED, reason="  Out of scope ")
    assert moved.status == S.DECLINED
    assert stored(machine, errand) == (S.DECLINED, [(S.SUBMITTED, S.DECLINED, "Out of scope")])
    with unscoped("test"):
        assert errand.changes.get().changed_by == officer.user


def test_a_move_the_table_does_not_hold_is_refused_in_plain_english_and_changes_nothing(machine, officer):
    errand = errand_in(machine, officer, S.DRAFT)
    with pytest.raises(TransitionRefused) as refused:
        move(machine, officer, errand, S.ACCEPTED, reason="Looks fine")
    assert refused.value.messages == ["An errand that is draft cannot move to accepted"]
    assert stored(machine, errand) == (S.DRAFT, [])


def test_a_state_with_no_moves_out_refuses_every_move(machine, officer):
    errand = errand_in(machine, officer, S.WITHDRAWN)
    for to in S:
        with pytest.raises(TransitionRefused):
            move(machine, officer, errand, to, reason="Again")
    assert stored(machine, errand) == (S.WITHDRAWN, [])


def test_the_refusal_says_how_a_state_is_described_when_the_machine_names_it(machine, officer):
    machine.workflow.described[S.DRAFT] = "A draft errand"
    with pytest.raises(TransitionRefused) as refused:
        move(machine, officer, errand_in(machine, officer), S.DECLINED, reason="No")
    assert refused.value.messages == ["A draft errand cannot move to declined"]


def test_moving_to_the_state_it_is_in_is_refused(machine, officer):
    errand = errand_in(machine, officer, S.SUBMITTED)
    with pytest.raises(TransitionRefused) as refused:
        move(machine, officer, errand, S.SUBMITTED)
    assert refused.value.messages == ["The errand is already submitted"]


def test_a_state_the_machine_does_not_know_is_refused(machine, officer):
    with pytest.raises(TransitionRefused) as refused:
        move(machine, officer, errand_in(machine, officer), "lost")
    assert refused.value.messages == ["Choose a status"]


def test_a_move_that_needs_a_reason_is_refused_without_one_on_the_reason_field(machine, officer):
    errand = errand_in(machine, officer, S.SUBMITTED)
    with pytest.raises(TransitionRefused) as refused:
        move(machine, officer, errand, S.WITHDRAWN, reason="   ")
    assert refused.value.message_dict == {"reason": ["Enter the reason for this status"]}
    assert stored(machine, errand) == (S.SUBMITTED, [])


def test_a_move_that_needs_no_reason_is_recorded_without_one(machine, officer):
    errand = errand_in(machine, officer, S.DRAFT)
    move(machine, officer, errand, S.SUBMITTED)
    assert stored(machine, errand) == (S.SUBMITTED, [(S.DRAFT, S.SUBMITTED, "")])


def test_the_refusal_is_a_validation_error_so_a_form_shows_it(machine, officer):
    assert issubclass(TransitionRefused, ValidationError)


def test_what_moves_with_the_state_is_saved_with_it(machine, officer):
    errand = errand_in(machine, officer, S.DRAFT)

    def count(locked, from_state):
        assert from_state == S.DRAFT
        locked.submitted_times += 1
        return ["submitted_times"]

    moved = move(machine, officer, errand, S.SUBMITTED, effects=count)
    with unscoped("test"):
        assert machine.Errand.objects.get(pk=errand.pk).submitted_times == moved.submitted_times == 1


def test_a_refusal_from_what_moves_with_the_state_changes_nothing(machine, officer):
    errand = errand_in(machine, officer, S.DRAFT)

    def refuse(locked, from_state):
        locked.submitted_times = 9
        raise ValidationError("Not on a Sunday")

    with pytest.raises(ValidationError, match="Not on a Sunday"):
        move(machine, officer, errand, S.SUBMITTED, effects=refuse)
    assert stored(machine, errand) == (S.DRAFT, [])


def test_another_organisations_subject_is_not_found_through_the_acting_view(machine, officer):
    stranger = factories.member(factories.LocalAuthorityFactory(), Role.LA_OFFICER)
    errand = errand_in(machine, stranger, S.DRAFT)
    with pytest.raises(machine.Errand.DoesNotExist):
        move(machine, officer, errand, S.SUBMITTED)
    assert stored(machine, errand) == (S.DRAFT, [])


def test_the_row_is_locked_for_the_move(machine, officer):
    errand = errand_in(machine, officer, S.DRAFT)
    with CaptureQueriesContext(connection) as queries:
        move(machine, officer, errand, S.SUBMITTED)
    [read] = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and "tests_errand" in q["sql"]]
    assert read.endswith("FOR UPDATE")
    assert f'"organisation_id" = {officer.organisation_id}' in read  # read through the acting view


def test_the_history_is_append_only_in_the_database(machine, officer):
    errand = errand_in(machine, officer, S.DRAFT)
    move(machine, officer, errand, S.SUBMITTED)
    with unscoped("test"):
        for change in (lambda rows: rows.update(reason="Edited"), lambda rows: rows.delete()):
            with pytest.raises(DatabaseError), transaction.atomic():
                change(machine.ErrandChange.objects.filter(errand_id=errand.pk))
    assert stored(machine, errand) == (S.SUBMITTED, [(S.DRAFT, S.SUBMITTED, "")])


def test_a_subjects_first_state_is_recorded_from_nothing(machine, officer):
    errand = errand_in(machine, officer, S.DRAFT)
    with acting_as(officer):
        machine.workflow.record(errand, by=officer, reason="Started")
    assert stored(machine, errand) == (S.DRAFT, [("", S.DRAFT, "Started")])


def test_the_table_is_read_in_the_order_of_the_states(machine):
    workflow = machine.workflow
    assert workflow.targets(S.SUBMITTED) == [S.ACCEPTED, S.DECLINED, S.WITHDRAWN]
    assert workflow.targets(S.ACCEPTED) == []
    assert workflow.allows(S.DRAFT, S.SUBMITTED)
    assert not workflow.allows(S.DRAFT, S.ACCEPTED)
    assert workflow.table()[S.SUBMITTED] == {S.ACCEPTED, S.DECLINED, S.WITHDRAWN}
    assert set(workflow.table()) == set(S)


def test_a_table_naming_an_unknown_state_is_refused_when_declared(machine):
    with pytest.raises(ValueError, match="archived"):
        Workflow(
            states=S,
            moves={S.DRAFT: [Move("archived", "Archive")]},
            subject="errand",
            history=machine.ErrandChange,
        )
