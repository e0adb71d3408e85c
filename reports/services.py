"""Printing reports: asking for one (`request_evidence_pack`), building it (`build_report`, run by the Celery
task), and expiring old ones (`expire_reports`, a sweep). Views, the task and the command all come here."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.roles import OrganisationKind as Kind
from reports import rules
from reports.models import Report, ReportKind, ReportState
from reports.pack import document
from reports.pack.scope import PackScope, Period
from reports.pdf import render_pdf

logger = logging.getLogger(__name__)


def schools_to_print(*, membership: Membership) -> list[Organisation]:
    """The schools whose pack `membership` may print: its own school, or a trust's schools."""
    if not rules.can_print_evidence_pack(membership):
        return []
    if membership.organisation.kind == Kind.SCHOOL:
        return [membership.organisation]
    return list(
        Organisation.objects.visible_to(membership)
        .filter(kind=Kind.SCHOOL, trust_id=membership.organisation_id)
        .order_by("name", "pk")
    )


def check_period(period: Period, *, today: datetime.date) -> None:
    if period.start > period.end:
        raise ValidationError({"period_end": "The end of the period must be the same as or after its start"})
    if period.end > today:
        raise ValidationError({"period_end": "The end of the period must be today or in the past"})


def request_evidence_pack(*, by: Membership, school: Organisation, period: Period, naming: str) -> Report:
    """A pack asked for: the row now, the build once the row is committed."""
    if school not in schools_to_print(membership=by):
        raise PermissionDenied
    check_period(period, today=timezone.localdate())
    report = Report.objects.create(
        kind=ReportKind.EVIDENCE_PACK,
        organisation=by.organisation,
        school=school,
        period_start=period.start,
        period_end=period.end,
        naming=naming,
        requested_by=by.user,
        steps=len(document.SECTIONS) + 2,
        step="Waiting to start",
    )
    from reports.tasks import build_report

    transaction.on_commit(lambda: build_report.delay(report.pk, membership_id=by.pk))
    return report


def _scope_of(report: Report, *, membership: Membership) -> PackScope:
    return PackScope(
        membership=membership,
        school=report.school,
        period=Period(report.period_start, report.period_end),
        today=timezone.localdate(),
        naming=report.naming,
    )


def _say(report: Report, *, done: int, words: str, state: str = ReportState.BUILDING) -> None:
    """How far the build has got, saved at once for the page the leader waits on."""
    report.steps_done, report.step, report.state = done, words, state
    report.save(update_fields=["steps_done", "step", "state"])


def build_report(report: Report, *, membership: Membership) -> Report:
    """Make the PDF of a queued report, as `membership` sees the data. Safe to run again: a report already
    made or given up is left as it is."""
    if report.state not in (ReportState.QUEUED, ReportState.BUILDING):
        return report
    if not rules.can_open_report(membership, report):
        _say(report, done=0, words="You can no longer print this report", state=ReportState.FAILED)
        return report
    try:
        made_at = timezone.now()
        scope = _scope_of(report, membership=membership)
        built = document.build(
            scope,
            generated_by=membership.user.full_name or membership.user.email,
            generated_at=made_at,
            progress=lambda done, _steps, words: _say(report, done=done, words=f"Gathering: {words}"),
        )
        _say(report, done=len(document.SECTIONS) + 1, words="Laying out the pages")
        pdf = render_pdf(built.html)
    except Exception:
        logger.exception("Report %s could not be made", report.pk)
        _say(report, done=report.steps_done, words="Something went wrong", state=ReportState.FAILED)
        return report
    report.file.save("report.pdf", ContentFile(pdf.content), save=False)
    report.pages = pdf.pages
    report.pupil_ids = sorted(built.pupil_ids)
    report.state = ReportState.READY
    report.steps_done = report.steps
    report.step = "Ready"
    report.finished_at = timezone.now()
    report.expires_at = report.finished_at + datetime.timedelta(days=settings.REPORT_KEEP_DAYS)
    report.save()
    return report


def expire_reports(now: datetime.datetime) -> int:
    """Delete the files of reports past their keeping time; the rows stay, saying they expired."""
    expired = 0
    for report in Report.objects.filter(state=ReportState.READY, expires_at__lte=now).order_by("pk"):
        report.file.delete(save=False)
        report.state = ReportState.EXPIRED
        report.step = "Expired"
        report.save(update_fields=["file", "state", "step"])
        expired += 1
    return expired
