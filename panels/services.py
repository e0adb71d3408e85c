"""Running an LA's panels: the setting, the meetings, putting a referral to a meeting and recording the
panel's decision. Who may is `panels.rules`, asked here first; every read goes through the acting
membership's view; the referral moves through its own transition table (`referrals.workflow`), which
writes its timeline."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apcommission.changes import assign_changes
from apcommission.forms.dates import long_date
from panels import rules
from panels.models import AGREED, Decision, PanelItem, PanelKind, PanelMeeting, PanelSetting
from panels.selectors import uses_panel
from referrals.models import Referral, ReferralStatus
from referrals.workflow import REFERRAL_STATUS

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

MEETING_FIELDS = ("meets_on", "kind", "attendees", "notes")
MAX_ATTENDEES = 40


@transaction.atomic
def set_uses_panel(*, by: Membership, uses_panel: bool) -> PanelSetting:
    """Say whether the officer's LA puts AP referrals to a panel; the same answer again changes nothing.
    Referrals already with a panel stay there until it decides."""
    if not rules.can_run_panels(by):
        raise PermissionDenied("Only the LA's officers say whether it uses a panel")
    setting = PanelSetting.objects.visible_to(by).select_for_update().filter(
        local_authority_id=by.organisation_id
    ).first() or PanelSetting(local_authority_id=by.organisation_id, uses_panel=False)
    # An LA with no setting uses no panel: saying so writes nothing.
    if assign_changes(setting, {"uses_panel": uses_panel}):
        setting.save()
    return setting


def _checked_attendees(attendees: list[dict]) -> list[dict]:
    people = [
        {"name": str(person.get("name", "")).strip(), "role": str(person.get("role", "")).strip()}
        for person in attendees
    ]
    if len(people) > MAX_ATTENDEES:
        raise ValidationError({"attendees": f"A meeting can list up to {MAX_ATTENDEES} people"})
    if any(not person["name"] for person in people):
        raise ValidationError({"attendees": "Give each person's name before their role"})
    return people


def _meeting_values(values: dict) -> dict:
    unknown = set(values) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"Not fields of a panel meeting: {', '.join(sorted(unknown))}")
    if "kind" in values and values["kind"] not in PanelKind.values:
        raise ValidationError({"kind": "Choose the kind of panel"})
    if "attendees" in values:
        values = {**values, "attendees": _checked_attendees(values["attendees"])}
    if "notes" in values:
        values = {**values, "notes": values["notes"].strip()}
    return values


@transaction.atomic
def arrange_meeting(
    *, by: Membership, meets_on: datetime.date, kind: str, attendees: list[dict], notes: str = ""
) -> PanelMeeting:
    """A meeting of the officer's LA's panel."""
    if not rules.can_run_panels(by):
        raise PermissionDenied("Only the LA's officers arrange its panels")
    values = _meeting_values({"meets_on": meets_on, "kind": kind, "attendees": attendees, "notes": notes})
    meeting = PanelMeeting(local_authority_id=by.organisation_id, created_by=by.user, **values)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def update_meeting(meeting: PanelMeeting, *, by: Membership, changes: dict) -> PanelMeeting:
    """Change a meeting's date, kind, attendees or notes; the same values again change nothing."""
    locked = PanelMeeting.objects.visible_to(by).select_for_update().get(pk=meeting.pk)
    if not rules.can_edit_meeting(by, locked):
        raise PermissionDenied("Only the LA's officers change its panels")
    changed = assign_changes(locked, _meeting_values(changes))
    decided = PanelItem.objects.visible_to(by).filter(meeting_id=locked.pk).exclude(decision="")
    if "meets_on" in changed and decided.exists():
        # Moving it would put its decisions before the meeting that made them.
        raise ValidationError(
            {"meets_on": "The panel's decisions at this meeting are recorded: keep its date"}
        )
    if changed:
        locked.full_clean()
        locked.save(update_fields=changed)
    return locked


def _upcoming_meeting(
    meeting: PanelMeeting, *, by: Membership, referral: Referral, field: str
) -> PanelMeeting:
    """`meeting` as `by` sees it, of the referral's LA and not yet held; else a message on `field`."""
    found = PanelMeeting.objects.visible_to(by).filter(pk=meeting.pk).first()
    if found is None or found.local_authority_id != referral.local_authority_id:
        raise ValidationError({field: "Choose one of the meetings listed"})
    if found.meets_on < timezone.localdate():
        raise ValidationError({field: "Choose a meeting that has not happened yet"})
    if found.items.filter(referral_id=referral.pk).exists():
        raise ValidationError({field: "The referral has been put to that meeting already: choose another"})
    return found


def _put(referral: Referral, meeting: PanelMeeting, *, by: Membership, reason: str) -> PanelItem:
    moved = REFERRAL_STATUS.move(referral, to=ReferralStatus.AT_PANEL, by=by, reason=reason)
    item = PanelItem(meeting=meeting, referral=moved, put_by=by.user)
    item.save()
    return item


