"""Making and changing placement plans: the plan (from an accepted referral, or directly for an
arrangement brought onto the service), its objectives, its part-time plan, and its moves (start, end,
cancel). The pages call these, and the API will.

Every function checks its rule (`placements.rules`) first, reads and locks through the acting
membership's view, validates with plain-English messages keyed by field, and writes in one transaction.
Status moves go through `placements.workflow.PLACEMENT_STATUS`, which writes the status history. A
planned placement is changed freely; once active, each change needs a reason and is recorded as one
`PlanChange` per kind of change, with what changed in words. What is unchanged is not written, so saving
a form as it stands changes nothing and adds no history."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apcommission.changes import assign_changes
from apcommission.forms.dates import long_date, years_on
from apcommission.numbers import hours_text
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind
from placements import checks, rules, selectors, signals
from placements.models import (
    AttendanceCode,
    BlockPurchase,
    ChangeKind,
    CostUnit,
    EndPoint,
    Funder,
    Objective,
    ObjectiveArea,
    PartTimePlan,
    PartTimeStep,
    Placement,
    PlacementReason,
    PlacementStatus,
    PlanChange,
    Session,
    Shared,
    shared_by_default,
)
from placements.sharing import provider_copy
from placements.week import pupil_week
from placements.workflow import PLACEMENT_STATUS
from providers.models import ProviderProfile, ProviderType, Site
from pupils.models import Pupil
from referrals.models import Recipient, Referral, ReferralReason, ReferralStatus
from referrals.services import off_site_notice_short

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

S = PlacementStatus

# What the AP lead sets on a plan. The keys (school, LA, commissioner) follow from the pupil.
PLAN_FIELDS = (
    "provider",
    "site",
    "starts_on",
    "planned_end_on",
    "sessions",
    "hours_per_week",
    "school_hours_per_week",
    "attendance_code",
    "reason",
    "cost",
    "cost_unit",
    "funder",
    "block_purchase",
    "transport",
    "school_contact",
    "provider_contact",
    "shared",
    "parent_told_on",
    "review_arrangements",
    "off_site_notice_on",
    "intended_end_point",
)
# Given as rows (or None), stored as ids.
RELATED = ("provider", "site", "block_purchase")
OBJECTIVE_FIELDS = (
    "area",
    "description",
    "measure",
    "unit",
    "baseline_value",
    "baseline_on",
    "target_value",
    "target_on",
)

LEAST_HOURS, MOST_HOURS = Decimal("0.5"), Decimal("60")
MOST_SCHOOL_HOURS = Decimal("40")
# Dual registration (code D) is at another school: a PRU, an AP academy or free school, or a registered
# independent school. Any other provider is education off-site (B) arranged by the school.
DUAL_REGISTRATION_TYPES = (ProviderType.PRU, ProviderType.AP_ACADEMY, ProviderType.INDEPENDENT_SCHOOL)

# The referral's reason as the census's reason for a placement.
REASON_FROM_REFERRAL = {
    ReferralReason.AT_RISK: PlacementReason.AT_RISK,
    ReferralReason.EXCLUDED: PlacementReason.PERMANENT_EXCLUSION,
    ReferralReason.SUSPENDED: PlacementReason.SUSPENSION,
    ReferralReason.MEDICAL: PlacementReason.MEDICAL,
    ReferralReason.SEMH: PlacementReason.SEMH,
    ReferralReason.ATTENDANCE: PlacementReason.ATTENDANCE,
    ReferralReason.OFF_SITE_DIRECTION: PlacementReason.OFF_SITE_DIRECTION,
    ReferralReason.OTHER: PlacementReason.OTHER,
}


# --- Words ------------------------------------------------------------------------------------------


def hours_words(value: Decimal | None) -> str:
    """15.0 as "15", 17.5 as "17.5"; "none" for no hours."""
    return "none" if value is None else hours_text(value)


def _date_words(value: datetime.date | None) -> str:
    return long_date(value) if value else "none"


def _sessions_words(sessions: Iterable[str]) -> str:
    chosen = set(sessions)
    return _list_words([Session(value).label for value in Session.values if value in chosen])


def notice_is_short(placement: Placement) -> bool:
    """An off-site direction planned with too little written notice before its start."""
    if placement.reason != PlacementReason.OFF_SITE_DIRECTION:
        return False
    return off_site_notice_short(placement.off_site_notice_on, placement.starts_on)


# --- Checking a plan --------------------------------------------------------------------------------


def _plan_errors(row: Placement, *, by: Membership, changed: set[str] | None) -> dict[str, str]:
    """What is wrong with the plan `row` would save, by field. `changed` is the fields a change sets (None
    for a new plan): the start's bound applies to a start being set, not to one long since passed."""

    def setting(*names: str) -> bool:
        return changed is None or bool(changed.intersection(names))

    errors: dict[str, str] = {}
    a_year_ago = years_on(timezone.localdate(), -1)
    if row.starts_on is None:
        errors["starts_on"] = "Enter the start date"
    elif setting("starts_on") and row.starts_on < a_year_ago:
        errors["starts_on"] = f"The start date must be the same as or after {long_date(a_year_ago)}"
    if row.planned_end_on is None:
        errors["planned_end_on"] = "Enter the planned end date"
    elif row.starts_on and row.planned_end_on < row.starts_on:
        errors["planned_end_on"] = "The planned end date must be the same as or after the start date"
    if row.hours_per_week is None:
        errors["hours_per_week"] = "Enter the hours a week at the provision"
    elif not LEAST_HOURS <= row.hours_per_week <= MOST_HOURS:
        errors["hours_per_week"] = "Hours a week must be between 0.5 and 60"
    if row.school_hours_per_week is None or not 0 <= row.school_hours_per_week <= MOST_SCHOOL_HOURS:
        errors["school_hours_per_week"] = "Hours a week at the school alongside must be between 0 and 40"
    if not row.sessions:
        errors["sessions"] = "Choose the sessions the pupil is at the provision"
    elif not set(row.sessions) <= set(Session.values) or len(set(row.sessions)) != len(row.sessions):
        errors["sessions"] = "Choose sessions from the list"
    if "hours_per_week" not in errors and "sessions" not in errors and setting("hours_per_week", "sessions"):
        too_many = checks.hours_for_sessions_error(row.hours_per_week, len(row.sessions))
        if too_many:
            errors["hours_per_week"] = too_many
    if row.reason not in PlacementReason.values:
        errors["reason"] = "Choose the reason for the placement"
    elif row.reason == PlacementReason.OFF_SITE_DIRECTION and row.off_site_notice_on is None:
        errors["off_site_notice_on"] = "Enter the date written notice of the off-site direction was given"
    elif (
        setting("off_site_notice_on", "starts_on")
        and row.off_site_notice_on is not None
        and row.starts_on is not None
        and row.off_site_notice_on > row.starts_on
    ):
        errors["off_site_notice_on"] = (
            "The date notice was given must be the same as or before the start date"
        )
    for name, choices, message in (
        ("cost_unit", CostUnit.values, "Choose whether the cost is per day, week or session"),
        ("funder", Funder.values, "Choose who pays from the list"),
        ("intended_end_point", EndPoint.values, "Choose the intended end point from the list"),
    ):
        if getattr(row, name) and getattr(row, name) not in choices:
            errors[name] = message
    if row.cost is not None and row.cost < 0:
        errors["cost"] = "The cost must be 0 or more"
    elif row.cost is not None and not row.cost_unit:
        errors["cost_unit"] = "Choose whether the cost is per day, week or session"
    elif row.cost is None and row.cost_unit:
        errors["cost"] = "Enter the cost, or leave what it is per blank"
    if not set(row.shared) <= set(Shared.values):
        errors["shared"] = "Choose what the provider reads from the list"
    errors.update(_provider_errors(row, by=by))
    return errors


