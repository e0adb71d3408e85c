from apcommission.tenancy import contributions


def acting_membership(request):
    """The acting organisation for the header, and the navigation its role may use (each app's links)."""
    membership = getattr(request, "membership", None)
    match = getattr(request, "resolver_match", None)
    navigation = []
    if membership is not None:
        navigation = contributions.navigation(
            membership, current=match.view_name if match else None, path=request.path
        )
    return {
        "membership": membership,
        "memberships": getattr(request, "memberships", []),
        "navigation": navigation,
    }
