"""Sign-in needs a password and then a code from an authenticator app (or a recovery code), each once."""

import importlib
import json
import re
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, TOTP
from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps as django_apps
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import URLResolver, get_resolver, reverse

from apcommission.accounts import mfa
from apcommission.accounts.middleware import MFA_SETUP_URL_NAMES
from apcommission.pages import urls as public_urls
from tests import factories
from tests.accounts.signing_in import (
    PASSWORD,
    enter_code,
    fresh_totp_code,
    is_signed_in,
    security_lines,
    sign_in_with_password,
    sign_out,
    totp_counter,
    wrong_code,
)

CODE_STEP = "/accounts/2fa/authenticate/"
TOTP_SETUP = "/accounts/2fa/totp/activate/"


def _project_url_names_without_arguments() -> list[str]:
    """The project's own named URLs that take no arguments (allauth's and the admin's are not ours)."""
    names = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                module = getattr(pattern.urlconf_module, "__name__", "")
                if module.startswith("allauth") or pattern.app_name == "admin":
                    continue
                if pattern.pattern.converters:
                    continue
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                walk(pattern.url_patterns, namespace)
            elif pattern.name and not pattern.pattern.converters:
                names.append(prefix + pattern.name)

    walk(get_resolver().url_patterns)
    return sorted(names)


PROJECT_PAGES = [name for name in _project_url_names_without_arguments() if name not in MFA_SETUP_URL_NAMES]


def test_the_walk_finds_the_project_pages():
    """Guards the parametrisation below: an empty or shrunken list would prove nothing."""
    assert {
        "home",
        "organisation",
        "members",
        "invite_member",
        "schools",
        "provider_list",
        "pupils:list",
    } <= set(PROJECT_PAGES)


# The footer's public pages are open too, and tested in tests/test_public_pages.py.
# So is the page thanking a pupil or parent for their views (no sign-in), tested in tests/reviews.
PUBLIC_PAGES = {pattern.name for pattern in public_urls.urlpatterns} | {"voice_thanks"}
LIVENESS_PROBES = sorted(set(_project_url_names_without_arguments()) & MFA_SETUP_URL_NAMES - PUBLIC_PAGES)


def test_the_health_check_is_among_the_pages_open_without_mfa():
    assert "healthz" in LIVENESS_PROBES


@pytest.mark.parametrize("url_name", LIVENESS_PROBES)
def test_a_page_open_without_mfa_shows_nothing_but_a_word(world, client, url_name):
    client.force_login(world.no_mfa_user)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert len(response.content) < 10


def test_signing_in_with_a_password_leads_to_the_code_step(world, client):
    user = world.user("school_leader")

    response = sign_in_with_password(client, user.email)

    assert response.status_code == 302
    assert response["Location"] == CODE_STEP
    assert not is_signed_in(client)
    assert client.get(reverse("home")).status_code == 302  # still not in


def test_a_correct_code_completes_sign_in(world, client):
    user = world.user("school_leader")
    sign_in_with_password(client, user.email)
    code, _ = fresh_totp_code(user.totp_secret)

    response = enter_code(client, code)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert is_signed_in(client)
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_does_not_sign_in(world, client):
    user = world.user("school_leader")
    sign_in_with_password(client, user.email)
    code, _ = fresh_totp_code(user.totp_secret)
    wrong = wrong_code(code)

    response = enter_code(client, wrong)

    assert response.status_code == 200
    assert not is_signed_in(client)


def test_the_same_code_cannot_be_used_twice(world, client):
    user = world.user("school_leader")
    code, counter = fresh_totp_code(user.totp_secret, seconds_needed=5)
    sign_in_with_password(client, user.email)
    assert enter_code(client, code).status_code == 302
    sign_out(client)
    assert not is_signed_in(client)

    sign_in_with_password(client, user.email)
    response = enter_code(client, code)

    # Still the same period, so the code would be valid but for having been used.
    assert totp_counter() == counter
    assert response.status_code == 200
    assert not is_signed_in(client)
    page = response.content.decode()
    assert "That code has just been used. Wait for your authenticator app to show a new code" in page
    assert "Incorrect code" not in page


