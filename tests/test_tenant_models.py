"""Every model of every app of ours is tenant data with its own rule, or says why it is not; history is
never read through the scoping path. A new model that keeps Django's default manager fails here."""

import ast
import inspect
import textwrap
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from apcommission.tenancy.history import HistoryEventManager
from apcommission.tenancy.scoping import ScopeError, TenantManager, TenantQuerySet, acting_as, unscoped

# Models that are not any organisation's data, and why. Keep it short: everything else is scoped.
NOT_TENANT_DATA = {
    "accounts.User": "a person, who may belong to several organisations; read through their memberships",
    "audit.AccessEvent": "the append-only access log, read by the operator only (its admin is unscoped)",
    "alerts.SweepMark": "one row saying when alerts were last made, for the sweep: nobody's data",
}


def project_models():
    root = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(root) and "site-packages" not in path.parts:
            yield from config.get_models()


def is_history(model) -> bool:
    return model._meta.label.endswith("Event") and hasattr(model, "pgh_tracked_model")


TENANT_MODELS = [m for m in project_models() if not is_history(m) and m._meta.label not in NOT_TENANT_DATA]
HISTORY_MODELS = [m for m in project_models() if is_history(m)]


def test_the_lists_are_what_we_think():
    assert len(TENANT_MODELS) >= 17
    assert len(HISTORY_MODELS) >= 14
    labels = {m._meta.label for m in project_models()}
    assert set(NOT_TENANT_DATA) <= labels, "the allow-list names a model that no longer exists"


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m._meta.label)
def test_every_tenant_model_has_a_scoped_default_manager_and_its_own_rule(model):
    assert isinstance(model._default_manager, TenantManager), (
        f"{model._meta.label} keeps a manager that is not TenantManager: give it "
        "TenantManager.from_queryset(<its queryset with visible_to>)(), or add it to NOT_TENANT_DATA with why"
    )
    queryset = model._default_manager._queryset_class
    assert "visible_to" in vars(queryset), f"{queryset.__name__} must define its own visible_to"
    assert queryset.visible_to is not TenantQuerySet.visible_to


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m._meta.label)
def test_each_rule_is_one_line_calling_the_apps_visibility_module(model):
    """`return self.filter(visibility.<rule>(membership))`: the rule itself lives in one module per app."""
    method = model._default_manager._queryset_class.visible_to
    body = [
        node
        for node in ast.parse(textwrap.dedent(inspect.getsource(method))).body[0].body
        if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
    ]
    assert len(body) == 1, ast.unparse(body)
    assert isinstance(body[0], ast.Return), ast.unparse(body)
    call = body[0].value
    assert ast.unparse(call.func) == "self.filter", ast.unparse(call)
    (rule,) = call.args
    assert isinstance(rule, ast.Call), ast.unparse(rule)
    assert ast.unparse(rule.func).startswith("visibility."), ast.unparse(rule)
    assert inspect.getmodule(method).visibility.__name__.endswith(".visibility")


@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda m: m._meta.label)
def test_history_is_readable_only_unscoped(world, model):
    assert isinstance(model._default_manager, HistoryEventManager)
    with acting_as(world.members["la_officer"]), pytest.raises(ScopeError):
        list(model.objects.all()[:1])
    with acting_as(world.members["la_officer"]), pytest.raises(ScopeError):
        model.objects.count()
    with unscoped("the operator reads history"):
        model.objects.count()


def test_no_page_reads_history_through_pghistorys_own_models():
    """`pghistory.models.Events` aggregates every event table with no guard: only the history module and
    the operator's admin may touch pghistory's models."""
    root = Path(settings.BASE_DIR)
    allowed = {Path("apcommission/tenancy/history.py")}
    offenders = []
    for path in root.glob("**/*.py"):
        relative = path.relative_to(root)
        if (
            relative.parts[0] in {".venv", "tests", "node_modules", "scripts"}
            or "migrations" in relative.parts
        ):
            continue
        if relative in allowed or relative.name == "admin.py":
            continue
        if "pghistory.models" in path.read_text() or "from pghistory import models" in path.read_text():
            offenders.append(str(relative))
    assert offenders == []
