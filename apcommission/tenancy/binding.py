"""Forms bound to the organisation they were made for.

The acting organisation lives in the session, which every tab of the browser shares: someone who opens a
form for one organisation, then switches to another in a second tab, would otherwise send the first form
as the second organisation. So every form that posts to a tenant page says which membership it was drawn
for, and `membership_required` refuses a post made for any membership but the acting one, before the view
runs, so nothing is written.

Why a binding, not the organisation in every URL: the URL would have to name the organisation on every
page, link and redirect, and the session would still decide which one a bare link opens. The binding is
one template tag in the few places a form is drawn (the crispy-forms template every form of ours uses,
and the handful of one-button forms), and one check in the decorator every tenant page already uses.

Why in the query string of the form's action, not a hidden field: reading a field means parsing the body
before the view runs, and a view that takes uploads may need to choose its upload handlers before the body
is read. `request.GET` is read from the URL alone.
"""

import logging
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

# The query parameter that carries the id of the membership a form was drawn for.
PARAMETER = "acting_for"
# Methods that change nothing (RFC 9110's safe methods, as Django's CSRF check counts them).
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")

log = logging.getLogger("apcommission.security")


def bound_url(url: str, membership) -> str:
    """`url` with the binding to `membership` in its query string (replacing any other binding), or
    `url` unchanged when nobody is acting (a page for someone signed out, or with no organisation)."""
    if membership is None:
        return url
    parts = urlsplit(url)
    query = [
        (key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key != PARAMETER
    ]
    query.append((PARAMETER, str(membership.pk)))
    return urlunsplit(parts._replace(query=urlencode(query)))


def unbound(view):
    """Marks the one kind of view whose posts need no binding: switching organisation, which a tab showing
    an earlier organisation may rightly do."""
    view.posts_unbound = True
    return view


def refusal(request, view):
    """The 409 page for a post made for another membership than the acting one (or for none), else None.

    Called by `membership_required` once the acting membership is known."""
    if request.method in SAFE_METHODS or getattr(view, "posts_unbound", False):
        return None
    posted_for = request.GET.get(PARAMETER)
    acting = request.membership
    if posted_for == str(acting.pk):
        return None
    # Named only when it is one of the person's own memberships: an id typed into the URL reveals nothing.
    form_for = next((m for m in request.memberships if str(m.pk) == posted_for), None)
    log.warning(
        "Form refused: made for membership %s, posted while acting as membership %s",
        posted_for or "(none)",
        acting.pk,
    )
    return render(
        request,
        "tenancy/form_for_another_organisation.html",
        {"form_for": form_for, "bound": posted_for is not None, "back_url": _page_the_form_was_on(request)},
        status=409,
    )


def _page_the_form_was_on(request) -> str | None:
    """The page that showed the form (the browser's Referer, when it is one of ours), to go back to."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return None
