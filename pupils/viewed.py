"""What "Who has viewed this record" says each access event showed. Every app that writes access events
(`record_access`) lists its action codes in words as `access_words` on its AppConfig, as it lists its
navigation; this gathers them, so the pupils app names no later app's pages, and a test fails when a code
written anywhere has no words."""

from functools import cache

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured


@cache
def access_words() -> dict[str, str]:
    """Every installed app's action codes and their words."""
    words: dict[str, str] = {}
    for config in apps.get_app_configs():
        for code, text in getattr(config, "access_words", {}).items():
            if code in words:
                raise ImproperlyConfigured(
                    f"{config.name}: another app already words the access code {code!r}"
                )
            words[code] = text
    return words


def shown_as(action: str) -> str:
    """An access event's action in words; one with none (a code since retired) is said plainly."""
    return access_words().get(action, "Shown the pupil's details")
