"""A provider's evidence at a glance in a table row, rendered once per page for each picture it takes.

A page of the directory or the approved list shows the same few pictures over and over ("Evidence:
current"; "Evidence: missing, 3 missing (of 6 types)"): the component template is rendered for the first
row that shows a picture and its markup reused for every other row that shows the same one."""

from django import template
from django.template.loader import get_template

register = template.Library()

SUMMARY = "providers/evidence/_summary.html"


@register.simple_tag(takes_context=True)
def evidence_at_a_glance(context, evidence):
    """`providers/evidence/_summary.html` in its compact form, for `evidence` (an EvidenceSummary)."""
    seen = context.render_context.setdefault(SUMMARY, {})
    key = (evidence.state, evidence.breakdown_text, len(evidence.types), len(evidence.by_authority))
    if key not in seen:
        seen[key] = get_template(SUMMARY).render({"evidence": evidence, "compact": True})
    return seen[key]
