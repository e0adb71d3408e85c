"""Reading referrals for the pages, always through the acting membership's view, in a fixed number of
queries however many rows there are.

A commissioner (the school, its trust, its LA) reads the referral and the pupil it is about; a provider
reads its own answer and the referral's shared copy, never the pupil's record (no join to it is made)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.utils import timezone

from apcommission.forms.dates import long_date
from referrals.models import (
    Recipient,
    Referral,
    ReferralStatus,
    ReferralStatusChange,
    Response,
    Visit,
)
from referrals.waiting import OPEN, TO_ANSWER, with_offers_to_decide

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership
    from pupils.models import Pupil

PER_PAGE = 25

# A provider's list, by what it is to do: answer, the referrals it was chosen for, or all.
PROVIDER_VIEWS = {
    "waiting": Q(response__in=TO_ANSWER, referral__status__in=OPEN),
    "chosen": Q(response=Response.CHOSEN),
    "all": Q(),
}


# An offer of a place: one waiting for the school's decision, or the one it accepted.
OFFERED = (Response.CAN_OFFER, Response.CHOSEN)
# The commissioners' list shown from the home page's "N referrals have offers to decide".
WITH_OFFERS = "offers"


def _counted(referrals):
    """Each referral with how many providers were asked and how many offer (or gave) a place."""
    return referrals.annotate(
        asked=Count("recipients"),
        offers=Count("recipients", filter=Q(recipients__response__in=OFFERED)),
    )


def referral_page(
    status: str, page_number: int | str | None, *, membership: Membership, show: str = ""
) -> Page:
    """One page of the referrals a commissioner sees (of one status, or all when `status` is empty; only
    those with offers to decide when `show` is `WITH_OFFERS`), each with its pupil, school, and how many
    providers were asked and offer a place. Two queries."""
    found = _counted(
        Referral.objects.visible_to(membership)
        .select_related("pupil", "school")
        .order_by("-created_at", "-pk")
    )
    if status:
        found = found.filter(status=status)
    if show == WITH_OFFERS:
        found = with_offers_to_decide(found, membership=membership)
    page = Paginator(found, PER_PAGE).get_page(page_number)
    page.object_list = list(page.object_list)
    return page


def answer_page(view: str, page_number: int | str | None, *, membership: Membership) -> Page:
    """One page of a provider's own answers (`PROVIDER_VIEWS`), each with the referral's shared copy and
    school. Two queries."""
    found = (
        Recipient.objects.visible_to(membership)
        .filter(PROVIDER_VIEWS[view])
        .select_related("referral", "referral__school")
        .order_by("-referral__sent_at", "-pk")
    )
    page = Paginator(found, PER_PAGE).get_page(page_number)
    page.object_list = list(page.object_list)
    return page


def referral_for(pk: int, *, membership: Membership) -> Referral:
    """The referral `membership` sees (`Referral.DoesNotExist` otherwise). A commissioner's comes with
    its pupil; a provider's without."""
    found = Referral.objects.visible_to(membership).select_related("school")
    if membership.organisation.kind != "provider":
        found = found.select_related("pupil")
    return found.get(pk=pk)


def own_answer(referral: Referral, *, membership: Membership) -> Recipient:
    """A provider's own answer to a referral sent to it (`Recipient.DoesNotExist` otherwise)."""
    return Recipient.objects.visible_to(membership).get(
        referral_id=referral.pk, provider_id=membership.organisation_id
    )


def answers(referral: Referral, *, membership: Membership) -> list[Recipient]:
    """The providers asked and their answers, as `membership` sees them (a provider: its own)."""
    return list(
        Recipient.objects.visible_to(membership).filter(referral_id=referral.pk).select_related("provider")
    )


def visits(referral: Referral, *, membership: Membership) -> list[Visit]:
    return list(
        Visit.objects.visible_to(membership)
        .filter(recipient__referral_id=referral.pk)
        .select_related("recipient__provider")
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    what: str
    who: str
    why: str = ""


def timeline(
    referral: Referral, recipients: list[Recipient], found_visits: list[Visit], *, membership: Membership
) -> list[TimelineEntry]:
    """Who did what, when: the referral's moves (the commissioners' record), the providers' answers and
    the visits, newest first. One query (the moves)."""
    moves = (
        ReferralStatusChange.objects.visible_to(membership)
        .filter(referral_id=referral.pk)
        .select_related("changed_by")
    )
    labels = dict(ReferralStatus.choices)

    def what(move: ReferralStatusChange) -> str:
        if not move.from_status:
            return "Started as a draft"
        if move.from_status == move.to_status:  # a change after sending, not a move
            return "Changed after sending"
        return labels.get(move.to_status, move.to_status)

    entries = [
        TimelineEntry(
            move.changed_at, what(move), move.changed_by.full_name or move.changed_by.email, move.reason
        )
        for move in moves
    ]
    entries += [
        TimelineEntry(r.responded_at, r.get_response_display(), str(r.provider), r.response_reason)
        for r in recipients
        if r.responded_at
    ]
    for visit in found_visits:
        entries.append(TimelineEntry(visit.created_at, f"{visit} arranged", str(visit.recipient.provider)))
        if visit.outcome_recorded_at:
            happened = "went ahead" if visit.went_ahead else "did not go ahead"
            entries.append(
                TimelineEntry(visit.outcome_recorded_at, f"{visit} {happened}", str(visit.recipient.provider))
            )
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def days_since_sent(referral: Referral) -> int | None:
    """Days from sending to today (or to the decision, once decided): how long the pupil has waited."""
    if referral.sent_at is None:
        return None
    until = referral.decided_at or timezone.now()
    return (timezone.localdate(until) - timezone.localdate(referral.sent_at)).days


# How each way a referral ends is said after "Sent 1 December 2026:".
ENDED = {
    ReferralStatus.ACCEPTED: "accepted",
    ReferralStatus.WITHDRAWN: "withdrawn",
    ReferralStatus.CLOSED: "closed with no offer",
}


def how_long(referral: Referral) -> str:
    """When it was sent and how long it has waited, or how long it waited until it was accepted, withdrawn
    or closed: "Sent 1 December 2026: withdrawn the same day." ("" for a referral never sent)."""
    days = days_since_sent(referral)
    if days is None:
        return ""
    sent = f"Sent {long_date(timezone.localdate(referral.sent_at))}"
    plural = "" if days == 1 else "s"
    if referral.decided_at:
        when = "the same day" if days == 0 else f"after {days} day{plural}"
        return f"{sent}: {ENDED.get(referral.status, 'decided')} {when}."
    return f"{sent} (today)." if days == 0 else f"{sent}: {days} day{plural} since sent."


def days_to_start(referral: Referral, chosen: Recipient | None) -> int | None:
    """Days from sending to the accepted offer's start: the time from referral to start."""
    if referral.sent_at is None or chosen is None or chosen.offered_start is None:
        return None
    return (chosen.offered_start - timezone.localdate(referral.sent_at)).days


def pupil_referrals(pupil: Pupil, *, membership: Membership) -> list[Referral]:
    """Every referral of `pupil` that `membership` sees, newest first, each with how many providers were
    asked and how many offer a place: the list on the pupil's page. One query."""
    return list(
        _counted(Referral.objects.visible_to(membership).filter(pupil=pupil)).order_by("-created_at", "-pk")
    )
