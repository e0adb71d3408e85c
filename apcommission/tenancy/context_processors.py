from django.urls import reverse

from apcommission.tenancy import rules


def _own_provider_page(membership) -> str:
    return reverse("provider_detail", args=[membership.organisation_id])


# (label, URL name, the rule that shows it, how to build its URL): the navigation for every role, in one
# table. Most pages take no arguments; a provider's own profile is the provider page of its organisation.
NAVIGATION = [
    ("Home", "home", lambda m: True, None),
    (
        "Schools",
        "schools",
        lambda m: rules.can_view_area_schools(m) or rules.can_view_trust_schools(m),
        None,
    ),
    ("Providers", "provider_list", rules.can_browse_directory, None),
    ("Approved list", "approved_list", rules.can_view_approved_list, None),
    (
        "Your profile",
        "provider_detail",
        rules.is_provider,
        _own_provider_page,
    ),
    ("Members", "members", rules.can_manage_members, None),
    ("Your organisation", "organisation", lambda m: True, None),
]


def acting_membership(request):
    """The acting organisation for the header, and the navigation its role may use."""
    membership = getattr(request, "membership", None)
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else None
    navigation = []
    if membership is not None:
        for label, name, shown, url in NAVIGATION:
            if not shown(membership):
                continue
            href = url(membership) if url else reverse(name)
            is_current = name == current and (url is None or request.path == href)
            navigation.append({"label": label, "url": href, "current": is_current})
    return {
        "membership": membership,
        "memberships": getattr(request, "memberships", []),
        "navigation": navigation,
    }
