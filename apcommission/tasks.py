"""How a Celery task says whom it acts for, and signs the history its changes make.

A task over every organisation's data (a retention sweep, a reminder run) is a `sweep`: it runs inside
`unscoped(reason)`, saying why it needs to see every tenant. A task done for one organisation is
`for_membership`: it is sent the id of the membership it acts for (`task.delay(membership_id=m.pk)`),
runs inside `acting_as(membership)`, and is handed that membership as `membership`, to pass on as `by=`.

Either way the history events its changes make carry a pghistory context naming the task, as a
request's carry its user and URL, so that a row changed at night says which task changed it.
"""

import functools
import logging
from collections.abc import Callable

import pghistory
from celery import shared_task

from apcommission.tenancy.models import Membership
from apcommission.tenancy.scoping import acting_as, unscoped

logger = logging.getLogger(__name__)


def _task_name(function: Callable) -> str:
    """The name Celery gives a task by default (what the beat schedule uses), given to it explicitly so
    that the history context and Celery agree."""
    return f"{function.__module__}.{function.__name__}"


def sweep(reason: str, **options) -> Callable:
    """A task over everyone's data, run inside `unscoped(reason)`."""
    if not reason:
        raise ValueError("A sweep says why it sees every organisation's data")

    def decorate(function: Callable):
        name = _task_name(function)

        @functools.wraps(function)
        def run(*args, **kwargs):
            with unscoped(reason), pghistory.context(task=name):
                return function(*args, **kwargs)

        return shared_task(name=name, **options)(run)

    return decorate


def for_membership(**options) -> Callable:
    """A task done for one organisation by one of its people: sent `membership_id`, run acting as that
    membership and handed it as `membership`. A membership removed (or an account deactivated) since
    the task was sent does nothing: nobody acts for it any more."""

    def decorate(function: Callable):
        name = _task_name(function)

        @functools.wraps(function)
        def run(*args, membership_id: int, **kwargs):
            with unscoped("a task finds the membership it was sent to act for"):
                membership = (
                    Membership.objects.active()
                    .filter(pk=membership_id, user__is_active=True)
                    .select_related("organisation", "user")
                    .first()
                )
            if membership is None:
                logger.warning("%s not run: membership %s no longer acts", name, membership_id)
                return None
            context = {"task": name, "user": membership.user_id, "membership": membership.pk}
            with acting_as(membership), pghistory.context(**context):
                return function(*args, membership=membership, **kwargs)

        return shared_task(name=name, **options)(run)

    return decorate
