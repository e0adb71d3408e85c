"""The API keys pages, under /api-keys/: the organisation's keys, making one (shown once), and revoking one.
For the administrators of a school or provider (`api.rules`); `api.keys` does the work."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from apcommission.forms.dates import years_on
from apcommission.tenancy.access import rule_required
from apcommission.tenancy.forms import show_refusal, submitted
from api import keys, rules
from api.forms import KeyForm, RevokeForm
from api.models import ApiKey


@require_GET
@rule_required(rules.can_manage_api_keys)
def key_list(request):
    found = ApiKey.objects.visible_to(request.membership).select_related("membership", "created_by")
    return render(request, "api/key_list.html", {"keys": found, "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_manage_api_keys)
def key_new(request):
    today = timezone.localdate()
    form = KeyForm(
        submitted(request),
        membership=request.membership,
        initial={"expires_on": years_on(today, keys.DEFAULT_LIFE_YEARS)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            api_key, key = keys.create_key(by=request.membership, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            # Shown on this reply only, never stored: the page after it (and a reload) cannot show it again.
            return render(request, "api/key_made.html", {"api_key": api_key, "key": key})
    return render(
        request,
        "api/key_form.html",
        {"form": form, "title": "Make an API key", "back_url": reverse("api_keys:list")},
    )


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_manage_api_keys)
def key_revoke(request, pk):
    api_key = get_object_or_404(ApiKey.objects.visible_to(request.membership), pk=pk, revoked_at__isnull=True)
    form = RevokeForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        keys.revoke_key(api_key, by=request.membership)
        messages.success(request, f"The key “{api_key.name}” is revoked: it no longer works.")
        return redirect("api_keys:list")
    return render(
        request,
        "api/key_revoke.html",
        {
            "form": form,
            "api_key": api_key,
            "title": f"Revoke the key “{api_key.name}”",
            "back_url": reverse("api_keys:list"),
        },
    )
