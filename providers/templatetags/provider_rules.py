"""Rules that take an object, for templates (which cannot call a function with arguments). Each filter
asks the rules module and nothing else, so a template shows a link exactly when the view would answer."""

from django import template

from apcommission.tenancy import rules

register = template.Library()


@register.filter
def may_view_visit(membership, visit) -> bool:
    """`{% if membership|may_view_visit:visit %}`: the visit's full record is open to this membership.
    Reads `visit.visiting_organisation`, so select it with the visit to keep the page's queries fixed."""
    return visit is not None and rules.can_view_visit_detail(membership, visit)


@register.filter
def may_follow_up(membership, action) -> bool:
    """`{% if membership|may_follow_up:action %}`: this membership may add follow-up notes to the action."""
    return action is not None and rules.can_follow_up_action(membership, action)
