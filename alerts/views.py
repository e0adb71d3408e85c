"""Alerts pages, under /alerts/: a person's open alerts, most urgent first, and those dealt with; opening
one (marks it read, then goes to the thing to act on); marking all read; and choosing which kinds come
in a daily summary. Everyone acting for an organisation has them; each sees only their own."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alerts import services
from alerts.forms import ChoicesForm
from alerts.models import Alert
from apcommission.tenancy.access import membership_required

PER_PAGE = 25


@require_GET
@membership_required
def alert_list(request):
    membership = request.membership
    closed = request.GET.get("show") == "dealt-with"
    found = services.dealt_with(membership=membership) if closed else services.queue(membership=membership)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "alerts/list.html", {"page": page, "closed": closed})


@require_GET
@membership_required
def open_alert(request, pk):
    alert = Alert.objects.visible_to(request.membership).filter(pk=pk).first()
    if alert is None:
        raise Http404
    services.mark_read(alert, by=request.membership)
    # Links are the service's own paths; checked all the same, so an alert can never send anyone away.
    if not url_has_allowed_host_and_scheme(alert.link, allowed_hosts=set()) or not alert.link.startswith("/"):
        return redirect("alerts:list")
    return redirect(alert.link)


@require_POST
@membership_required
def mark_all_read(request):
    marked = services.mark_all_read(by=request.membership)
    messages.success(request, f"{marked} alert{'s' if marked != 1 else ''} marked as read.")
    return redirect("alerts:list")


@require_http_methods(["GET", "POST"])
@membership_required
def choices(request):
    membership = request.membership
    kinds = services.kinds_for(membership)
    chosen = services.summary_kinds(membership=membership)
    form = ChoicesForm(request.POST if request.method == "POST" else None, kinds=kinds, chosen=chosen)
    if request.method == "POST" and form.is_valid():
        if services.choose_summaries(form.summary_kinds(), by=membership):
            messages.success(request, "Your email choices are saved.")
        else:
            messages.info(request, "Nothing changed: your email choices were already these.")
        return redirect("alerts:choices")
    return render(
        request,
        "alerts/choices.html",
        {
            "form": form,
            "kinds": kinds,
            "title": "Choose how you are emailed",
            "back_url": reverse("alerts:list"),
        },
    )
