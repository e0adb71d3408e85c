"""Sign-in rules that apply to every request: session limits and MFA before anything else."""

import logging
import time

from allauth.account import app_settings
from allauth.account.internal.flows.login import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
)
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode

from apcommission.tenancy.standing import standing_for

log = logging.getLogger("apcommission.security")

STARTED_KEY = "session_started_at"
LAST_SEEN_KEY = "session_last_seen_at"
# Activity is written to the session at most this often, so most requests save no session at all. The
# idle limit can then end a session up to this much early, never late.
LAST_SEEN_RESOLUTION_SECONDS = 30


def start_session_clocks(sender, request, user, **kwargs):
    """Starts both session limits the moment someone signs in (connected to `user_logged_in` in apps.py:
    every way of signing in, allauth's, an invitation's or the admin's, goes through `login()`).

    Starting them at the first request after sign-in instead would let a session nobody used outlive both.
    """
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[STARTED_KEY] = now
        request.session[LAST_SEEN_KEY] = now


class SessionLimitsMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT without a request, or SESSION_ABSOLUTE_TIMEOUT in all,
    both counted from sign-in. A signed-in session without its clocks cannot be shown to be within either
    limit, so it is ended too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            started = request.session.get(STARTED_KEY)
            last_seen = request.session.get(LAST_SEEN_KEY)
            if started is None or last_seen is None:
                return self._end(request, "You were signed out for your security.")
            if now - last_seen > settings.SESSION_IDLE_TIMEOUT.total_seconds():
                return self._end(
                    request, "You were signed out because you had not used the service for a while."
                )
            if now - started > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds():
                return self._end(
                    request, "You were signed out because you had been signed in for a long time."
                )
            if now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
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
        # A pupil's or a parent's views by a one-time link (reviews/voice_urls.py): public, naming nobody.
        "voice",
        "voice_thanks",
        # The public pages linked from every page's footer (apcommission/pages/urls.py).
        "privacy_notice",
        "accessibility_statement",
        "cookies",
        "contact",
    }
)


def password_sign_in_counts_for_mfa_setup(sender, request, user, **kwargs):
    """Someone signed in with a password who has no authenticator app yet is sent straight to set one up,
    and allauth wants a recent re-authentication for that. The password typed a moment ago is one: without
    this they would be asked for it twice (connected to `user_logged_in` in apps.py).

    People with an authenticator app sign in with a code as well and are asked again for sensitive changes,
    as allauth intends.
    """
    if request is None or not hasattr(request, "session") or _has_totp(user):
        return
    records = get_authentication_records(request, user)
    latest = records[-1] if records else {}
    if (
        latest.get("method") == "password"
        and time.time() - latest["at"] < app_settings.REAUTHENTICATION_TIMEOUT
    ):
        latest["reauthenticated"] = True
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = records


def _has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireMFAMiddleware:
    """Nobody sees any page (the admin included) until they have set up an authenticator app."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not standing_for(request).has_authenticator:
            try:
                url_name = resolve(request.path_info).url_name
            except Resolver404:
                url_name = None
            if url_name not in MFA_SETUP_URL_NAMES:
                return redirect("mfa_activate_totp")
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages for a signed-in person may carry children's data: browsers and proxies must not keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response
