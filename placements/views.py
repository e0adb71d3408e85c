"""The placement plan's pages: making a plan (from an accepted referral, or directly), the placement itself
(in full for its commissioners, the practical parts and the shared copy for its provider), and the forms
that change and move it. Thin: `placements.rules` decides who, the scoped managers what exists (404),
the services make the changes. Every page that shows a pupil writes an access event."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from apcommission.audit.services import record_access
from apcommission.tenancy.access import membership_required, rule_required
from apcommission.tenancy.forms import show_refusal, submitted
from placements import checks, rules, selectors, services
from placements.forms import EndForm, NewPlanForm, ObjectiveForm, PartTimePlanForm, PlanForm, StartForm
from placements.models import Objective, ObjectiveArea, Placement, PlacementStatus, Shared
from placements.sharing import shared_rows
from placements.week import pupil_week
from pupils import rules as pupil_rules
from referrals.models import Referral
from referrals.selectors import referral_for

S = PlacementStatus


def _placement(request, pk) -> Placement:
    try:
        return selectors.placement_for(pk, membership=request.membership)
    except Placement.DoesNotExist:
        raise Http404 from None


def _managed(request, pk, rule) -> Placement:
    """The placement (404 if not seen), if `rule` lets the acting membership act on it (else 403)."""
    placement = _placement(request, pk)
    if not rule(request.membership, placement):
        raise PermissionDenied
    return placement


def _form_page(request, form, *, title, caption, back, template="components/form_page.html", **extra):
    return render(
        request, template, {"form": form, "title": title, "caption": caption, "back_url": back, **extra}
    )


def _detail(placement) -> str:
    return reverse("placements:detail", args=[placement.pk])


# --- Making a plan ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_plan)
def plan_new(request):
    """A plan made directly, for an arrangement brought onto the service without a referral."""
    membership = request.membership
    initial = {}
    if request.method == "GET" and request.GET.get("pupil", "").isdigit():
        initial["pupil"] = request.GET["pupil"]
    form = NewPlanForm(submitted(request), membership=membership, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            placement = services.plan_placement(form.cleaned_data["pupil"], by=membership, **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Placement plan saved. Add its objectives, with their baselines, next.")
            return redirect(_detail(placement))
    # The pupils offered to choose from are shown by name.
    offered = list(form.fields["pupil"].queryset.values_list("pk", flat=True))
    if offered:
        record_access(request=request, action="placement.new_choices", pupil_ids=offered)
    return _form_page(
        request,
        form,
        title="Make a placement plan",
        caption="Placements",
        back=reverse("home"),
        template="placements/plan_form.html",
    )


@require_http_methods(["GET", "POST"])
@membership_required
def plan_from_referral(request, pk):
    membership = request.membership
    try:
        # Read as a provider reads it when one asks (no join to the pupil), until the rule says yes.
        referral = referral_for(pk, membership=membership)
    except Referral.DoesNotExist:
        raise Http404 from None
    if not rules.can_plan_from_referral(membership, referral):
        raise PermissionDenied
    made = Placement.objects.visible_to(membership).filter(referral_id=referral.pk).first()
    if made is not None:
        messages.info(request, "A placement plan has already been made from this referral.")
        return redirect(_detail(made))
    offer = selectors.chosen_offer(referral, membership=membership)
    if offer is None:
        raise PermissionDenied
    defaults = services.defaults_from_referral(referral, offer)
    initial = {name: value for name, value in defaults.items() if name != "provider" and value is not None}
    form = PlanForm(submitted(request), membership=membership, provider_fixed=offer.provider, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            placement = services.plan_from_referral(referral, by=membership, **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Placement plan saved. Add its objectives, with their baselines, next.")
            return redirect(_detail(placement))
    record_access(request=request, action="placement.new", pupil_ids=[referral.pupil_id])
    return _form_page(
        request,
        form,
        title="Make the placement plan",
        caption=f"Placement for {referral.pupil.name}",
        back=reverse("referrals:detail", args=[referral.pk]),
        template="placements/plan_form.html",
        offer=offer,
        referral=referral,
    )


# --- The placement ----------------------------------------------------------------------------------


@require_GET
@membership_required
def placement_detail(request, pk):
    membership = request.membership
    placement = _placement(request, pk)
    if not rules.reads_plan_in_full(membership):
        return _provider_view(request, placement)
    page = selectors.plan_page(placement, membership=membership, with_history=True)
    week = pupil_week(placement.pupil, membership=membership, on=_week_day(placement), extra=placement)
    may_start = rules.can_start(membership, placement)
    record_access(request=request, action="placement.view", pupil_ids=[placement.pupil_id])
    return render(
        request,
        "placements/placement_detail.html",
        {
            "placement": placement,
            "page": page,
            "week": week,
            "timetable": selectors.timetable(placement.sessions),
            "shares": [Shared(value).label for value in placement.shared if value in Shared.values],
            "notice_is_short": services.notice_is_short(placement),
            "missing": services.missing_to_start(placement, by=membership) if may_start else [],
            "attendance_history": (
                rules.can_change_plan(membership, placement)
                and selectors.attendance_baseline(placement.pupil_id, membership=membership) is not None
            ),
            "reads_pupil_record": pupil_rules.can_view_pupils(membership),
        },
    )


def _week_day(placement) -> object:
    """The day whose week the page shows: today while the placement runs, else its start (or end)."""
    today = timezone.localdate()
    if placement.status in S.closed_values():
        return placement.ended_on or placement.starts_on
    return min(max(today, placement.starts_on), placement.planned_end_on)


def _provider_view(request, placement):
    """What the provider delivering the placement reads: the copy of the pupil the school shared, and the
    plan's practical parts (dates, timetable, site, objectives, steps back to full time, contacts and
    transport). Never the pupil's record, the funding, or the reasons in the plan's history."""
    page = selectors.plan_page(placement, membership=request.membership, with_history=False)
    record_access(request=request, action="placement.view_shared", pupil_ids=[placement.pupil_id])
    return render(
        request,
        "placements/placement_shared.html",
        {
            "placement": placement,
            "page": page,
            "shared": shared_rows(placement.provider_copy),
            "timetable": selectors.timetable(placement.sessions),
        },
    )


# --- Changing it ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@membership_required
def plan_edit(request, pk):
    membership = request.membership
    placement = _managed(request, pk, rules.can_change_plan)
    active = placement.status == S.ACTIVE
    # A started placement stays with its provider (`services.update_plan`): only its site may change.
    form = PlanForm(
        submitted(request),
        membership=membership,
        placement=placement,
        provider_fixed=placement.provider if active else None,
        active=active,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_plan(
                placement,
                by=membership,
                changes=form.values(),
                change_reason=form.cleaned_data.get("change_reason", ""),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            changed = saved.updated_at != placement.updated_at
            messages.success(request, "Plan saved." if changed else "Nothing was changed.")
            return redirect(_detail(placement))
    record_access(request=request, action="placement.edit", pupil_ids=[placement.pupil_id])
    return _form_page(
        request,
        form,
        title="Change the plan",
        caption=f"Placement for {placement.pupil.name}",
        back=_detail(placement),
        template="placements/plan_form.html",
        placement=placement,
    )


@require_http_methods(["GET", "POST"])
@membership_required
def objective_add(request, pk):
    membership = request.membership
    placement = _managed(request, pk, rules.can_change_plan)
    initial, baseline = {}, None
    if request.GET.get("area") == ObjectiveArea.ATTENDANCE:
        baseline = selectors.attendance_baseline(placement.pupil_id, membership=membership)
        initial = {
            "area": ObjectiveArea.ATTENDANCE,
            "measure": "Sessions attended as a percentage of sessions possible",
            "unit": "%",
        }
        if baseline is not None:
            initial |= {"baseline_value": baseline.value, "baseline_on": baseline.on}
    form = ObjectiveForm(submitted(request), active=placement.status == S.ACTIVE, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_objective(
                placement,
                by=membership,
                change_reason=form.cleaned_data.get("change_reason", ""),
                **form.values(),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Objective added.")
            return redirect(_detail(placement) + "#objectives")
    record_access(request=request, action="placement.objective", pupil_ids=[placement.pupil_id])
    return _form_page(
        request,
        form,
        title="Add an objective",
        caption=f"Placement for {placement.pupil.name}",
        back=_detail(placement),
        template="placements/objective_form.html",
        baseline=baseline,
    )


@require_http_methods(["GET", "POST"])
@membership_required
def objective_edit(request, pk):
    membership = request.membership
    try:
        objective = Objective.objects.visible_to(membership).get(pk=pk)
    except Objective.DoesNotExist:
        raise Http404 from None
    placement = _managed(request, objective.placement_id, rules.can_change_plan)
    form = ObjectiveForm(submitted(request), objective=objective, active=placement.status == S.ACTIVE)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_objective(
                objective,
                by=membership,
                change_reason=form.cleaned_data.get("change_reason", ""),
                **form.values(),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            changed = any(getattr(saved, name) != getattr(objective, name) for name in form.values())
            messages.success(request, "Objective saved." if changed else "Nothing was changed.")
            return redirect(_detail(placement) + "#objectives")
    record_access(request=request, action="placement.objective", pupil_ids=[placement.pupil_id])
    return _form_page(
        request,
        form,
        title="Change the objective",
        caption=f"Placement for {placement.pupil.name}",
        back=_detail(placement),
    )


@require_http_methods(["GET", "POST"])
@membership_required
def part_time_plan(request, pk):
    membership = request.membership
    placement = _managed(request, pk, rules.can_change_plan)
    page = selectors.plan_page(placement, membership=membership, with_history=False)
    form = PartTimePlanForm(
        submitted(request),
        plan=page.part_time_plan,
        steps=page.steps,
        active=placement.status == S.ACTIVE,
        full_time_on=checks.full_time_week_on(placement.pupil, membership=membership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.set_part_time_plan(
                placement,
                by=membership,
                change_reason=form.cleaned_data.get("change_reason", ""),
                **form.values(),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            changed = _part_time_as_stored(saved, saved.steps.all()) != _part_time_as_stored(
                page.part_time_plan, page.steps
            )
            messages.success(request, "Part-time plan saved." if changed else "Nothing was changed.")
            return redirect(_detail(placement) + "#part-time")
    week = pupil_week(placement.pupil, membership=membership, on=placement.starts_on, extra=placement)
    record_access(request=request, action="placement.part_time", pupil_ids=[placement.pupil_id])
    return _form_page(
        request,
        form,
        title="The part-time plan",
        caption=f"Placement for {placement.pupil.name}",
        back=_detail(placement),
        template="placements/part_time_form.html",
        placement=placement,
        week=week,
    )


def _part_time_as_stored(plan, steps) -> tuple | None:
    """A part-time plan and its steps as the database holds them, to tell a save that changed them from one
    that did not (the service writes nothing then)."""
    if plan is None:
        return None
    fields = (plan.reason, plan.ends_by, plan.parent_agreed_on, plan.la_notified_on)
    return fields, sorted((step.from_on, step.hours_per_week) for step in steps)


# --- Moving it --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@membership_required
def placement_start(request, pk):
    membership = request.membership
    placement = _managed(request, pk, rules.can_start)
    form = StartForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.start_placement(placement, by=membership)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Placement started.")
            return redirect(_detail(placement))
    record_access(request=request, action="placement.start", pupil_ids=[placement.pupil_id])
    return _form_page(
        request,
        form,
        title="Start the placement",
        caption=f"Placement for {placement.pupil.name}",
        back=_detail(placement),
        template="placements/start_form.html",
        placement=placement,
        missing=services.missing_to_start(placement, by=membership),
        too_soon=placement.starts_on > timezone.localdate(),
    )


@require_http_methods(["GET", "POST"])
@membership_required
def placement_end(request, pk):
    membership = request.membership
    placement = _managed(request, pk, rules.can_end)
    cancelling = placement.status == S.PLANNED
    form = EndForm(submitted(request), cancelling=cancelling)
    if request.method == "POST" and form.is_valid():
        try:
            if cancelling:
                services.cancel_placement(placement, by=membership, reason=form.cleaned_data["reason"])
            else:
                services.end_placement(
                    placement,
                    by=membership,
                    ended_on=form.cleaned_data["ended_on"],
                    reason=form.cleaned_data["reason"],
                )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Placement cancelled." if cancelling else "Placement ended.")
            return redirect(_detail(placement))
    record_access(request=request, action="placement.end", pupil_ids=[placement.pupil_id])
    return _form_page(
        request,
        form,
        title="Cancel the placement" if cancelling else "End the placement",
        caption=f"Placement for {placement.pupil.name}",
        back=_detail(placement),
        template="placements/end_form.html",
        cancelling=cancelling,
    )
