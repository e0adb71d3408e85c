from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from apcommission.tenancy import rules
from apcommission.tenancy.access import rule_required
from apcommission.tenancy.forms import submitted
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind
from providers import services
from providers.forms import ProviderOrganisationForm


def _providers():
    return Organisation.objects.filter(kind=OrganisationKind.PROVIDER)


@require_GET
@rule_required(rules.can_view_provider_register)
def provider_list(request):
    query = request.GET.get("q", "").strip()
    found = _providers()
    if query:
        found = found.filter(name__icontains=query)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(request, "providers/provider_list.html", {"page": page, "query": query})


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_manage_provider_organisations)
def provider_create(request):
    form = ProviderOrganisationForm(submitted(request), instance=Organisation(kind=OrganisationKind.PROVIDER))
    if request.method == "POST" and form.is_valid():
        provider = services.register_provider(form=form, by=request.membership)
        messages.success(request, f"{provider} has been added to your register.")
        return redirect("provider_detail", pk=provider.pk)
    return render(
        request,
        "providers/provider_form.html",
        {"form": form, "title": "Add a provider", "back_url": reverse("provider_list")},
    )


@require_GET
@rule_required(rules.can_view_provider_register)
def provider_detail(request, pk):
    provider = get_object_or_404(_providers(), pk=pk)
    return render(
        request,
        "providers/provider_detail.html",
        {
            "provider": provider,
            "can_edit": rules.can_edit_provider_organisation(request.membership, provider),
        },
    )


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_manage_provider_organisations)
def provider_edit(request, pk):
    provider = get_object_or_404(_providers(), pk=pk)
    if not rules.can_edit_provider_organisation(request.membership, provider):
        raise PermissionDenied
    form = ProviderOrganisationForm(submitted(request), instance=provider)
    if request.method == "POST" and form.is_valid():
        services.update_provider(form=form, by=request.membership)
        messages.success(request, f"{provider} has been updated.")
        return redirect("provider_detail", pk=provider.pk)
    return render(
        request,
        "providers/provider_form.html",
        {
            "form": form,
            "title": f"Edit {provider}",
            "back_url": reverse("provider_detail", args=[provider.pk]),
        },
    )