def test_a_wrong_code_is_called_incorrect_not_used(world, client):
    user = world.user("school_leader")
    code, _ = fresh_totp_code(user.totp_secret)
    sign_in_with_password(client, user.email)

    page = enter_code(client, wrong_code(code)).content.decode()

    assert "Incorrect code: enter the 6-digit code your authenticator app shows now" in page
    assert "Incorrect code." not in page
    assert "just been used" not in page


def test_codes_refused_by_the_lockout_are_logged(world, client, caplog, settings):
    user = world.user("school_leader")
    code, _ = fresh_totp_code(user.totp_secret)
    wrong = wrong_code(code)
    sign_in_with_password(client, user.email)
    caplog.clear()

    for _ in range(settings.LOGIN_ATTEMPTS_LIMIT + 1):
        enter_code(client, wrong)

    lines = security_lines(caplog)
    assert len(lines) == settings.LOGIN_ATTEMPTS_LIMIT + 1
    assert lines[-1].endswith(": too many attempts")


def test_a_reused_code_is_logged_as_reused(world, client, caplog):
    user = world.user("school_leader")
    code, _ = fresh_totp_code(user.totp_secret, seconds_needed=5)
    sign_in_with_password(client, user.email)
    enter_code(client, code)
    sign_out(client)
    sign_in_with_password(client, user.email)
    caplog.clear()

    enter_code(client, code)

    assert security_lines(caplog) == [
        f"authenticator code refused at sign-in for user {user.pk} from 127.0.0.1: code already used"
    ]


def test_a_wrong_code_when_re_authenticating_is_logged(world, client, caplog):
    user = world.user("school_leader")
    code, _ = fresh_totp_code(user.totp_secret)
    sign_in_with_password(client, user.email)
    enter_code(client, code)
    caplog.clear()

    response = client.post(reverse("mfa_reauthenticate"), {"code": wrong_code(code)})

    assert response.status_code == 200
    assert security_lines(caplog) == [
        f"authenticator code refused at re-authentication for user {user.pk} from 127.0.0.1: wrong code"
    ]


def test_a_recovery_code_works_once(world, client):
    user = world.user("school_leader")
    first, second = RecoveryCodes.activate(user).get_unused_codes()[:2]

    sign_in_with_password(client, user.email)
    assert enter_code(client, first).status_code == 302
    assert is_signed_in(client)
    sign_out(client)

    sign_in_with_password(client, user.email)
    response = enter_code(client, first)
    assert response.status_code == 200
    assert not is_signed_in(client)

    # Another unused code still works: the refusal was about the used one.
    assert enter_code(client, second).status_code == 302
    assert is_signed_in(client)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url_name", [*PROJECT_PAGES, "admin:index"])