def _provider_errors(row: Placement, *, by: Membership) -> dict[str, str]:
    """The provider, its site, the block purchase and the attendance code, which depend on each other."""
    errors: dict[str, str] = {}
    provider = (
        Organisation.objects.visible_to(by)
        .filter(pk=row.provider_id, kind=OrganisationKind.PROVIDER)
        .only("pk", "name")
        .first()
    )
    if provider is None:
        return {"provider": "Choose a provider from the directory"}
    if row.site_id is not None:
        site = Site.objects.visible_to(by).filter(pk=row.site_id, provider_id=provider.pk).first()
        if site is None:
            errors["site"] = f"Choose a site of {provider.name}"
        elif site.closed_on is not None and row.starts_on and site.closed_on <= row.starts_on:
            errors["site"] = f"{site.name} closed on {long_date(site.closed_on)}: choose another site"
    if row.block_purchase_id is not None:
        bought = BlockPurchase.objects.visible_to(by).filter(
            pk=row.block_purchase_id, school_id=row.school_id, provider_id=provider.pk
        )
        if not bought.exists():
            errors["block_purchase"] = f"Choose a block purchase your school made from {provider.name}"
    if row.attendance_code not in AttendanceCode.values:
        errors["attendance_code"] = "Choose the attendance code the school records"
    elif row.attendance_code == AttendanceCode.D:
        kind = (
            ProviderProfile.objects.visible_to(by)
            .filter(provider_id=provider.pk)
            .values_list("provider_type", flat=True)
        )
        if kind.first() not in DUAL_REGISTRATION_TYPES:
            errors["attendance_code"] = (
                f"D is for a pupil dual registered at another school: {provider.name} is not a school, "
                "PRU or AP academy"
            )
    elif row.attendance_code == AttendanceCode.K and _school_commissions(row):
        errors["attendance_code"] = (
            "K is for provision the local authority arranges: a school records B, or D for dual registration"
        )
    return errors


