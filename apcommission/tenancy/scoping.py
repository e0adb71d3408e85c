"""The one scoping path for tenant data.

Every tenant-owned model uses `TenantManager`. Its queries are filtered by the acting membership that is
active for the current request (set once by `ActingMembershipMiddleware`), and a query made with no scope
active raises `ScopeError` instead of quietly returning everybody's rows. Code with no request (Celery
tasks, management commands, the operator's admin) says so explicitly with `unscoped(reason)`.

Each model states what a membership may see in its queryset's `visible_to(membership)`; that method is
the rule, and the manager applies it. `Model.objects.visible_to(m)` may also be called directly (a task
acting for a given membership does that inside `unscoped`).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


class ScopeError(RuntimeError):
    """Tenant data was queried with no scope active: a bug, never a user error."""


class _Unscoped:
    def __init__(self, reason: str):
        self.reason = reason

    def __repr__(self) -> str:
        return f"<unscoped: {self.reason}>"


class _Nobody:
    """The scope of a request with no membership (anonymous, operator, removed member): sees nothing."""

    def __repr__(self) -> str:
        return "<nobody>"


NOBODY = _Nobody()
_scope: ContextVar[object | None] = ContextVar("tenant_scope", default=None)


@contextmanager
def acting_as(membership: Membership | None):
    """Scope every tenant query in the block to what `membership` may see (nothing, if None)."""
    token = _scope.set(membership if membership is not None else NOBODY)
    try:
        yield
    finally:
        _scope.reset(token)


@contextmanager
def unscoped(reason: str):
    """Lift the scope for work that is not done for one organisation. Say why: it is read in review."""
    if not reason:
        raise ValueError("unscoped() needs a reason")
    token = _scope.set(_Unscoped(reason))
    try:
        yield
    finally:
        _scope.reset(token)


def current_scope():
    return _scope.get()


class TenantQuerySet(models.QuerySet):
    def visible_to(self, membership: Membership):
        """What `membership` may see. Each tenant model's queryset defines this rule."""
        raise NotImplementedError(f"{self.model.__name__} must define visible_to()")


class TenantManager(models.Manager):
    """The default manager of every tenant-owned model: filtered by the active scope, or an error."""

    def get_queryset(self):
        scope = _scope.get()
        queryset = super().get_queryset()
        if scope is None:
            raise ScopeError(
                f"{self.model.__name__} was queried with no tenant scope active. Queries for tenant data "
                "run inside a request's acting membership, or inside unscoped(reason)."
            )
        if isinstance(scope, _Unscoped):
            return queryset
        if scope is NOBODY:
            return queryset.none()
        return queryset.visible_to(scope)
