"""Security settings: a clean `check --deploy`, the project's own checks, CSP with nonces, no-store, DRF."""

import json
import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils.csp import CSP
from rest_framework.settings import api_settings

from apcommission import checks
from api.authentication import ApiKeyAuthentication, HasApiKey
from tests import factories
from tests.accounts.signing_in import sign_in_with_password

BASE_DIR = Path(__file__).resolve().parent.parent


def production_env(**overrides) -> dict[str, str]:
    """The environment a production container gets: the same database and Redis as this test run."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "APCOMMISSION_TEST",
            "EMAIL_URL",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # only for the browser tests
        }
    }
    env |= {
        "APCOMMISSION_PRODUCTION": "1",
        "SECRET_KEY": secrets.token_urlsafe(50)[:50],
        "MFA_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "apcommission.example",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "REDIS_URL": os.environ["REDIS_URL"],
        "EMAIL_URL": "smtp+tls://mailer:not-a-secret@smtp.apcommission.example:587",
        "PRIVATE_MEDIA_ROOT": "/srv/apcommission/private-media",
    }
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name, None) for name in %r}, default=str))
"""


def production_settings(*names, **env_overrides) -> dict:
    result = run(
        ["-c", SHOW_SETTINGS % (names,)],
        production_env(DJANGO_SETTINGS_MODULE="apcommission.settings", **env_overrides),
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- check --deploy and production settings -------------------------------------------------------


def test_check_deploy_reports_no_issues_under_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_never_fall_back_to_printing_email_to_the_console():
    """Invitation emails carry sign-in links: printed to the log, anyone reading the log could join."""
    result = run(
        ["-c", SHOW_SETTINGS % (("MAILERS",),)],
        production_env(EMAIL_URL=None, DJANGO_SETTINGS_MODULE="apcommission.settings"),
    )

    if result.returncode == 0:
        backend = json.loads(result.stdout)["MAILERS"]["default"]["BACKEND"]
        assert "console" not in backend, "production settings started without EMAIL_URL and print mail"
    else:
        assert "EMAIL_URL" in result.stderr


def test_production_settings_require_https_everywhere():
    values = production_settings(
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "DEBUG",
        "SECURE_CSP",
    )

    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["DEBUG"] is False
    assert values["SECURE_CSP"]


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run(["manage.py", "check"], production_env(SECRET_KEY=None))

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("key", [None, "", "not-a-fernet-key"])
def test_production_settings_refuse_to_start_without_a_real_mfa_encryption_key(key):
    """TOTP secrets are encrypted with a key kept outside the database: production must be given one."""
    result = run(["manage.py", "check"], production_env(MFA_ENCRYPTION_KEY=key))

    assert result.returncode != 0
    assert "MFA_ENCRYPTION_KEY" in result.stderr


def test_development_derives_an_mfa_encryption_key_from_its_secret_key():
    env = production_env(APCOMMISSION_PRODUCTION="0", MFA_ENCRYPTION_KEY=None, SECRET_KEY="a" * 50)
    show = ["-c", SHOW_SETTINGS % (("MFA_ENCRYPTION_KEY",),)]
    env["DJANGO_SETTINGS_MODULE"] = "apcommission.settings"

    first = run(show, env)
    other = run(show, {**env, "SECRET_KEY": "b" * 50})

    assert first.returncode == 0, first.stderr
    key = json.loads(first.stdout)["MFA_ENCRYPTION_KEY"]
    Fernet(key)  # a usable key
    assert key == json.loads(run(show, env).stdout)["MFA_ENCRYPTION_KEY"]
    assert key != json.loads(other.stdout)["MFA_ENCRYPTION_KEY"]


def test_production_settings_refuse_to_start_with_debug_on():
    """Debug pages show settings, code and data to anyone who can make an error happen."""
    result = run(["manage.py", "check"], production_env(DEBUG="1"))

    assert result.returncode != 0
    assert "DEBUG must be off with production settings" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("APCOMMISSION_PRODUCTION", "ture"),
        ("APCOMMISSION_PRODUCTION", "2"),
        ("DEBUG", "maybe"),
        ("SECURE_SSL_REDIRECT", "nope"),
    ],
)
def test_a_yes_or_no_setting_that_is_neither_stops_start_up(variable, value):
    """django-environ reads an unknown word as false: `APCOMMISSION_PRODUCTION=ture` started the demo."""
    result = run(["manage.py", "check"], production_env(**{variable: value}))

    assert result.returncode != 0
    assert f"{variable} must be 1 or 0" in result.stderr
    assert repr(value) in result.stderr


