"""The service's public pages, linked from every page's footer. Anyone may read them, signed in or not."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET


def _facts() -> dict:
    """What the pages say about this installation, read from its settings so they never disagree."""
    return {
        "support_email": settings.SUPPORT_EMAIL,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "csrf_cookie_days": settings.CSRF_COOKIE_AGE // (24 * 60 * 60),
        "idle_minutes": int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60),
        "absolute_hours": settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds() / 3600,
        "dbs_copy_days": settings.DBS_COPY_RETENTION_DAYS,
    }


@require_GET
def public_page(request, template_name: str):
    """One of the footer's pages (apcommission/pages/urls.py names each and its template)."""
    return render(request, template_name, _facts())
