"""The LA's approved list: the list and its export, putting a provider on it, its terms, its status, and
the categories an LA adds. Thin: the services change things, the selectors read; every lookup goes
through the scoped managers, so another LA's entry is not found (404)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from apcommission.documents.exports import csv_response, xlsx_response
from apcommission.tenancy.access import rule_required
from apcommission.tenancy.forms import submitted
from apcommission.vocabulary.views import rows as vocabulary_rows
from apcommission.vocabulary.views import vocabulary_page
from providers import rules, selectors
from providers.exports import approved_list_columns
from providers.forms.approval import (
    ApprovalCreateForm,
    ApprovedListFilterForm,
    CategoryForm,
    EntryTermsForm,
    StatusChangeForm,
)
from providers.forms.profile import REGISTRATION_THRESHOLD
from providers.models import ApprovalCategory, ApprovedListEntry
from providers.selectors import approval as selectors_approval
from providers.selectors.evidence import evidence_not_in_order
from providers.services import approval as services

PAGE_SIZE = 50
EXPORT_FORMATS = ("csv", "xlsx")


def _entry(request, pk) -> ApprovedListEntry:
    """An entry the acting membership can see (else 404) and may change (else 403)."""
    entry = get_object_or_404(
        ApprovedListEntry.objects.visible_to(request.membership).select_related("provider"), pk=pk
    )
    if not rules.can_manage_approved_list(request.membership, entry):
        raise PermissionDenied
    return entry


@require_GET
@rule_required(rules.can_view_approved_list)
def approved_list(request):
    membership = request.membership
    filter_form = ApprovedListFilterForm(request.GET)
    page = selectors_approval.approved_list_page(
        request.GET.get("page"),
        membership=membership,
        per_page=PAGE_SIZE,
        today=timezone.localdate(),
        **filter_form.filters(),
    )
    return render(
        request,
        "providers/approval/approved_list.html",
        {
            "filter_form": filter_form,
            "page": page,
            "rows": page.object_list,
            "filtered": any(request.GET.get(name) for name in ("status", "category", "q")),
            "unapproved_count": selectors_approval.unapproved_in_use(membership=membership).count(),
            "can_manage": rules.can_manage_approved_list(membership),
        },
    )


@require_GET
@rule_required(rules.can_view_approved_list)
def approved_list_export(request, file_format):
    if file_format not in EXPORT_FORMATS:
        raise Http404
    membership = request.membership
    entries = selectors_approval.approved_list(
        membership=membership, **ApprovedListFilterForm(request.GET).filters()
    )
    columns = approved_list_columns(selectors.required_evidence_types(membership=membership))
    rows = selectors_approval.export_rows(entries, membership=membership)
    filename = f"approved-list-{membership.organisation.name}-{timezone.localdate():%Y-%m-%d}"
    if file_format == "csv":
        return csv_response(filename=filename, columns=columns, rows=rows)
    return xlsx_response(filename=filename, sheet_title="Approved list", columns=columns, rows=rows)


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_manage_approved_list)
def approval_create(request, pk):
    provider = get_object_or_404(selectors.providers(membership=request.membership), pk=pk)
    existing = selectors.approval_entries([provider.pk], membership=request.membership).get(provider.pk)
    if existing is not None:
        messages.info(
            request, f"{provider} is already on your approved list. You can change its status here."
        )
        return redirect("approval_status", existing.pk)
    form = ApprovalCreateForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_to_list(
                provider=provider,
                by=request.membership,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                **form.terms(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{provider} is now on your approved list.")
            return redirect("provider_detail", provider.pk)
    return render(
        request,
        "providers/approval/approval_create.html",
        {
            "form": form,
            "provider": provider,
            "title": f"Add {provider} to your approved list",
            "registration_threshold": REGISTRATION_THRESHOLD,
            # Warned, not stopped: the officer may approve with evidence outstanding (conditions, say).
            "evidence_problems": evidence_not_in_order(provider, membership=request.membership),
            "back_url": reverse("provider_detail", args=[provider.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_manage_approved_list)
def approval_edit(request, pk):
    entry = _entry(request, pk)
    form = EntryTermsForm(submitted(request), instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_terms(entry=entry, by=request.membership, **form.terms())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The terms for {entry.provider} have been saved.")
            return redirect("provider_detail", entry.provider_id)
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": f"Terms for {entry.provider}",
            "caption": "Approved list",
            "back_url": reverse("provider_detail", args=[entry.provider_id]),
        },
    )


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_manage_approved_list)
def approval_status(request, pk):
    entry = _entry(request, pk)
    form = StatusChangeForm(submitted(request), entry=entry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_status(
                entry=entry,
                to_status=data["to_status"],
                reason=data["reason"],
                conditions=data["conditions"],
                placing_conditions=data["placing_conditions"],
                by=request.membership,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{entry.provider} is now {entry.get_status_display().lower()}.")
            return redirect("provider_detail", entry.provider_id)
    return render(
        request,
        "providers/approval/approval_status.html",
        {
            "form": form,
            "entry": entry,
            "provider": entry.provider,
            "status_changes": selectors_approval.status_history(entry, membership=request.membership),
            "evidence_problems": evidence_not_in_order(entry.provider, membership=request.membership)
            if rules.can_approve(request.membership, entry)
            else [],
            "title": f"Change the status of {entry.provider}",
            "back_url": reverse("provider_detail", args=[entry.provider_id]),
        },
    )


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_manage_la_settings)
def approval_categories(request):
    return vocabulary_page(
        request,
        ApprovalCategory,
        CategoryForm,
        template="providers/approval/approval_categories.html",
        added="Entries on your list can now be approved for it.",
        retired="Entries that have it keep it.",
        context=lambda: {
            "rows": vocabulary_rows(
                selectors_approval.categories_for(membership=request.membership), request.membership
            )
        },
    )