def test_a_person_without_an_authenticator_app_is_sent_to_set_one_up(world, client, url_name, method):
    client.force_login(world.no_mfa_user)

    response = getattr(client, method)(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"] == TOTP_SETUP


def test_an_operator_without_an_authenticator_app_cannot_reach_the_admin(db, client):
    operator = factories.OperatorFactory(with_totp=False)
    client.force_login(operator)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[0] == (TOTP_SETUP, 302)
    assert response.request["PATH_INFO"] != "/admin/"


def test_the_admin_sends_anonymous_visitors_to_the_service_sign_in(client):
    response = client.get("/admin/", follow=True)

    assert response.request["PATH_INFO"] == reverse("account_login")
    assert response.status_code == 200


def test_the_admin_login_page_is_the_service_sign_in(client):
    response = client.get("/admin/login/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


def test_a_password_alone_does_not_open_the_admin(world, client):
    sign_in_with_password(client, world.operator.email)

    response = client.get("/admin/", follow=True)

    # Through the sign-in page, which sends a half-signed-in person back to the code step.
    assert response.request["PATH_INFO"] == CODE_STEP
    assert not is_signed_in(client)


def test_an_operator_reaches_the_admin_after_the_code_step(world, client):
    sign_in_with_password(client, world.operator.email)
    code, _ = fresh_totp_code(world.operator.totp_secret)
    enter_code(client, code)

    assert client.get("/admin/").status_code == 200


def test_setting_up_an_authenticator_app_through_the_form(world, client):
    user = world.no_mfa_user
    response = sign_in_with_password(client, user.email)
    assert is_signed_in(client)  # no code step: there is no authenticator yet
    assert client.get(response["Location"])["Location"] == TOTP_SETUP

    # The password just typed counts as allauth's recent re-authentication: it is not asked for twice
    # (tests/accounts/test_coming_back_to_set_up_mfa.py).
    assert client.get(TOTP_SETUP).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    code, _ = fresh_totp_code(secret)
    response = client.post(TOTP_SETUP, {"code": code})

    assert response.status_code == 302
    assert factories.has_totp(user)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get(reverse("home")).status_code == 200


# --- Secrets are stored encrypted, with a key kept outside the database ------------------------------


def _stored(user, kind) -> dict:
    return Authenticator.objects.get(user=user, type=kind).data


def test_a_totp_secret_is_stored_encrypted(db):
    user = factories.UserFactory()

    stored = _stored(user, Authenticator.Type.TOTP)["secret"]

    assert user.totp_secret not in stored
    assert mfa.decrypt_secret(stored) == user.totp_secret


def test_a_recovery_code_seed_is_stored_encrypted(db):
    user = factories.UserFactory()
    codes = RecoveryCodes.activate(user).generate_codes()

    stored = _stored(user, Authenticator.Type.RECOVERY_CODES)

    assert not re.fullmatch(r"[0-9a-f]+", stored["seed"])
    assert not any(code in json.dumps(stored) for code in codes)
    reread = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    assert RecoveryCodes(reread).validate_code(codes[0])


def test_the_stored_secret_is_useless_without_the_key(db, settings):
    user = factories.UserFactory()
    stored = _stored(user, Authenticator.Type.TOTP)["secret"]

    settings.MFA_ENCRYPTION_KEY = Fernet.generate_key().decode()

    with pytest.raises(InvalidToken):
        mfa.decrypt_secret(stored)


def test_a_secret_written_into_the_database_in_plain_text_is_refused(db):
    """Authenticated encryption: someone who can write to the database cannot plant a secret they know."""
    user = factories.UserFactory()
    Authenticator.objects.filter(user=user).update(data={"secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"})

    with pytest.raises(InvalidToken):
        TOTP(Authenticator.objects.get(user=user)).validate_code("123456")


def test_a_secret_copied_from_another_users_row_is_not_refused_as_the_docstring_says(db):
    """The encryption does not bind a secret to its user (allauth's adapter is given the text alone), and
    apcommission/accounts/mfa.py says so: if this starts failing, the binding exists and it can say more."""
    owner, other = factories.UserFactory(), factories.UserFactory()
    copied = _stored(owner, Authenticator.Type.TOTP)
    Authenticator.objects.filter(user=other, type=Authenticator.Type.TOTP).update(data=copied)

    reread = Authenticator.objects.get(user=other, type=Authenticator.Type.TOTP)

    assert mfa.decrypt_secret(reread.data["secret"]) == owner.totp_secret
    assert "does not tie a value to its user" in " ".join(mfa.__doc__.split())


def test_the_malformed_key_message_is_written_once():
    """settings.py refuses to start with a malformed key and says how to make one; nothing repeats it."""
    package = Path(mfa.__file__).parents[1]
    holders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "must be a Fernet key" in path.read_text()
    ]

    assert holders == ["settings.py"]


def test_sign_in_works_with_the_encrypted_secret(world, client):
    user = world.user("school_leader")
    sign_in_with_password(client, user.email)

    enter_code(client, fresh_totp_code(user.totp_secret)[0])

    assert is_signed_in(client)


# --- The migration that encrypts the secrets stored before encryption --------------------------------

encrypt_migration = importlib.import_module("apcommission.accounts.migrations.0003_encrypt_mfa_secrets")


def _plain_authenticators():
    totp_user, codes_user = factories.UserFactory(with_totp=False), factories.UserFactory(with_totp=False)
    totp = Authenticator.objects.create(
        user=totp_user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}
    )
    codes = Authenticator.objects.create(
        user=codes_user,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "0123456789abcdef" * 5, "used_mask": 0, "migrated_codes": ["12345678"]},
    )
    return totp, codes


