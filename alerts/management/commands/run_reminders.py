"""Run one sweep of alerts now, in this process: make what is due, close what is dealt with, send every
email due. Prints what it made and sent and ends with `created N sent M`. Run twice for the same day,
the second makes and sends nothing."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from alerts import delivery
from alerts import sweep as sweeping
from alerts.kinds import AlertKind
from apcommission.tenancy.scoping import unscoped


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--today must be a date like 2026-12-01, not {text!r}") from error


class Command(BaseCommand):
    help = "Make the alerts due today and send every email due (one sweep, synchronously)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_day, help="The day to sweep for (YYYY-MM-DD); default today")

    def handle(self, *args, today=None, **options):
        now = timezone.now()
        if today is not None and today != timezone.localdate(now):
            # Another day: the same time of day on it, so that "due now" means that day.
            local = timezone.localtime(now)
            now = local.replace(year=today.year, month=today.month, day=today.day)
        today = timezone.localdate(now)
        with unscoped("run_reminders: one sweep of every organisation's alerts"):
            made = sweeping.make(today, now=now)
            sent = delivery.send_all_due(now=now)
        for kind, count in made.by_kind.items():
            self.stdout.write(f"  {AlertKind(kind).label}: {count} made")
        self.stdout.write(f"Alerts for {today:%-d %B %Y}.")
        self.stdout.write(f"created {made.made} sent {sent}")
