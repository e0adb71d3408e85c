"""Making and moving referrals. Every move goes through `referrals.workflow.REFERRAL_STATUS`, which locks
the row through the acting membership's view and writes the timeline; who may make a move is
`referrals.rules`, checked here first."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst

from apcommission.changes import assign_changes
from apcommission.forms.dates import long_date, years_ahead
from apcommission.tenancy.models import Organisation
from pupils.models import Pupil
from referrals import rules, waiting
from referrals.choosing import ProviderChoice, provider_choices, unconfirmed
from referrals.models import (
    Recipient,
    Referral,
    ReferralReason,
    ReferralStatus,
    ReferralStatusChange,
    Response,
    Shared,
)
from referrals.workflow import REFERRAL_STATUS

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

S = ReferralStatus

# An off-site direction needs written notice to the parent at least this many school days before it
# starts (DOMAIN.md 4).
NOTICE_SCHOOL_DAYS = 2

# Hours a week, wanted or offered: half an hour at least, and no more than a long school week.
FEWEST_HOURS, MOST_HOURS = Decimal("0.5"), Decimal("40")
HOURS_MESSAGE = "Enter the hours a week, from 0.5 to 40"
START_PASSED = "The start date must be today or in the future"

# The answers a provider gives; the school's decision sets the others.
PROVIDER_ANSWERS = (Response.CAN_OFFER, Response.CANNOT_OFFER, Response.VISIT_FIRST)

EDITABLE_FIELDS = (
    "reason",
    "needs_summary",
    "success_looks_like",
    "preferred_start",
    "hours_wanted",
    "pattern_wanted",
    "parent_informed_on",
    "parent_consents",
    "parent_notice_on",
    "pupil_wants",
    "pupil_worries",
    "pupil_good_at",
    "pupil_choice",
    "pupil_helped_by",
    "shared_for_deciding",
)


# What the referral was sent on: the reason, and the parent's consent or notice that allowed sending it.
# What the providers were shared is fixed too: what they read does not change under them.
FIXED_ONCE_SENT = ("reason", "parent_consents", "parent_notice_on", "shared_for_deciding")


def hours_problem(hours: Decimal | None) -> str:
    """The one message for hours a week that are missing, none, negative or beyond a school week."""
    return "" if hours is not None and FEWEST_HOURS <= hours <= MOST_HOURS else HOURS_MESSAGE


def start_has_passed(referral: Referral, today: datetime.date) -> bool:
    """The preferred start is before today: a draft may keep it, but is not sent with it."""
    return referral.preferred_start is not None and referral.preferred_start < today


def preferred_start_problem(start: datetime.date | None) -> str:
    """The one rule for a preferred start, whenever it is set (on a draft or after sending) and when the
    referral is sent: from today to a year ahead. "" when it keeps to it, or none is given. A start set
    within it that has since passed is the caller's to keep or refuse."""
    if start is None:
        return ""
    if start < timezone.localdate():
        return START_PASSED
    latest = years_ahead(1)()
    if start > latest:
        return f"The start date must be the same as or before {long_date(latest)}"
    return ""


def school_days_between(first: datetime.date, last: datetime.date) -> int:
    """The weekdays after `first` up to and including `last` (holidays are the school's to know)."""
    days, day = 0, first
    while day < last:
        day += datetime.timedelta(days=1)
        days += day.weekday() < 5
    return days


def off_site_notice_short(notice_on: datetime.date | None, start: datetime.date) -> bool:
    """Written notice of an off-site direction that reached the parent fewer than 2 school days before
    `start` (weekends do not count; holidays are the school's to know), or was not recorded. The rule for
    a referral's preferred start and a placement's start alike."""
    return notice_on is None or school_days_between(notice_on, start) < NOTICE_SCHOOL_DAYS


def notice_is_short(referral: Referral) -> bool:
    """An off-site direction referred with too little written notice before its preferred start."""
    if referral.reason != ReferralReason.OFF_SITE_DIRECTION or referral.preferred_start is None:
        return False
    return off_site_notice_short(referral.parent_notice_on, referral.preferred_start)