def _migrate(direction):
    with connection.schema_editor() as schema_editor:
        direction(django_apps, schema_editor)


def test_the_migration_encrypts_the_secrets_stored_in_plain_text(db):
    totp, codes = _plain_authenticators()

    _migrate(encrypt_migration.encrypt_existing_secrets)

    totp.refresh_from_db()
    codes.refresh_from_db()
    assert "JBSWY3DP" not in json.dumps(totp.data)
    assert mfa.decrypt_secret(totp.data["secret"]) == "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    assert mfa.decrypt_secret(codes.data["seed"]) == "0123456789abcdef" * 5
    assert mfa.decrypt_secret(codes.data["migrated_codes"][0]) == "12345678"
    assert codes.data["used_mask"] == 0


def test_the_migration_run_twice_encrypts_once_and_reverses(db):
    totp, _ = _plain_authenticators()
    _migrate(encrypt_migration.encrypt_existing_secrets)
    totp.refresh_from_db()
    once = totp.data["secret"]

    _migrate(encrypt_migration.encrypt_existing_secrets)
    totp.refresh_from_db()
    assert totp.data["secret"] == once

    _migrate(encrypt_migration.decrypt_secrets)
    totp.refresh_from_db()
    assert totp.data["secret"] == "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_the_migration_stops_at_a_secret_encrypted_with_another_key(db):
    totp, _ = _plain_authenticators()
    foreign = Fernet(Fernet.generate_key()).encrypt(b"JBSWY3DPEHPK3PXP").decode()
    Authenticator.objects.filter(pk=totp.pk).update(data={"secret": foreign})

    with pytest.raises(RuntimeError, match="another key"):
        _migrate(encrypt_migration.encrypt_existing_secrets)


# --- What a person is told about their recovery codes --------------------------------------------------


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_new_users_first_recovery_codes_mention_no_old_ones(
    world, client, django_capture_on_commit_callbacks
):
    user = world.no_mfa_user
    sign_in_with_password(client, user.email)
    response = client.get(TOTP_SETUP)
    if response.status_code == 302:  # asked for the password again first
        client.post(response["Location"], {"password": PASSWORD})
        client.get(TOTP_SETUP)
    code, _ = fresh_totp_code(client.session[SECRET_SESSION_KEY])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(TOTP_SETUP, {"code": code})

    shown = " ".join(_messages(response))
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert "Your authenticator app is set up" in shown
    assert "recovery codes" in shown
    assert "old codes" not in shown


def test_new_recovery_codes_say_the_old_ones_no_longer_work(
    world, client, django_capture_on_commit_callbacks
):
    user = world.user("school_leader")
    RecoveryCodes.activate(user)
    sign_in_with_password(client, user.email)
    enter_code(client, fresh_totp_code(user.totp_secret)[0])

    response = client.get(reverse("mfa_generate_recovery_codes"))
    if response.status_code == 302:  # asked for the password again first
        client.post(response["Location"], {"password": PASSWORD})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_generate_recovery_codes"))

    assert response.status_code == 302
    assert "You have new recovery codes. Your old codes no longer work." in " ".join(_messages(response))
