"""Compliance evidence: a provider's checks and their documents, recording a check, and the evidence types
and validity periods an LA keeps. Thin: the rules module decides who, the scoped managers what exists (404
for anything unseen), the services change things."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from apcommission.documents.downloads import document_response
from apcommission.documents.upload_handlers import refused_upload
from apcommission.tenancy.access import membership_required, rule_required
from apcommission.tenancy.forms import submitted
from apcommission.vocabulary.services import retire_entry
from apcommission.vocabulary.views import rows as vocabulary_rows
from apcommission.vocabulary.views import vocabulary_page
from providers import rules, selectors
from providers.forms.evidence import EvidenceForm, EvidenceTypeForm, ValidityForm
from providers.models import Evidence, EvidenceType
from providers.selectors.evidence import new_type_reach
from providers.services import evidence as services


def _provider(request, pk):
    """The provider, if the acting membership may see it (commissioners every one, a provider itself)."""
    return get_object_or_404(selectors.providers(membership=request.membership), pk=pk)


@require_GET
@membership_required
def evidence_list(request, pk):
    provider = _provider(request, pk)
    summary = selectors.evidence_summaries([provider.pk], membership=request.membership)[provider.pk]
    history = list(
        Evidence.objects.visible_to(request.membership)
        .filter(provider=provider)
        .select_related("evidence_type", "checked_by", "checked_for", "entered_in_error_by")
    )
    # The summary's latest checks are among the history: use those, whose people are already loaded.
    by_pk = {item.pk: item for item in history}
    for picture in (summary, *(each.summary for each in summary.by_authority)):
        for type_state in picture.types:
            if type_state.latest is not None:
                type_state.latest = by_pk.get(type_state.latest.pk, type_state.latest)
    return render(
        request,
        "providers/evidence/evidence_list.html",
        {
            "provider": provider,
            "evidence": summary,
            "history": history,
            "see_documents": rules.can_see_evidence_documents(request.membership, provider),
            "can_record": rules.can_record_evidence(request.membership),
            "expiring_soon_days": settings.EVIDENCE_EXPIRING_SOON_DAYS,
        },
    )


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_record_evidence)
def evidence_create(request, pk):
    provider = _provider(request, pk)
    form = EvidenceForm(submitted(request), request.FILES or None, membership=request.membership)
    if too_large := refused_upload(request, "document"):  # dropped as it arrived: say so
        form.add_error("document", too_large)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_evidence(
                provider=provider,
                by=request.membership,
                evidence_type=data["evidence_type"],
                checked_on=data["checked_on"],
                expires_on=data["expires_on"],
                outcome=data["outcome"],
                notes=data["notes"],
                document=data["document"] or None,
                holds_dbs_copies=data["holds_dbs_copies"] == "yes",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{data['evidence_type']} check recorded for {provider}.")
            return redirect("evidence_list", pk=provider.pk)
    return render(
        request,
        "providers/evidence/evidence_form.html",
        {
            "form": form,
            "provider": provider,
            "title": "Record an evidence check",
            "caption": str(provider),
            "back_url": reverse("evidence_list", args=[provider.pk]),
        },
    )


@require_GET
@membership_required
def evidence_document(request, pk):
    evidence = get_object_or_404(
        Evidence.objects.visible_to(request.membership).select_related("provider", "evidence_type"), pk=pk
    )
    if not rules.can_see_evidence_documents(request.membership, evidence.provider):
        raise PermissionDenied
    if not evidence.has_document:
        raise Http404("This check has no document, or its document has been deleted")
    extension = evidence.document_name.rpartition(".")[2] or "pdf"
    filename = f"{slugify(evidence.evidence_type.name)[:60]}-{evidence.checked_on:%Y-%m-%d}.{extension}"
    try:
        return document_response(
            evidence.document, filename=filename, content_type=evidence.document_content_type
        )
    except FileNotFoundError as error:
        raise Http404("The stored file is missing") from error


# --- What an LA sets for itself --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_manage_la_settings)
def evidence_types(request):
    def context() -> dict:
        types = list(EvidenceType.objects.visible_to(request.membership))
        days = selectors.validity_periods(types, membership=request.membership)
        return {
            "rows": vocabulary_rows(
                types,
                request.membership,
                extra=lambda t: days[t.pk],
                change_url=lambda t: reverse("evidence_validity", args=[t.pk]),
            ),
            "reach": new_type_reach(membership=request.membership),
        }

    return vocabulary_page(
        request,
        EvidenceType,
        EvidenceTypeForm,
        template="providers/evidence/evidence_types.html",
        added="Providers now need it checked.",
        retired="Its checks are kept.",
        context=context,
    )


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_manage_la_settings)
def evidence_validity(request, pk):
    evidence_type = get_object_or_404(EvidenceType.objects.all(), pk=pk)
    days = selectors.validity_days(evidence_type, membership=request.membership)
    # The page has two forms: the validity period, and (for the LA's own types) a button to retire it.
    retiring = request.method == "POST" and "retire" in request.POST
    form = ValidityForm(None if retiring else submitted(request), initial={"validity_days": days})
    if retiring:
        retire_entry(evidence_type, by=request.membership)
        messages.success(request, f"{evidence_type} retired. Its checks are kept.")
        return redirect("evidence_types")
    if request.method == "POST" and form.is_valid():
        services.set_validity(
            by=request.membership,
            evidence_type=evidence_type,
            validity_days=form.cleaned_data["validity_days"],
        )
        messages.success(
            request,
            f"{evidence_type}: new checks are now valid for {form.cleaned_data['validity_days']} days.",
        )
        return redirect("evidence_types")
    return render(
        request,
        "providers/evidence/evidence_validity.html",
        {
            "form": form,
            "evidence_type": evidence_type,
            "title": f"{evidence_type}: validity period",
            "caption": "Evidence types",
            "back_url": reverse("evidence_types"),
        },
    )