@transaction.atomic
def put_to_panel(referral: Referral, *, by: Membership, meeting: PanelMeeting) -> PanelItem:
    """Put a sent referral to an upcoming meeting of its LA's panel, when the LA uses one: the referral
    is with the panel until it decides, and its timeline says who put it there and when."""
    locked = Referral.objects.visible_to(by).select_for_update().get(pk=referral.pk)
    if not rules.puts_referrals_of(by, locked):
        raise PermissionDenied("Only the school's AP lead or the LA's officers put a referral to a panel")
    if locked.status != ReferralStatus.SENT:
        raise ValidationError("Only a referral sent to providers, and not with a panel, can be put to one")
    if not uses_panel(membership=by, local_authority_id=locked.local_authority_id):
        raise ValidationError("The LA does not put AP referrals to a panel")
    if PanelItem.objects.visible_to(by).filter(referral_id=locked.pk, decision__in=AGREED).exists():
        raise ValidationError("The panel has already agreed to this referral")
    chosen = _upcoming_meeting(meeting, by=by, referral=locked, field="meeting")
    return _put(locked, chosen, by=by, reason=f"Put to the {_named(chosen)}")


# Changes typed with any other decision are refused on their box rather than dropped unseen.
CHANGES_ONLY_WHEN_AGREED_WITH_CHANGES = "Choose 'Agreed with changes' to record changes, or clear the box"


def changes_problem(decision: str, changes: str) -> str:
    """What is wrong with the changes given with `decision`, in the words of the form, or ""."""
    if decision == Decision.AGREE_WITH_CHANGES and not changes.strip():
        return "Say what changes the panel asks for"
    if decision != Decision.AGREE_WITH_CHANGES and changes.strip():
        return CHANGES_ONLY_WHEN_AGREED_WITH_CHANGES
    return ""


def waits_for_meeting(meeting: PanelMeeting) -> str:
    """Why a decision cannot be recorded yet, in the words the pages use too."""
    return f"The panel meets on {long_date(meeting.meets_on)}: record its decision after it meets"


def _named(meeting: PanelMeeting) -> str:
    return f"{meeting.get_kind_display().lower()} on {long_date(meeting.meets_on)}"


@transaction.atomic
def record_decision(
    item: PanelItem,
    *,
    by: Membership,
    decision: str,
    reasons: str,
    changes: str = "",
    later_meeting: PanelMeeting | None = None,
) -> PanelItem:
    """The panel's decision on a referral put to it, with its reasons: agreed, agreed with changes (what
    changes), declined or deferred, recorded on or after the day of the meeting. Changes given with any
    decision but agreed with changes are refused, never dropped. The referral moves back to
    "sent" with the decision on its timeline; a referral deferred to a later meeting goes straight on to
    that meeting."""
    # The referral is locked before the item, as `put_to_panel` locks it before making one.
    referral_id = PanelItem.objects.visible_to(by).values_list("referral_id", flat=True).get(pk=item.pk)
    referral = Referral.objects.visible_to(by).select_for_update().get(pk=referral_id)
    locked = PanelItem.objects.visible_to(by).select_for_update().select_related("meeting").get(pk=item.pk)
    if not rules.records_decisions(by, locked):
        raise PermissionDenied("Only the LA's officers record a panel's decision")
    if locked.is_decided:
        raise ValidationError("The panel's decision on this referral is already recorded")
    if rules.meets_later(locked):
        raise ValidationError(waits_for_meeting(locked.meeting))
    errors = {}
    if decision not in Decision.values:
        errors["decision"] = "Choose the panel's decision"
    if not reasons.strip():
        errors["reasons"] = "Enter the panel's reasons"
    if decision in Decision.values and (problem := changes_problem(decision, changes)):
        errors["changes"] = problem
    if later_meeting is not None and decision != Decision.DEFER:
        errors["later_meeting"] = "Only a deferred referral goes to a later meeting"
    if errors:
        raise ValidationError(errors)
    later = None
    if later_meeting is not None:
        later = _upcoming_meeting(later_meeting, by=by, referral=referral, field="later_meeting")
        if later.meets_on <= locked.meeting.meets_on:
            raise ValidationError({"later_meeting": "Choose a meeting after this one"})
    if referral.status != ReferralStatus.AT_PANEL:
        raise ValidationError(
            f"The referral is no longer with the panel: it is {referral.get_status_display().lower()}"
        )
    label = Decision(decision).label
    # The changes asked for go on the timeline with the reasons: the school acts on them.
    asked = f" Changes asked for: {changes.strip()}" if changes.strip() else ""
    moved = REFERRAL_STATUS.move(
        referral,
        to=ReferralStatus.SENT,
        by=by,
        reason=f"{label} by the {_named(locked.meeting)}: {reasons.strip()}{asked}",
    )
    locked.decision = decision
    locked.reasons = reasons.strip()
    locked.changes = changes.strip()
    locked.decided_by = by.user
    locked.decided_at = timezone.now()
    locked.save(update_fields=["decision", "reasons", "changes", "decided_by", "decided_at"])
    if later is not None:
        _put(moved, later, by=by, reason=f"Deferred to the {_named(later)}")
    return locked
