"""Security log lines name the client's address as the rate limits see it, behind the proxy too."""

import logging
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

import apcommission
from apcommission.accounts.security_log import account_reference, client_ip
from tests.accounts.signing_in import (
    enter_code,
    fresh_totp_code,
    security_lines,
    sign_in_with_password,
    wrong_code,
)

CLIENT = "203.0.113.7"  # the address the proxy saw; the test client itself is 127.0.0.1


@pytest.fixture
def behind_the_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    return Client(headers={"X-Forwarded-For": CLIENT})


def test_a_wrong_password_behind_the_proxy_is_logged_with_the_clients_address(
    world, behind_the_proxy, caplog
):
    user = world.user("school_leader")

    with caplog.at_level(logging.INFO, logger="apcommission.security"):
        sign_in_with_password(behind_the_proxy, user.email, "not-the-password")

    assert security_lines(caplog) == [
        f"sign-in failed for account {account_reference(user.email)} from {CLIENT}"
    ]


def test_a_sign_in_refused_by_the_lockout_behind_the_proxy_names_the_client(
    world, behind_the_proxy, caplog, settings
):
    user = world.user("school_leader")
    for _ in range(settings.LOGIN_ATTEMPTS_LIMIT):
        sign_in_with_password(behind_the_proxy, user.email, "not-the-password")
    caplog.clear()

    with caplog.at_level(logging.INFO, logger="apcommission.security"):
        sign_in_with_password(behind_the_proxy, user.email)

    reference = account_reference(user.email)
    assert security_lines(caplog) == [f"sign-in refused by the lockout for account {reference} from {CLIENT}"]


@pytest.mark.parametrize(
    ("client_fixture", "address"), [("client", "127.0.0.1"), ("behind_the_proxy", CLIENT)]
)
def test_a_wrong_code_is_logged_in_one_line_naming_the_client_and_no_personal_data(
    world, request, caplog, client_fixture, address
):
    user = world.user("school_leader")
    client = request.getfixturevalue(client_fixture)
    code, _ = fresh_totp_code(user.totp_secret)
    sign_in_with_password(client, user.email)
    caplog.clear()

    enter_code(client, wrong_code(code))

    assert security_lines(caplog) == [
        f"authenticator code refused at sign-in for user {user.pk} from {address}: wrong code"
    ]


def test_without_a_trusted_proxy_a_forwarded_address_is_not_believed(world, caplog):
    user = world.user("school_leader")
    spoofing = Client(headers={"X-Forwarded-For": CLIENT})

    with caplog.at_level(logging.INFO, logger="apcommission.security"):
        sign_in_with_password(spoofing, user.email, "not-the-password")

    [line] = security_lines(caplog)
    assert line.endswith(" from 127.0.0.1")


@pytest.mark.parametrize(
    ("trusted_proxies", "forwarded", "expected"),
    [
        (0, None, "127.0.0.1"),
        (1, f"{CLIENT}, 10.0.0.2", "10.0.0.2"),  # the address the trusted proxy added, not the client's claim
        (2, f"{CLIENT}, 10.0.0.2", CLIENT),
        (1, "not an address", "-"),  # nothing we could vouch for
        (2, CLIENT, "-"),  # fewer addresses than trusted proxies: a wrong setting, and still a line
    ],
)
def test_client_ip(settings, trusted_proxies, forwarded, expected):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = trusted_proxies
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}

    assert client_ip(RequestFactory(headers=headers).get("/")) == expected


def test_client_ip_without_a_request():
    assert client_ip(None) == "-"


def test_no_module_reads_the_connections_address_itself():
    """REMOTE_ADDR is the proxy's address behind a proxy: a log reading it names the proxy, not the client.
    client_ip asks allauth, which reads it only when no proxy is trusted."""
    package = Path(apcommission.__file__).parent
    readers = [
        str(path.relative_to(package)) for path in package.rglob("*.py") if "REMOTE_ADDR" in path.read_text()
    ]

    assert readers == []
