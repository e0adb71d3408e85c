"""Marking an evidence check or a QA visit as entered in error: one page for both, asking for the reason.
Who may is `rules.can_correct_evidence` and `rules.can_correct_visit` (a record already marked: nobody)."""

from functools import partial

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from apcommission.tenancy.access import membership_required
from apcommission.tenancy.forms import submitted
from providers import rules
from providers.forms.corrections import EnteredInErrorForm
from providers.models import Evidence, QAVisit
from providers.services.corrections import mark_evidence_entered_in_error, mark_visit_entered_in_error
from providers.views.notes import note_page


def _correction_page(request, *, what: str, allowed: bool, mark, caption: str, then: str, done: str):
    """The page for a record (a "check" or a "visit", says `what`): `mark` takes `by` and `reason`."""
    return note_page(
        request,
        allowed=allowed,
        form=EnteredInErrorForm(submitted(request)),
        save=lambda data: mark(by=request.membership, reason=data["reason"]),
        done=lambda: done,
        then=then,
        template="providers/corrections/entered_in_error.html",
        context={"what": what, "title": f"Mark this {what} as entered in error", "caption": caption},
    )


@require_http_methods(["GET", "POST"])
@membership_required
def evidence_error(request, pk):
    evidence = get_object_or_404(
        Evidence.objects.visible_to(request.membership).select_related("provider", "evidence_type"), pk=pk
    )
    return _correction_page(
        request,
        what="check",
        allowed=rules.can_correct_evidence(request.membership, evidence),
        mark=partial(mark_evidence_entered_in_error, evidence=evidence),
        caption=f"{evidence.evidence_type}, checked {evidence.checked_on:%-d %B %Y}",
        then=reverse("evidence_list", args=[evidence.provider_id]),
        done=f"The {evidence.evidence_type} check has been marked as entered in error.",
    )


@require_http_methods(["GET", "POST"])
@membership_required
def visit_error(request, pk):
    visit = get_object_or_404(
        QAVisit.objects.visible_to(request.membership).select_related("provider", "visiting_organisation"),
        pk=pk,
    )
    return _correction_page(
        request,
        what="visit",
        allowed=rules.can_correct_visit(request.membership, visit),
        mark=partial(mark_visit_entered_in_error, visit=visit),
        caption=f"QA visit to {visit.provider} on {visit.visited_on:%-d %B %Y}",
        then=reverse("visit_detail", args=[visit.pk]),
        done="The visit has been marked as entered in error. It is kept, and no longer counts.",
    )
