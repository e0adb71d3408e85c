"""The register of pupils in AP (/register/) and its download. Thin: `placements.register` reads, the
rules say whose page it is, and every page and download that shows pupils writes an access event."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from apcommission.audit.services import record_access
from apcommission.documents.exports import csv_response, xlsx_response
from apcommission.tenancy.access import rule_required
from placements import register, register_flags, register_rules
from placements.exports import register_columns
from placements.register_forms import RegisterFilterForm

EXPORT_FORMATS = ("csv", "xlsx")


def _form(request) -> RegisterFilterForm:
    membership = request.membership
    providers = register.providers_in_register(membership=membership)
    many_schools = register_rules.sees_many_schools(membership)
    schools = register.schools_in_register(membership=membership) if many_schools else None
    return RegisterFilterForm(request.GET, providers=providers, schools=schools)


@require_GET
@rule_required(register_rules.can_view_register)
def register_list(request):
    membership = request.membership
    today = timezone.localdate()
    form = _form(request)
    filters = form.filters()
    page = register.register_page(filters, request.GET.get("page"), membership=membership, today=today)
    if page.object_list:
        record_access(
            request=request, action="placement.register", pupil_ids=[row.pupil_id for row in page.object_list]
        )
    return render(
        request,
        "placements/register/register.html",
        {
            "form": form,
            "selects": form.selects(),
            "page": page,
            "today": today,
            "filtered": form.in_use(),
            "status_view": filters.status,
            "many_schools": register_rules.sees_many_schools(membership),
            "flag_hints": [(flag.label, hint) for flag, hint in register_flags.FLAG_HINTS.items()],
        },
    )


@require_GET
@rule_required(register_rules.can_view_register)
def register_export(request, file_format):
    if file_format not in EXPORT_FORMATS:
        raise Http404
    membership = request.membership
    today = timezone.localdate()
    form = _form(request)
    if not form.is_valid():
        # The register shows what could not be used; a download would quietly hold more than asked for.
        return redirect(f"{reverse('register:list')}?{request.GET.urlencode()}")
    placements = register.census_placements(form.filters(), membership=membership, today=today)
    # Written before the first row is sent: the download names every pupil the file holds.
    pupil_ids = placements.values_list("pupil_id", flat=True).order_by().distinct()
    record_access(request=request, action="placement.register_export", pupil_ids=list(pupil_ids))
    rows = register.export_rows(placements, membership=membership, today=today)
    filename = f"register-of-pupils-in-ap-{membership.organisation.name}-{today:%Y-%m-%d}"
    columns = register_columns()
    if file_format == "csv":
        return csv_response(filename=filename, columns=columns, rows=rows)
    return xlsx_response(filename=filename, sheet_title="Pupils in AP", columns=columns, rows=rows)
