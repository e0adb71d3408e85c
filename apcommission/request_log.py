"""One line per refused or bad request in the logs, instead of a traceback.

Django logs a 403 from `PermissionDenied`, and a 400 from a suspicious or oversized request, with the
exception's traceback (loggers `django.request` and `django.security.*`). A refusal is the service
working as designed, not a fault: the traceback buried real errors in `make run`'s terminal and in the
logs. Server errors (5xx) keep theirs.

The line names the URL's pattern (`/invitations/<token>/`), not the path asked for: a path can carry a
secret that still works after the refusal (an invitation's token, a password-reset key).
"""

import logging
import re

from django.http import HttpRequest
from django.urls import Resolver404, resolve
from gunicorn import glogging

# path()'s "<str:token>" and re_path()'s "(?P<token>[-\w]+)" are both logged as "<token>".
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>(?:[^()\[\\]|\\.|\[(?:[^\]\\]|\\.)*\])*\)")
# In a path that matches no pattern, a segment this long may be a token or a key: it is not logged.
_OPAQUE_SEGMENT_LENGTH = 16


class ClientErrorFilter(logging.Filter):
    """Rewrites each 4xx record about a request as one line saying who asked for what, and the status.

    Attached to the handler (settings.LOGGING), so it sees the records of every `django.security.*`
    logger too. Who is said by ids (user, membership), never by name or email: no personal data in logs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request, status = getattr(record, "request", None), getattr(record, "status_code", None)
        if getattr(record, "one_line", False):  # already rewritten, for another handler
            return True
        if isinstance(request, HttpRequest) and isinstance(status, int) and 400 <= status < 500:
            reason = record.getMessage().split(":", 1)[0]
            record.msg = "%s %s %s %s: %s"
            record.args = (status, request.method, _escaped(loggable_path(request)), who(request), reason)
            record.exc_info = record.exc_text = None
            record.stack_info = None
            record.one_line = True
        return True


def who(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "by someone signed out"
    membership = getattr(request, "membership", None)
    if membership is None:
        return f"by user {user.pk}"
    return f"by user {user.pk} as membership {membership.pk} ({membership.role})"


def loggable_path(request: HttpRequest) -> str:
    """The URL pattern the request matched, such as `/invitations/<token>/`, with its whole-number
    arguments (database ids, not secrets) after it: `/providers/<pk>/ (pk=13)`. A path that matches no
    pattern is given with every segment of _OPAQUE_SEGMENT_LENGTH characters or more hidden."""
    match = getattr(request, "resolver_match", None)
    if match is None:  # refused before the URL was resolved (by a middleware), or matching nothing
        return path_for_log(request.path_info, getattr(request, "urlconf", None))
    return _described(match)


def path_for_log(path: str, urlconf=None) -> str:
    """`loggable_path` for a bare path, where there is no Django request (gunicorn's access log)."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return _masked(path)
    return _described(match)


def _described(match) -> str:
    route = _NAMED_GROUP.sub(r"<\1>", _CONVERTER.sub(r"<\1>", match.route))
    path = "/" + route.removeprefix("^").removesuffix("$")
    ids = [f"{name}={value}" for name, value in match.captured_kwargs.items() if type(value) is int]
    return f"{path} ({', '.join(ids)})" if ids else path


def _masked(path: str) -> str:
    return "/".join("<hidden>" if len(part) >= _OPAQUE_SEGMENT_LENGTH else part for part in path.split("/"))


def _escaped(text: str) -> str:
    # As Django does for the values it logs: a path cannot forge a second log line.
    return text.encode("unicode_escape").decode("ascii")


class AccessLogger(glogging.Logger):
    """gunicorn's access log (`--logger-class apcommission.request_log.AccessLogger`) with each path as
    `loggable_path` gives it, and no query string, referrer or WSGI environment: any of them can carry a
    working invitation token or password-reset key, and gunicorn logs every request, not only refused
    ones."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = _escaped(path_for_log(environ.get("PATH_INFO") or "/"))
        request_line = f"{environ['REQUEST_METHOD']} {path} {environ['SERVER_PROTOCOL']}"
        atoms.update(r=request_line, U=path, q="", f="-")
        # The WSGI environment's atoms repeat the raw path, query and referrer: none is logged.
        for key in [key for key in atoms if key.endswith("}e") or key == "{referer}i"]:
            del atoms[key]
        return atoms
