"""The referral's pages: the lists, the referral itself (in full for its commissioners, the shared copy
for a provider asked), and the forms that move it. Thin: `referrals.rules` decides who, the scoped
managers what exists (404), the services make the changes."""

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
from pupils import rules as pupil_rules
from referrals import choosing, details, rules, selectors, services, visits
from referrals.forms import (
    AcceptForm,
    DetailsForm,
    EndForm,
    ListFilterForm,
    OutcomeForm,
    ReferralForm,
    RespondForm,
    SendForm,
    StartReferralForm,
    VisitForm,
)
from referrals.models import DetailSection, Recipient, Referral, ReferralStatus, Response, Shared, Visit
from referrals.refusals import not_now, referral_is
from referrals.workflow import REFERRAL_STATUS

S = ReferralStatus


def _referral(request, pk) -> Referral:
    try:
        return selectors.referral_for(pk, membership=request.membership)
    except Referral.DoesNotExist:
        raise Http404 from None


def _recipient(request, pk) -> Recipient:
    try:
        return Recipient.objects.visible_to(request.membership).select_related("provider").get(pk=pk)
    except Recipient.DoesNotExist:
        raise Http404 from None


def _endings(referral: Referral) -> set[str]:
    """How the referral may end from where it is: withdrawn, closed with no offer, or neither."""
    return {str(to) for to in REFERRAL_STATUS.targets(referral.status)} & {S.WITHDRAWN, S.CLOSED}


def _form_page(
    request, form, *, title: str, caption: str, back: str, template="components/form_page.html", **extra
):
    return render(
        request, template, {"form": form, "title": title, "caption": caption, "back_url": back, **extra}
    )


def _back(request, referral: Referral, why: str):
    """Back to the referral, saying why what was asked cannot be done while it is as it is: a refusal of
    its state, never of the person's role (`referrals.refusals`)."""
    return not_now(request, why, "referrals:detail", referral.pk)


def _as_it_stands(membership, referral: Referral) -> str:
    """The referral's state as the reader may be told it: a provider learns only that the school has
    decided, as its page says, not how."""
    if rules.is_provider(membership) and not rules.is_open(referral):
        return "The school has made its decision on this referral"
    return referral_is(referral)


