"""What the panel pages read, always through the acting membership's view, in a fixed number of queries."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q

from apcommission.tenancy.visibility import area_local_authority_id
from panels import rules
from panels.models import AGREED, PanelItem, PanelMeeting, PanelSetting

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership
    from referrals.models import Referral

PAST_PER_PAGE = 25


def uses_panel(*, membership: Membership, local_authority_id: int | None = None) -> bool:
    """Whether the LA (by default the membership's own, or its school's) puts AP referrals to a panel."""
    local_authority_id = local_authority_id or area_local_authority_id(membership)
    settings = PanelSetting.objects.visible_to(membership)
    return settings.filter(local_authority_id=local_authority_id, uses_panel=True).exists()


def _counted(meetings):
    return meetings.annotate(
        referrals=Count("items"), awaiting=Count("items", filter=Q(items__decision=""))
    ).order_by()


def upcoming_meetings(*, membership: Membership, today: datetime.date) -> list[PanelMeeting]:
    """The LA's meetings from today on, soonest first, each with how many referrals are put to it and
    how many wait for a decision."""
    meetings = PanelMeeting.objects.visible_to(membership).filter(meets_on__gte=today)
    return list(_counted(meetings).order_by("meets_on", "pk"))


def past_meetings(*, membership: Membership, today: datetime.date, page_number: object) -> Page:
    """The LA's meetings before today, latest first, a page at a time, counted as the upcoming ones."""
    meetings = PanelMeeting.objects.visible_to(membership).filter(meets_on__lt=today)
    return Paginator(_counted(meetings).order_by("-meets_on", "-pk"), PAST_PER_PAGE).get_page(page_number)


def pupil_name(referral: Referral, *, membership: Membership) -> str:
    """The pupil as the panel pages name them to `membership`: by their record for a reader shown the
    pupil in full (`rules.sees_pupil_in_full`), otherwise by the name the school shared for deciding, ""
    when it shared none (the page then says so, never an empty name). Only the former reads the pupil,
    which comes with the referral from the panels' selectors and `referrals.selectors.referral_for`."""
    if rules.sees_pupil_in_full(membership, referral.pupil):
        return referral.pupil.legal_name
    return referral.shared_name


def meeting_with_items(pk: int, *, membership: Membership) -> PanelMeeting:
    """One meeting with its referrals, each with what the page shows of it (PanelMeeting.DoesNotExist
    for a meeting the membership does not see)."""
    items = PanelItem.objects.visible_to(membership).select_related(
        "referral", "referral__pupil", "school", "put_by", "decided_by"
    )
    return (
        PanelMeeting.objects.visible_to(membership)
        .select_related("local_authority")
        .prefetch_related(Prefetch("items", queryset=items))
        .get(pk=pk)
    )


def item_for_decision(pk: int, *, membership: Membership) -> PanelItem:
    """One referral put to a panel, with its meeting and referral (PanelItem.DoesNotExist when unseen)."""
    return (
        PanelItem.objects.visible_to(membership)
        .select_related("meeting", "referral", "referral__pupil", "school")
        .get(pk=pk)
    )


def meetings_to_choose(
    *,
    membership: Membership,
    local_authority_id: int,
    today: datetime.date,
    after: datetime.date | None = None,
    referral_id: int | None = None,
) -> list[PanelMeeting]:
    """The meetings of an LA's panel a referral may be put to: from today on (and after `after`), and
    not one it has been put to already."""
    meetings = PanelMeeting.objects.visible_to(membership).filter(
        local_authority_id=local_authority_id, meets_on__gte=today
    )
    if after is not None:
        meetings = meetings.filter(meets_on__gt=after)
    if referral_id is not None:
        meetings = meetings.exclude(items__referral_id=referral_id)
    return list(meetings.order_by("meets_on", "pk"))


def referral_panel(referral: Referral, *, membership: Membership) -> dict:
    """What a referral's page shows of its panels: each meeting it was put to with the decision, whether
    its LA uses a panel and whether this membership may put it to one now."""
    items = list(
        PanelItem.objects.visible_to(membership)
        .filter(referral_id=referral.pk)
        .select_related("meeting", "decided_by")
        .order_by("put_at", "pk")
    )
    may_put = (
        rules.can_put_to_panel(membership, referral)
        and not any(item.decision in AGREED for item in items)
        and uses_panel(membership=membership, local_authority_id=referral.local_authority_id)
    )
    return {"panel_items": items, "may_put_to_panel": may_put, "referral": referral, "membership": membership}
