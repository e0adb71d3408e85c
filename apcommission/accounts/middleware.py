"""Sign-in rules that apply to every request: session limits and MFA before anything else."""

import logging

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode

log = logging.getLogger("apcommission.security")

STARTED_KEY = "session_started_at"
LAST_SEEN_KEY = "session_last_seen_at"
# Activity is written to the session at most this often, so most requests save no session at all. The
# idle limit can then end a session up to this much early, never late.
LAST_SEEN_RESOLUTION_SECONDS = 30


class SessionLimitsMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT without a request, or SESSION_ABSOLUTE_TIMEOUT in all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            started = request.session.get(STARTED_KEY)
            last_seen = request.session.get(LAST_SEEN_KEY, started)
            if started is None:
                request.session[STARTED_KEY] = now
            elif now - last_seen > settings.SESSION_IDLE_TIMEOUT.total_seconds():
                return self._end(
                    request, "You were signed out because you had not used the service for a while."
                )
            elif now - started > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds():
                return self._end(
                    request, "You were signed out because you had been signed in for a long time."
                )
            if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    def _end(self, request, message):
        log.info("session ended by time limit")
        logout(request)
        messages.info(request, f"{message} Sign in again to carry on.")
        login_url = reverse(settings.LOGIN_URL)
        if request.method == "GET":
            return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
        return redirect(login_url)


# URL names a signed-in person without MFA may still reach: setting MFA up, and leaving.
MFA_SETUP_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "account_reauthenticate",
        "account_logout",
        "account_email_verification_sent",
        "account_confirm_email",
        "healthz",
        "ping",
        "accept_invitation",
    }
)


class RequireMFAMiddleware:
    """Nobody sees any page (the admin included) until they have set up an authenticator app."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not self._has_totp(request.user):
            try:
                url_name = resolve(request.path_info).url_name
            except Resolver404:
                url_name = None
            if url_name not in MFA_SETUP_URL_NAMES:
                return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _has_totp(user) -> bool:
        return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class NoStoreMiddleware:
    """Pages for a signed-in person may carry children's data: browsers and proxies must not keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response
