"""Rules for templates (which cannot call a function with arguments). Each filter asks the rules module and
adds nothing of its own, so a template shows a link exactly when the view would answer it."""

from django import template

from apcommission.tenancy import rules

register = template.Library()


@register.filter
def may_manage_members(membership) -> bool:
    """`{% if membership|may_manage_members %}`: invites, roles and removals in its organisation."""
    return rules.can_manage_members(membership)


@register.filter
def may_manage_la_settings(membership) -> bool:
    """`{% if membership|may_manage_la_settings %}`: the LA's evidence types, categories and QA areas."""
    return rules.can_manage_la_settings(membership)


@register.filter
def may_add_provider(membership) -> bool:
    """`{% if membership|may_add_provider %}`: adds providers to the directory."""
    return rules.can_add_provider(membership)


@register.filter
def is_provider(membership) -> bool:
    """`{% if membership|is_provider %}`: the membership acts for a provider."""
    return rules.is_provider(membership)


@register.filter
def is_school(membership) -> bool:
    """`{% if membership|is_school %}`: the membership acts for a school."""
    return rules.is_school(membership)


@register.filter
def acts_for(membership, organisation_id) -> bool:
    """`{% if membership|acts_for:visit.provider_id %}`: the page speaks to this organisation as "you"."""
    return rules.acts_for(membership, organisation_id)


@register.filter
def may_edit_profile(membership, provider) -> bool:
    """`{% if membership|may_edit_profile:organisation %}`: this membership keeps the provider's profile."""
    return provider is not None and rules.can_edit_provider_profile(membership, provider)


@register.filter
def may_retire(membership, item) -> bool:
    """`{% if membership|may_retire:area %}`: an evidence type, category or QA area the LA may retire."""
    return item is not None and rules.can_retire_la_setting(membership, item)


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
    return visit is not None and rules.can_correct_visit(membership, visit)


@register.filter
def may_correct_evidence(membership, evidence) -> bool:
    """`{% if membership|may_correct_evidence:item %}`: this membership may mark the check entered in
    error."""
    return evidence is not None and rules.can_correct_evidence(membership, evidence)


@register.filter
def may_see_placing_conditions(membership, entry) -> bool:
    """`{% if membership|may_see_placing_conditions:entry %}`: the conditions for placing are shown."""
    return entry is not None and rules.can_see_placing_conditions(membership, entry)


@register.filter
def may_see_terms(membership, entry) -> bool:
    """`{% if membership|may_see_terms:entry %}`: an entry's conditions, categories, price and dates."""
    return entry is not None and rules.can_see_approval_terms(membership, entry)
