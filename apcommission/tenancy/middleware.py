"""Resolves who the request acts as, once, and runs the view inside that scope."""

from apcommission.tenancy.scoping import acting_as, unscoped
from apcommission.tenancy.selectors import memberships_of

SESSION_KEY = "acting_membership_id"


class ActingMembershipMiddleware:
    """Sets `request.membership` (the organisation and role the person acts as now) and
    `request.memberships` (all they hold), and scopes every tenant query in the view to it.

    The operator's Django admin is the one exception: it runs unscoped, for support staff only.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = memberships_of(request.user) if request.user.is_authenticated else []
        chosen = request.session.get(SESSION_KEY) if request.memberships else None
        request.membership = next(
            (m for m in request.memberships if m.pk == chosen),
            request.memberships[0] if request.memberships else None,
        )
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
