"""What the rest of the service asks of alerts: make one now (an event that cannot wait for the next
sweep), read the queue, mark as read, and choose how each kind is emailed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from alerts import counts
from alerts.kinds import SPECS, AlertKind
from alerts.models import Alert, Preference
from alerts.sources import Due
from alerts.sweep import insert

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


def raise_now(kind: AlertKind, due: Due) -> int:
    """Make `kind`'s alert for `due` in the caller's transaction, and have it sent as soon as that
    commits (the next sweep would send it anyway: this only saves the wait)."""
    made, people = insert(kind, [due], now=timezone.now(), close=False)
    counts.changed(people)
    if made:
        from alerts import tasks

        transaction.on_commit(tasks.send_due.delay)
    return made


def _urgency():
    return Case(
        *(When(kind=kind, then=Value(spec.urgency)) for kind, spec in SPECS.items()),
        output_field=IntegerField(),
    )


def queue(*, membership: Membership):
    """`membership`'s open alerts, most urgent first: by how urgent the kind is, then the oldest due."""
    return (
        Alert.objects.visible_to(membership)
        .open()
        .annotate(urgency=_urgency())
        .order_by("urgency", "due_on", "pk")
    )


def dealt_with(*, membership: Membership):
    """`membership`'s alerts dealt with, the latest first."""
    return Alert.objects.visible_to(membership).filter(closed_at__isnull=False).order_by("-closed_at", "-pk")


def mark_read(alert: Alert, *, by: Membership) -> None:
    if alert.read_at is None:
        Alert.objects.visible_to(by).filter(pk=alert.pk, read_at__isnull=True).update(read_at=timezone.now())
        counts.changed([by.pk])


def mark_all_read(*, by: Membership) -> int:
    marked = Alert.objects.visible_to(by).open().filter(read_at__isnull=True).update(read_at=timezone.now())
    if marked:
        counts.changed([by.pk])
    return marked


def kinds_for(membership: Membership) -> list[AlertKind]:
    """The kinds of alert a person in `membership`'s role can receive."""
    return [AlertKind(kind) for kind, spec in SPECS.items() if membership.role in spec.roles]


def summary_kinds(*, membership: Membership) -> set[str]:
    """The kinds `membership` has chosen to have in a daily summary."""
    return set(Preference.objects.visible_to(membership).filter(digest=True).values_list("kind", flat=True))


@transaction.atomic
def choose_summaries(chosen: set[str], *, by: Membership) -> bool:
    """Set which kinds go in `by`'s daily summary; the rest are emailed at once. Kinds that are always
    sent at once are never in a summary. Returns whether anything changed."""
    # Plain strings: a TextChoices member hashes by its name, so a set of members never meets one of values.
    allowed = {kind.value for kind in kinds_for(by) if not SPECS[kind].always_immediate}
    chosen = {str(kind) for kind in chosen} & allowed
    before = summary_kinds(membership=by)
    if chosen == before:
        return False
    Preference.objects.visible_to(by).filter(kind__in=before - chosen).update(digest=False)
    for kind in chosen - before:
        Preference.objects.update_or_create(membership=by, kind=kind, defaults={"digest": True})
    return True
