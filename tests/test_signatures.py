"""Every service and selector says what it takes and what it gives back: a public function there with a
parameter or its return unannotated fails here, so the next one written is typed too. And each names
whose view it acts for at the call: the acting membership (`membership=` in a selector, `by=` in a
service) is keyword-only, so no call can pass it by position, or pass the wrong membership unseen."""

import importlib
import inspect
import pkgutil
from types import ModuleType

import pytest

import providers.selectors
import providers.services

# Where the reads and the writes live. A package stands for every module in it, the new ones included.
PACKAGES = (providers.selectors, providers.services)
MODULES = (
    "apcommission.tenancy.selectors",
    "apcommission.tenancy.services",
    "apcommission.accounts.selectors",
    "apcommission.accounts.services",
    "apcommission.vocabulary.services",
    "apcommission.workflow",
    "referrals.services",
    "panels.services",
    "panels.selectors",
    "pupils.services",
    "pupils.selectors",
    "pupils.importing",
    "pupils.import_uploads",
    "referrals.selectors",
    "referrals.visits",
    "referrals.details",
    "referrals.waiting",
    "placements.services",
    "placements.selectors",
    "placements.sharing",
    "placements.checks",
    "placements.costs",
    "placements.area_selectors",
    "placements.area_services",
    "progress.services",
    "progress.selectors",
    "attendance.services",
    "attendance.selectors",
    "attendance.files",
    "safeguarding.services",
    "safeguarding.selectors",
    "safeguarding.alerts",
    "contacts.services",
    "contacts.selectors",
)


def signature_modules() -> list[ModuleType]:
    found = [importlib.import_module(name) for name in MODULES]
    for package in PACKAGES:
        found.append(package)
        found += [
            importlib.import_module(f"{package.__name__}.{info.name}")
            for info in pkgutil.iter_modules(package.__path__)
        ]
    return found


def public_functions(module: ModuleType) -> list:
    """The functions a module defines itself (not those it imports) whose names do not start with `_`."""
    return [
        function
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and function.__module__ == module.__name__
    ]


def unannotated(function) -> list[str]:
    """The parameters of `function` without an annotation, and "return" when its result has none."""
    signature = inspect.signature(function)
    missing = [
        name
        for name, parameter in signature.parameters.items()
        if parameter.annotation is inspect.Parameter.empty
    ]
    if signature.return_annotation is inspect.Signature.empty:
        missing.append("return")
    return missing


# The names the acting membership goes by in a selector and a service.
ACTING = ("membership", "by")


def acting_by_position(function) -> list[str]:
    """The parameters of `function` naming the acting membership that a call may pass by position."""
    return [
        name
        for name, parameter in inspect.signature(function).parameters.items()
        if name in ACTING and parameter.kind is not inspect.Parameter.KEYWORD_ONLY
    ]


@pytest.mark.parametrize("module", signature_modules(), ids=lambda module: module.__name__)
def test_every_public_function_is_annotated(module):
    functions = public_functions(module)
    missing = {function.__name__: gaps for function in functions if (gaps := unannotated(function))}
    assert not missing, f"{module.__name__}: annotate {missing}"


@pytest.mark.parametrize("module", signature_modules(), ids=lambda module: module.__name__)
def test_the_acting_membership_is_named_at_every_call(module):
    functions = public_functions(module)
    positional = {
        function.__name__: names for function in functions if (names := acting_by_position(function))
    }
    assert not positional, f"{module.__name__}: make keyword-only (after `*`) {positional}"


def test_the_modules_have_functions_to_check():
    """The check above passes vacuously if it finds no functions: it must find the familiar ones."""
    names = {function.__name__ for module in signature_modules() for function in public_functions(module)}
    assert {
        "evidence_summaries",
        "record_visit",
        "add_to_list",
        "memberships_of",
        "open_invitations",
    } <= names


def test_an_unannotated_parameter_or_return_is_found():
    def typed(*, by: int, name: str = "") -> str:
        return name

    def untyped(provider, *, by: int, **filters):
        return provider

    assert unannotated(typed) == []
    assert unannotated(untyped) == ["provider", "filters", "return"]


def test_an_acting_membership_passed_by_position_is_found():
    def named(provider: int, *, membership: int) -> int:
        return provider

    def positional(membership: int, provider: int = 0, *, by: int = 0) -> int:
        return provider

    def either(pk: int, by: int) -> int:
        return pk

    assert acting_by_position(named) == []
    assert acting_by_position(positional) == ["membership"]
    assert acting_by_position(either) == ["by"]