def _school_commissions(row: Placement) -> bool:
    # The commissioner is the pupil's school today; an LA commissioning directly (K) comes later.
    return row.commissioner_id is None or row.commissioner_id == row.school_id


def _clean(row: Placement) -> None:
    """What no message of ours covers (an over-long text from the API) is still refused, never cut short."""
    row.full_clean(
        exclude=["pupil", "created_by", *RELATED], validate_unique=False, validate_constraints=False
    )


def _as_stored(values: dict) -> dict:
    """The plan's values as the row holds them: related rows as their ids."""
    stored = {}
    for name, value in values.items():
        if name in RELATED:
            stored[f"{name}_id"] = value.pk if value is not None else None
        else:
            stored[name] = value
    if "shared" in stored:  # in the choices' order, so that the same choice in another order is no change
        chosen = set(stored["shared"] or [])
        stored["shared"] = [value for value in Shared.values if value in chosen] + sorted(
            chosen - set(Shared.values)
        )
    if "sessions" in stored:
        chosen = list(stored["sessions"] or [])
        stored["sessions"] = [value for value in Session.values if value in chosen] + [
            value for value in chosen if value not in Session.values
        ]
    return stored


def _unknown(values: dict, allowed: Iterable[str], what: str) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"Not fields of {what}: {', '.join(sorted(unknown))}")


# --- Making a plan ----------------------------------------------------------------------------------


def defaults_from_referral(referral: Referral, offer: Recipient) -> dict:
    """What a plan made from an accepted referral starts from: the chosen provider, its offered start
    and hours, the referral's reason as the census's, and when the parent was told (and given notice of
    an off-site direction)."""
    return {
        "provider": offer.provider,
        "starts_on": offer.offered_start,
        "hours_per_week": offer.offered_hours,
        "reason": REASON_FROM_REFERRAL.get(referral.reason, PlacementReason.OTHER),
        "parent_told_on": referral.parent_informed_on,
        "off_site_notice_on": referral.parent_notice_on,
    }


def _make(pupil: Pupil, *, by: Membership, referral: Referral | None, values: dict) -> Placement:
    values = {"attendance_code": AttendanceCode.B, "shared": shared_by_default(), **values}
    stored = _as_stored(values)
    placement = Placement(
        pupil=pupil,
        school_id=pupil.school_id,
        local_authority_id=pupil.local_authority_id,
        commissioner_id=pupil.school_id,
        referral=referral,
        status=S.PLANNED,
        created_by=by.user,
        **stored,
    )
    _refuse(_plan_errors(placement, by=by, changed=None))
    _clean(placement)
    placement.provider_copy = provider_copy(pupil, placement.shared, starts_on=placement.starts_on)
    placement.save()
    PLACEMENT_STATUS.record(placement, by=by, reason="")
    # The LA of the school's area knows a placed pupil (and keeps knowing them).
    Pupil.objects.visible_to(by).filter(pk=pupil.pk, known_to_local_authority_since__isnull=True).update(
        known_to_local_authority_since=timezone.now()
    )
    return placement


@transaction.atomic
def plan_from_referral(referral: Referral, *, by: Membership, **values: object) -> Placement:
    """A planned placement made from an accepted referral with a chosen provider, not planned before. It
    starts from `defaults_from_referral`; `values` (any of `PLAN_FIELDS` but the provider, which is the
    one whose offer was accepted) change or add to that."""
    _unknown(values, PLAN_FIELDS, "a placement plan")
    locked = Referral.objects.visible_to(by).select_for_update().get(pk=referral.pk)
    if not rules.can_plan_from_referral(by, locked):
        if rules.can_manage_placement(by, locked):
            raise ValidationError("Only an accepted referral becomes a placement plan")
        raise PermissionDenied("Only the school's AP lead makes its placement plans")
    offer = selectors.chosen_offer(locked, membership=by)
    if offer is None or locked.status != ReferralStatus.ACCEPTED:
        raise ValidationError("Only a referral with an accepted offer becomes a placement plan")
    if Placement.objects.visible_to(by).filter(referral_id=locked.pk).exists():
        raise ValidationError("A placement plan has already been made from this referral")
    if "provider" in values and getattr(values["provider"], "pk", None) != offer.provider_id:
        raise ValidationError(
            {"provider": f"The placement is with {offer.provider}, whose offer you accepted"}
        )
    pupil = Pupil.objects.visible_to(by).get(pk=locked.pupil_id)
    defaults = {
        name: value for name, value in defaults_from_referral(locked, offer).items() if value is not None
    }
    return _make(pupil, by=by, referral=locked, values={**defaults, **values})