@require_GET
@rule_required(rules.can_view_referrals)
def referral_list(request):
    membership = request.membership
    form = ListFilterForm(request.GET, provider=rules.is_provider(membership))
    number = request.GET.get("page")
    if rules.is_provider(membership):
        show = form.value("show", "waiting")
        page = selectors.answer_page(show, number, membership=membership)
        pupil_ids = [answer.referral.pupil_id for answer in page.object_list]
        status = ""
    else:
        show = form.value("show", "")
        status = form.value("status", "")
        page = selectors.referral_page(status, number, membership=membership, show=show)
        pupil_ids = [referral.pupil_id for referral in page.object_list]
    if pupil_ids:
        record_access(request=request, action="referral.list", pupil_ids=pupil_ids)
    return render(
        request,
        "referrals/referral_list.html",
        {
            "filter_form": form,
            "page": page,
            "show": show,
            "status": status,
            "statuses": S.choices,
            "is_provider": rules.is_provider(membership),
            "may_refer": rules.can_refer(membership),
        },
    )


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_refer)
def referral_start(request):
    membership = request.membership
    initial = {}
    chosen = (request.POST if request.method == "POST" else request.GET).get("pupil", "")
    chosen = chosen if chosen.isascii() and chosen.isdigit() and len(chosen) <= 18 else ""
    if request.method == "GET" and chosen:
        initial["pupil"] = chosen
    form = StartReferralForm(submitted(request), membership=membership, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.start_referral(form.cleaned_data["pupil"], by=membership, **form.changes())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Referral saved as a draft. Send it to providers when it is ready.")
            return redirect("referrals:detail", pk=referral.pk)
    return _form_page(
        request,
        form,
        title="Start a referral",
        caption="Referrals",
        back=reverse("referrals:list"),
        template="referrals/referral_start.html",
        # Warned, not refused: a second referral for the pupil may be deliberate.
        open_referrals=selectors.open_referrals_of(int(chosen), membership=membership) if chosen else [],
    )


@require_http_methods(["GET", "POST"])
@membership_required
def referral_edit(request, pk):
    referral = _referral(request, pk)
    if not rules.can_manage_referral(request.membership, referral):
        raise PermissionDenied
    if referral.status not in (S.DRAFT, S.SENT, S.AT_PANEL):
        return _back(request, referral, f"{referral_is(referral)}: it can no longer be changed")
    form = ReferralForm(submitted(request), referral=referral)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_referral(referral, by=request.membership, changes=form.changes())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            if changed:
                messages.success(request, "Referral saved.")
            else:
                messages.info(request, "Nothing was changed.")
            return redirect("referrals:detail", pk=referral.pk)
    record_access(request=request, action="referral.edit", pupil_ids=[referral.pupil_id])
    return _form_page(
        request,
        form,
        title="Change the referral",
        caption=f"Referral for {referral.pupil}",
        back=reverse("referrals:detail", args=[referral.pk]),
        template="referrals/referral_form.html",
        referral=referral,
        shares=[Shared(value).label for value in referral.shared_for_deciding],
    )


@require_http_methods(["GET", "POST"])
@membership_required
def referral_send(request, pk):
    referral = _referral(request, pk)
    if not rules.can_manage_referral(request.membership, referral):
        raise PermissionDenied
    if referral.status != S.DRAFT:
        return _back(request, referral, f"{referral_is(referral)}: only a draft is sent to providers")
    form = SendForm(submitted(request), choices=choosing.provider_choices(membership=request.membership))
    if request.method == "POST" and form.is_valid():
        try:
            services.send_referral(
                referral, by=request.membership, providers=form.chosen(), confirmed=form.confirmed_ids()
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            asked = len(form.cleaned_data["providers"])
            messages.success(request, f"Referral sent to {asked} provider{'s' if asked != 1 else ''}.")
            return redirect("referrals:detail", pk=referral.pk)
    record_access(request=request, action="referral.send", pupil_ids=[referral.pupil_id])
    return _form_page(
        request,
        form,
        title="Send the referral",
        caption=f"Referral for {referral.pupil}",
        back=reverse("referrals:detail", args=[referral.pk]),
        template="referrals/referral_send.html",
        referral=referral,
        notice_is_short=services.notice_is_short(referral),
        start_passed=services.start_has_passed(referral, timezone.localdate()),
        shares=[Shared(value).label for value in referral.shared_for_deciding],
        needs_consent=referral.reason != "off_site_direction" and not referral.parent_consents,
    )


@require_GET
@membership_required
def referral_detail(request, pk):
    membership = request.membership
    referral = _referral(request, pk)
    if rules.is_provider(membership):
        return _provider_view(request, referral)
    recipients = selectors.answers(referral, membership=membership)
    found_visits = selectors.visits(referral, membership=membership)
    chosen = next((r for r in recipients if r.response == Response.CHOSEN), None)
    arrangeable = {r.pk for r in recipients if rules.can_arrange_visit(membership, r, referral)}
    record_access(request=request, action="referral.view", pupil_ids=[referral.pupil_id])
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "recipients": recipients,
            "visits": found_visits,
            "timeline": selectors.timeline(referral, recipients, found_visits, membership=membership),
            "details": _sections(details.details_of(referral, membership=membership)),
            "shares": [Shared(value).label for value in referral.shared_for_deciding],
            "how_long": selectors.how_long(referral),
            "days_to_start": selectors.days_to_start(referral, chosen),
            "notice_is_short": services.notice_is_short(referral),
            "start_passed": referral.status == S.DRAFT
            and services.start_has_passed(referral, timezone.localdate()),
            "reads_pupil_record": pupil_rules.reads_pupil_records(membership),
            "may_end": rules.can_manage_referral(membership, referral) and bool(_endings(referral)),
            "arrangeable": arrangeable,
            "recordable": _recordable(found_visits, arrangeable),
        },
    )


def _recordable(found_visits: list[Visit], arrangeable: set[int]) -> set[int]:
    """The visits whose outcome may be recorded now: with a provider a visit may be arranged with, from
    the visit's day on."""
    today = timezone.localdate()
    return {
        visit.pk
        for visit in found_visits
        if visit.recipient_id in arrangeable and not visits.outcome_waits(visit, today)
    }


