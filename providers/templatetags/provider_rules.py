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


@register.filter
def may_reply(membership, action) -> bool:
    """`{% if membership|may_reply:action %}`: the provider may reply to this action (reads action.visit)."""
    return action is not None and rules.can_reply_to_action(membership, action)


@register.filter
def may_add_action(membership, visit) -> bool:
    """`{% if membership|may_add_action:visit %}`: this membership may add an action to the visit."""
    return visit is not None and rules.can_add_action(membership, visit)


@register.filter
def may_correct_visit(membership, visit) -> bool:
    """`{% if membership|may_correct_visit:visit %}`: this membership may mark the visit entered in error."""
    return visit is not None and not visit.is_entered_in_error and rules.can_correct_visit(membership, visit)


@register.filter
def may_correct_evidence(membership, evidence) -> bool:
    """`{% if membership|may_correct_evidence:item %}`: this membership may mark the check entered in
    error."""
    return (
        evidence is not None
        and not evidence.is_entered_in_error
        and rules.can_correct_evidence(membership, evidence)
    )


@register.filter
def may_see_placing_conditions(membership, entry) -> bool:
    """`{% if membership|may_see_placing_conditions:entry %}`: the conditions for placing are shown."""
    return entry is not None and rules.can_see_placing_conditions(membership, entry)


@register.filter
def may_see_terms(membership, entry) -> bool:
    """`{% if membership|may_see_terms:entry %}`: an entry's conditions, categories, price and dates."""
    return entry is not None and rules.can_see_approval_terms(membership, entry)