@transaction.atomic
def plan_placement(pupil: Pupil, *, by: Membership, **values: object) -> Placement:
    """A planned placement made directly, for an arrangement brought onto the service without a referral.
    `values` are `PLAN_FIELDS`."""
    if not rules.can_plan(by):
        raise PermissionDenied("Only the school's AP lead makes its placement plans")
    _unknown(values, PLAN_FIELDS, "a placement plan")
    pupil = Pupil.objects.visible_to(by).get(pk=pupil.pk, school_id=by.organisation_id)
    return _make(pupil, by=by, referral=None, values=values)


# --- Changing a plan --------------------------------------------------------------------------------

# How each field's change is put into words, and which kind of change it is once the placement is active.
FIELD_KINDS = {
    "planned_end_on": ChangeKind.EXTENDED,  # or OTHER when brought forward: see _kinds
    "hours_per_week": ChangeKind.HOURS,
    "school_hours_per_week": ChangeKind.HOURS,
    "sessions": ChangeKind.TIMETABLE,
    "provider_id": ChangeKind.PROVIDER,
    "site_id": ChangeKind.PROVIDER,
}


def _name_of(model, pk, *, by: Membership) -> str:
    row = model.objects.visible_to(by).filter(pk=pk).first()
    if row is None:
        return "none"
    return str(row.name) if hasattr(row, "name") else str(row)


def _list_words(labels: list[str]) -> str:
    if len(labels) > 1:
        return f"{', '.join(labels[:-1])} and {labels[-1]}"
    return labels[0] if labels else "none"


# How a change names the field it changed, where the field's own name is not the words.
CHANGE_LABELS = {
    "planned_end_on": "Planned end",
    "starts_on": "Start date",
    "hours_per_week": "Hours a week",
    "school_hours_per_week": "Hours a week at the school alongside",
    "sessions": "Timetable",
    "provider_id": "Provider",
    "site_id": "Site",
    "block_purchase_id": "Block purchase",
    "shared": "What the provider reads",
    "cost_unit": "What the cost is for",
}
# Free text is not repeated in the history: the change is named, and the plan shows what it now says.
TEXT_FIELDS = ("transport", "school_contact", "provider_contact", "review_arrangements")


def _value_words(name: str, value, *, by: Membership) -> str:
    if value is None or value == "" or value == []:
        return "none"
    if name.endswith("_on"):
        return long_date(value)
    if name in ("hours_per_week", "school_hours_per_week"):
        return hours_words(value)
    if name == "sessions":
        return _sessions_words(value)
    if name == "shared":
        return _list_words([Shared(v).label for v in Shared.values if v in set(value)])
    if name == "provider_id":
        return _name_of(Organisation, value, by=by)
    if name == "site_id":
        return _name_of(Site, value, by=by)
    if name == "block_purchase_id":
        return _name_of(BlockPurchase, value, by=by)
    if name == "cost":
        return f"£{value:,.2f}"
    choices = dict(Placement._meta.get_field(name).flatchoices)
    return str(choices.get(value, value))


def _summary(name: str, before, after, *, by: Membership) -> str:
    """One change in words: "Planned end: 3 April 2027 to 22 May 2027"."""
    label = CHANGE_LABELS.get(name) or str(Placement._meta.get_field(name).verbose_name)
    label = label[:1].upper() + label[1:]
    if name in TEXT_FIELDS:
        return f"{label} changed"
    return f"{label}: {_value_words(name, before, by=by)} to {_value_words(name, after, by=by)}"


def _kind(name: str, before, after) -> str:
    if name == "planned_end_on":
        return ChangeKind.EXTENDED if before and after and after > before else ChangeKind.OTHER
    return FIELD_KINDS.get(name, ChangeKind.OTHER)


def _record_changes(
    placement: Placement, before: dict, changed: list[str], *, by: Membership, reason: str
) -> list[PlanChange]:
    """One PlanChange per kind of change, in the order of the kinds, with each change in words."""
    by_kind: dict[str, list[str]] = {}
    # In the plan's order, whatever order the changes came in.
    for name in sorted(changed, key=lambda name: PLAN_FIELDS.index(name.removesuffix("_id"))):
        after = getattr(placement, name)
        by_kind.setdefault(_kind(name, before[name], after), []).append(
            _summary(name, before[name], after, by=by)
        )
    return PlanChange.objects.bulk_create(
        [
            PlanChange(
                placement=placement,
                kind=kind,
                reason=reason,
                summary="; ".join(by_kind[kind]),
                changed_by=by.user,
            )
            for kind in ChangeKind.values
            if kind in by_kind
        ]
    )


def _locked(placement: Placement, *, by: Membership) -> Placement:
    return Placement.objects.visible_to(by).select_for_update().get(pk=placement.pk)