@pytest.mark.parametrize("value", ["1", "true", "Yes", "on"])
def test_the_usual_ways_of_saying_yes_switch_on_production(value):
    assert production_settings("PRODUCTION", APCOMMISSION_PRODUCTION=value)["PRODUCTION"] is True


@pytest.mark.parametrize("value", ["0", "false", "No", "off", ""])
def test_the_usual_ways_of_saying_no_leave_production_off(value):
    env = production_env(APCOMMISSION_PRODUCTION=value, DJANGO_SETTINGS_MODULE="apcommission.settings")

    result = run(["-c", SHOW_SETTINGS % (("PRODUCTION",),)], env)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["PRODUCTION"] is False


# --- the project's own system checks --------------------------------------------------------------


def _ids(errors) -> set[str]:
    return {error.id for error in errors}


def test_the_project_checks_pass_with_the_real_settings():
    assert checks.content_security_policy_is_enforced(None) == []
    assert checks.cache_is_shared_between_processes(None) == []


def test_the_checks_fail_without_the_csp_middleware():
    middleware = [
        m for m in settings.MIDDLEWARE if m != "django.middleware.csp.ContentSecurityPolicyMiddleware"
    ]

    with override_settings(MIDDLEWARE=middleware):
        assert "apcommission.E001" in _ids(checks.content_security_policy_is_enforced(None))


def test_the_checks_fail_when_the_policy_allows_inline_scripts():
    policy = {**settings.SECURE_CSP, "script-src": [CSP.SELF, CSP.UNSAFE_INLINE]}

    with override_settings(SECURE_CSP=policy):
        assert "apcommission.E003" in _ids(checks.content_security_policy_is_enforced(None))


def test_the_checks_fail_when_the_policy_says_nothing_about_scripts():
    with override_settings(SECURE_CSP={"img-src": [CSP.SELF]}):
        assert "apcommission.E002" in _ids(checks.content_security_policy_is_enforced(None))


@pytest.mark.parametrize(
    "backend",
    ["django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache"],
)
def test_the_checks_fail_with_a_per_process_cache(backend):
    with override_settings(CACHES={"default": {"BACKEND": backend}}):
        assert _ids(checks.cache_is_shared_between_processes(None)) == {"apcommission.E004"}


def test_the_checks_are_registered_with_django():
    from django.core.checks import registry

    registered = registry.registry.get_checks()
    assert checks.content_security_policy_is_enforced in registered
    assert checks.cache_is_shared_between_processes in registered


# --- Content Security Policy on every page --------------------------------------------------------


