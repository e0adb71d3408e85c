from django.urls import reverse

from apcommission.tenancy import rules

# (label, URL name, the rule that shows it): the navigation for every role, in one table.
NAVIGATION = [
    ("Home", "home", lambda m: True),
    ("Schools", "schools", lambda m: rules.can_view_area_schools(m) or rules.can_view_trust_schools(m)),
    ("Providers", "provider_list", rules.can_view_provider_register),
    ("Members", "members", rules.can_manage_members),
    ("Your organisation", "organisation", lambda m: True),
]


def acting_membership(request):
    """The acting organisation for the header, and the navigation its role may use."""
    membership = getattr(request, "membership", None)
    current = request.resolver_match.url_name if getattr(request, "resolver_match", None) else None
    navigation = []
    if membership is not None:
        navigation = [
            {"label": label, "url": reverse(name), "current": name == current}
            for label, name, shown in NAVIGATION
            if shown(membership)
        ]
    return {
        "membership": membership,
        "memberships": getattr(request, "memberships", []),
        "navigation": navigation,
    }