def _reason_errors(placement: Placement, change_reason: str) -> dict[str, str]:
    """An active placement's changes are recorded with the school's reason; a planned one's need none.
    (Keyed `change_reason`: a plan has a `reason` of its own, why the placement was made.)"""
    if placement.status == S.ACTIVE and not (change_reason or "").strip():
        return {"change_reason": "Enter why the plan changes"}
    return {}


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _refuse_closed(placement: Placement, what: str = "") -> None:
    """An ended or cancelled placement is the record: "An ended placement cannot be changed", or with
    `what`, "A cancelled placement's objectives cannot be changed"."""
    if placement.status in S.closed_values():
        described = PLACEMENT_STATUS.described[placement.status]
        raise ValidationError(f"{described}{what} cannot be changed")


def _provider_change_errors(placement: Placement, before: dict, *, by: Membership) -> dict[str, str]:
    """An active placement stays with its provider: its history, the attendance to come and the copy of the
    pupil are the provider's it started with. A new site of the same provider is a change of plan."""
    started_with = before.get("provider_id", placement.provider_id)
    if placement.status != S.ACTIVE or placement.provider_id == started_with:
        return {}
    name = _name_of(Organisation, started_with, by=by)
    return {
        "provider": f"The placement has started with {name}. To move the pupil to another provider, end "
        "this placement and plan a new one."
    }


@transaction.atomic
def update_plan(placement: Placement, *, by: Membership, changes: dict, change_reason: str = "") -> Placement:
    """Change a planned or active placement's plan (`changes`: any of `PLAN_FIELDS`). A planned one is
    changed freely; an active one needs `change_reason`, and each kind of change (extended, hours, timetable,
    site, anything else) is recorded as a `PlanChange` saying what changed. An active placement keeps its
    provider (a move to another is an end and a new plan); a planned one may change it. The same values
    again change nothing and record nothing. The copy the provider reads is made again from the pupil's
    record when anything changes. An ended or cancelled placement is not changed."""
    if not rules.can_manage_placement(by, placement):
        raise PermissionDenied("Only the school's AP lead changes its placements")
    _unknown(changes, PLAN_FIELDS, "a placement plan")
    locked = _locked(placement, by=by)
    _refuse_closed(locked)
    stored = _as_stored(changes)
    before = {name: getattr(locked, name) for name in stored}
    changed = assign_changes(locked, stored)
    if not changed:
        return locked
    _refuse(
        {
            **_plan_errors(locked, by=by, changed=set(changed)),
            **_provider_change_errors(locked, before, by=by),
            **_reason_errors(locked, change_reason),
        }
    )
    _clean(locked)
    pupil = Pupil.objects.visible_to(by).get(pk=locked.pupil_id)
    copy = provider_copy(pupil, locked.shared, starts_on=locked.starts_on)
    copied = assign_changes(locked, {"provider_copy": copy})
    locked.save(update_fields=[*changed, *copied, "updated_at"])
    if locked.status == S.ACTIVE:
        _record_changes(locked, before, changed, by=by, reason=change_reason.strip())
        if {"starts_on", "planned_end_on"} & set(changed):
            signals.dates_changed.send(sender=Placement, placement=locked, by=by)
    return locked


# --- Objectives -------------------------------------------------------------------------------------


def _objective_errors(objective: Objective) -> dict[str, str]:
    errors: dict[str, str] = {}
    if objective.area not in ObjectiveArea.values:
        errors["area"] = "Choose the area of the objective"
    if not (objective.description or "").strip():
        errors["description"] = "Enter what the objective is"
    if not (objective.measure or "").strip():
        errors["measure"] = "Enter how it is measured"
    if objective.baseline_value is None and objective.baseline_on is not None:
        errors["baseline_value"] = "Enter the baseline, or leave its date blank too"
    if objective.baseline_value is not None and objective.baseline_on is None:
        errors["baseline_on"] = "Enter the date of the baseline, or leave the baseline blank too"
    if objective.baseline_on and objective.baseline_on > timezone.localdate():
        errors["baseline_on"] = "The date of the baseline must be today or in the past"
    if objective.target_value is None and objective.target_on is not None:
        errors["target_value"] = "Enter the target, or leave its date blank too"
    if objective.target_on and objective.baseline_on and objective.target_on <= objective.baseline_on:
        errors["target_on"] = "The target date must be after the date of the baseline"
    return errors


def _objective_words(objective: Objective) -> str:
    return f"{objective.get_area_display()}: {objective.description.strip().splitlines()[0][:80]}"


