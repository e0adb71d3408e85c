"""Changes to QA visits: recording a visit with its judgements and actions, and following actions up until
closed (the areas an LA adds to the framework are `apcommission.vocabulary`'s to add and retire). Every
function re-checks the rule and validates ids through `.visible_to(by)`, so an id from another tenant is
refused whatever a form let through, and whatever scope is active."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apcommission.forms.dates import long_date
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind
from providers import rules
from providers.models import ActionUpdate, AreaJudgement, Judgement, QAAction, QAArea, QAVisit, VisitKind

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


def due_before_visit(visited_on: datetime.date, number: int | None = None) -> str:
    """How an action due before its visit is refused, said one way wherever an action is given: on the
    visit form (`number` names the action), on the page adding one later, and here."""
    which = f"The due date of action {number}" if number else "The due date"
    return f"{which} must be the same as or after the date of the visit ({long_date(visited_on)})"


def _area_id(value) -> int:
    return value.pk if isinstance(value, QAArea) else int(value)


def record_visit(
    *,
    provider: Organisation,
    by: Membership,
    visited_on: datetime.date,
    kind: str,
    summary: str,
    judgements: Iterable[Mapping[str, Any]],
    actions: Iterable[Mapping[str, Any]] = (),
) -> QAVisit:
    """Record a QA visit made by `by`'s organisation, all or nothing.

    `judgements` holds one `{"area", "judgement", "findings"}` for every area of the framework in use for
    `by` (the standard areas and its LA's own); `actions` any number of `{"description", "owner",
    "due_on", "area", "owned_by_provider"}` (area optional; the provider must do an action unless it says
    not), each due on or after the visit.
    Areas are ids or QAArea objects. Any area outside the framework the acting membership sees, a provider
    it cannot see, a date in the future or a missing judgement refuses the whole visit: nothing is saved."""
    if not rules.can_record_visit(by):
        raise PermissionDenied("Only LA officers and school AP leads record QA visits")
    if (
        not Organisation.objects.visible_to(by)
        .filter(kind=OrganisationKind.PROVIDER, pk=provider.pk)
        .exists()
    ):
        raise PermissionDenied("That provider is not one you can see")
    errors = []
    if visited_on > timezone.localdate():
        errors.append("The date of the visit must be today or in the past")
    if kind not in VisitKind.values:
        errors.append("Choose the kind of visit")
    if not summary.strip():
        errors.append("Enter a summary of the visit")
    framework = {area.pk: area for area in QAArea.objects.visible_to(by).in_use()}
    judged = {}
    for item in judgements:
        area_id = _area_id(item["area"])
        if area_id not in framework or area_id in judged:
            raise ValidationError("A judgement is for an area that is not in your QA framework")
        if item["judgement"] not in Judgement.values:
            errors.append(f"Choose a judgement for {framework[area_id]}")
        judged[area_id] = item
    errors += [f"Choose a judgement for {area}" for pk, area in framework.items() if pk not in judged]
    actions = list(actions)
    for number, action in enumerate(actions, start=1):
        if action.get("area") and _area_id(action["area"]) not in framework:
            raise ValidationError("An action is for an area that is not in your QA framework")
        if not all(str(action.get(key) or "").strip() for key in ("description", "owner", "due_on")):
            errors.append(f"Action {number} needs a description, an owner and a due date")
        elif action["due_on"] < visited_on:
            errors.append(due_before_visit(visited_on, number))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        visit = QAVisit.objects.create(
            provider=provider,
            visiting_organisation=by.organisation,
            visited_by=by.user,
            visited_on=visited_on,
            kind=kind,
            summary=summary.strip(),
        )
        AreaJudgement.objects.bulk_create(
            AreaJudgement(
                visit=visit,
                area=framework[area_id],
                judgement=item["judgement"],
                findings=(item.get("findings") or "").strip(),
            )
            for area_id, item in judged.items()
        )
        QAAction.objects.bulk_create(
            QAAction(
                visit=visit,
                area=framework[_area_id(action["area"])] if action.get("area") else None,
                description=action["description"].strip(),
                owner=action["owner"].strip(),
                due_on=action["due_on"],
                owned_by_provider=action.get("owned_by_provider", True),
            )
            for action in actions
        )
    return visit


def _open_action_locked(action: QAAction, *, by, closed: str) -> QAAction:
    """`action`, locked until the transaction ends, so that two people cannot both add the update that
    closes it, nor one add to it while another closes it. Refused once closed: `closed` says what a
    closed action does not take."""
    current = QAAction.objects.visible_to(by).select_for_update(of=("self",)).get(pk=action.pk)
    if current.closed_at is not None:
        closed_on = f"{timezone.localtime(current.closed_at):%-d %B %Y}"
        raise ValidationError(f"This action was closed on {closed_on}. {closed}")
    return current


def follow_up_action(*, action: QAAction, by: Membership, note: str, close: bool = False) -> ActionUpdate:
    """Add a follow-up note to an open action, closing it when `close` is set (closed_at, closed_by and an
    update that says it closes). Updates are append-only; a closed action, or one of a visit entered in
    error, takes no more."""
    if not rules.can_follow_up_action(by, action):
        raise PermissionDenied("Only the organisation that made the visit follows up its actions")
    if not note.strip():
        raise ValidationError({"note": "Enter a note about what has happened"})
    with transaction.atomic():
        current = _open_action_locked(action, by=by, closed="A closed action cannot be followed up.")
        update = ActionUpdate.objects.create(
            action=current, note=note.strip(), closes=close, recorded_by=by.user
        )
        if close:
            current.closed_at = update.recorded_at
            current.closed_by = by.user
            current.save(update_fields=["closed_at", "closed_by"])
    action.closed_at, action.closed_by = current.closed_at, current.closed_by
    return update


def reply_to_action(*, action: QAAction, by: Membership, note: str) -> ActionUpdate:
    """The provider's reply to an action it must do, recorded with who and when. Guarantees: only the
    provider's people, on an action it owns, of a visit that counts; a note; an open action (a reply never
    closes it: the organisation that made the visit does, when it has checked)."""
    if not rules.can_reply_to_action(by, action):
        raise PermissionDenied("Only the provider replies to the actions it must do")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Enter your reply"})
    with transaction.atomic():
        current = _open_action_locked(action, by=by, closed="A closed action takes no more replies.")
        return ActionUpdate.objects.create(action=current, note=note, by_provider=True, recorded_by=by.user)


def add_action(
    *,
    visit: QAVisit,
    by: Membership,
    description: str,
    owner: str,
    due_on: datetime.date,
    area: QAArea | int | str | None = None,
    owned_by_provider: bool = True,
) -> QAAction:
    """Add an action to a visit after it was recorded. Guarantees: only the visiting organisation's
    officers or AP leads, on a visit that counts; an area (if any) from the framework they see; a
    description and an owner; due on or after the date of the visit."""
    if not rules.can_add_action(by, visit):
        raise PermissionDenied("Only the organisation that made the visit adds actions to it")
    if area and not QAArea.objects.visible_to(by).in_use().filter(pk=_area_id(area)).exists():
        raise ValidationError({"area": "Choose an area from your QA framework"})
    errors = {}
    if not (description or "").strip():
        errors["description"] = "Enter what needs to change"
    if not (owner or "").strip():
        errors["owner"] = "Enter who will do it"
    if due_on < visit.visited_on:
        errors["due_on"] = due_before_visit(visit.visited_on)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return QAAction.objects.create(
            visit=visit,
            area_id=_area_id(area) if area else None,
            description=description.strip(),
            owner=owner.strip(),
            due_on=due_on,
            owned_by_provider=owned_by_provider,
        )
