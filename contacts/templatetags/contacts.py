"""What other pages show of the contact log, to the school, its trust and its LA (never a provider):

- `{% placement_last_visit placement %}` on a placement's page: its school's last visit to its provider,
  with the way to log one for the school's AP leads and DSLs;
- `{% last_visits_of rows as visits %}` then `{% last_visit visits provider_id school_id %}` on a list of
  placements (the register): each row's school's last visit to its provider, one query for the page;
- `{% own_last_visits rows as own %}` then `{% own_last_visit own provider_id %}` on the provider directory,
  for a school (or a trust): when it (or any of its schools, named) last visited each provider, one query
  for the page, and nothing for anyone else."""

from dataclasses import dataclass

from django import template

from apcommission.tenancy.rules import is_school
from contacts import rules, selectors

register = template.Library()


@register.inclusion_tag("contacts/_placement_last_visit.html", takes_context=True)
def placement_last_visit(context, placement):
    membership = context.get("membership")
    if not rules.can_view_contacts(membership):
        return {"shown": False}
    visits = selectors.last_visits([placement.provider_id], membership=membership)
    return {
        "shown": True,
        "placement": placement,
        "last_visit": visits.of(placement.provider_id, placement.school_id),
        "may_log": rules.can_log_contacts(membership) and placement.school_id == membership.organisation_id,
    }


@register.simple_tag(takes_context=True)
def last_visits_of(context, rows) -> selectors.LastVisits:
    """The last visits to the providers of `rows` (each with `provider_id`): one query."""
    membership = context.get("membership")
    if not rules.can_view_contacts(membership) or not rows:
        return selectors.LastVisits()
    return selectors.last_visits({row.provider_id for row in rows}, membership=membership)


@register.simple_tag
def last_visit(visits: selectors.LastVisits, provider_id: int, school_id: int) -> selectors.LastVisit:
    return visits.of(provider_id, school_id)


@dataclass(frozen=True)
class OwnLastVisits:
    """The directory's column of a school's (or a trust's schools') own visits, headed so that it cannot
    be taken for the LA's QA visit beside it."""

    visits: selectors.LastVisits
    heading: str
    names_school: bool = False  # a trust's: which of its schools made the visit


@register.simple_tag(takes_context=True)
def own_last_visits(context, rows) -> OwnLastVisits | None:
    """For a school or a trust, the last visits to the providers of `rows` (each with `provider`): one
    query. None for anyone else, whose directory has no such column. The log a school reads is its own,
    and a trust's its schools', so the latest visit the membership sees is theirs."""
    membership = context.get("membership")
    if not rules.sees_own_last_visits(membership):
        return None
    school = is_school(membership)
    heading = "Your last visit" if school else "Your schools' last visit"
    if not rows:
        return OwnLastVisits(selectors.LastVisits(), heading, not school)
    provider_ids = {row.provider.pk for row in rows}
    return OwnLastVisits(selectors.last_visits(provider_ids, membership=membership), heading, not school)


@register.inclusion_tag("contacts/_own_last_visit.html")
def own_last_visit(own: OwnLastVisits, provider_id: int):
    return {"last_visit": own.visits.of(provider_id), "names_school": own.names_school}
