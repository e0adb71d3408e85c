"""Django's and allauth's sign-in backends, reading the signed-in user as `tenancy.standing` keeps them:
the user, their authenticator and their memberships in one cache round trip instead of three queries."""

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends as django_backends

from apcommission.tenancy.standing import signed_in_user


class _KeptUser:
    def get_user(self, user_id):
        user = signed_in_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_KeptUser, django_backends.ModelBackend):
    pass


class AuthenticationBackend(_KeptUser, allauth_backends.AuthenticationBackend):
    pass
