"""Access-matrix rows for the register of pupils in AP and a provider's own pupils. Every school role, the
trust's leaders and the LA's officers and viewers read the register (each of the placements it sees:
tests/placements/test_register.py); providers have theirs instead, and nobody else has either (403).
Both are read-only: a post is refused."""

from tests.access.matrix import FORBIDDEN, OK, page, wrong_method
from tests.placements.register_pages import placed


def a_placement(world):
    """A placement at the world's school with its provider, so that the pages have a row to show."""
    world.placement = placed(world)


COMMISSIONERS_READ = {"members": OK, "provider": FORBIDDEN}
PROVIDERS_READ = {"members": FORBIDDEN, "provider": OK}
csv = lambda world: {"file_format": "csv"}  # noqa: E731
xlsx = lambda world: {"file_format": "xlsx"}  # noqa: E731

ROWS = [
    page("register:list", **COMMISSIONERS_READ),
    page("register:list", note="with a placement", setup=a_placement, **COMMISSIONERS_READ),
    wrong_method("register:list", "POST"),
    page("register:export", note="CSV", setup=a_placement, kwargs=csv, **COMMISSIONERS_READ),
    page("register:export", note="XLSX", setup=a_placement, kwargs=xlsx, **COMMISSIONERS_READ),
    wrong_method("register:export", "POST", kwargs=csv),
    page("placement_provider:pupils", **PROVIDERS_READ),
    page("placement_provider:pupils", note="with a placement", setup=a_placement, **PROVIDERS_READ),
    wrong_method("placement_provider:pupils", "POST"),
]
