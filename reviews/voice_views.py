"""The pages of the pupil's and the parent's voice (`reviews.voices` holds the rules).

For the AP lead, under /reviews/: a review's links and the answers given (`voices`), making a link
(shown once, on the reply to the post, as an API key is) and withdrawing one.

For whoever holds a link, under /voice/, with no sign-in: the questions, and a thank-you. Every link that
cannot be used gets the same page with the same status (404), and the page names nobody: not the pupil,
the school nor the provider. Requests are counted per address (`voices.within_rate`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apcommission.audit.services import record_access
from apcommission.tenancy.access import membership_required
from apcommission.tenancy.forms import show_refusal, submitted
from reviews import rules, selectors, voices
from reviews.forms import VoiceForm
from reviews.models import Review, Voice, VoiceLink

WHOSE = {Voice.PUPIL: "the pupil's views", Voice.PARENT: "the parent's or carer's views"}


def _review_for_views(pk, membership) -> Review:
    try:
        review = selectors.review_for(pk, membership=membership)
    except Review.DoesNotExist:
        raise Http404 from None
    if not rules.can_ask_views(membership, review.placement):
        raise PermissionDenied
    return review


def _label(review: Review) -> str:
    return "the final review" if review.number == 0 else f"review {review.number}"


@require_GET
@membership_required
def review_voices(request, pk):
    membership = request.membership
    review = _review_for_views(pk, membership)
    placement = review.placement
    record_access(request=request, action="review.voices", pupil_ids=[placement.pupil_id])
    return render(
        request,
        "reviews/voices.html",
        {
            "review": review,
            "placement": placement,
            "title": f"Views before {_label(review)}",
            "caption": f"Placement for {placement.pupil.name}",
            "back_url": reverse("placements:detail", args=[placement.pk]) + "#reviews",
            "links": voices.links_for(review, membership=membership),
            "answers": voices.answers_for(review, membership=membership),
            "may_make": review.state == "due",
            "Voice": Voice,
        },
    )


@require_POST
@membership_required
def make_voice_link(request, pk):
    membership = request.membership
    review = _review_for_views(pk, membership)
    voice = request.POST.get("voice", "")
    try:
        link, token = voices.make_link(review, by=membership, voice=voice)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reviews:voices", review.pk)
    # Shown on this reply only, never stored: a reload or the page after cannot show it again.
    return render(
        request,
        "reviews/voice_link_made.html",
        {
            "link": link,
            "url": request.build_absolute_uri(reverse("voice", args=[token])),
            "whose": WHOSE[link.voice],
            "review": review,
            "label": _label(review),
        },
    )


@require_POST
@membership_required
def withdraw_voice_link(request, pk):
    membership = request.membership
    link = VoiceLink.objects.visible_to(membership).filter(pk=pk).first()
    if link is None:
        raise Http404
    review = _review_for_views(link.review_id, membership)
    if voices.withdraw_link(link, by=membership):
        messages.success(request, f"The link for {WHOSE[link.voice]} is withdrawn: it no longer works.")
    else:
        messages.success(request, "Nothing changed: that link had already been used or withdrawn.")
    return redirect("reviews:voices", review.pk)


# --- The public pages -------------------------------------------------------------------------------------


def _cannot_be_used(request):
    return render(request, "reviews/voice_unusable.html", status=404)


@never_cache
@require_http_methods(["GET", "POST"])
def voice(request, token):
    """The questions, for whoever holds the link. No sign-in; nothing about whose placement it is."""
    if not voices.within_rate(request):
        return render(request, "reviews/voice_too_many.html", status=429)
    try:
        link = voices.find_link(token)
    except voices.LinkUnusable:
        return _cannot_be_used(request)
    form = VoiceForm(submitted(request), voice=link.voice)
    if request.method == "POST" and form.is_valid():
        try:
            voices.answer(token, answers=form.values())
        except voices.LinkUnusable:
            return _cannot_be_used(request)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect("voice_thanks")
    parent = link.voice == Voice.PARENT
    return render(
        request,
        "reviews/voice.html",
        {
            "form": form,
            "title": "Tell us how your child's placement is going"
            if parent
            else "Tell us how your placement is going",
            "parent": parent,
        },
    )


@never_cache
@require_GET
def voice_thanks(request):
    return render(request, "reviews/voice_thanks.html")
