"""The pages of what is recorded during a placement (under /progress/): the provider records progress
against an objective and incidents, and corrects them; the school, its trust and its LA read the list of
incidents across their placements and each incident. Thin: `progress.rules` decides who, the scoped
managers what exists (404), the services make the changes. Every page that shows a pupil writes an access
event; a provider's pages name the pupil from the copy the school shared, never from the pupil's record."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from apcommission.audit.services import record_access
from apcommission.tenancy.access import membership_required, rule_required
from apcommission.tenancy.forms import show_refusal, submitted
from placements.models import Objective, Placement
from progress import rules, selectors, services
from progress.charts import with_unit
from progress.forms import IncidentFilterForm, IncidentForm, ProgressForm
from progress.models import Incident, ProgressEntry
from progress.services import Outcome


def _found(read, pk, membership):
    try:
        return read(pk, membership=membership)
    except (
        Objective.DoesNotExist,
        Placement.DoesNotExist,
        ProgressEntry.DoesNotExist,
        Incident.DoesNotExist,
    ):
        raise Http404 from None


def _pupil_words(placement: Placement) -> str:
    """The placement as its provider names it: the pupil's name if the school shared it."""
    name = (placement.provider_copy or {}).get("name")
    return f"Placement for {name}" if name else f"A pupil placed with you by {placement.school.name}"


def _placement_page(placement_id: int, anchor: str) -> str:
    return reverse("placements:detail", args=[placement_id]) + f"#{anchor}"


def _form_page(request, form, *, title, caption, back, template="components/form_page.html", **extra):
    return render(
        request, template, {"form": form, "title": title, "caption": caption, "back_url": back, **extra}
    )


# --- Progress -----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@membership_required
def record_progress(request, pk):
    membership = request.membership
    objective = _found(selectors.objective_for, pk, membership)
    placement = objective.placement
    if not rules.can_record(membership, placement):
        raise PermissionDenied
    form = ProgressForm(submitted(request), unit=objective.unit)
    if request.method == "POST" and form.is_valid():
        try:
            recorded = services.record_progress(objective, by=membership, **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _progress_message(recorded, objective))
            return redirect(_placement_page(placement.pk, f"objective-{objective.pk}"))
    record_access(request=request, action="progress.record", pupil_ids=[placement.pupil_id])
    return _form_page(
        request,
        form,
        title="Record progress",
        caption=_pupil_words(placement),
        back=_placement_page(placement.pk, f"objective-{objective.pk}"),
        template="progress/progress_form.html",
        objective=objective,
    )


def _progress_message(recorded: services.Recorded, objective: Objective) -> str:
    entry = recorded.entry
    day = f"{entry.on.day} {entry.on:%B %Y}"
    if recorded.outcome == Outcome.UNCHANGED:
        return f"Nothing was changed: {with_unit(entry.value, objective.unit)} is recorded for {day}."
    if recorded.outcome == Outcome.CORRECTED:
        return f"The value for {day} was corrected to {with_unit(entry.value, objective.unit)}."
    return "Progress recorded."


@require_http_methods(["GET", "POST"])
@membership_required
def correct_progress(request, pk):
    membership = request.membership
    entry = _found(selectors.entry_for, pk, membership)
    if not rules.can_correct(membership, entry):
        raise PermissionDenied
    form = ProgressForm(submitted(request), unit=entry.objective.unit, entry=entry)
    if request.method == "POST" and form.is_valid():
        try:
            corrected = services.correct_progress(entry, by=membership, **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            changed = corrected.outcome == Outcome.CORRECTED
            messages.success(request, "Progress corrected." if changed else "Nothing was changed.")
            return redirect(_placement_page(entry.placement_id, f"objective-{entry.objective_id}"))
    record_access(request=request, action="progress.correct", pupil_ids=[entry.placement.pupil_id])
    return _form_page(
        request,
        form,
        title="Correct progress",
        caption=_pupil_words(entry.placement),
        back=_placement_page(entry.placement_id, f"objective-{entry.objective_id}"),
        template="progress/progress_form.html",
        objective=entry.objective,
        correcting=True,
    )


# --- Incidents ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@membership_required
def record_incident(request, pk):
    membership = request.membership
    placement = _found(selectors.placement_for, pk, membership)
    if not rules.can_record(membership, placement):
        raise PermissionDenied
    form = IncidentForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.record_incident(placement, by=membership, **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                "Incident recorded. The school sees it at once."
                if incident.severity == "high"
                else "Incident recorded.",
            )
            return redirect(_placement_page(placement.pk, "incidents"))
    record_access(request=request, action="progress.incident_new", pupil_ids=[placement.pupil_id])
    return _form_page(
        request,
        form,
        title="Record an incident",
        caption=_pupil_words(placement),
        back=_placement_page(placement.pk, "incidents"),
    )


@require_GET
@membership_required
def incident_detail(request, pk):
    membership = request.membership
    incident = _found(selectors.incident_for, pk, membership)
    record_access(request=request, action="progress.incident", pupil_ids=[incident.placement.pupil_id])
    reads_pupil = rules.reads_pupil_record(membership)
    return render(
        request,
        "progress/incident_detail.html",
        {
            "incident": incident,
            "placement": incident.placement,
            "pupil_name": incident.placement.pupil.name if reads_pupil else None,
            "placement_words": _pupil_words(incident.placement),
            "may_change": rules.can_correct(membership, incident),
        },
    )


@require_http_methods(["GET", "POST"])
@membership_required
def change_incident(request, pk):
    membership = request.membership
    incident = _found(selectors.incident_for, pk, membership)
    if not rules.can_correct(membership, incident):
        raise PermissionDenied
    form = IncidentForm(submitted(request), incident=incident)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_incident(incident, by=membership, **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            changed = saved.updated_at != incident.updated_at
            messages.success(request, "Incident saved." if changed else "Nothing was changed.")
            return redirect("progress:incident", pk=incident.pk)
    record_access(request=request, action="progress.incident_change", pupil_ids=[incident.placement.pupil_id])
    return _form_page(
        request,
        form,
        title="Change the incident",
        caption=_pupil_words(incident.placement),
        back=reverse("progress:incident", args=[incident.pk]),
    )


@require_GET
@rule_required(rules.can_view_incidents)
def incidents(request):
    membership = request.membership
    form = IncidentFilterForm(request.GET, providers=selectors.incident_providers(membership=membership))
    page = selectors.incidents_page(form.filters(), request.GET.get("page"), membership=membership)
    if page.object_list:
        record_access(
            request=request, action="progress.incidents", pupil_ids=[row.pupil_id for row in page.object_list]
        )
    return render(
        request,
        "progress/incidents.html",
        {
            "form": form,
            "selects": form.selects(),
            "page": page,
            "filtered": form.in_use(),
            "many_schools": rules.sees_many_schools(membership),
        },
    )
