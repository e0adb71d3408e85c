"""A test client that posts as a page drawn just now would: bound to the membership acted for now.

Most tests post straight to a view, not through a page's form; this client adds the binding that every
form of the service carries (apcommission/tenancy/binding.py), so those tests need not. It is no proof
that the pages carry it: tests/tenancy/test_bound_forms.py reads the forms of every page with a plain
client, and tests/access/test_bound_posts.py posts with no binding and with the wrong one.
"""

from django.test import Client

from apcommission.tenancy.binding import PARAMETER, bound_url
from apcommission.tenancy.middleware import SESSION_KEY
from apcommission.tenancy.selectors import landing_membership, memberships_of


def acting_membership(client: Client):
    """The membership the client's next request acts for, worked out as the middleware does, or None."""
    session = client.session
    user_id = session.get("_auth_user_id")
    if user_id is None:
        return None
    memberships = memberships_of(user_id)
    chosen = session.get(SESSION_KEY)
    return next((m for m in memberships if m.pk == chosen), None) or landing_membership(memberships)


class BoundClient(Client):
    def post(self, path, data=None, *args, query_params=None, **kwargs):
        if PARAMETER not in path and PARAMETER not in (query_params or {}):
            membership = acting_membership(self)
            if query_params:
                query_params = {**query_params, PARAMETER: membership.pk} if membership else query_params
            else:
                path = bound_url(path, membership)
        return super().post(path, data, *args, query_params=query_params, **kwargs)