@transaction.atomic
def add_objective(
    placement: Placement, *, by: Membership, change_reason: str = "", **values: object
) -> Objective:
    """An objective for a planned or active placement: its area, what it is and how it is measured, a
    baseline (value and date, both or neither) and a target. On an active placement, with a reason
    (`change_reason`), recorded as the objectives amended."""
    if not rules.can_change_plan(by, placement):
        raise PermissionDenied("Only the school's AP lead changes its placements' objectives")
    _unknown(values, OBJECTIVE_FIELDS, "an objective")
    locked = _locked(placement, by=by)
    _refuse_closed(locked, "'s objectives")
    objective = Objective(placement=locked, **values)
    _refuse({**_objective_errors(objective), **_reason_errors(locked, change_reason)})
    objective.full_clean(exclude=["placement"], validate_unique=False, validate_constraints=False)
    objective.save()
    if locked.status == S.ACTIVE:
        PlanChange.objects.create(
            placement=locked,
            kind=ChangeKind.OBJECTIVES,
            reason=change_reason.strip(),
            summary=f"Objective added: {_objective_words(objective)}",
            changed_by=by.user,
        )
    return objective


OBJECTIVE_WORDS = {
    "baseline_value": "baseline",
    "baseline_on": "date of the baseline",
    "target_value": "target",
    "target_on": "target date",
}


@transaction.atomic
def update_objective(
    objective: Objective, *, by: Membership, change_reason: str = "", **changes: object
) -> Objective:
    """Change an objective of a planned or active placement; on an active one, with a reason, recorded as
    the objectives amended. The same values again change nothing."""
    _unknown(changes, OBJECTIVE_FIELDS, "an objective")
    placement_id = (
        Objective.objects.visible_to(by).values_list("placement_id", flat=True).get(pk=objective.pk)
    )
    placement = _locked(Placement(pk=placement_id), by=by)
    if not rules.can_change_plan(by, placement):
        raise PermissionDenied("Only the school's AP lead changes its placements' objectives")
    locked = Objective.objects.visible_to(by).select_for_update().get(pk=objective.pk)
    before = {name: getattr(locked, name) for name in changes}
    changed = assign_changes(locked, changes)
    if not changed:
        return locked
    _refuse({**_objective_errors(locked), **_reason_errors(placement, change_reason)})
    locked.full_clean(exclude=["placement"], validate_unique=False, validate_constraints=False)
    locked.save(update_fields=changed)
    if placement.status == S.ACTIVE:
        words = []
        for name in changed:
            after = getattr(locked, name)
            if name in ("baseline_value", "target_value"):
                words.append(f"{OBJECTIVE_WORDS[name]} {hours_words(before[name])} to {hours_words(after)}")
            elif name in ("baseline_on", "target_on"):
                words.append(f"{OBJECTIVE_WORDS[name]} {_date_words(before[name])} to {_date_words(after)}")
            else:
                words.append(f"{Objective._meta.get_field(name).verbose_name.lower()} changed")
        PlanChange.objects.create(
            placement=placement,
            kind=ChangeKind.OBJECTIVES,
            reason=change_reason.strip(),
            summary=f"Objective amended ({_objective_words(locked)}): {'; '.join(words)}",
            changed_by=by.user,
        )
    return locked


# --- The part-time plan -----------------------------------------------------------------------------


def _step_errors(
    placement: Placement, pupil: Pupil, steps: list[tuple[datetime.date, Decimal]], *, by: Membership
) -> dict[str, str]:
    """Each step after the start and by the time limit, hours rising, the last reaching full time."""
    errors: dict[str, str] = {}
    dates = [from_on for from_on, _hours in steps]
    if len(set(dates)) != len(dates):
        return {"steps": "Give each step its own date"}
    for from_on, hours in steps:
        if from_on <= placement.starts_on:
            return {
                "steps": f"Each step must start after the placement starts ({long_date(placement.starts_on)})"
            }
        if not LEAST_HOURS <= hours <= MOST_HOURS:
            return {"steps": "Each step's hours a week must be between 0.5 and 60"}
    ordered = sorted(steps)
    if any(later <= earlier for (_a, earlier), (_b, later) in itertools.pairwise(ordered)):
        return {"steps": "Each step must have more hours a week than the step before it"}
    now = pupil_week(pupil, membership=by, on=placement.starts_on, extra=placement)
    first_hours = ordered[0][1]
    if first_hours <= now.hours:
        errors["steps"] = (
            f"The first step must have more than the {hours_words(now.hours)} hours a week the pupil has now"
        )
    last_on, last_hours = ordered[-1]
    full = pupil_week(pupil, membership=by, on=last_on, extra=placement).full_time
    if last_hours < full and "steps" not in errors:
        errors["steps"] = (
            f"The last step must reach the pupil's full-time week of {hours_words(full)} hours a week"
        )
    if "steps" not in errors:
        numbered = dict(enumerate(ordered, start=1))
        after_full = checks.steps_after_full_time(
            numbered, full_time_on=checks.full_time_week_on(pupil, membership=by)
        )
        if after_full:
            errors["steps"] = next(iter(after_full.values()))
    return errors


