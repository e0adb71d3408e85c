"""The demo's provider records, made through the providers' services by the demo's people.

Each function is one thing a person does in the service, done as a request would do it: inside
`acting_as(by)`, with `by=` the same membership, so the services' rules, validation and history apply to
the demo exactly as to real use. Whoever calls them makes each record once (`recorded` says what is
there already), so that loading the demo again changes nothing. The demo world and the generated providers
both use these.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.db.models import Model

from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.scoping import acting_as
from providers.models import (
    ActionUpdate,
    ApprovalCategory,
    ApprovalStatus,
    ApprovedListEntry,
    Evidence,
    EvidenceType,
    Judgement,
    Outcome,
    QAAction,
    QAArea,
    QAVisit,
    VisitKind,
)
from providers.services import approval, corrections, evidence, profile, quality

# (from status, to status, reason): the first has no "from" and puts the provider on the list.
History = Sequence[tuple[str, str, str]]
# (description, owner, due date[, the provider's to do: True unless False])
Action = tuple


def add_provider(
    identity: dict, fields: dict, sites: Iterable[tuple[str, str, str, str]], *, by
) -> Organisation:
    """A provider with its profile (`fields`), added by `by`'s organisation, and its sites: (name, first
    line, town, postcode). Call only for a provider that does not exist yet."""
    with acting_as(by):
        provider = profile.add_provider(by=by, identity=identity, profile=fields)
        for name, line_1, town, postcode in sites:
            values = {"name": name, "address_line_1": line_1, "town": town, "postcode": postcode}
            profile.add_site(provider=provider, by=by, values=values)
    return provider


def recorded(model: type[Model], *fields: str, by: Membership, **mine) -> set:
    """The `fields` of every `model` row `by` sees and that `mine` picks out, as a set: what is there
    already (one value each for one field, tuples for several)."""
    with acting_as(by):
        rows = model.objects.visible_to(by).filter(**mine).values_list(*fields, flat=len(fields) == 1)
        return set(rows)


def add_check(provider, evidence_type: EvidenceType, *, expires_on: datetime.date, by, today) -> Evidence:
    """A satisfactory check for `by`'s LA, dated one validity period before it expires (or today)."""
    with acting_as(by):
        validity = datetime.timedelta(days=evidence_type.default_validity_days)
        return evidence.record_evidence(
            provider=provider,
            by=by,
            evidence_type=evidence_type,
            checked_on=min(today, expires_on - validity),
            expires_on=expires_on,
            outcome=Outcome.SATISFACTORY,
            today=today,
        )


def add_entry(
    provider,
    *,
    history: History,
    by,
    on: datetime.date,
    conditions: str = "",
    placing_conditions: str = "",
    **terms,
) -> ApprovedListEntry:
    """`by`'s LA's entry for `provider`, put on the list with the first status of `history` and moved
    through the rest, each move on the day `on`; `terms` are the categories, price, price unit and next
    review. Conditions go with the move to approved with conditions, as on the status page."""
    (_, first, reason), *moves = history
    with acting_as(by):
        held = {"conditions": conditions, "placing_conditions": placing_conditions}
        entry = approval.add_to_list(
            provider=provider, by=by, reason=reason, status=first, today=on, **_given(held, first), **terms
        )
        for _, to_status, reason in moves:
            approval.change_status(
                entry=entry, to_status=to_status, reason=reason, by=by, today=on, **_given(held, to_status)
            )
    return entry


def add_visit(
    provider, *, visited_on: datetime.date, by, summary: str, judgements: dict, actions: Iterable[Action]
) -> QAVisit:
    """A visit by `by`'s organisation judging every area of its framework (those not in `judgements`,
    keyed by area name prefix, as not looked at, as the visit form requires), with its actions."""
    with acting_as(by):
        framework = list(QAArea.objects.visible_to(by).in_use())
        given = {named(prefix, framework): Judgement(value) for prefix, value in judgements.items()}
        return quality.record_visit(
            provider=provider,
            by=by,
            visited_on=visited_on,
            kind=VisitKind.ANNOUNCED,
            summary=summary,
            judgements=[
                {"area": area, "judgement": judgement, "findings": _findings(judgement)}
                for area in framework
                for judgement in [given.get(area, Judgement.NOT_SEEN)]
            ],
            actions=[
                {"description": text, "owner": owner, "due_on": due_on, "owned_by_provider": all(mine)}
                for text, owner, due_on, *mine in actions
            ],
        )


def add_reply(provider, visitor, starts: str, *, by, note: str) -> None:
    """The provider's reply to the action of `visitor`'s visit that starts with `starts`, once."""
    with acting_as(by):
        action = QAAction.objects.visible_to(by).get(
            visit__provider=provider, visit__visiting_organisation=visitor, description__startswith=starts
        )
        if not ActionUpdate.objects.visible_to(by).filter(action=action, by_provider=True).exists():
            quality.reply_to_action(action=action, by=by, note=note)


def mark_check_in_error(provider, evidence_type: EvidenceType, *, by, reason: str, today) -> None:
    """Mark `by`'s LA's check of this type of the provider's evidence as entered in error, once; a check
    is recorded first if there is none (the demo shows one recorded for the wrong provider)."""
    with acting_as(by):
        check = (
            Evidence.objects.visible_to(by)
            .filter(provider=provider, evidence_type=evidence_type, checked_for=by.organisation_id)
            .first()
        )
    if check is None:
        expires_on = today + datetime.timedelta(days=300)
        check = add_check(provider, evidence_type, expires_on=expires_on, by=by, today=today)
    with acting_as(by):
        if not check.is_entered_in_error:
            corrections.mark_evidence_entered_in_error(evidence=check, by=by, reason=reason)


def mark_visit_in_error(provider, *, by, reason: str) -> None:
    """Mark `by`'s organisation's visit to the provider as entered in error, once."""
    with acting_as(by):
        visit = QAVisit.objects.visible_to(by).get(
            provider=provider, visiting_organisation=by.organisation_id
        )
        if not visit.is_entered_in_error:
            corrections.mark_visit_entered_in_error(visit=visit, by=by, reason=reason)


def standard(model: type[EvidenceType | ApprovalCategory | QAArea], *, by: Membership) -> list:
    """The standard evidence types, approval categories or QA areas, as `by` sees them."""
    with acting_as(by):
        return list(model.objects.visible_to(by).filter(local_authority=None).order_by("pk"))


def _given(conditions: dict, status: str) -> dict:
    """Conditions are given with the status they belong to, and only with it (as the service requires)."""
    return conditions if status == ApprovalStatus.APPROVED_WITH_CONDITIONS else {}


def named(prefix: str, items):
    """The first of `items` whose name begins with `prefix`: the demo names types and areas this way."""
    return next(item for item in items if item.name.startswith(prefix))


def _findings(judgement: Judgement) -> str:
    return "" if judgement in (Judgement.MEETS, Judgement.NOT_SEEN) else "See the actions below."
