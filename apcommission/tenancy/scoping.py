"""The one scoping path for tenant data.

Every read of tenant data names whose view it is: `Model.objects.visible_to(membership)`, where each
model's `visible_to` is one line calling its rule from its app's visibility module. The membership is
passed explicitly (selectors take `membership=`, services `by=`), so nothing answers for "whoever is
active" by accident.

The ambient scope is the net under that, as django-scopes is for pretix. `ActingMembershipMiddleware`
sets it once per request; Celery tasks and commands set it with `acting_as(membership)` or, for work
done for nobody in particular, `unscoped(reason)`. A tenant query made with no scope raises
`ScopeError`; so does asking for one membership's view while another is acting. A plain
`Model.objects.filter(...)` (or a related manager) is still filtered to the acting membership's view, so
a forgotten `visible_to` narrows, never widens.
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


def is_unscoped() -> bool:
    """Inside `unscoped(reason)`: work done for nobody in particular."""
    return isinstance(_scope.get(), _Unscoped)


class TenantQuerySet(models.QuerySet):
    def visible_to(self, membership: Membership) -> TenantQuerySet:
        """What `membership` may see. Each tenant model's queryset defines this rule."""
        raise NotImplementedError(f"{self.model.__name__} must define visible_to()")


def check_view_allowed(model: type[models.Model], membership: Membership | None) -> None:
    """Asking for `membership`'s view is allowed while that membership acts, or inside `unscoped()` (a
    task acting for someone). Anything else is a bug: raise rather than answer for the wrong person."""
    scope = _scope.get()
    if scope is None:
        raise ScopeError(
            f"{model.__name__} was queried with no tenant scope active. Queries for tenant data run "
            "inside a request's acting membership, acting_as(membership), or unscoped(reason)."
        )
    if membership is None:
        raise ScopeError(f"{model.__name__}.objects.visible_to() needs the acting membership, not None.")
    if isinstance(scope, _Unscoped):
        return
    if scope is NOBODY or scope.pk != membership.pk:
        raise ScopeError(
            f"{model.__name__} was asked for the view of membership {membership.pk} while {scope!r} is "
            "acting: pass the acting membership."
        )


class TenantManager(models.Manager):
    """The default manager of every tenant-owned model: filtered by the active scope, or an error."""

    def get_queryset(self) -> TenantQuerySet:
        scope = _scope.get()
        queryset = super().get_queryset()
        if scope is None:
            raise ScopeError(
                f"{self.model.__name__} was queried with no tenant scope active. Queries for tenant data "
                "run inside a request's acting membership, acting_as(membership), or unscoped(reason)."
            )
        if isinstance(scope, _Unscoped):
            return queryset
        if scope is NOBODY:
            return queryset.none()
        return queryset.visible_to(scope)

    def visible_to(self, membership: Membership) -> TenantQuerySet:
        """`membership`'s view, with its rule applied once (not again on top of the ambient filter)."""
        check_view_allowed(self.model, membership)
        return super().get_queryset().visible_to(membership)
