"""View decorators that apply the rules module. Deny by default: every tenant page uses one of these."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from apcommission.tenancy import binding


def membership_required(view):
    """Signed in, and acting for an organisation. The operator and removed members see a plain refusal.

    A post must also be bound to the acting membership (apcommission/tenancy/binding.py): one made in a
    tab drawn for another of the person's organisations is refused before the view runs, so nothing is
    written as the organisation they have since switched to."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.membership is None:
            return render(request, "tenancy/no_organisation.html", status=403)
        if refused := binding.refusal(request, view):
            return refused
        return view(request, *args, **kwargs)

    wrapper.binds_posts = not getattr(view, "posts_unbound", False)

    return wrapper


def rule_required(rule):
    """The acting membership must pass `rule` (a function from tenancy.rules), else 403."""

    def decorator(view):
        @membership_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not rule(request.membership):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
