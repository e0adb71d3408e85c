"""Resolves who the request acts as, once, and runs the view inside that scope."""

from apcommission.tenancy.scoping import acting_as, unscoped
from apcommission.tenancy.selectors import landing_membership
from apcommission.tenancy.standing import standing_for

SESSION_KEY = "acting_membership_id"


class ActingMembershipMiddleware:
    """Sets `request.membership` (the organisation and role the person acts as now) and
    `request.memberships` (all they hold), and scopes every tenant query in the view to it.

    The operator's Django admin is the one exception: it runs unscoped, for support staff only.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if hasattr(request, "membership"):
            # Already decided by the one middleware that may (the API's: the key presented, never the
            # session): scope the view to it like any other.
            with acting_as(request.membership):
                return self.get_response(request)
        request.memberships = standing_for(request).memberships if request.user.is_authenticated else []
        chosen = request.session.get(SESSION_KEY) if request.memberships else None
        request.membership = next((m for m in request.memberships if m.pk == chosen), None)
        if request.membership is None and request.memberships:
            # A new session (or a membership since removed): land where the person last worked, and keep
            # this session there even if they switch organisation in another browser meanwhile.
            request.membership = landing_membership(request.memberships)
            request.session[SESSION_KEY] = request.membership.pk
        if (
            request.user.is_authenticated
            and request.user.is_operator
            and request.path_info.startswith("/admin/")
        ):
            scope = unscoped("the operator's support admin")
        else:
            scope = acting_as(request.membership)
        with scope:
            return self.get_response(request)
