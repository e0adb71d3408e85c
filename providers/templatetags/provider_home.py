"""What the home pages show of the provider stage. The home view belongs to the tenancy app, which knows
nothing of providers, so each page asks here for its part: one query, through the scoped managers."""

from django import template
from django.utils import timezone

from providers.selectors.quality import actions_for_provider

register = template.Library()


@register.inclusion_tag("providers/quality/_home_actions.html")
def provider_actions(membership):
    """A provider's open actions from QA visits, soonest due first, each with a link to reply."""
    return {
        "actions": list(actions_for_provider(membership=membership)),
        "membership": membership,
        "today": timezone.localdate(),
    }
