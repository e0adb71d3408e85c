"""QA visits: recording a visit, reading it in full, following up its actions, and the QA areas an LA adds.
Thin: the rules module decides who, the scoped managers what exists (404), services make the changes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from apcommission.tenancy.access import membership_required, rule_required
from apcommission.tenancy.forms import submitted
from apcommission.vocabulary.views import rows as vocabulary_rows
from apcommission.vocabulary.views import vocabulary_page
from providers import rules, selectors
from providers.forms.actions import ActionForm
from providers.forms.quality import FollowUpForm, QAAreaForm, VisitForm
from providers.forms.replies import ReplyForm
from providers.models import QAAction, QAArea, QAVisit
from providers.selectors import quality as selectors_quality
from providers.services import quality as services
from providers.views.notes import note_page


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_record_visit)
def visit_create(request, pk):
    provider = get_object_or_404(selectors.providers(membership=request.membership), pk=pk)
    form = VisitForm(
        submitted(request),
        areas=selectors_quality.framework(membership=request.membership),
        visitor=request.membership.organisation,
    )
    if request.method == "POST" and not form.adding_action and form.is_valid():
        try:
            visit = services.record_visit(
                provider=provider,
                by=request.membership,
                visited_on=form.cleaned_data["visited_on"],
                kind=form.cleaned_data["kind"],
                summary=form.cleaned_data["summary"],
                judgements=form.judgements(),
                actions=form.actions(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Visit to {provider} on {visit.visited_on:%-d %B %Y} recorded.")
            return redirect("visit_detail", pk=visit.pk)
    return render(
        request,
        "providers/quality/visit_form.html",
        {
            "form": form,
            "provider": provider,
            "title": f"Record a QA visit to {provider}",
            "caption": "QA visits",
            "back_url": reverse("provider_detail", args=[provider.pk]),
        },
    )


@require_GET
@membership_required
def visit_detail(request, pk):
    try:
        visit = selectors_quality.visit_in_full(pk, membership=request.membership)
    except QAVisit.DoesNotExist:
        raise Http404 from None
    if not rules.can_view_visit_detail(request.membership, visit):
        raise PermissionDenied  # a school reads only the summary of its LA's visits, on the provider page
    return render(
        request,
        "providers/quality/visit_detail.html",
        {"visit": visit, "today": timezone.localdate()},
    )


def _action(request, pk) -> QAAction:
    try:
        return selectors_quality.action_with_visit(pk, membership=request.membership)
    except QAAction.DoesNotExist:
        raise Http404 from None


def _action_page(action, *, title: str, caption: str) -> dict:
    """What the follow-up and reply pages show beside their form."""
    return {"action": action, "title": title, "caption": caption, "today": timezone.localdate()}


@require_http_methods(["GET", "POST"])
@membership_required
def action_update(request, pk):
    action = _action(request, pk)
    return note_page(
        request,
        allowed=rules.can_follow_up_action(request.membership, action),
        form=FollowUpForm(submitted(request)),
        save=lambda data: services.follow_up_action(
            action=action, by=request.membership, note=data["note"], close=data["close"]
        ),
        done=lambda: "Action closed." if action.closed_at else "Follow-up note added.",
        then=reverse("visit_detail", args=[action.visit_id]),
        template="providers/quality/action_update.html",
        context=_action_page(
            action, title="Follow up an action", caption=f"QA visit to {action.visit.provider}"
        ),
    )


@require_http_methods(["GET", "POST"])
@membership_required
def action_reply(request, pk):
    action = _action(request, pk)  # a provider meets only the actions it must do: others are not found
    visitor = action.visit.visiting_organisation
    return note_page(
        request,
        allowed=rules.can_reply_to_action(request.membership, action),
        form=ReplyForm(submitted(request)),
        save=lambda data: services.reply_to_action(action=action, by=request.membership, note=data["note"]),
        done=lambda: f"Your reply has been sent to {visitor}.",
        then=reverse("visit_detail", args=[action.visit_id]),
        template="providers/quality/action_reply.html",
        context=_action_page(action, title="Reply to an action", caption=f"QA visit by {visitor}"),
    )


@require_http_methods(["GET", "POST"])
@membership_required
def action_create(request, pk):
    visit = get_object_or_404(
        QAVisit.objects.visible_to(request.membership).select_related("provider", "visiting_organisation"),
        pk=pk,
    )
    if not rules.can_add_action(request.membership, visit):
        raise PermissionDenied
    form = ActionForm(
        submitted(request), visit=visit, areas=selectors_quality.framework(membership=request.membership)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action(visit=visit, by=request.membership, **form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Action added to the visit.")
            return redirect("visit_detail", pk=visit.pk)
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": "Add an action",
            "caption": f"QA visit to {visit.provider} on {visit.visited_on:%-d %B %Y}",
            "back_url": reverse("visit_detail", args=[visit.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
@rule_required(rules.can_manage_la_settings)
def qa_areas(request):
    return vocabulary_page(
        request,
        QAArea,
        QAAreaForm,
        template="providers/quality/qa_areas.html",
        added="New visits ask about it.",
        retired="New visits no longer ask about it; past visits keep it.",
        context=lambda: {
            "rows": vocabulary_rows(
                selectors_quality.framework_for_settings(membership=request.membership), request.membership
            ),
            "title": "QA framework",
        },
    )
