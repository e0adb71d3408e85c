"""Applying new values to a record so that saving a form unchanged writes nothing.

An unchanged save must not touch the row: it would add a history event that says nothing happened, move
"last updated" and who updated it, and (for a provider's profile) list fields as changed since the LA
verified it.
"""

from django.db import models


def assign_changes(instance: models.Model, values: dict) -> list[str]:
    """Sets each of `values` on `instance` that differs from what it holds, and returns those field
    names (empty when nothing differs, in which case nothing needs saving)."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed
