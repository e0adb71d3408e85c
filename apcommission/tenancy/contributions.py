"""What each app adds to the service's shell: its links in the navigation and its panels on the home
page. The core names no app: each app's config lists its own in `ready()` (as `navigation` and
`home_panels`), and the header and the home page gather them from every installed app, in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.apps import apps

from apcommission.paths import path_of
from apcommission.tenancy.models import Membership

Rule = Callable[[Membership], bool]


@dataclass(frozen=True)
class NavigationLink:
    label: str
    url_name: str
    shown: Rule  # a rule from the app's rules module
    order: int
    # How to build the URL when the page takes arguments (a provider's own profile page).
    url: Callable[[Membership], str] | None = None
    # How many things behind the link wait for the person (a DSL's new safeguarding concerns), shown
    # beside it on every page: read from the cache, as the header must cost no query.
    count: Callable[[Membership], int] | None = None


@dataclass(frozen=True)
class HomePanel:
    template: str  # rendered with `membership` and `organisation`
    shown: Rule
    order: int


@cache
def _contributed(attribute: str) -> tuple:
    found = [item for config in apps.get_app_configs() for item in getattr(config, attribute, ())]
    return tuple(sorted(found, key=lambda item: item.order))


def navigation(membership: Membership, *, current: str | None, path: str) -> list[dict]:
    """The links `membership` may follow, each marked current when it is the page being shown."""
    links = []
    for link in _contributed("navigation"):
        if not link.shown(membership):
            continue
        href = link.url(membership) if link.url else path_of(link.url_name)
        is_current = link.url_name == current and (link.url is None or path == href)
        count = link.count(membership) if link.count else 0
        links.append({"label": link.label, "url": href, "current": is_current, "count": count})
    return links


def home_panels(membership: Membership) -> list[str]:
    """The templates of the home page's panels `membership` is shown, in order."""
    return [panel.template for panel in _contributed("home_panels") if panel.shown(membership)]
