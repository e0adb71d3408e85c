"""Project system checks: the promises Django's own `check --deploy` does not notice."""

from django.conf import settings
from django.core.checks import Error, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register()
def content_security_policy_is_enforced(app_configs, **kwargs):
    errors = []
    if "django.middleware.csp.ContentSecurityPolicyMiddleware" not in settings.MIDDLEWARE:
        errors.append(
            Error("The Content Security Policy middleware is not installed", id="apcommission.E001")
        )
    policy = getattr(settings, "SECURE_CSP", {})
    if not policy.get("script-src") and not policy.get("default-src"):
        errors.append(
            Error("SECURE_CSP sets no script-src or default-src: nothing is enforced", id="apcommission.E002")
        )
    if any("unsafe-inline" in str(source) for source in policy.get("script-src", [])):
        errors.append(Error("SECURE_CSP allows unsafe inline scripts", id="apcommission.E003"))
    return errors


@register()
def cache_is_shared_between_processes(app_configs, **kwargs):
    """Rate limits, lockouts and TOTP replay protection live in the cache: per-process caches break them."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Error(
                f"The default cache ({backend}) is not shared between processes",
                hint="Set REDIS_URL, or use the database cache.",
                id="apcommission.E004",
            )
        ]
    return []