def _part_time_errors(placement: Placement, plan: PartTimePlan) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if not (plan.reason or "").strip():
        errors["why_part_time"] = "Enter why the pupil has a part-time timetable"
    if plan.ends_by is None:
        errors["ends_by"] = "Enter the time limit"
    elif plan.ends_by <= placement.starts_on:
        errors["ends_by"] = f"The time limit must be after the start date ({long_date(placement.starts_on)})"
    for name, words in (
        ("parent_agreed_on", "the parent or carer agreed"),
        ("la_notified_on", "the LA was told"),
    ):
        value = getattr(plan, name)
        if value is not None and value > today:
            errors[name] = f"The date {words} must be today or in the past"
    return errors


def _steps_words(steps: Iterable[tuple[datetime.date, Decimal]]) -> str:
    return _list_words([f"{hours_words(hours)} hours from {long_date(on)}" for on, hours in sorted(steps)])


@transaction.atomic
def set_part_time_plan(
    placement: Placement,
    *,
    by: Membership,
    why_part_time: str,
    ends_by: datetime.date | None,
    parent_agreed_on: datetime.date | None,
    la_notified_on: datetime.date | None,
    steps: Iterable[tuple[datetime.date, Decimal]],
    change_reason: str = "",
) -> PartTimePlan:
    """The plan for a part-time timetable: why, its time limit, the steps back to a full-time week (each
    after the start, hours rising, the last reaching the pupil's full-time week by the time limit), when
    the parent agreed and when the LA was told. The last two may wait (the placement cannot start without
    them). Step hours are the pupil's whole week, at school and at the provision. On an active placement
    a change needs `change_reason` and is recorded; the same plan again changes nothing."""
    if not rules.can_change_plan(by, placement):
        raise PermissionDenied("Only the school's AP lead changes its placements' part-time plans")
    locked = _locked(placement, by=by)
    _refuse_closed(locked, "'s part-time plan")
    steps = sorted((from_on, Decimal(hours)) for from_on, hours in steps)
    plan = PartTimePlan.objects.visible_to(by).select_for_update().filter(placement_id=locked.pk).first()
    is_new = plan is None
    plan = plan or PartTimePlan(placement=locked)
    kept_steps = [] if is_new else [(s.from_on, s.hours_per_week) for s in plan.steps.all()]
    before = {
        name: getattr(plan, name) for name in ("reason", "ends_by", "parent_agreed_on", "la_notified_on")
    }
    changed = assign_changes(
        plan,
        {
            "reason": (why_part_time or "").strip(),
            "ends_by": ends_by,
            "parent_agreed_on": parent_agreed_on,
            "la_notified_on": la_notified_on,
        },
    )
    steps_changed = kept_steps != steps
    if not is_new and not changed and not steps_changed:
        return plan
    errors = {**_part_time_errors(locked, plan), **_reason_errors(locked, change_reason)}
    if steps:
        pupil = Pupil.objects.visible_to(by).get(pk=locked.pupil_id)
        errors = {**_step_errors(locked, pupil, steps, by=by), **errors}
        if "ends_by" not in errors and plan.ends_by and steps[-1][0] > plan.ends_by:
            errors["steps"] = "The last step must start on or before the time limit"
    _refuse(errors)
    plan.full_clean(exclude=["placement"], validate_unique=False, validate_constraints=False)
    plan.save()
    if steps_changed:
        PartTimeStep.objects.visible_to(by).filter(plan_id=plan.pk).delete()
        PartTimeStep.objects.bulk_create(
            [PartTimeStep(plan=plan, from_on=from_on, hours_per_week=hours) for from_on, hours in steps]
        )
    if locked.status == S.ACTIVE:
        words = []
        if is_new:
            words.append(f"Part-time plan made: time limit {_date_words(plan.ends_by)}")
        elif "ends_by" in changed:
            words.append(f"Time limit: {_date_words(before['ends_by'])} to {_date_words(plan.ends_by)}")
        if steps_changed:
            words.append(f"Steps: {_steps_words(kept_steps)} to {_steps_words(steps)}")
        for name, label in (
            ("parent_agreed_on", "Parent or carer agreed on"),
            ("la_notified_on", "LA told on"),
        ):
            if name in changed and not is_new:
                words.append(f"{label}: {_date_words(before[name])} to {_date_words(getattr(plan, name))}")
        if "reason" in changed and not is_new:
            words.append("Why a part-time timetable changed")
        PlanChange.objects.create(
            placement=locked,
            kind=ChangeKind.PART_TIME,
            reason=change_reason.strip(),
            summary="; ".join(words),
            changed_by=by.user,
        )
    return plan


# --- Moves ------------------------------------------------------------------------------------------


