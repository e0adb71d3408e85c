"""Adding a provider, editing its identity, profile and sites, and an LA officer verifying the profile."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from apcommission.tenancy.access import membership_required, rule_required
from apcommission.tenancy.forms import submitted
from providers import rules, selectors
from providers.forms.profile import ProviderAddForm, ProviderProfileForm, SiteForm
from providers.models import ProviderProfile, Site
from providers.services import profile as services


def _editable_provider(request, pk):
    """The provider (404 if not visible) and its profile, if the acting membership may edit them (else
    403: a commissioner may see the provider, but not change it)."""
    provider = get_object_or_404(selectors.providers(membership=request.membership), pk=pk)
    profile = selectors.profile_of(provider)
    if not rules.can_edit_provider_profile(request.membership, provider, profile):
        raise PermissionDenied
    return provider, profile


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_add_provider)
def provider_create(request):
    form = ProviderAddForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.add_provider(
                by=request.membership, identity=form.identity(), profile=form.profile()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if rules.is_school(request.membership):
                messages.success(
                    request,
                    f"{provider} has been added. It is shown as not approved until your LA approves it.",
                )
            else:
                messages.success(request, f"{provider} has been added to your register.")
            return redirect("provider_detail", pk=provider.pk)
    return render(
        request,
        "providers/profile/provider_add.html",
        {"form": form, "title": "Add a provider", "back_url": reverse("provider_list")},
    )


@require_http_methods(["GET", "POST"])
@membership_required
def provider_edit(request, pk):
    provider, profile = _editable_provider(request, pk)
    form = ProviderProfileForm(
        submitted(request), instance=profile or ProviderProfile(provider=provider), organisation=provider
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(
                provider=provider, by=request.membership, identity=form.identity(), profile=form.profile()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The profile of {provider} has been saved.")
            return redirect("provider_detail", pk=provider.pk)
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": f"Edit the profile of {provider}",
            "back_url": reverse("provider_detail", args=[provider.pk]),
        },
    )


@require_POST
@rule_required(rules.can_verify_profile)
def provider_verify(request, pk):
    provider = get_object_or_404(selectors.providers(membership=request.membership), pk=pk)
    services.verify_profile(provider=provider, by=request.membership)
    messages.success(request, f"You have verified the profile of {provider}.")
    return redirect("provider_detail", pk=provider.pk)


@require_http_methods(["GET", "POST"])
@membership_required
def site_create(request, pk):
    provider, _ = _editable_provider(request, pk)
    form = SiteForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        services.add_site(provider=provider, by=request.membership, values=form.values())
        messages.success(request, f"The site has been added to {provider}.")
        return redirect("provider_detail", pk=provider.pk)
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": "Add a site",
            "caption": provider.name,
            "back_url": reverse("provider_detail", args=[provider.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
@membership_required
def site_edit(request, pk):
    site = get_object_or_404(Site.objects.visible_to(request.membership), pk=pk)
    provider, _ = _editable_provider(request, site.provider_id)
    site.provider = provider
    form = SiteForm(submitted(request), instance=site)
    if request.method == "POST" and form.is_valid():
        services.update_site(site=site, by=request.membership, values=form.values())
        messages.success(request, f"The site {site.name} has been saved.")
        return redirect("provider_detail", pk=provider.pk)
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": f"Edit the site {site.name}",
            "caption": provider.name,
            "back_url": reverse("provider_detail", args=[provider.pk]),
        },
    )