@transaction.atomic
def start_referral(pupil: Pupil, *, by: Membership, **fields: object) -> Referral:
    """A draft referral for a pupil of the AP lead's school; the first row of its timeline."""
    if not rules.can_refer(by):
        raise PermissionDenied("Only the school's AP lead makes referrals")
    pupil = Pupil.objects.visible_to(by).get(pk=pupil.pk, school_id=by.organisation_id)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not fields of a referral: {', '.join(sorted(unknown))}")
    referral = Referral(
        pupil=pupil, school_id=pupil.school_id, local_authority_id=pupil.local_authority_id, **fields
    )
    _check_wanted(referral, start_set=True)
    referral.full_clean()
    referral.save()
    REFERRAL_STATUS.record(referral, by=by, reason="")
    return referral


# What the providers asked read of each part of the referral the school may share with them.
READ_BY_PROVIDERS = {
    Shared.NEEDS: ("needs_summary",),
    Shared.HOURS: ("hours_wanted", "pattern_wanted"),
    Shared.START: ("preferred_start",),
    Shared.SUCCESS: ("success_looks_like",),
    Shared.VOICE: ("pupil_wants", "pupil_worries", "pupil_good_at"),
}


def read_by_providers(referral: Referral) -> set[str]:
    """The fields of a sent referral the providers asked read, from what the school chose to share."""
    return {name for share in referral.shared_for_deciding for name in READ_BY_PROVIDERS.get(share, ())}


def _labels(names: Iterable[str]) -> str:
    """ "Needs summary and Hours a week wanted": fields by their labels, in the form's order."""
    labels = [
        str(capfirst(Referral._meta.get_field(name).verbose_name))
        for name in EDITABLE_FIELDS
        if name in names
    ]
    return " and ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)


@transaction.atomic
def update_referral(referral: Referral, *, by: Membership, changes: dict) -> list[str]:
    """The school's AP lead changes a referral not yet decided; returns the fields changed. The same
    values again change nothing. Once sent, what it was sent on (`FIXED_ONCE_SENT`) cannot change, and
    every change is written on its timeline, saying which the providers asked read."""
    if not rules.can_manage_referral(by, referral):
        raise PermissionDenied("Only the school's AP lead changes its referrals")
    locked = Referral.objects.visible_to(by).select_for_update().get(pk=referral.pk)
    if locked.status not in (S.DRAFT, S.SENT, S.AT_PANEL):
        raise ValidationError("A referral that is accepted, withdrawn or closed cannot be changed")
    changed = assign_changes(locked, {name: changes[name] for name in EDITABLE_FIELDS if name in changes})
    frozen = [name for name in FIXED_ONCE_SENT if name in changed]
    if frozen and locked.sent_at is not None:
        # What it was sent on (and consented to) stays what the providers and the LA were sent.
        raise ValidationError(dict.fromkeys(frozen, "This cannot change once the referral is sent"))
    if changed:
        # A start that has passed since it was set may be kept; it cannot be moved into the past.
        _check_wanted(locked, start_set="preferred_start" in changed)
        locked.full_clean()
        locked.save(update_fields=changed)
        if locked.sent_at is not None:
            _note_change(locked, changed, by=by)
    return changed


def _check_wanted(referral: Referral, *, start_set: bool) -> None:
    """The hours a week wanted, and the preferred start when it is being set, each on its own field."""
    errors = {}
    if referral.hours_wanted is not None and (problem := hours_problem(referral.hours_wanted)):
        errors["hours_wanted"] = problem
    if start_set and (problem := preferred_start_problem(referral.preferred_start)):
        errors["preferred_start"] = problem
    if errors:
        raise ValidationError(errors)


def _note_change(referral: Referral, changed: list[str], *, by: Membership) -> None:
    """A change after sending, on the timeline: a row of the referral's record that stays in its state,
    naming the fields changed (the history tables keep the values)."""
    read = [name for name in changed if name in read_by_providers(referral)]
    others = [name for name in changed if name not in read]
    parts = []
    if read:
        parts.append(f"The providers asked read the new {_labels(read).lower()}")
    if others:
        parts.append(
            f"Also changed: {_labels(others).lower()}" if read else f"Changed: {_labels(others).lower()}"
        )
    ReferralStatusChange.objects.create(
        referral=referral,
        from_status=referral.status,
        to_status=referral.status,
        reason=". ".join(parts),
        changed_by=by.user,
    )


