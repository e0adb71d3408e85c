"""Who a request to the API acts as: the API key it presents, and nothing else.

On paths under /api/v1/ the session is never used (a browser's cookie does not reach the API, so the API
needs no CSRF defence and cannot be driven by a page a signed-in person visits) and Basic authentication is
never offered: the key in `Authorization: Api-Key ...` decides `request.user` (the key's account) and
`request.membership` (the key's membership), or nobody at all. `ActingMembershipMiddleware`, after this
one, then scopes the view to that membership as it does every page: the one scoping path.
"""

from django.contrib.auth.models import AnonymousUser

from api.keys import SCHEME, key_for

API_PREFIX = "/api/v1/"


def presented_key(request) -> str | None:
    """The key in the Authorization header, or None when the header names another scheme or none."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value if scheme == SCHEME and value.strip() else None


class ApiKeyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(API_PREFIX):
            presented = presented_key(request)
            api_key = key_for(presented) if presented else None
            request.api_key = api_key
            request.api_key_presented = presented is not None
            if api_key is None:
                request.user = AnonymousUser()
                request.membership, request.memberships = None, []
            else:
                request.user = api_key.membership.user
                request.membership, request.memberships = api_key.membership, [api_key.membership]
        return self.get_response(request)
