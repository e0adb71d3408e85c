"""Template filters for GOV.UK forms, loaded as `{% load govuk_forms %}` (see TEMPLATES in settings)."""

from django import template

register = template.Library()


@register.filter
def summary_errors(bound_field) -> list[tuple[str, str]]:
    """The field's errors for the error summary as (id to link to, message), each message once.

    A date's error marks every box it concerns (so each is highlighted), but the summary lists it once,
    linked to the first of them, as the Design System asks."""
    seen, items = set(), []
    for index, subfield in enumerate(getattr(bound_field.field, "fields", ())):
        for message in getattr(subfield.widget, "errors", ()):
            if message not in seen:
                seen.add(message)
                items.append((f"{bound_field.auto_id}_{index}", message))
    for message in bound_field.errors:
        if message not in seen:
            seen.add(message)
            items.append((bound_field.auto_id, message))
    return items
