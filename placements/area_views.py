"""An LA's pages about the placements of its area (under /area/placements/): the registration threshold
counted across every commissioner, part-time timetables across its schools, providers in use that are
not on its list and the LA's own numbers; and the costs page its schools and trusts share. Thin:
`placements.area_rules` decides who, the scoped selectors what exists, a service changes the numbers."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from apcommission.audit.services import record_access
from apcommission.tenancy.access import rule_required
from apcommission.tenancy.forms import submitted
from placements import area_rules, area_selectors, area_services, costs
from placements.area_forms import PlacementRulesForm
from placements.entitlement import THRESHOLD_HOURS, THRESHOLD_PROTECTED_PUPILS, THRESHOLD_PUPILS, rules_for


@require_GET
@rule_required(area_rules.can_view_area_placements)
def threshold(request):
    today = timezone.localdate()
    page = area_selectors.threshold_page(
        membership=request.membership, on=today, page_number=request.GET.get("page")
    )
    return render(
        request,
        "placements/area/threshold.html",
        {
            "page": page,
            "today": today,
            "hours": THRESHOLD_HOURS,
            "pupils": THRESHOLD_PUPILS,
            "protected": THRESHOLD_PROTECTED_PUPILS,
        },
    )


@require_GET
@rule_required(area_rules.can_view_area_placements)
def part_time(request):
    today = timezone.localdate()
    membership = request.membership
    page = area_selectors.part_time_page(membership=membership, on=today, page_number=request.GET.get("page"))
    if page.object_list:
        record_access(
            request=request,
            action="placements.area_part_time",
            pupil_ids=[row.placement.pupil_id for row in page.object_list],
        )
    return render(request, "placements/area/part_time.html", {"page": page, "today": today})


@require_GET
@rule_required(area_rules.can_view_area_placements)
def unlisted(request):
    page = area_selectors.unlisted_page(membership=request.membership, page_number=request.GET.get("page"))
    return render(request, "placements/area/unlisted.html", {"page": page})


@require_GET
@rule_required(area_rules.can_view_area_placements)
def rules(request):
    membership = request.membership
    return render(
        request,
        "placements/area/rules.html",
        {
            "rules": rules_for(membership.organisation_id, membership=membership),
            "may_set": area_rules.can_set_placement_rules(membership),
        },
    )


@require_http_methods(["GET", "POST"])
@rule_required(area_rules.can_set_placement_rules)
def rules_change(request):
    membership = request.membership
    current = rules_for(membership.organisation_id, membership=membership)
    form = PlacementRulesForm(submitted(request), initial=PlacementRulesForm.initial_for(current))
    if request.method == "POST" and form.is_valid():
        area_services.set_placement_rules(by=membership, values=form.values())
        if form.values() == PlacementRulesForm.initial_for(current):
            messages.success(request, "Nothing changed: your numbers are as they were.")
        else:
            messages.success(request, "Your numbers are saved. Every page uses them from now on.")
        return redirect("placement_area:rules")
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": "Change your numbers for placements",
            "caption": "Placements in your area",
            "back_url": reverse("placement_area:rules"),
        },
    )


@require_GET
@rule_required(area_rules.can_view_placement_costs)
def costs_page(request):
    today = timezone.localdate()
    membership = request.membership
    summary = costs.cost_summary(membership=membership, on=today)
    if summary.unpriced:  # the placements with no price are listed by pupil
        record_access(
            request=request,
            action="placement.costs",
            pupil_ids=sorted({placement.pupil_id for placement in summary.unpriced}),
        )
    return render(
        request,
        "placements/area/costs.html",
        {
            "summary": summary,
            "today": today,
            "by_school": area_rules.can_view_school_costs(membership),
        },
    )
