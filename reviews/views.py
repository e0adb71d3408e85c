"""The review pages (under /reviews/): the AP lead moves a review and holds one; whoever sees the
placement reads a held review (the provider without the commissioners' part); an LA's officers set the
area's review rules, which its viewers read; the AP lead records a parent's request for a review of an
off-site direction. The schedule itself is shown on the placement's page
(`{% placement_reviews placement %}`). Thin: `reviews.rules` decides who, the scoped managers what exists
(404), the services make the changes."""

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
from placements import selectors as placement_selectors
from placements.models import Placement, PlacementStatus
from reviews import holding, requests, rules, selectors, services, voices
from reviews.forms import HoldReviewForm, MoveReviewForm, ParentRequestForm, ReviewRulesForm
from reviews.models import Decision, Review, ReviewState
from reviews.schedule import OFF_SITE_REVIEW_WEEKS


def _schedule_of(placement_id: int) -> str:
    return reverse("placements:detail", args=[placement_id]) + "#reviews"


@require_http_methods(["GET", "POST"])
@membership_required
def move_review(request, pk):
    membership = request.membership
    review = _review_or_404(pk, membership)
    placement = review.placement
    if not rules.can_move_reviews(membership, placement):
        raise PermissionDenied
    back = _schedule_of(placement.pk)
    form = MoveReviewForm(submitted(request), review=review)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.move_review(review, by=membership, **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            if moved is None:
                messages.success(
                    request, f"Nothing changed: the review is due on {long_date(review.due_on)}."
                )
            else:
                messages.success(request, f"The review is now due on {long_date(moved.to_on)}.")
            return redirect(back)
    record_access(request=request, action="review.move", pupil_ids=[placement.pupil_id])
    return render(
        request,
        "reviews/move.html",
        {
            "form": form,
            "title": f"Move {_label(review)}",
            "caption": f"Placement for {placement.pupil.name}",
            "back_url": back,
            "review": review,
            "placement": placement,
            "last_move_on": services.last_move_on(review, placement),
        },
    )


@require_GET
@rule_required(rules.can_view_la_rules)
def la_rules(request):
    membership = request.membership
    return render(
        request,
        "reviews/la_rules.html",
        {"rhythm": selectors.la_rhythm(membership), "may_set": rules.can_set_la_rules(membership)},
    )


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_set_la_rules)
def la_rules_change(request):
    membership = request.membership
    current = selectors.la_rhythm(membership)
    initial = {"first_after_weeks": current.first_after_weeks, "every_weeks": current.every_weeks}
    form = ReviewRulesForm(submitted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_la_rules(by=membership, values=form.values())
        if form.values() == initial:
            messages.success(request, "Nothing changed: your review rules are as they were.")
        else:
            messages.success(
                request,
                "Your review rules are saved. The reviews not yet held of the placements that follow them "
                "are planned again.",
            )
        return redirect("reviews:la_rules")
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": "Change how often placements are reviewed",
            "caption": "Placements in your area",
            "back_url": reverse("reviews:la_rules"),
        },
    )


def _review_or_404(pk, membership) -> Review:
    try:
        return selectors.review_for(pk, membership=membership)
    except Review.DoesNotExist:
        raise Http404 from None


def _label(review: Review) -> str:
    return "the final review" if review.number == 0 else f"review {review.number}"


@require_http_methods(["GET", "POST"])
@membership_required
def hold_review(request, pk):
    membership = request.membership
    review = _review_or_404(pk, membership)
    placement = review.placement
    if not rules.can_hold_review(membership, placement):
        raise PermissionDenied
    if review.state != ReviewState.DUE:
        return redirect("reviews:detail", review.pk)
    objectives = holding.objectives_now(placement, membership=membership)
    form = HoldReviewForm(submitted(request), objectives=objectives)
    if request.method == "POST" and form.is_valid():
        try:
            held = holding.hold_review(review, by=membership, held=form.values(objectives))
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"The review held on {long_date(held.held_on)} is saved.")
            return redirect("reviews:detail", review.pk)
    record_access(request=request, action="review.hold", pupil_ids=[placement.pupil_id])
    last = holding.last_held_on(placement, membership=membership)
    return render(
        request,
        "reviews/hold.html",
        {
            "form": form,
            "title": f"Hold {_label(review)}",
            "caption": f"Placement for {placement.pupil.name}",
            "back_url": _schedule_of(placement.pk),
            "review": review,
            "placement": placement,
            "attendance": holding.attendance_since(
                placement, timezone.localdate(), membership=membership, last=last
            ),
            "voice_answers": voices.answers_for(review, membership=membership),
        },
    )


@require_GET
@membership_required
def review_detail(request, pk):
    membership = request.membership
    try:
        review = holding.held_review(pk, membership=membership)
    except Review.DoesNotExist:
        raise Http404 from None
    placement = review.placement
    commissioner = rules.reads_views(membership)
    views = holding.review_views(review, membership=membership) if commissioner else None
    judgements = holding.judgements(review, membership=membership)
    record_access(request=request, action="review.view", pupil_ids=[placement.pupil_id])
    return render(
        request,
        "reviews/detail.html",
        {
            "review": review,
            "placement": placement,
            "pupil_name": holding.pupil_name(placement, membership=membership),
            "views": views,
            "attended": holding.attended_words(review),
            "attendance_words": holding.stored_attendance(review, views).words,
            "judgements": judgements,
            "commissioner": commissioner,
            "voice_answers": voices.answers_for(review, membership=membership) if commissioner else [],
            "next_steps": rules.can_hold_review(membership, placement)
            and placement.status == PlacementStatus.ACTIVE,
            "Decision": Decision,
            "back_url": _schedule_of(placement.pk),
        },
    )


@require_http_methods(["GET", "POST"])
@membership_required
def parent_request(request, pk):
    """The school's AP lead records that the parent of a pupil directed off-site asked for a review."""
    membership = request.membership
    try:
        placement = placement_selectors.placement_for(pk, membership=membership)
    except Placement.DoesNotExist:
        raise Http404 from None
    if not rules.can_record_parent_request(membership, placement):
        raise PermissionDenied
    back = reverse("placements:detail", args=[placement.pk]) + "#parent-requests"
    form = ParentRequestForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            recorded = requests.record_request(placement, by=membership, **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            asked_on = long_date(form.values()["asked_on"])
            if recorded is None:
                messages.success(
                    request, f"Nothing changed: the parent's request of {asked_on} is already recorded."
                )
            else:
                messages.success(request, f"The parent's request of {asked_on} is recorded.")
            return redirect(back)
    record_access(request=request, action="review.parent_request", pupil_ids=[placement.pupil_id])
    return render(
        request,
        "reviews/parent_request.html",
        {
            "form": form,
            "title": "Record that the parent has asked for a review",
            "caption": f"Placement for {placement.pupil.name}",
            "back_url": back,
            "placement": placement,
            "weeks": OFF_SITE_REVIEW_WEEKS,
        },
    )
