"""Celery tasks for reports: thin wrappers over the services."""

from django.utils import timezone

from apcommission.tasks import for_membership, sweep
from reports import services
from reports.models import Report


@for_membership()
def build_report(report_id: int, *, membership) -> str | None:
    """Build one report as the person who asked for it (safe to run twice: a made report is kept)."""
    report = Report.objects.visible_to(membership).filter(pk=report_id).first()
    if report is None:
        return None
    return services.build_report(report, membership=membership).state


@sweep("reports: lost builds are sent again and printed reports past their keeping time expire")
def tend_reports() -> dict:
    """Run every minute by beat: the row says what is still to build, whatever happened to the queue."""
    now = timezone.now()
    return {"sent_again": services.resend_stalled(now), "expired": services.expire_reports(now)}