def _sections(kept: dict) -> list:
    """The detailed referral's sections written, in the form's order, as (label, section)."""
    return [(label, kept[value]) for value, label in DetailSection.choices if value in kept]


def _provider_view(request, referral):
    """What a provider asked reads: the shared copy, its own answer and visits, and, once chosen, the
    sections of the detailed referral the school shares. Released, only that the place is not needed."""
    membership = request.membership
    answer = selectors.own_answer(referral, membership=membership)
    if answer.response == Response.NOT_NEEDED:
        return render(request, "referrals/not_needed.html", {"referral": referral, "answer": answer})
    record_access(request=request, action="referral.view_shared", pupil_ids=[referral.pupil_id])
    shared = set(referral.shared_for_deciding)
    kept = details.details_of(referral, membership=membership)
    may_arrange = rules.can_arrange_visit(membership, answer, referral)
    arrangeable = {answer.pk} if may_arrange else set()
    found_visits = selectors.visits(referral, membership=membership)
    return render(
        request,
        "referrals/referral_shared.html",
        {
            "referral": referral,
            "answer": answer,
            "shared": {value: value in shared for value in Shared.values},
            "visits": found_visits,
            "details": [(label, kept[value]) for value, label in DetailSection.choices if value in kept],
            "may_respond": rules.can_respond(membership, answer) and referral.status in (S.SENT, S.AT_PANEL),
            "may_arrange": may_arrange,
            "arrangeable": arrangeable,
            "recordable": _recordable(found_visits, arrangeable),
        },
    )


