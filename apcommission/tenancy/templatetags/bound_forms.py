"""`{% form_action %}`: the action of a form that posts, bound to the membership it is drawn for."""

from django import template
from django.urls import reverse

from apcommission.tenancy.binding import bound_url

register = template.Library()


@register.simple_tag(takes_context=True)
def form_action(context, view_name: str = "", *args) -> str:
    """This page's URL (its query string kept), or `view_name` reversed with `args` as `{% url %}` does,
    carrying the acting membership (apcommission/tenancy/binding.py)."""
    request = context.get("request")  # None for a form drawn outside a request (render_crispy_form)
    here = request.get_full_path() if request else ""
    url = reverse(view_name, args=args) if view_name else here
    return bound_url(url, getattr(request, "membership", None))