def shared_name(pupil: Pupil) -> str:
    """What a provider deciding reads of the pupil's name: first name and surname initial."""
    return f"{pupil.forename} {pupil.surname[:1]}."


def start_passed_message(referral: Referral) -> str:
    return (
        f"The preferred start, {long_date(referral.preferred_start)}, has passed: change it to today or "
        "later before sending the referral"
    )


def refused_providers(choices: list[ProviderChoice], *, wanted: int, confirmed: Collection[int]) -> dict:
    """Why the chosen providers cannot be sent the referral, by field: none chosen, one that is not a
    provider of the directory, or one the LA suspended or removed that the sender has not confirmed."""
    if not wanted:
        return {"providers": ["Choose at least one provider to send the referral to"]}
    if len(choices) != wanted:
        return {"providers": ["Choose providers from the directory"]}
    if missing := unconfirmed(choices, confirmed):
        return {
            "confirmed": [
                f"Confirm you know {choice.provider} is {choice.status} from the LA's approved list, or do "
                "not send the referral to it"
                for choice in missing
            ]
        }
    return {}


@transaction.atomic
def send_referral(
    referral: Referral,
    *,
    by: Membership,
    providers: Iterable[Organisation],
    confirmed: Collection[int] = (),
) -> Referral:
    """Send a draft to one or more providers. The parent or carer must consent, except to an off-site
    direction (which needs written notice instead: `notice_is_short` warns). A provider the school's LA
    has suspended or removed from its list is sent it only when its id is among `confirmed` (the AP lead
    said they know), and the timeline says so. What the providers read of the pupil is copied now; from
    now the LA of the school's area knows the pupil."""
    if not rules.can_manage_referral(by, referral):
        raise PermissionDenied("Only the school's AP lead sends its referrals")
    provider_ids = sorted({provider.pk for provider in providers})
    choices = provider_choices(membership=by, provider_ids=provider_ids) if provider_ids else []
    if refused := refused_providers(choices, wanted=len(provider_ids), confirmed=set(confirmed)):
        raise ValidationError(refused)
    locked = Referral.objects.visible_to(by).select_for_update().get(pk=referral.pk)
    if locked.reason != ReferralReason.OFF_SITE_DIRECTION and not locked.parent_consents:
        raise ValidationError(
            {"parent_consents": "Record that the parent or carer consents before sending the referral"}
        )
    today = timezone.localdate()
    if problem := preferred_start_problem(locked.preferred_start):
        passed = start_has_passed(locked, today)
        raise ValidationError({"preferred_start": start_passed_message(locked) if passed else problem})
    pupil = Pupil.objects.visible_to(by).get(pk=locked.pupil_id)

    def effects(row: Referral, _from: str) -> tuple[str, ...]:
        # Only what the school chose to share is copied: the rest never leaves the pupil's record.
        shares = set(row.shared_for_deciding)
        row.shared_name = shared_name(pupil) if Shared.NAME in shares else ""
        row.shared_year_group = (
            pupil.year_group_on(row.preferred_start or today) if Shared.YEAR_GROUP in shares else None
        )
        row.shared_sex = pupil.sex if Shared.SEX in shares else ""
        row.sent_at = timezone.now()
        return ("shared_name", "shared_year_group", "shared_sex", "sent_at")

    knowingly = [f"{choice.provider} is {choice.status}" for choice in choices if choice.to_confirm]
    reason = f"Sent knowing that {' and '.join(knowingly)} from the LA's approved list" if knowingly else ""
    moved = REFERRAL_STATUS.move(locked, to=S.SENT, by=by, reason=reason, effects=effects)
    Recipient.objects.bulk_create([Recipient(referral=moved, provider_id=pk) for pk in provider_ids])
    if pupil.known_to_local_authority_since is None:
        Pupil.objects.visible_to(by).filter(pk=pupil.pk).update(known_to_local_authority_since=timezone.now())
    waiting.changed([moved.school_id, *provider_ids])
    return moved