class _Scripts(HTMLParser):
    """Every <script> (its attributes and whether it has a body) and every inline event handler."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.handlers: list[str] = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.handlers += [f"<{tag} {name}>" for name in attributes if name.startswith("on")]
        if tag == "script":
            self._open = {**attributes, "_body": ""}
            self.scripts.append(self._open)

    def handle_data(self, data):
        if self._open is not None:
            self._open["_body"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


def _executable_inline(script) -> bool:
    return "src" not in script and script.get("type", "text/javascript") in {"text/javascript", "module"}


def _policy(response) -> dict[str, list[str]]:
    assert "Content-Security-Policy-Report-Only" not in response
    header = response["Content-Security-Policy"]
    return {
        directive.split()[0]: directive.split()[1:] for directive in header.split(";") if directive.strip()
    }


def _page(world, client, who, url):
    if who == "anonymous":
        pass
    elif who == "half-signed-in":
        sign_in_with_password(client, world.user("school_leader").email)
    else:
        client.force_login(world.user(who))
    return client.get(url(world) if callable(url) else reverse(url))


PAGES = [
    ("anonymous", "account_login"),
    ("anonymous", "account_signup"),
    ("anonymous", "account_reset_password"),
    ("anonymous", lambda w: reverse("accept_invitation", args=["no-such-token"])),
    ("half-signed-in", "mfa_authenticate"),
    ("no_mfa", "account_reauthenticate"),
    ("school_leader", "home"),
    ("school_leader", "members"),
    ("school_leader", "invite_member"),
    ("school_leader", lambda w: reverse("change_member_role", args=[w.members["ap_lead"].pk])),
    ("la_officer", "home"),
    ("la_officer", "schools"),
    ("la_officer", "provider_list"),
    ("la_officer", "provider_create"),
    ("la_officer", lambda w: reverse("provider_detail", args=[w.provider.pk])),
    ("trust_leader", "organisation"),
    ("provider_staff", "home"),
    ("provider_staff", "members"),  # a refusal page is a page too
    ("school_leader", "mfa_index"),
    ("operator", "admin:index"),
    ("operator", "admin:tenancy_organisation_changelist"),
]
PAGE_IDS = [f"{who}:{url if isinstance(url, str) else i}" for i, (who, url) in enumerate(PAGES)]


@pytest.mark.parametrize(("who", "url"), PAGES, ids=PAGE_IDS)
def test_every_page_has_an_enforced_policy_and_every_inline_script_its_nonce(world, client, who, url):
    response = _page(world, client, who, url)
    assert response.status_code in {200, 403, 404}

    policy = _policy(response)
    nonces = [source for source in policy["script-src"] if source.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0].removeprefix("'nonce-").removesuffix("'")
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]

    parser = _Scripts()
    parser.feed(response.content.decode())
    inline = [script for script in parser.scripts if _executable_inline(script)]
    assert all(script.get("nonce") == nonce for script in inline), inline
    assert parser.handlers == []
    if not str(url).startswith("admin:"):
        assert inline, "base.html's inline script is expected on every service page"


def test_the_nonce_changes_with_every_response(world, client):
    client.force_login(world.user("school_leader"))

    first = _policy(client.get(reverse("home")))["script-src"]
    second = _policy(client.get(reverse("home")))["script-src"]

    assert first != second


# --- Cache-Control -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("school_leader", "home"),
        ("school_leader", "members"),
        ("la_officer", "schools"),
        ("la_officer", "provider_list"),
        ("provider_staff", "members"),
        ("no_mfa", "home"),  # the redirect to set up MFA
        ("operator", "admin:index"),
    ],
)
def test_pages_for_a_signed_in_person_are_not_stored(world, client, who, url):
    response = _page(world, client, who, url)

    assert response["Cache-Control"] == "no-store"


def test_no_store_comes_from_being_signed_in(db, client):
    """Guards the test above: an anonymous plain response is not marked."""
    assert "no-store" not in client.get(reverse("healthz")).get("Cache-Control", "")


def test_a_member_without_totp_is_not_an_exception_to_no_store(db, client):
    client.force_login(factories.UserFactory(with_totp=False))

    assert client.get(reverse("home"))["Cache-Control"] == "no-store"


# --- Django REST framework -------------------------------------------------------------------------


def test_the_api_authenticates_by_api_key_only():
    """Basic authentication would let a password alone in, past MFA; a session would let any page a
    signed-in person visits drive the API."""
    assert [ApiKeyAuthentication] == api_settings.DEFAULT_AUTHENTICATION_CLASSES


def test_the_api_denies_requests_without_a_key_by_default():
    assert [HasApiKey] == api_settings.DEFAULT_PERMISSION_CLASSES
