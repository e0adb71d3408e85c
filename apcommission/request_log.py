"""One line per refused or bad request in the logs, instead of a traceback.

Django logs a 403 from `PermissionDenied`, and a 400 from a suspicious or oversized request, with the
exception's traceback (loggers `django.request` and `django.security.*`). A refusal is the service
working as designed, not a fault: the traceback buried real errors in `make run`'s terminal and in the
logs. Server errors (5xx) keep theirs.
"""

import logging

from django.http import HttpRequest


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
            record.args = (status, request.method, _escaped(request.path), who(request), reason)
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


def _escaped(text: str) -> str:
    # As Django does for the values it logs: a path cannot forge a second log line.
    return text.encode("unicode_escape").decode("ascii")
