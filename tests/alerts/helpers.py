"""Sweeping on a day the test travels to, and reading alerts as stored."""

import datetime

from django.utils import timezone

from alerts import delivery
from alerts import sweep as sweeping
from alerts.models import Alert
from apcommission.tenancy.scoping import unscoped
from tests.reviews.world import on


def sweep_on(day: datetime.date) -> tuple[int, int]:
    """One whole sweep at 9am on `day`, as run_reminders does: (alerts made, emails sent)."""
    with on(day), unscoped("a test sweeps"):
        now = timezone.now()
        made = sweeping.make(day, now=now)
        return made.made, delivery.send_all_due(now=now)


def stored(**filters) -> list[Alert]:
    with unscoped("a test reads the rows as stored"):
        return list(Alert.objects.filter(**filters).select_related("membership").order_by("pk"))


def recipients(kind: str, *, open_only: bool = True) -> set[int]:
    filters = {"kind": kind}
    if open_only:
        filters["closed_at__isnull"] = True
    return {alert.membership_id for alert in stored(**filters)}
