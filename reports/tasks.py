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


@sweep("retention: printed reports past their keeping time")
def expire_reports() -> int:
    return services.expire_reports(timezone.now())
