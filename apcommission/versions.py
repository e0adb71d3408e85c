"""Version tokens for copies kept in the cache: a copy is filed under its source's current token, and a
change to the source bumps the token, so the next read misses and works the copy out afresh.

A token is random and never reused, so a token lost from the cache (evicted, flushed) cannot bring back
an older copy. It is bumped at once and again when the change commits: a request that read the database
between the two would otherwise keep what it read under the new token."""

import secrets
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction


def _new_tokens(keys: list[str]) -> None:
    cache.set_many({key: secrets.token_urlsafe(12) for key in keys}, None)


def bump(keys: Iterable[str]) -> None:
    """The sources named by these version keys changed: every copy filed under them is stale."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return
    _new_tokens(keys)
    transaction.on_commit(lambda: _new_tokens(keys))


def current(*keys: str) -> tuple[str, ...]:
    """The tokens copies of these sources are filed under now, in one round trip when the cache has them
    all. A missing one is added, not set: of two requests at once, one token wins."""
    found = cache.get_many(keys)
    if len(found) < len(keys):
        for key in keys:
            if key not in found:
                cache.add(key, secrets.token_urlsafe(12), None)
        found = cache.get_many(keys)
    return tuple(found[key] for key in keys)
