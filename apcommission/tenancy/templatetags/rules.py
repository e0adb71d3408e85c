"""`{% load rules %}`: every app's rules for templates, which cannot call a function with arguments.

Each app's `rules` module lists the rules its pages ask in `FOR_TEMPLATES` (about the membership alone:
`{% if membership|may_manage_members %}`) and `ON_A_RECORD` (`{% if membership|may_reply:action %}`,
false when there is no record). A filter is the rule under a name a template reads and adds nothing of
its own, so a template shows a link exactly when the view would answer it. The core names no app: it
finds each installed app's `rules` module.
"""

from importlib import import_module
from importlib.util import find_spec

from django import template
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

register = template.Library()


def _on_a_record(rule):
    def check(membership, record) -> bool:
        return record is not None and rule(membership, record)

    return check


def _rules_modules():
    for config in apps.get_app_configs():
        name = f"{config.name}.rules"
        if find_spec(config.name) is not None and find_spec(name) is not None:
            yield import_module(name)


def _register(name: str, rule, module) -> None:
    # Every app shares one filter namespace: a second app naming a rule the same would silently replace
    # the first app's rule on every page, so it stops the project loading instead.
    if name in register.filters:
        raise ImproperlyConfigured(f"{module.__name__}: another app already names a rule {name!r}")
    register.filter(name, rule)


for module in _rules_modules():
    for name, rule in getattr(module, "FOR_TEMPLATES", {}).items():
        _register(name, rule, module)
    for name, rule in getattr(module, "ON_A_RECORD", {}).items():
        _register(name, _on_a_record(rule), module)
