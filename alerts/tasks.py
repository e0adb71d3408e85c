"""Celery tasks for alerts: thin wrappers over the sweep and delivery. Beat runs `sweep` every minute;
tasks carry ids, never an ETA: the database says what is due (SECURITY.md 8)."""

from django.utils import timezone

from alerts import delivery
from alerts import sweep as sweeping
from apcommission.tasks import sweep


def _hand_out(now) -> int:
    claimed = sweeping.claim(now=now)
    for alert_id in claimed.alerts:
        deliver_alert.delay(alert_id)
    for membership_id in claimed.digests:
        deliver_summary.delay(membership_id)
    return len(claimed)


@sweep("alerts: reminders are made and claimed for every organisation")
def sweep_alerts() -> int:
    """Make what is due (every few minutes) and hand out the emails due now (every run)."""
    now = timezone.now()
    sweeping.make_if_due(timezone.localdate(now), now=now)
    return _hand_out(now)


@sweep("alerts: emails due now are claimed for every organisation")
def send_due() -> int:
    """Hand out the emails due now, without making alerts: after an alert that cannot wait is made."""
    return _hand_out(timezone.now())


@sweep("alerts: one alert's email is sent to its person")
def deliver_alert(alert_id: int) -> int:
    return delivery.deliver(alert_id, now=timezone.now())


@sweep("alerts: one person's daily summary is sent to them")
def deliver_summary(membership_id: int) -> int:
    return delivery.deliver_summary(membership_id, now=timezone.now())
