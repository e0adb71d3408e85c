"""The outcome pages, under /destinations/: recording a placement's outcome and destination, the school's
check-ins (Destinations) and recording one, and an LA's destinations of its area by provider. The outcome
itself is shown on the placement's page (`{% placement_outcome placement %}`). Thin: `outcomes.rules`
decides who, the scoped selectors what exists (404), the services make the changes. Every page that shows
a pupil writes an access event."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from apcommission.audit.services import record_access
from apcommission.forms.dates import long_date
from apcommission.tenancy.access import membership_required, rule_required
from apcommission.tenancy.forms import show_refusal, submitted
from outcomes import rules, schedule, selectors, services
from outcomes.forms import CheckInForm, OutcomeForm
from outcomes.models import CheckIn, CheckInKind, Destination
from placements.models import Placement
from placements.selectors import placement_for


def _outcome_on(placement_id: int) -> str:
    return reverse("placements:detail", args=[placement_id]) + "#outcome"


@require_http_methods(["GET", "POST"])
@membership_required
def record_outcome(request, pk):
    membership = request.membership
    try:
        placement = placement_for(pk, membership=membership)
    except Placement.DoesNotExist:
        raise Http404 from None
    if not rules.can_record_outcome(membership, placement):
        raise PermissionDenied
    outcome = selectors.outcome_for(placement, membership=membership)
    form = OutcomeForm(submitted(request), placement=placement, outcome=outcome)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.record_outcome(placement, by=membership, values=form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            if not saved.changed:
                messages.success(request, "Nothing was changed.")
            elif outcome is None:
                messages.success(request, "Outcome and destination saved. The check-ins are scheduled.")
            else:
                messages.success(request, "Outcome and destination saved.")
            return redirect(_outcome_on(placement.pk))
    record_access(request=request, action="outcome.record", pupil_ids=[placement.pupil_id])
    return render(
        request,
        "outcomes/outcome_form.html",
        {
            "form": form,
            "title": "Record the outcome and destination",
            "caption": f"Placement for {placement.pupil.name}",
            "back_url": _outcome_on(placement.pk),
            "placement": placement,
            "outcome": outcome,
        },
    )


@require_GET
@rule_required(rules.can_view_destinations)
def destinations(request):
    membership = request.membership
    page = selectors.check_ins_page(request.GET.get("page"), membership=membership)
    shown = [check_in.placement.pupil_id for check_in in page.object_list]
    if shown:
        record_access(request=request, action="outcome.check_ins", pupil_ids=shown)
    return render(
        request,
        "outcomes/destinations.html",
        {
            "page": page,
            "today": timezone.localdate(),
            "years": schedule.checkin_years(),
        },
    )


@require_http_methods(["GET", "POST"])
@membership_required
def record_check_in(request, pk):
    membership = request.membership
    try:
        check_in = selectors.check_in_for(pk, membership=membership)
    except CheckIn.DoesNotExist:
        raise Http404 from None
    if not rules.can_record_check_in(membership, check_in):
        raise PermissionDenied
    placement = check_in.placement
    today = timezone.localdate()
    form = CheckInForm(submitted(request), check_in=check_in)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.record_check_in(check_in, by=membership, values=form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Check-in saved." if saved.changed else "Nothing was changed.")
            return redirect("outcomes:destinations")
    record_access(request=request, action="outcome.check_in", pupil_ids=[placement.pupil_id])
    sustained = check_in.kind == CheckInKind.SUSTAINED
    return render(
        request,
        "outcomes/check_in_form.html",
        {
            "form": form,
            "title": f"Record the check-in: {check_in.label.lower()}",
            "caption": f"{placement.pupil.name}, placed at {placement.provider.name}",
            "back_url": reverse("outcomes:destinations"),
            "check_in": check_in,
            "placement": placement,
            "too_soon": check_in.due_on > today,
            "due_on": long_date(check_in.due_on),
            "period": schedule.period_checked(check_in.due_on) if sustained else None,
        },
    )


@require_GET
@rule_required(rules.can_view_area_destinations)
def area_destinations(request):
    return render(
        request,
        "outcomes/area.html",
        {
            "summary": selectors.area_destinations(membership=request.membership),
            "destinations": Destination.choices,
        },
    )
