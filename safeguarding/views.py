"""Safeguarding pages, under /safeguarding/: the list (a DSL's school's concerns, a provider's own), raising
a concern from a placement, the concern's page (with the DSL's form to record what was done) and sharing
its details. Thin: `safeguarding.rules` decides who, the scoped selectors what exists (404), the
services change. Every page that shows a concern's pupil writes an access event."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from apcommission.audit.services import record_access
from apcommission.tenancy.access import membership_required, rule_required
from apcommission.tenancy.forms import show_refusal, submitted
from placements import selectors as placement_selectors
from placements.models import Placement
from safeguarding import rules, selectors, services
from safeguarding.forms import ActionForm, ConcernForm, ShareForm
from safeguarding.models import Concern, SharedWith


def _concern(request, pk) -> Concern:
    try:
        return selectors.concern_for(pk, membership=request.membership)
    except Concern.DoesNotExist:
        raise Http404 from None


def _detail_url(concern) -> str:
    return reverse("safeguarding:detail", args=[concern.pk])


@require_GET
@rule_required(rules.can_view_concerns)
def concern_list(request):
    membership = request.membership
    page = selectors.concern_list(membership=membership, page_number=request.GET.get("page"))
    if page.object_list:
        record_access(
            request=request,
            action="safeguarding.list",
            pupil_ids=[row.concern.pupil_id for row in page.object_list],
        )
    return render(
        request,
        "safeguarding/concern_list.html",
        {"page": page, "is_dsl": rules.is_dsl(membership)},
    )


@require_http_methods(["GET", "POST"])
@membership_required
def raise_concern(request, pk):
    membership = request.membership
    try:
        placement = placement_selectors.placement_for(pk, membership=membership)
    except Placement.DoesNotExist:
        raise Http404 from None
    if not rules.can_raise_concern(membership, placement):
        raise PermissionDenied
    form = ConcernForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.raise_concern(placement, by=membership, **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                f"Concern sent to {placement.school.name}'s designated safeguarding lead: they are told "
                "at once.",
            )
            return redirect(_detail_url(concern))
    record_access(request=request, action="safeguarding.raise", pupil_ids=[placement.pupil_id])
    return render(
        request,
        "safeguarding/raise_form.html",
        {
            "form": form,
            "title": "Raise a safeguarding concern",
            "caption": placement.provider_copy.get("name") or selectors.A_PUPIL,
            "back_url": reverse("placements:detail", args=[placement.pk]),
            "placement": placement,
        },
    )


@require_http_methods(["GET", "POST"])
@membership_required
def concern_detail(request, pk):
    """The concern in full for those who read its details; the DSL's form to record what was done. A role
    shown only that the concern exists (the school's AP lead and leader, until a DSL shares) is refused."""
    membership = request.membership
    concern = _concern(request, pk)
    page = selectors.concern_page(concern, membership=membership)
    if page.detail is None:
        raise PermissionDenied
    may_record = rules.can_record_action(membership, concern)
    if request.method == "POST" and not may_record:
        raise PermissionDenied
    form = ActionForm(submitted(request), initial={"done_by": request.user.full_name}) if may_record else None
    if request.method == "POST" and form.is_valid():
        try:
            services.record_dsl_action(concern, by=membership, **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "What was done is recorded.")
            return redirect(_detail_url(concern))
    record_access(request=request, action="safeguarding.concern", pupil_ids=[concern.pupil_id])
    return render(
        request,
        "safeguarding/concern_detail.html",
        {
            "concern": concern,
            "page": page,
            "form": form,
            "is_provider": rules.raises_concerns(membership),
            "may_share": rules.can_share_details(membership, concern),
            "back_url": (
                reverse("safeguarding:list")
                if rules.can_view_concerns(membership)
                else reverse("placements:detail", args=[concern.placement_id])
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@membership_required
def share_details(request, pk):
    membership = request.membership
    concern = _concern(request, pk)
    if not rules.can_share_details(membership, concern):
        raise PermissionDenied
    form = ShareForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            share = services.share_details(concern, by=membership, **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request, f"The details are now shared with {SharedWith(share.role).in_a_sentence}."
            )
            return redirect(_detail_url(concern))
    record_access(request=request, action="safeguarding.share", pupil_ids=[concern.pupil_id])
    return render(
        request,
        "safeguarding/share_form.html",
        {
            "form": form,
            "title": "Share the details of this concern",
            "caption": f"Safeguarding concern about {concern.pupil.name}",
            "back_url": _detail_url(concern),
        },
    )