def is_part_time(placement: Placement, *, by: Membership) -> bool:
    """The pupil's week with this placement (and the school's hours and their other current placements)
    is short of the full-time week for their year group, as their LA sets it."""
    pupil = Pupil.objects.visible_to(by).get(pk=placement.pupil_id)
    return pupil_week(pupil, membership=by, on=placement.starts_on, extra=placement).is_short


def missing_to_start(placement: Placement, *, by: Membership) -> list[str]:
    """What the placement still needs before it can start, in words (empty when nothing)."""
    missing = []
    with_baseline = Objective.objects.visible_to(by).filter(
        placement_id=placement.pk, baseline_value__isnull=False, baseline_on__isnull=False
    )
    if not with_baseline.exists():
        missing.append("at least one objective with a baseline")
    if is_part_time(placement, by=by):
        plan = PartTimePlan.objects.visible_to(by).filter(placement_id=placement.pk).first()
        if plan is None:
            missing.append("a part-time plan, as the timetable is less than a full-time week")
        else:
            if not PartTimeStep.objects.visible_to(by).filter(plan_id=plan.pk).exists():
                missing.append("at least one step in the plan back to full time")
            if plan.parent_agreed_on is None:
                missing.append("the date the parent or carer agreed to the part-time timetable")
            if plan.la_notified_on is None:
                missing.append("the date the LA was told about the part-time timetable")
    return missing


@transaction.atomic
def start_placement(placement: Placement, *, by: Membership) -> Placement:
    """Start a planned placement on or after its start date. It needs at least one objective with a
    baseline; a part-time timetable also needs its complete plan (a time limit, at least one step, the
    parent's agreement and the date the LA was told)."""
    if not rules.can_manage_placement(by, placement):
        raise PermissionDenied("Only the school's AP lead starts its placements")
    locked = _locked(placement, by=by)
    PLACEMENT_STATUS.check(locked.status, S.ACTIVE)
    if locked.starts_on > timezone.localdate():
        raise ValidationError(
            f"The placement starts on {long_date(locked.starts_on)}: start it on that day or later"
        )
    missing = missing_to_start(locked, by=by)
    if missing:
        raise ValidationError(f"Before the placement can start, add {_list_words(missing)}")
    started = PLACEMENT_STATUS.move(locked, to=S.ACTIVE, by=by)
    signals.started.send(sender=Placement, placement=started, by=by)
    return started


@transaction.atomic
def end_placement(
    placement: Placement, *, by: Membership, ended_on: datetime.date | None, reason: str
) -> Placement:
    """End an active placement: the day it ended (from its start to today) and why."""
    if not rules.can_manage_placement(by, placement):
        raise PermissionDenied("Only the school's AP lead ends its placements")
    locked = _locked(placement, by=by)
    if locked.status == S.PLANNED:
        raise ValidationError("Only an active placement is ended: cancel a planned one")
    PLACEMENT_STATUS.check(locked.status, S.ENDED, reason=reason or "")
    errors = {}
    if ended_on is None:
        errors["ended_on"] = "Enter the date the placement ended"
    elif ended_on < locked.starts_on:
        errors["ended_on"] = (
            f"The end date must be the same as or after the start date ({long_date(locked.starts_on)})"
        )
    elif ended_on > timezone.localdate():
        errors["ended_on"] = "The end date must be today or in the past"
    if errors:
        raise ValidationError(errors)
    reason = reason.strip()

    def effects(row: Placement, _from: str) -> tuple[str, ...]:
        row.ended_on, row.end_reason = ended_on, reason
        return ("ended_on", "end_reason", "updated_at")

    finished = PLACEMENT_STATUS.move(locked, to=S.ENDED, by=by, reason=reason, effects=effects)
    signals.ended.send(sender=Placement, placement=finished, by=by)
    return finished


@transaction.atomic
def cancel_placement(placement: Placement, *, by: Membership, reason: str) -> Placement:
    """Cancel a planned placement, saying why: it is cancelled today, having never taken place, so it has
    no end date, is no placement for the census and costs nothing."""
    if not rules.can_manage_placement(by, placement):
        raise PermissionDenied("Only the school's AP lead cancels its placements")
    locked = _locked(placement, by=by)
    if locked.status == S.ACTIVE:
        raise ValidationError("Only a planned placement is cancelled: end an active one")
    PLACEMENT_STATUS.check(locked.status, S.CANCELLED, reason=reason or "")
    reason = reason.strip()

    def effects(row: Placement, _from: str) -> tuple[str, ...]:
        row.cancelled_on, row.cancel_reason = timezone.localdate(), reason
        return ("cancelled_on", "cancel_reason", "updated_at")

    return PLACEMENT_STATUS.move(locked, to=S.CANCELLED, by=by, reason=reason, effects=effects)
