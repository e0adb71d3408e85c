"""The API's one way in, for Django REST framework: the key `ApiKeyMiddleware` recognised. No session and
no Basic authentication (Basic would let a password through without its second factor)."""

from django.conf import settings
from rest_framework import authentication, exceptions, permissions, throttling

from apcommission.tenancy.scoping import NOBODY, current_scope
from api.keys import SCHEME


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        underlying = request._request
        api_key = getattr(underlying, "api_key", None)
        if api_key is not None:
            return api_key.membership.user, api_key
        if getattr(underlying, "api_key_presented", False):
            raise exceptions.AuthenticationFailed(
                "That API key is not valid: it may have expired or been revoked."
            )
        return None

    def authenticate_header(self, request):
        return SCHEME  # a 401 says which scheme to use (WWW-Authenticate: Api-Key)


class HasApiKey(permissions.BasePermission):
    """A key was presented and the view runs in its membership's scope (set by the middleware)."""

    message = "Send an API key: Authorization: Api-Key <your key>."

    def has_permission(self, request, view):
        return request.auth is not None and current_scope() not in (None, NOBODY)


class KeyRateThrottle(throttling.SimpleRateThrottle):
    """Requests a minute per key (settings.API_KEY_RATE), counted in the shared cache (Redis) so every
    worker counts the same."""

    scope = "api_key"

    def get_rate(self):
        return settings.API_KEY_RATE

    def get_cache_key(self, request, view):
        if request.auth is None:
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}
