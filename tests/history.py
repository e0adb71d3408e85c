"""Reading history events in tests: history has no rule of its own, so it is read unscoped, as the
operator's admin reads it."""

from django.apps import apps

from apcommission.tenancy.scoping import unscoped


def history(label: str, **filters) -> list:
    """The events of the event model `label` ("tenancy.MembershipEvent") matching `filters`, oldest first."""
    with unscoped("a test reads a record's history"):
        return list(apps.get_model(label).objects.filter(**filters).order_by("pgh_id"))
