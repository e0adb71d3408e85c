"""The report pages: print an evidence pack (a form, then a page that shows how far it has got and then
offers the download), the list of reports printed, and the download itself, which writes an access event
naming every pupil in the report. Thin: `reports.rules` decides who, the scoped selectors what exists
(404), the services do the work."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from apcommission.audit.services import record_access
from apcommission.documents.downloads import document_response, made_response
from apcommission.tenancy.access import rule_required
from apcommission.tenancy.forms import show_refusal, submitted
from apcommission.tenancy.rules import is_trust
from placements.models import Placement
from placements.selectors import placement_for
from reports import rules, selectors, services
from reports.forms import EvidencePackForm, PeriodForm
from reports.models import Report, ReportState
from reports.pdf import render_pdf
from reports.placement import document as placement_document
from reports.placement.document import PlacementScope


@require_GET
@rule_required(rules.can_use_reports)
def index(request):
    return render(
        request,
        "reports/index.html",
        {"page": selectors.reports_page(request.GET.get("page"), membership=request.membership)},
    )


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_print_evidence_pack)
def print_evidence_pack(request):
    membership = request.membership
    schools = services.schools_to_print(membership=membership)
    form = EvidencePackForm(submitted(request), schools=schools, choose=is_trust(membership))
    if request.method == "POST" and form.is_valid():
        school = next(school for school in schools if school.pk == form.cleaned_data["school"])
        try:
            report = services.request_evidence_pack(
                by=membership, school=school, period=form.period(), naming=form.cleaned_data["naming"]
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect("reports:report", report.pk)
    return render(
        request,
        "reports/evidence_pack_form.html",
        {
            "form": form,
            "title": "Print the evidence pack",
            "caption": membership.organisation.name,
            "back_url": reverse("reports:index"),
            "keep_days": settings.REPORT_KEEP_DAYS,
        },
    )


def _report_about_everyone(request, *, request_report, title: str, template: str):
    """The form for a report about the whole area or all the trust's schools: the period, then the page
    waited on."""
    membership = request.membership
    form = PeriodForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            report = request_report(by=membership, period=form.period())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect("reports:report", report.pk)
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "caption": membership.organisation.name,
            "back_url": reverse("reports:index"),
            "keep_days": settings.REPORT_KEEP_DAYS,
        },
    )


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_print_area_report)
def print_area_report(request):
    return _report_about_everyone(
        request,
        request_report=services.request_area_report,
        title="Print the area report",
        template="reports/area_report_form.html",
    )


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_print_trust_report)
def print_trust_report(request):
    return _report_about_everyone(
        request,
        request_report=services.request_trust_report,
        title="Print the trust report",
        template="reports/trust_report_form.html",
    )


@require_GET
@rule_required(rules.can_print_placement_report)
def placement_report(request, pk):
    """One placement's report, built in the request: it is a few pages."""
    membership = request.membership
    try:
        placement = placement_for(pk, membership=membership)
    except Placement.DoesNotExist:
        raise Http404 from None
    scope = PlacementScope.of(placement, membership=membership, today=timezone.localdate())
    made_by = request.user.full_name or request.user.email
    built = placement_document.build(scope, generated_by=made_by, generated_at=timezone.now())
    pdf = render_pdf(built.html)
    record_access(
        request=request, action="report.placement", pupil_ids=built.pupil_ids or [placement.pupil_id]
    )
    name = f"Placement report {placement.pupil.name} {timezone.localdate():%Y-%m-%d}.pdf"
    return made_response(pdf.content, filename=name, content_type="application/pdf")


def _report_or_404(pk: int, membership) -> Report:
    try:
        report = selectors.report_for(pk, membership=membership)
    except Report.DoesNotExist:
        raise Http404 from None
    if not rules.can_open_report(membership, report):
        raise PermissionDenied
    return report


@require_GET
@rule_required(rules.can_use_reports)
def report(request, pk):
    report = _report_or_404(pk, request.membership)
    if request.GET.get("format") == "json":  # what the waiting page asks every few seconds
        return JsonResponse(
            {
                "state": report.state,
                "percent": report.percent_done,
                "step": report.step,
                "ready": report.state == ReportState.READY,
                "finished": report.state != ReportState.QUEUED and report.state != ReportState.BUILDING,
            }
        )
    return render(request, "reports/report.html", {"report": report, "states": ReportState})


@require_GET
@rule_required(rules.can_use_reports)
def download(request, pk):
    report = _report_or_404(pk, request.membership)
    if report.state != ReportState.READY or not report.file:
        messages.info(request, "That report is not ready to download.")
        return redirect("reports:report", report.pk)
    record_access(request=request, action="report.download", pupil_ids=report.pupil_ids)
    about = report.school.name if report.school else report.organisation.name
    name = f"{report.get_kind_display()} {about} {report.period_end:%Y-%m-%d}.pdf"
    return document_response(report.file, filename=name, content_type="application/pdf")
