"""The one shape of a page that asks for a piece of writing about a record and hands it to a service: a
follow-up note or a reply on a QA action, the reason a check or a visit was entered in error."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render


def note_page(
    request,
    *,
    allowed: bool,
    form,
    save: Callable[[dict], object],
    done: Callable[[], str],
    then: str,
    template: str,
    context: dict,
):
    """Refuse (403) unless the rule `allowed` it; on a valid post, `save` the form's cleaned data (the
    service's refusals are shown on the form), say `done()` and go on to `then`; else show the form, with
    a back link to `then`."""
    if not allowed:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done())
            return redirect(then)
    return render(request, template, {"form": form, "back_url": then, **context})
