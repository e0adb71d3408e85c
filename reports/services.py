"""Printing reports: asking for one (`request_evidence_pack`), building it (`build_report`, run by the Celery
task), and expiring old ones (`expire_reports`, a sweep). Views, the task and the command all come here."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.roles import OrganisationKind as Kind
from reports import rules
from reports.area import document as area_document
from reports.area.scope import AreaScope
from reports.models import Report, ReportKind, ReportState
from reports.pack import document
from reports.pack.scope import PackScope, Period
from reports.pdf import render_pdf
from reports.trust import document as trust_document
from reports.trust.document import TrustScope

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


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
        requested_as=by,
        steps=document.STEPS + 2,
        step="Waiting to start",
    )
    from reports.tasks import build_report

    transaction.on_commit(lambda: build_report.delay(report.pk, membership_id=by.pk))
    return report


def request_area_report(*, by: Membership, period: Period) -> Report:
    """An LA's area report asked for: the row now, the build once the row is committed."""
    if not rules.can_print_area_report(by):
        raise PermissionDenied
    return _request_about_everyone(ReportKind.AREA, by=by, period=period, steps=area_document.STEPS)


def request_trust_report(*, by: Membership, period: Period) -> Report:
    """A trust's report across its schools asked for: the row now, the build once it is committed."""
    if not rules.can_print_trust_report(by):
        raise PermissionDenied
    return _request_about_everyone(ReportKind.TRUST, by=by, period=period, steps=trust_document.STEPS)


def _request_about_everyone(kind: str, *, by: Membership, period: Period, steps: int) -> Report:
    """A report about the organisation's whole area or all its schools, rather than one school."""
    check_period(period, today=timezone.localdate())
    report = Report.objects.create(
        kind=kind,
        organisation=by.organisation,
        period_start=period.start,
        period_end=period.end,
        requested_by=by.user,
        requested_as=by,
        steps=steps + 2,
        step="Waiting to start",
    )
    from reports.tasks import build_report

    transaction.on_commit(lambda: build_report.delay(report.pk, membership_id=by.pk))
    return report


def _document(report: Report, *, membership: Membership):
    """The module that makes this kind of report, and what it covers, as `membership` sees it."""
    period, today = Period(report.period_start, report.period_end), timezone.localdate()
    if report.kind == ReportKind.AREA:
        return area_document, AreaScope(
            membership=membership, local_authority=membership.organisation, period=period, today=today
        )
    if report.kind == ReportKind.TRUST:
        return trust_document, TrustScope(
            membership=membership, trust=membership.organisation, period=period, today=today
        )
    scope = PackScope(
        membership=membership, school=report.school, period=period, today=today, naming=report.naming
    )
    return document, scope


def _say(report: Report, *, done: int, words: str, state: str = ReportState.BUILDING) -> None:
    """How far the build has got, saved at once for the page the leader waits on; renews the claim."""
    report.steps_done, report.step, report.state, report.claimed_at = done, words, state, timezone.now()
    report.save(update_fields=["steps_done", "step", "state", "claimed_at"])


def _claim(report: Report, *, membership: Membership) -> bool:
    """Take the report to build: one still queued, or one whose build went quiet (its worker died). Two
    workers sent the same report never both build it: the UPDATE is the lock."""
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.REPORT_STALLED_SECONDS)
    claimed = (
        Report.objects.visible_to(membership)
        .filter(pk=report.pk, attempts__lt=MAX_ATTEMPTS)
        .filter(Q(state=ReportState.QUEUED) | Q(state=ReportState.BUILDING, claimed_at__lt=stale))
        .update(state=ReportState.BUILDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    report.refresh_from_db()
    return bool(claimed)


def build_report(report: Report, *, membership: Membership) -> Report:
    """Make the PDF of a queued report, as `membership` sees the data. Safe to run twice, at once or one
    after the other: a report made, given up, or being made by another worker is left as it is."""
    if not _claim(report, membership=membership):
        return report
    if not rules.can_open_report(membership, report):
        _say(report, done=0, words="You can no longer print this report", state=ReportState.FAILED)
        return report
    try:
        made_at = timezone.now()
        maker, scope = _document(report, membership=membership)
        report.steps = maker.STEPS + 2  # the sections, then laying out, then storing
        report.save(update_fields=["steps"])
        built = maker.build(
            scope,
            generated_by=membership.user.full_name or membership.user.email,
            generated_at=made_at,
            progress=lambda done, _steps, words: _say(report, done=done, words=f"Gathering: {words}"),
        )
        _say(report, done=report.steps - 1, words="Laying out the pages")
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


def stalled(now: datetime.datetime) -> QuerySet[Report]:
    """Reports still to build whose task was lost (queued a while and never claimed) or whose build went
    quiet (the worker died): for the sweep to send again, or give up on."""
    return Report.objects.filter(
        Q(
            state=ReportState.QUEUED,
            requested_at__lt=now - datetime.timedelta(seconds=settings.REPORT_QUEUED_SECONDS),
        )
        | Q(
            state=ReportState.BUILDING,
            claimed_at__lt=now - datetime.timedelta(seconds=settings.REPORT_STALLED_SECONDS),
        )
    )


def resend_stalled(now: datetime.datetime) -> list[int]:
    """Send each stalled report's build again, as the membership that asked for it; give up on one tried
    MAX_ATTEMPTS times, saying so on its page. Returns the reports sent again."""
    from reports.tasks import build_report as build_task

    stalled(now).filter(attempts__gte=MAX_ATTEMPTS).update(
        state=ReportState.FAILED, step="It could not be made after several tries"
    )
    sent = []
    for pk, membership_id in stalled(now).values_list("pk", "requested_as_id"):
        build_task.delay(pk, membership_id=membership_id)
        sent.append(pk)
    return sent


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
