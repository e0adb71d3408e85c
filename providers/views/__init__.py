"""Thin views, one module per part of the providers app: each parses the request, asks a selector or a
service and renders. Who may do what is asked of `apcommission.tenancy.rules`."""

from django.http import Http404
from django.shortcuts import get_object_or_404


def posted_object_or_404(queryset, value: str):
    """The object whose id was posted (a retire button's value), looked up through `queryset`, which the
    caller scopes; anything else, including a value that is not an id, is not found."""
    if not value.isdigit():
        raise Http404
    return get_object_or_404(queryset, pk=int(value))
