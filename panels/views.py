"""Panel pages: the LA's panels (upcoming and past), a meeting with its referrals and their decisions,
arranging and changing a meeting, the LA's setting, putting a referral to a meeting and recording the
decision. Thin: `panels.rules` decides who, the scoped selectors what exists (404), services change."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from apcommission.audit.services import record_access
from apcommission.tenancy.access import membership_required, rule_required
from apcommission.tenancy.forms import submitted
from panels import rules, selectors, services
from panels.forms import DecisionForm, MeetingForm, PutForm, SettingForm
from panels.models import PanelItem, PanelMeeting
from referrals.models import Referral, ReferralStatus
from referrals.refusals import not_now, referral_is
from referrals.selectors import referral_for


@require_GET
@rule_required(rules.can_view_panels)
def panel_list(request):
    today = timezone.localdate()
    membership = request.membership
    return render(
        request,
        "panels/panel_list.html",
        {
            "uses_panel": selectors.uses_panel(membership=membership),
            "upcoming": selectors.upcoming_meetings(membership=membership, today=today),
            "page": selectors.past_meetings(
                membership=membership, today=today, page_number=request.GET.get("page")
            ),
        },
    )


def _meeting_form_page(request, form, *, title: str, back_url: str):
    return render(
        request,
        "components/form_page.html",
        {"form": form, "title": title, "caption": "Panels", "back_url": back_url},
    )


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_run_panels)
def meeting_create(request):
    form = MeetingForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.arrange_meeting(by=request.membership, **form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{meeting} arranged.")
            return redirect("panels:meeting", pk=meeting.pk)
    return _meeting_form_page(request, form, title="Arrange a panel meeting", back_url=reverse("panels:list"))


def _meeting(request, pk) -> PanelMeeting:
    try:
        return selectors.meeting_with_items(pk, membership=request.membership)
    except PanelMeeting.DoesNotExist:
        raise Http404 from None


@require_GET
@membership_required
def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    if not rules.sees_meeting_details(request.membership, meeting):
        raise PermissionDenied  # a school sees its LA's meetings' dates when it puts a referral to one
    items = list(meeting.items.all())
    if items:
        record_access(
            request=request, action="panels.meeting", pupil_ids=[i.referral.pupil_id for i in items]
        )
    return render(
        request,
        "panels/meeting_detail.html",
        {
            "meeting": meeting,
            "meets_later": meeting.meets_on > timezone.localdate(),
            "items": [
                (
                    item,
                    rules.sees_pupil_in_full(request.membership, item.referral.pupil),
                    selectors.pupil_name(item.referral, membership=request.membership),
                )
                for item in items
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@membership_required
def meeting_edit(request, pk):
    meeting = _meeting(request, pk)
    if not rules.can_edit_meeting(request.membership, meeting):
        raise PermissionDenied
    form = MeetingForm(submitted(request), initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(meeting, by=request.membership, changes=form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Meeting saved.")
            return redirect("panels:meeting", pk=meeting.pk)
    return _meeting_form_page(
        request, form, title=f"Change the {meeting}", back_url=reverse("panels:meeting", args=[meeting.pk])
    )


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_run_panels)
def panel_setting(request):
    uses_panel = selectors.uses_panel(membership=request.membership)
    form = SettingForm(submitted(request), initial={"uses_panel": "yes" if uses_panel else "no"})
    if request.method == "POST" and form.is_valid():
        services.set_uses_panel(by=request.membership, uses_panel=form.cleaned_data["uses_panel"] == "yes")
        messages.success(request, "Your panel setting is saved.")
        return redirect("panels:list")
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": "Your panel for AP referrals",
            "caption": "Panels",
            "back_url": reverse("panels:list"),
        },
    )


def _referral(request, referral_id) -> Referral:
    """The referral as the acting membership reads it: with its pupil for a commissioner, without for a
    provider (which only ever meets a refusal here)."""
    try:
        return referral_for(referral_id, membership=request.membership)
    except Referral.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
@membership_required
def put_to_panel(request, referral_id):
    membership = request.membership
    referral = _referral(request, referral_id)
    if not rules.puts_referrals_of(membership, referral):
        raise PermissionDenied
    if referral.status != ReferralStatus.SENT:
        why = (
            f"{referral_is(referral)}: only a referral sent to providers, and not with a panel, is put to one"
        )
        return not_now(request, why, "referrals:detail", referral.pk)
    if not selectors.uses_panel(membership=membership, local_authority_id=referral.local_authority_id):
        why = "The LA does not put AP referrals to a panel: there is no panel to put it to"
        return not_now(request, why, "referrals:detail", referral.pk)
    today = timezone.localdate()
    meetings = selectors.meetings_to_choose(
        membership=membership,
        local_authority_id=referral.local_authority_id,
        today=today,
        referral_id=referral.pk,
    )
    form = PutForm(submitted(request), meetings=meetings)
    named = selectors.pupil_name(referral, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.put_to_panel(referral, by=membership, meeting=form.chosen())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Referral{f' for {named}' if named else ''} put to the {item.meeting}."
            )
            return redirect("referrals:detail", pk=referral.pk)
    record_access(request=request, action="panels.put", pupil_ids=[referral.pupil_id])
    return render(
        request,
        "panels/put_to_panel.html",
        {
            "form": form,
            "referral": referral,
            "pupil_name": named,
            "meetings": meetings,
            "title": "Put the referral to the panel",
        },
    )


def _not_to_decide(item: PanelItem) -> str:
    """Why the panel's decision on this referral cannot be recorded now, or "" when it can."""
    if item.is_decided:
        return "The panel's decision on this referral is already recorded"
    if rules.meets_later(item):
        return services.waits_for_meeting(item.meeting)
    if item.referral.status != ReferralStatus.AT_PANEL:
        return (
            f"{referral_is(item.referral)}, no longer with the panel, so the panel's decision is not recorded"
        )
    return ""


@require_http_methods(["GET", "POST"])
@membership_required
def record_decision(request, pk):
    membership = request.membership
    try:
        item = selectors.item_for_decision(pk, membership=membership)
    except PanelItem.DoesNotExist:
        raise Http404 from None
    if not rules.records_decisions(membership, item):
        raise PermissionDenied
    if refused := _not_to_decide(item):
        return not_now(request, refused, "panels:meeting", item.meeting_id)
    later = selectors.meetings_to_choose(
        membership=membership,
        local_authority_id=item.local_authority_id,
        today=timezone.localdate(),
        after=item.meeting.meets_on,
        referral_id=item.referral_id,
    )
    form = DecisionForm(submitted(request), later_meetings=later)
    named = selectors.pupil_name(item.referral, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_decision(item, by=membership, **form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Decision on {named or 'the referral'} recorded.")
            return redirect("panels:meeting", pk=item.meeting_id)
    record_access(request=request, action="panels.decision", pupil_ids=[item.referral.pupil_id])
    return render(
        request,
        "panels/decision_form.html",
        {
            "form": form,
            "item": item,
            "sees_in_full": rules.sees_pupil_in_full(membership, item.referral.pupil),
            "pupil_name": named,
            "title": "Record the panel's decision",
            "caption": f"{item.meeting}",
            "back_url": reverse("panels:meeting", args=[item.meeting_id]),
        },
    )
