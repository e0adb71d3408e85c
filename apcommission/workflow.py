"""The state machines of the service: a table of allowed moves, one function that applies a move, and the
append-only record of every move.

A workflow (an approved-list entry's status today; a referral's and a placement's next) is declared once,
as data:

    ENTRY_STATUS = Workflow(
        states=ApprovalStatus,
        subject="provider",
        moves={
            S.APPLIED: [Move(S.APPROVED, "Approve"), Move(S.REMOVED, "Remove from the list")],
            ...
        },
        history=StatusChange,
    )

and `ENTRY_STATUS.move(entry, to=..., by=membership, reason=...)` applies a move: it locks the row through
the acting membership's view, refuses a move the table does not hold with one plain-English
`TransitionRefused`, and writes the history row in the same transaction. The app declares the history
model (a `StatusRecord`, which the database refuses to change or delete) and keeps its own rules of who
may move what: the workflow knows states, not people.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


class TransitionRefused(ValidationError):
    """A move the table does not allow, or one missing what it needs. Its message is plain English for the
    person who asked ("A suspended provider cannot move to applied"); a view adds it to its form. A
    `ValidationError`, so a form's or a service's usual handling shows it."""


@dataclass(frozen=True)
class Move:
    """One allowed move: the state it reaches, what the action is called ("Suspend"), and whether the
    person making it must say why."""

    to: str
    action: str
    reason_required: bool = True


class StatusRecord(models.Model):
    """One move of a workflow's subject: from, to, why, who and when. Append-only in the database itself,
    so the record of who did what cannot be edited later.

    A concrete record names its subject (a foreign key), says which field that is in `subject_field`, and
    may give `from_status` and `to_status` its states as choices."""

    subject_field: ClassVar[str]

    from_status = models.CharField(max_length=30, blank=True)  # empty: the subject's first state
    to_status = models.CharField(max_length=30)
    reason = models.TextField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-changed_at", "-pk"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"


# Changes a move makes beyond the state itself: given the locked row and the state it is leaving, it sets
# what else moves with the state (dates, conditions) and returns the names of the fields it set. It may
# raise ValidationError to refuse the move, which then changes nothing.
Effects = Callable[[models.Model, str], Iterable[str]]


class Workflow:
    """The allowed moves of one state field, and the one way to apply them."""

    def __init__(
        self,
        *,
        states: type[models.TextChoices],
        moves: Mapping[str, Iterable[Move]],
        subject: str,
        history: type[StatusRecord],
        field: str = "status",
        described: Mapping[str, str] | None = None,
    ) -> None:
        """`subject` names the thing in refusals ("The provider is already approved"); `described` says how a
        subject in each state is spoken of ("A suspended provider"), by default "A provider that is
        suspended"."""
        self.states = states
        self.field = field
        self.subject = subject
        self.history = history
        self.moves: dict[str, dict[str, Move]] = {
            str(state): {str(move.to): move for move in state_moves} for state, state_moves in moves.items()
        }
        unknown = {state for state in self.moves if state not in states.values}
        unknown |= {to for table in self.moves.values() for to in table if to not in states.values}
        if unknown:
            raise ValueError(f"Not states of {states.__name__}: {', '.join(sorted(unknown))}")
        self.described = dict(described or {})

    # --- Reading the table ---------------------------------------------------------------------------

    def targets(self, state: str) -> list:
        """The states a subject in `state` may move to, in the order of the states' choices."""
        allowed = self.moves.get(state, {})
        return [choice for choice in self.states if choice in allowed]

    def allows(self, state: str, to: str) -> bool:
        return to in self.moves.get(state, {})

    def table(self) -> dict[str, frozenset[str]]:
        """Every state and the states it may move to."""
        return {choice: frozenset(self.moves.get(choice, {})) for choice in self.states}

    def _label(self, state: str) -> str:
        return self.states(state).label.lower()

    def _described(self, state: str) -> str:
        if state in self.described:
            return self.described[state]
        article = "An" if self.subject[:1].lower() in "aeiou" else "A"
        return f"{article} {self.subject} that is {self._label(state)}"

    def check(self, state: str, to: str, *, reason: str = "") -> Move:
        """The move from `state` to `to`, or TransitionRefused saying plainly why not."""
        if to not in self.states.values:
            raise TransitionRefused("Choose a status")
        if to == state:
            raise TransitionRefused(f"The {self.subject} is already {self._label(to)}")
        move = self.moves.get(state, {}).get(to)
        if move is None:
            raise TransitionRefused(f"{self._described(state)} cannot move to {self._label(to)}")
        if move.reason_required and not reason.strip():
            raise TransitionRefused({"reason": "Enter the reason for this status"})
        return move

    # --- Applying a move -----------------------------------------------------------------------------

    def move(
        self,
        subject: models.Model,
        *,
        to: str,
        by: Membership,
        reason: str = "",
        effects: Effects | None = None,
    ) -> models.Model:
        """Move `subject` to `to` and record who, when and why; return the row as saved.

        Guarantees: the row is read through `by`'s view and locked until the move is recorded, so two
        people cannot both move it from the same state; a move the table does not hold, or one missing its
        reason, changes nothing (TransitionRefused); `effects` (see `Effects`) are saved with the state in
        one transaction with the history row, and a refusal from them changes nothing either. Who may make
        the move at all is the caller's rule to check first."""
        reason = (reason or "").strip()
        model = type(subject)
        with transaction.atomic():
            locked = model.objects.visible_to(by).select_for_update().get(pk=subject.pk)
            from_state = getattr(locked, self.field)
            self.check(from_state, to, reason=reason)
            changed = list(effects(locked, from_state)) if effects else []
            setattr(locked, self.field, to)
            locked.save(update_fields=[self.field, *changed])
            self.record(locked, from_state=from_state, by=by, reason=reason)
        return locked

    def record(
        self, subject: models.Model, *, by: Membership, reason: str, from_state: str = ""
    ) -> StatusRecord:
        """Write the history row of a move to `subject`'s present state; with no `from_state`, of the
        state it was created in. `move` calls this; a service creating a subject calls it for the first
        state, in the transaction that creates it."""
        return self.history.objects.create(
            **{self.history.subject_field: subject},
            from_status=from_state,
            to_status=getattr(subject, self.field),
            reason=reason,
            changed_by=by.user,
        )
