"""Sending an alert's email, once.

Each send runs in a transaction that locks the alert rows it sends (FOR UPDATE SKIP LOCKED), checks they
are still unsent and open, sends, and marks them sent before committing. A second task for the same rows
(a re-claim, a redelivered task, a second scheduler) finds them locked or sent and sends nothing. A
worker killed before the commit leaves them unsent, to be claimed again and sent once.

The one window left is a worker killed after the mail server took the message and before the commit.
The message's Message-ID is made from the alert rows, so the resend carries the same id, which mail
servers and clients use to drop a duplicate.

Emails say what is due and link to it; they name no pupil and hold nothing sensitive (DOMAIN.md 9). Log
lines name alerts by id only.
"""

from __future__ import annotations

import datetime
import logging
import time

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

from alerts.kinds import AlertKind
from alerts.models import Alert
from alerts.sweep import claim
from apcommission.paths import path_of

logger = logging.getLogger(__name__)


def _locked(queryset):
    return list(
        queryset.filter(emailed_at__isnull=True, closed_at__isnull=True)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("membership__user", "organisation")
        .order_by("due_on", "pk")
    )


def _message(alerts: list[Alert], *, summary: bool) -> EmailMultiAlternatives:
    first = alerts[0]
    context = {
        "alerts": [
            {"kind": AlertKind(alert.kind).label, "words": alert.words, "url": settings.SITE_URL + alert.link}
            for alert in alerts
        ],
        "summary": summary,
        "organisation": first.organisation.name,
        "role": first.membership.get_role_display(),
        "alerts_url": settings.SITE_URL + path_of("alerts:list"),
        "choices_url": settings.SITE_URL + path_of("alerts:choices"),
    }
    if summary:
        subject = f"apcommission: {len(alerts)} thing{'s' if len(alerts) != 1 else ''} to do today"
    else:
        subject = f"apcommission: {AlertKind(first.kind).label.lower()}"
    ids = "-".join(str(alert.pk) for alert in alerts)
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("alerts/email.txt", context),
        to=[first.membership.user.email],
        headers={"Message-ID": f"<alert-{ids}@{settings.ALERT_MESSAGE_ID_DOMAIN}>"},
    )
    message.attach_alternative(render_to_string("alerts/email.html", context), "text/html")
    return message


def _send(alerts: list[Alert], *, summary: bool, now: datetime.datetime) -> int:
    message = _message(alerts, summary=summary)
    pause = settings.ALERT_SEND_PAUSE_SECONDS
    if pause:
        # Only set in tests that kill a worker in the middle of sending.
        time.sleep(pause)
    message.send()
    Alert.objects.filter(pk__in=[alert.pk for alert in alerts]).update(emailed_at=now)
    logger.info("alerts emailed: %s", ",".join(str(alert.pk) for alert in alerts))
    return 1


def deliver(alert_id: int, *, now: datetime.datetime) -> int:
    """Send one alert's email if it is still due. Returns the number of emails sent (0 or 1)."""
    with transaction.atomic():
        alerts = _locked(Alert.objects.filter(pk=alert_id, digest=False))
        if not alerts:
            return 0
        return _send(alerts, summary=False, now=now)


def deliver_summary(membership_id: int, *, now: datetime.datetime) -> int:
    """Send one person's daily summary of the alerts due in it now, if any are still unsent."""
    with transaction.atomic():
        due = Alert.objects.filter(membership_id=membership_id, digest=True, email_due_at__lte=now)
        alerts = _locked(due)
        if not alerts:
            return 0
        return _send(alerts, summary=True, now=now)


def send_all_due(*, now: datetime.datetime) -> int:
    """Claim and send, in this process, every email due at `now` (what workers do, one task each, when
    beat hands them out). Returns the number of emails sent."""
    sent = 0
    while claimed := claim(now=now):
        sent += sum(deliver(pk, now=now) for pk in claimed.alerts)
        sent += sum(deliver_summary(pk, now=now) for pk in claimed.digests)
    return sent
