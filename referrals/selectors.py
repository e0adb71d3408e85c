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
from apcommission.numbers import plain_number
from apcommission.tenancy.scoping import unscoped
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


# A provider's answer as the timeline tells it: what it said then, whatever its answer says now.
ANSWERED = {
    Response.CAN_OFFER: "Offered a place",
    Response.CANNOT_OFFER: "Could not offer a place",
    Response.VISIT_FIRST: "Asked for a visit or taster first",
}


def _offer(answer: dict) -> str:
    """ "From 5 June 2026, 15 hours a week": the start and hours offered."""
    parts = []
    if answer["offered_start"] is not None:
        parts.append(f"From {long_date(answer['offered_start'])}")
    if answer["offered_hours"] is not None:
        parts.append(f"{plain_number(answer['offered_hours'])} hours a week")
    return ", ".join(parts)


def answers_given(recipients: list[Recipient]) -> list[TimelineEntry]:
    """Every answer the providers gave, each as it was given: an offer with its start and hours, a refusal
    or a wish for a visit with why. Read from the answers' history, since the school's decision rewrites
    the answers themselves (the offer accepted, every other place not needed) and a provider may change
    its answer before it. `recipients` are the answers the reader sees (`answers`): their history is read
    for them alone. One query."""
    asked = {recipient.pk: recipient for recipient in recipients}
    if not asked:
        return []
    with unscoped("a referral's timeline: the history of the answers its reader sees"):
        events = list(
            Recipient.pgh_event_model.objects.filter(
                pgh_obj_id__in=asked, response__in=ANSWERED, responded_at__isnull=False
            )
            .order_by("pgh_id")
            .values(
                "pgh_obj_id", "response", "offered_start", "offered_hours", "response_reason", "responded_at"
            )
        )
    entries, last = [], {}
    for event in events:
        # A row saved again without a new answer repeats the one before it: the answer is told once.
        if last.get(event["pgh_obj_id"]) == event:
            continue
        last[event["pgh_obj_id"]] = event
        why = _offer(event) if event["response"] == Response.CAN_OFFER else event["response_reason"]
        provider = str(asked[event["pgh_obj_id"]].provider)
        entries.append(TimelineEntry(event["responded_at"], ANSWERED[event["response"]], provider, why))
    return entries


# The panel's decision is the move from "with the panel" back to "sent", its reason beginning with the
# decision (`panels.services.record_decision`): the timeline heads it with the decision, not the status.
PANEL_DECIDED = (
    ("Agreed with changes by ", "Agreed with changes by the panel"),
    ("Agreed by ", "Agreed by the panel"),
    ("Declined by ", "Not agreed by the panel"),
    ("Deferred by ", "Deferred by the panel"),
)
BACK_TO_PROVIDERS = "The referral went back to the providers."


def _is_decision(move: ReferralStatusChange) -> bool:
    return (move.from_status, move.to_status) == (ReferralStatus.AT_PANEL, ReferralStatus.SENT)


def _panel_decided(reason: str) -> str:
    return next((told for said, told in PANEL_DECIDED if reason.startswith(said)), "Decided by the panel")


def timeline(
    referral: Referral, recipients: list[Recipient], found_visits: list[Visit], *, membership: Membership
) -> list[TimelineEntry]:
    """Who did what, when: the referral's moves (the commissioners' record), every answer the providers
    gave (`answers_given`) and the visits, newest first; the acceptance names the offer accepted. Two
    queries (the moves and the answers' history)."""
    moves = (
        ReferralStatusChange.objects.visible_to(membership)
        .filter(referral_id=referral.pk)
        .select_related("changed_by")
    )
    labels = dict(ReferralStatus.choices)
    chosen = next((r for r in recipients if r.response == Response.CHOSEN), None)

    def what(move: ReferralStatusChange) -> str:
        if not move.from_status:
            return "Started as a draft"
        if move.from_status == move.to_status:  # a change after sending, not a move
            return "Changed after sending"
        if move.to_status == ReferralStatus.ACCEPTED and chosen is not None:
            return f"Accepted {chosen.provider}'s offer"
        if _is_decision(move):
            return _panel_decided(move.reason)
        return labels.get(move.to_status, move.to_status)

    def why(move: ReferralStatusChange) -> str:
        return f"{move.reason}\n{BACK_TO_PROVIDERS}" if _is_decision(move) else move.reason

    entries = [
        TimelineEntry(
            move.changed_at, what(move), move.changed_by.full_name or move.changed_by.email, why(move)
        )
        for move in moves
    ]
    entries += answers_given(recipients)
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


# A referral still in hand: a second one for the pupil may be a mistake, or deliberate.
STILL_OPEN = (ReferralStatus.DRAFT, *OPEN)


def open_referrals_of(pupil_id: int, *, membership: Membership) -> list[Referral]:
    """The referrals of the pupil `pupil_id` that `membership`'s school has open (a draft, sent, or with
    the panel), oldest first: what the start page warns of. Another school's pupil has none. One query."""
    return list(
        Referral.objects.visible_to(membership)
        .filter(pupil_id=pupil_id, school_id=membership.organisation_id, status__in=STILL_OPEN)
        .order_by("created_at", "pk")
    )


def pupil_referrals(pupil: Pupil, *, membership: Membership) -> list[Referral]:
    """Every referral of `pupil` that `membership` sees, newest first, each with how many providers were
    asked and how many offer a place: the list on the pupil's page. One query."""
    return list(
        _counted(Referral.objects.visible_to(membership).filter(pupil=pupil)).order_by("-created_at", "-pk")
    )
