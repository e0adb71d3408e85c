"""Rules for templates (which cannot call a function with arguments). Each filter is a rule of the rules
module under a name a template reads, and adds nothing of its own, so a template shows a link exactly when
the view would answer it."""

from django import template

from apcommission.tenancy import rules

register = template.Library()

# `{% if membership|may_manage_members %}`: rules about the membership alone.
OF_THE_MEMBERSHIP = {
    "may_manage_members": rules.can_manage_members,  # invites, roles and removals in its organisation
    "may_manage_la_settings": rules.can_manage_la_settings,  # evidence types, categories and QA areas
    "may_add_provider": rules.can_add_provider,
    "is_provider": rules.is_provider,
    "is_school": rules.is_school,
}

# `{% if membership|may_reply:action %}`: rules about the membership and a record, false when there is no
# record. A rule may read the record's relations (`may_view_visit` reads `visit.visiting_organisation`,
# `may_reply` reads `action.visit`): select them with the record to keep the page's queries fixed.
ON_A_RECORD = {
    "may_edit_profile": rules.can_edit_provider_profile,  # on a provider
    "may_retire": rules.can_retire_la_setting,  # an evidence type, a category or a QA area
    "may_view_visit": rules.can_view_visit_detail,
    "may_follow_up": rules.can_follow_up_action,
    "may_reply": rules.can_reply_to_action,
    "may_add_action": rules.can_add_action,  # on a visit
    "may_correct_visit": rules.can_correct_visit,
    "may_correct_evidence": rules.can_correct_evidence,
    "may_see_placing_conditions": rules.can_see_placing_conditions,  # on an approved-list entry
    "may_see_terms": rules.can_see_approval_terms,  # an entry's conditions, categories, price and dates
}


def _on_a_record(rule):
    def check(membership, record) -> bool:
        return record is not None and rule(membership, record)

    return check


for name, rule in OF_THE_MEMBERSHIP.items():
    register.filter(name, rule)
for name, rule in ON_A_RECORD.items():
    register.filter(name, _on_a_record(rule))
# `{% if membership|acts_for:visit.provider_id %}`: the page speaks to this organisation as "you".
register.filter("acts_for", rules.acts_for)
