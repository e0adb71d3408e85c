"""What other pages show of the contact log: `{% placement_last_visit placement %}` on a placement's page
(its school's last visit to its provider, for the school, its trust and its LA, never the provider), with
the way to log one for the school's AP leads and DSLs."""

from django import template

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
