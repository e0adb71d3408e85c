"""The path of a URL that takes no arguments, worked out once per process instead of on every request.

Every page names the same fixed links (the header, the navigation, the footer): some twenty `reverse`
calls, a fifth of a home page's time when measured. Their paths cannot change while the process runs,
except with the URL configuration or the script prefix, which are part of the key.

`{% url %}` is replaced, as a template builtin (settings.TEMPLATES), by one that keeps argument-less
paths the same way and hands everything else to Django's.
"""

from functools import cache

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()


def path_of(name: str) -> str:
    """`reverse(name)` for a URL that takes no arguments."""
    return _kept(get_urlconf(), get_script_prefix(), name)


@cache
def _kept(urlconf, prefix: str, name: str) -> str:
    return reverse(name, urlconf=urlconf)


class KeptURLNode(URLNode):
    def render(self, context):
        request = context.get("request")
        # `as var` (which swallows a missing URL), arguments and a current app: Django's own tag.
        if self.asvar or self.args or self.kwargs or getattr(request, "current_app", None) is not None:
            return super().render(context)
        path = path_of(self.view_name.resolve(context))
        return conditional_escape(path) if context.autoescape else path


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
