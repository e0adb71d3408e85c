"""What the pupil pages read, always through the acting membership's view and in a fixed number of
queries: the list (searched and filtered), a pupil's record and who has viewed it."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.models import Membership
from apcommission.tenancy.visibility import keys
from pupils import rules
from pupils.identifiers import academic_year_start
from pupils.models import AttendanceYear, Contact, Pupil

PUPILS_PER_PAGE = 50
VIEWS_PER_PAGE = 25

REFERRED = "referred"
NOT_REFERRED = "not_referred"

# What a row of the list shows: the sensitive fields are read only for those shown them.
LISTED = (
    "school__name",
    "legal_forename",
    "legal_surname",
    "preferred_forename",
    "preferred_surname",
    "date_of_birth",
    "year_group_override",
    "upn",
    "upn_is_temporary",
    "known_to_local_authority_since",
)


@dataclass(frozen=True)
class PupilFilters:
    """What the pupil list is searched and filtered by. Within a filter any value matches; across filters
    every one must."""

    query: str = ""
    year_groups: tuple[int, ...] = ()
    sen_statuses: tuple[str, ...] = ()
    referred: str = ""  # REFERRED, NOT_REFERRED or "" for both


def born_into(year_group: int, *, on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last dates of birth of the children whose age puts them in `year_group` on `on`
    (the inverse of `pupils.identifiers.year_group`)."""
    cohort = academic_year_start(on) - 5 - year_group
    return datetime.date(cohort, 9, 1), datetime.date(cohort + 1, 8, 31)


def in_year_groups(year_groups: tuple[int, ...], *, on: datetime.date, path: str = "") -> Q:
    """Pupils in any of `year_groups` on `on`: by their override, or by their age when they have none.
    `path` reaches the pupil from the queried model ("pupil__" from a placement)."""
    found = Q(pk__in=[])
    for year in year_groups:
        first, last = born_into(year, on=on)
        by_age = keys(path, year_group_override__isnull=True, date_of_birth__range=(first, last))
        found |= by_age | keys(path, year_group_override=year)
    return found


# Words of a search: split at spaces and commas, so "Khan, Amira" (as the list writes a name) finds Amira.
_WORDS = re.compile(r"[\s,]+")


def matching(query: str, *, path: str = "") -> Q:
    """Every word of `query` is in one of the pupil's names, or in the pupil's UPN or former UPN (part of
    a UPN finds it). A UPN typed with spaces ("B801 2000 05001") is also read as the one UPN. `path`
    reaches the pupil from the queried model ("pupil__" from a placement)."""
    words = [word for word in _WORDS.split(query) if word]
    found = Q()
    for word in words:
        found &= (
            keys(path, legal_forename__icontains=word)
            | keys(path, legal_middle_names__icontains=word)
            | keys(path, legal_surname__icontains=word)
            | keys(path, preferred_forename__icontains=word)
            | keys(path, preferred_surname__icontains=word)
            | keys(path, upn__contains=word.upper())
            | keys(path, former_upn__contains=word.upper())
        )
    squashed = "".join(words).upper()
    if len(words) > 1 and squashed.isascii() and squashed.isalnum():
        found |= keys(path, upn__contains=squashed) | keys(path, former_upn__contains=squashed)
    return found


def referred(*, membership: Membership) -> Exists:
    """Whether the pupil has a referral sent that `membership` sees: what the pupil's page lists. A pupil
    known to the LA through a placement alone has none. Referrals come later in the journey than pupils,
    so they are reached through the relation rather than imported."""
    referrals = Pupil.referrals.field.model.objects.visible_to(membership)
    return Exists(referrals.filter(pupil_id=OuterRef("pk"), sent_at__isnull=False))


def pupils_listed(filters: PupilFilters, *, membership: Membership, today: datetime.date) -> QuerySet[Pupil]:
    """The pupils `membership` lists that match `filters`, in surname order, each with `has_referral`. The
    SEN filter applies only for those shown SEN status (it would otherwise tell the others what it is)."""
    sensitive = rules.sees_sensitive_of_listed(membership)
    found = Pupil.objects.visible_to(membership).select_related("school")
    found = found.only(*LISTED, *(("sen_status",) if sensitive else ()))
    found = found.annotate(has_referral=referred(membership=membership))
    if filters.query:
        found = found.filter(matching(filters.query))
    if filters.year_groups:
        found = found.filter(in_year_groups(filters.year_groups, on=today))
    if filters.sen_statuses and sensitive:
        found = found.filter(sen_status__in=filters.sen_statuses)
    if filters.referred == REFERRED:
        found = found.filter(known_to_local_authority_since__isnull=False)
    elif filters.referred == NOT_REFERRED:
        found = found.filter(known_to_local_authority_since__isnull=True)
    return found


def pupil_list_page(
    filters: PupilFilters, page_number: str | None, *, membership: Membership, today: datetime.date
) -> Page:
    """One page of the list: two queries (the count and the page), however many pupils."""
    listed = pupils_listed(filters, membership=membership, today=today)
    return Paginator(listed, PUPILS_PER_PAGE).get_page(page_number)


def pupil_visible(pk: int, *, membership: Membership) -> Pupil:
    """The pupil `membership` sees with this id (with its school), or Pupil.DoesNotExist."""
    return Pupil.objects.visible_to(membership).select_related("school").get(pk=pk)


@dataclass
class PupilRecord:
    pupil: Pupil
    sees_sensitive: bool
    attendance_years: list[AttendanceYear]
    contacts: list[Contact] = field(default_factory=list)


def pupil_record(pk: int, *, membership: Membership) -> PupilRecord:
    """A pupil's record as `membership` is shown it: the sensitive details and contacts only to those
    `rules.sees_sensitive` names. Raises Pupil.DoesNotExist for a pupil it does not see."""
    pupil = pupil_visible(pk, membership=membership)
    sensitive = rules.sees_sensitive(membership, pupil)
    years = list(AttendanceYear.objects.visible_to(membership).filter(pupil=pupil))
    contacts = list(Contact.objects.visible_to(membership).filter(pupil=pupil)) if sensitive else []
    return PupilRecord(pupil, sensitive, years, contacts)


def contact_visible(pk: int, *, membership: Membership) -> Contact:
    """A contact `membership` is shown (its pupil's sensitive details), or Contact.DoesNotExist."""
    return Contact.objects.visible_to(membership).select_related("pupil", "pupil__school").get(pk=pk)


def viewers_page(pupil: Pupil, page_number: str | None, *, membership: Membership) -> Page:
    """Who has been shown the pupil's record, newest first, for those who may know. Access events are the
    audit's own record, kept outside the tenant tables: the rule decides who reads them."""
    if not rules.can_see_who_viewed(membership, pupil):
        raise PermissionDenied("Only the school's leaders and DSLs see who viewed a pupil's record")
    events = AccessEvent.objects.filter(pupil_ids__contains=[pupil.pk]).select_related("user", "organisation")
    return Paginator(events.order_by("-at", "-pk"), VIEWS_PER_PAGE).get_page(page_number)
