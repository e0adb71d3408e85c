"""The settings page of an LA's vocabulary: its entries (standard and the LA's own), a button to retire
each of its own, and a form to add one. Each vocabulary's view calls `vocabulary_page` with its model, its
form and its words; its template shows `components/vocabulary.html`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from apcommission.tenancy.forms import submitted
from apcommission.vocabulary import rules, services
from apcommission.vocabulary.models import VocabularyEntry


@dataclass(frozen=True)
class Row:
    """One entry on the settings list: whether the acting officer may retire it, and what a vocabulary
    shows beside it (`extra`, under the page's `extra_heading`; `change_url`, a link to its own page)."""

    entry: VocabularyEntry
    retirable: bool
    extra: object = None
    change_url: str = ""


def rows(
    entries: Iterable[VocabularyEntry],
    membership,
    *,
    extra: Callable[[VocabularyEntry], object] | None = None,
    change_url: Callable[[VocabularyEntry], str] | None = None,
) -> list[Row]:
    return [
        Row(
            entry=entry,
            retirable=rules.can_retire_la_setting(membership, entry),
            extra=extra(entry) if extra else None,
            change_url=change_url(entry) if change_url and entry.retired_at is None else "",
        )
        for entry in entries
    ]


def posted_entry_or_404(model: type[VocabularyEntry], request: HttpRequest) -> VocabularyEntry:
    """The entry whose id the retire button posted, among the acting LA's own entries: a standard entry,
    another LA's, or a value that is not an id is not found."""
    value = request.POST["retire"]
    if not value.isdigit():
        raise Http404
    own = model.objects.visible_to(request.membership).added_by(request.membership.organisation_id)
    return get_object_or_404(own, pk=int(value))


def vocabulary_page(
    request: HttpRequest,
    model: type[VocabularyEntry],
    form_class: type[Form],
    *,
    template: str,
    added: str,
    retired: str,
    context: Callable[[], dict] | None = None,
) -> HttpResponse:
    """Retire the entry a button posted (`retire`), or add the entry the form posted, then come back with a
    message: "<name> added. <added>" or "<name> retired. <retired>". Otherwise show the page, whose
    `context()` gives the rows and anything else it needs."""
    membership = request.membership
    if request.method == "POST" and "retire" in request.POST:
        entry = services.retire_entry(posted_entry_or_404(model, request), by=membership)
        messages.success(request, f"{entry} retired. {retired}")
        return redirect(request.path)
    form = form_class(submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.add_entry(model, by=membership, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{entry} added. {added}")
            return redirect(request.path)
    return render(request, template, {"form": form, "noun": model.noun, **(context() if context else {})})
