"""Reading safeguarding concerns for the pages, always through the acting membership's view, in a fixed
number of queries however many concerns, entries and shares there are.

A DSL reads the pupil a concern is about from the school's record; a provider reads the copy of the
pupil the school shared with it on the placement (`provider_copy`), never the pupil's record, and only
of placements it still sees as its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When

from apcommission.tenancy.roles import OrganisationKind as Kind
from placements.models import Placement
from safeguarding.models import Concern, ConcernAction, ConcernDetail, ConcernState, DetailShare

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

PER_PAGE = 25
A_PUPIL = "A pupil placed with you"


def _seen(membership: Membership):
    """The concerns `membership` sees, with their provider and school; the school's come with the pupil,
    a provider's without (it names the pupil from its shared copy: `pupil_names`)."""
    concerns = Concern.objects.visible_to(membership).select_related("provider", "school")
    if membership.organisation.kind != Kind.PROVIDER:
        concerns = concerns.select_related("pupil")
    return concerns


def concern_for(pk: int, *, membership: Membership) -> Concern:
    """The concern `membership` sees (`Concern.DoesNotExist` otherwise), as `_seen`, with who raised it."""
    return _seen(membership).select_related("raised_by").get(pk=pk)


def _provider_names(placement_ids: set[int], *, membership: Membership) -> dict[int, str]:
    """The pupil's name as the school shared it with the provider, by placement: one query."""
    copies = (
        Placement.objects.visible_to(membership)
        .filter(pk__in=placement_ids)
        .values_list("pk", "provider_copy")
    )
    return {pk: (copy or {}).get("name") or A_PUPIL for pk, copy in copies}


def pupil_names(concerns: list[Concern], *, membership: Membership) -> dict[int, str]:
    """Each concern's pupil as `membership` may name them, by concern: the school's record for the
    school (read with the concerns, `select_related("pupil")`), the shared copy for a provider (one
    query)."""
    if membership.organisation.kind != Kind.PROVIDER:
        return {concern.pk: concern.pupil.name for concern in concerns}
    names = _provider_names({concern.placement_id for concern in concerns}, membership=membership)
    return {concern.pk: names.get(concern.placement_id, A_PUPIL) for concern in concerns}


@dataclass(frozen=True)
class ConcernRow:
    concern: Concern
    pupil_name: str


def concern_list(*, membership: Membership, page_number: str | int | None) -> Page:
    """The concerns `membership` sees, new ones (raised, not yet handled) first, then newest first, as
    rows of a page: three queries however many (the count, the page, and a provider's shared copies)."""
    # New before being handled before closed, then newest first.
    new_first = Case(
        When(state=ConcernState.RAISED, then=Value(0)),
        When(state=ConcernState.BEING_HANDLED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    ordered = _seen(membership).alias(new_first=new_first).order_by("new_first", "-raised_at", "-pk")
    page = Paginator(ordered, PER_PAGE).get_page(page_number)
    listed = list(page.object_list)
    names = pupil_names(listed, membership=membership)
    page.object_list = [ConcernRow(concern, names[concern.pk]) for concern in listed]
    return page


@dataclass
class ConcernPage:
    """What the concern's page shows beside the concern: the details (None for a role shown only that it
    exists), the DSL's record and the shares (empty for the provider, which sees neither)."""

    concern: Concern
    pupil_name: str
    detail: ConcernDetail | None
    actions: list[ConcernAction] = field(default_factory=list)
    shares: list[DetailShare] = field(default_factory=list)


def concern_page(concern: Concern, *, membership: Membership) -> ConcernPage:
    """The concern (from `concern_for`) with what `membership` may read of it: three queries (the
    details, the DSL's record and the shares), and a provider's shared copy of the pupil."""
    detail = ConcernDetail.objects.visible_to(membership).filter(concern_id=concern.pk).first()
    actions = ConcernAction.objects.visible_to(membership).filter(concern_id=concern.pk)
    shares = DetailShare.objects.visible_to(membership).filter(concern_id=concern.pk)
    return ConcernPage(
        concern=concern,
        pupil_name=pupil_names([concern], membership=membership)[concern.pk],
        detail=detail,
        actions=list(actions.select_related("recorded_by")),
        shares=list(shares.select_related("shared_by")),
    )


def placement_concerns(placement_id: int, *, membership: Membership) -> list[Concern]:
    """The concerns about a placement that `membership` sees, newest first, each marked `readable` when
    `membership` may read its details: one query."""
    readable = ConcernDetail.objects.visible_to(membership).filter(concern_id=OuterRef("pk"))
    return list(
        Concern.objects.visible_to(membership)
        .filter(placement_id=placement_id)
        .annotate(readable=Exists(readable))
        .select_related("provider")
        .order_by("-raised_at", "-pk")
    )