@transaction.atomic
def respond(
    recipient: Recipient,
    *,
    by: Membership,
    response: str,
    offered_start: datetime.date | None = None,
    offered_hours: Decimal | None = None,
    reason: str = "",
) -> Recipient:
    """A provider asked answers: it can offer (a start date from today, and 0.5 to 40 hours a week),
    cannot (why), or wants a visit or taster first. It may change its answer until the school decides."""
    if not rules.can_respond(by, recipient):
        raise PermissionDenied("Only the provider's manager answers a referral")
    locked = Recipient.objects.visible_to(by).select_for_update().get(pk=recipient.pk)
    referral = Referral.objects.visible_to(by).get(pk=locked.referral_id)
    if referral.status not in (S.SENT, S.AT_PANEL):
        raise ValidationError("The school has already decided on this referral")
    if response not in PROVIDER_ANSWERS:
        raise ValidationError({"response": "Choose whether you can offer a place"})
    errors = {}
    if response == Response.CAN_OFFER:
        if offered_start is None:
            errors["offered_start"] = "Enter the date the place could start"
        elif offered_start < timezone.localdate() and offered_start != locked.offered_start:
            errors["offered_start"] = START_PASSED  # one given before, since passed, may be kept
        if problem := hours_problem(offered_hours):
            errors["offered_hours"] = problem
    if response == Response.CANNOT_OFFER and not reason.strip():
        errors["reason"] = "Say why you cannot offer a place"  # beside the answer form's box
    if errors:
        raise ValidationError(errors)
    offering = response == Response.CAN_OFFER
    values = {
        "response": response,
        "offered_start": offered_start if offering else None,
        "offered_hours": offered_hours if offering else None,
        "response_reason": reason.strip(),
    }
    changed = assign_changes(locked, values)
    if changed:
        locked.responded_at = timezone.now()
        locked.save(update_fields=[*changed, "responded_at"])
        waiting.changed([referral.school_id, locked.provider_id])
    return locked


def _release_others(referral: Referral, *, by: Membership) -> None:
    """Every provider still in the running (waiting, offering, or wanting a visit first) is told at
    once that its place is not needed. The chosen provider's answer and a refusal stay as given."""
    in_the_running = (Response.AWAITING, Response.CAN_OFFER, Response.VISIT_FIRST)
    asked = Recipient.objects.visible_to(by).filter(referral=referral)
    asked.filter(response__in=in_the_running).update(response=Response.NOT_NEEDED)
    waiting.changed([referral.school_id, *asked.values_list("provider_id", flat=True)])


def _decided(row: Referral, _from: str) -> tuple[str, ...]:
    """What moves with a referral's decision: when it was made."""
    row.decided_at = timezone.now()
    return ("decided_at",)


@transaction.atomic
def accept_offer(recipient: Recipient, *, by: Membership) -> Referral:
    """The school accepts one provider's offer; every other provider asked is told its place is not
    needed."""
    # The referral is the offer's own, locked before the offer, as end_referral locks it before its
    # recipients: two decisions at once queue rather than deadlock.
    referral_id = Recipient.objects.visible_to(by).values_list("referral_id", flat=True).get(pk=recipient.pk)
    referral = Referral.objects.visible_to(by).select_for_update().get(pk=referral_id)
    if not rules.can_manage_referral(by, referral):
        raise PermissionDenied("Only the school's AP lead accepts an offer")
    chosen = Recipient.objects.visible_to(by).select_for_update().get(pk=recipient.pk)
    if chosen.response != Response.CAN_OFFER:
        raise ValidationError("Only an offer of a place can be accepted")
    moved = REFERRAL_STATUS.move(referral, to=S.ACCEPTED, by=by, effects=_decided)
    chosen.response = Response.CHOSEN
    chosen.save(update_fields=["response"])
    _release_others(moved, by=by)
    return moved


@transaction.atomic
def end_referral(referral: Referral, *, by: Membership, to: str, reason: str) -> Referral:
    """Withdraw the referral, or close it with no offer, saying why; providers still in the running are
    told their place is not needed (a chosen provider's answer stays: it is how the record says who
    had accepted the pupil)."""
    if not rules.can_manage_referral(by, referral):
        raise PermissionDenied("Only the school's AP lead withdraws or closes its referrals")
    if to not in (S.WITHDRAWN, S.CLOSED):
        raise ValidationError("A referral ends withdrawn or closed")
    moved = REFERRAL_STATUS.move(referral, to=to, by=by, reason=reason, effects=_decided)
    _release_others(moved, by=by)
    return moved