@require_http_methods(["GET", "POST"])
@membership_required
def referral_respond(request, pk):
    membership = request.membership
    referral = _referral(request, pk)
    try:
        answer = selectors.own_answer(referral, membership=membership)
    except Recipient.DoesNotExist:
        raise Http404 from None  # a commissioner has no answer to give
    if not rules.can_respond(membership, answer):
        raise PermissionDenied
    if not rules.is_open(referral):
        return _back(
            request, referral, f"{_as_it_stands(membership, referral)}: your answer cannot change now"
        )
    form = RespondForm(submitted(request), recipient=answer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.respond(
                answer,
                by=membership,
                response=data["response"],
                offered_start=data["offered_start"],
                offered_hours=data["offered_hours"],
                reason=data["reason"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Your answer has been sent to {referral.school}.")
            return redirect("referrals:detail", pk=referral.pk)
    record_access(request=request, action="referral.respond", pupil_ids=[referral.pupil_id])
    return _form_page(
        request,
        form,
        title="Answer the referral",
        caption=f"Referral from {referral.school}",
        back=reverse("referrals:detail", args=[referral.pk]),
    )


@require_http_methods(["GET", "POST"])
@membership_required
def offer_accept(request, pk):
    membership = request.membership
    offer = _recipient(request, pk)
    referral = _referral(request, offer.referral_id)
    if not rules.can_manage_referral(membership, referral):
        raise PermissionDenied
    if not rules.is_open(referral):
        return _back(request, referral, f"{referral_is(referral)}: no offer can be accepted now")
    if offer.response != Response.CAN_OFFER:
        answered = offer.get_response_display().lower()
        why = (
            f"{offer.provider} has not offered a place (its answer: {answered}): there is no offer to accept"
        )
        return _back(request, referral, why)
    form = AcceptForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_offer(offer, by=membership)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                f"You accepted {offer.provider}'s offer. The other providers asked have been told their "
                "place is not needed. Write the detailed referral next.",
            )
            return redirect("referrals:detail", pk=referral.pk)
    record_access(request=request, action="referral.accept", pupil_ids=[referral.pupil_id])
    return _form_page(
        request,
        form,
        title=f"Accept {offer.provider}'s offer",
        caption=f"Referral for {referral.pupil}",
        back=reverse("referrals:detail", args=[referral.pk]),
        template="referrals/offer_accept.html",
        offer=offer,
    )


@require_http_methods(["GET", "POST"])
@membership_required
def referral_end(request, pk):
    membership = request.membership
    referral = _referral(request, pk)
    allowed = _endings(referral)
    if not rules.can_manage_referral(membership, referral):
        raise PermissionDenied
    if not allowed:
        return _back(request, referral, f"{referral_is(referral)}: it cannot be withdrawn or closed now")
    form = EndForm(submitted(request), can_withdraw_only=S.CLOSED not in allowed)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_referral(
                referral, by=membership, to=form.cleaned_data["to"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            done = "withdrawn" if form.cleaned_data["to"] == S.WITHDRAWN else "closed"
            messages.success(request, f"Referral {done}. Any provider still considering it has been told.")
            return redirect("referrals:detail", pk=referral.pk)
    return _form_page(
        request,
        form,
        title="Withdraw or close the referral",
        caption=f"Referral {referral.pk}",
        back=reverse("referrals:detail", args=[referral.pk]),
    )


def _no_visit_now(membership, recipient: Recipient, referral: Referral) -> str:
    """Why no visit can be arranged (or its outcome recorded) now, or "" when it can."""
    if not rules.is_open(referral):
        return f"{_as_it_stands(membership, referral)}: visits are arranged only while it is open"
    if not rules.in_the_running(recipient):
        return f"{recipient.provider} is no longer considering the pupil: no visit is arranged with it"
    return ""


@require_http_methods(["GET", "POST"])
@membership_required
def visit_create(request, pk):
    membership = request.membership
    recipient = _recipient(request, pk)
    referral = _referral(request, recipient.referral_id)
    if not rules.arranges_visits(membership, recipient, referral):
        raise PermissionDenied
    if why := _no_visit_now(membership, recipient, referral):
        return _back(request, referral, why)
    form = VisitForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            visits.schedule_visit(recipient, by=membership, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Visit to {recipient.provider} arranged.")
            return redirect("referrals:detail", pk=referral.pk)
    return _form_page(
        request,
        form,
        title=f"Arrange a visit or taster at {recipient.provider}",
        caption=f"Referral {referral.pk}",
        back=reverse("referrals:detail", args=[referral.pk]),
    )


@require_http_methods(["GET", "POST"])
@membership_required
def visit_outcome(request, pk):
    membership = request.membership
    try:
        visit = Visit.objects.visible_to(membership).select_related("recipient__provider").get(pk=pk)
    except Visit.DoesNotExist:
        raise Http404 from None
    referral = _referral(request, visit.recipient.referral_id)
    if not rules.arranges_visits(membership, visit.recipient, referral):
        raise PermissionDenied
    why = _no_visit_now(membership, visit.recipient, referral) or visits.outcome_waits(
        visit, timezone.localdate()
    )
    if why:
        return _back(request, referral, why)
    form = OutcomeForm(submitted(request), visit=visit)
    if request.method == "POST" and form.is_valid():
        try:
            visits.record_visit_outcome(visit, by=membership, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Outcome of the visit saved.")
            return redirect("referrals:detail", pk=referral.pk)
    return _form_page(
        request,
        form,
        title=f"How the {visit.get_kind_display().lower()} went",
        caption=f"{visit} at {visit.recipient.provider}",
        back=reverse("referrals:detail", args=[referral.pk]),
    )


@require_http_methods(["GET", "POST"])
@membership_required
def referral_details(request, pk):
    membership = request.membership
    referral = _referral(request, pk)
    if not rules.can_manage_referral(membership, referral):
        raise PermissionDenied
    if not rules.can_write_details(membership, referral):
        why = f"{referral_is(referral)}: the detailed referral is written once an offer is accepted"
        return _back(request, referral, why)
    form = DetailsForm(submitted(request), kept=details.details_of(referral, membership=membership))
    if request.method == "POST" and form.is_valid():
        changed = details.save_details(referral, by=membership, sections=form.sections())
        if changed:
            messages.success(request, "Detailed referral saved.")
        else:
            messages.info(request, "Nothing was changed.")
        return redirect("referrals:detail", pk=referral.pk)
    record_access(request=request, action="referral.details", pupil_ids=[referral.pupil_id])
    return _form_page(
        request,
        form,
        title="The detailed referral",
        caption=f"Referral for {referral.pupil}",
        back=reverse("referrals:detail", args=[referral.pk]),
        template="referrals/referral_details_form.html",
    )
