"""A refused or bad request is logged as one line (who, what, the status), never with a traceback."""

import io
import logging

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from apcommission.request_log import ClientErrorFilter, loggable_path
from tests import factories

TOO_LONG = "A very long note. " * 200_000  # 3.6 MB; DATA_UPLOAD_MAX_MEMORY_SIZE is 2.5 MB


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def console():
    """What the console handler (the `make run` terminal, the container's log) writes during the test."""
    [handler] = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(each, ClientErrorFilter) for each in handler.filters)
    ]
    output = io.StringIO()
    previous = handler.setStream(output)
    yield output
    handler.setStream(previous)


def test_a_403_is_logged_as_one_line_with_who_what_and_the_status(world, console):
    member = world.members["school_staff"]

    response = signed_in(member.user).get(reverse("members"))

    assert response.status_code == 403
    lines = console.getvalue().splitlines()
    assert lines == [
        f"403 GET /organisation/members/ by user {member.user.pk} as membership {member.pk} (school_staff): "
        "Forbidden (Permission denied)"
    ]
    assert member.user.email not in console.getvalue()


def test_a_refusal_for_someone_signed_out_or_too_much_data_is_one_line_too(db, console):
    too_much = Client(raise_request_exception=False).post(reverse("account_login"), {"note": TOO_LONG})
    Client().post(reverse("healthz"))

    assert console.getvalue().splitlines() == [
        f"{too_much.status_code} POST /accounts/login/ by someone signed out: "
        "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.",
        "405 POST /healthz by someone signed out: Method Not Allowed (POST)",
    ]


def test_a_path_cannot_forge_a_second_log_line(world, console):
    signed_in(world.user("school_staff")).get("/organisation/members/%0Afake")

    assert len(console.getvalue().splitlines()) == 1


def test_a_server_error_keeps_its_traceback(console):
    logger = logging.getLogger("django.request")
    request = RequestFactory().get("/broken/")
    try:
        raise RuntimeError("a real fault")
    except RuntimeError as error:
        logger.error(
            "Internal Server Error: /broken/", exc_info=error, extra={"status_code": 500, "request": request}
        )

    assert "Traceback" in console.getvalue()
    assert "RuntimeError: a real fault" in console.getvalue()


# --- The line names the URL's pattern, never a secret the path carries ------------------------------------


def test_a_refused_invitation_is_logged_by_its_route_not_its_still_usable_token(world, console):
    token = "still-usable-0123456789abcdef"
    factories.InvitationFactory(
        token=token, organisation=world.school, invited_by=world.user("school_leader")
    )
    someone_else = world.members["ap_lead"]

    response = signed_in(someone_else.user).post(reverse("accept_invitation", args=[token]))

    assert response.status_code == 403
    assert console.getvalue().splitlines() == [
        f"403 POST /invitations/<token>/ by user {someone_else.user.pk} as membership {someone_else.pk} "
        "(ap_lead): Forbidden"
    ]
    assert token not in console.getvalue()


def test_an_unknown_invitation_is_logged_by_its_route(db, console):
    Client().get(reverse("accept_invitation", args=["guessed-token-0123456789"]))

    assert console.getvalue().splitlines() == [
        "404 GET /invitations/<token>/ by someone signed out: Not Found"
    ]


def test_database_ids_are_kept_with_the_route(world, console):
    member = world.members["school_staff"]

    signed_in(member.user).get(reverse("provider_detail", args=[987654]))

    [line] = console.getvalue().splitlines()
    assert line.startswith("404 GET /providers/<pk>/ (pk=987654) by user ")


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/invitations/abc/", "/invitations/<token>/"),
        ("/providers/13/edit/", "/providers/<pk>/edit/ (pk=13)"),
        (
            "/accounts/password/reset/key/3-c8k3h2-0a1b2c3d4e5f/",
            "/accounts/password/reset/key/<uidb36>-<key>/",
        ),
        ("/accounts/confirm-email/MQ:1u2v3w:abcdefghijkl/", "/accounts/confirm-email/<key>/"),
        ("/approved-list/export.csv", "/approved-list/export.<file_format>"),
        # Paths that resolve to nothing keep their short words; anything long enough to be a secret goes.
        ("/no-such-page/", "/no-such-page/"),
        ("/invitations/Zr0uY2uZ-kQ8w5yHhVw6Sx3JcZb1Tq9fNnLm4dEoAaU/extra/", "/invitations/<hidden>/extra/"),
        ("/static/not-there-at-all-0123456789.css", "/static/<hidden>"),
    ],
)
def test_a_path_is_logged_as_its_route(db, path, logged):
    assert loggable_path(RequestFactory().get(path)) == logged


def test_gunicorns_access_log_never_holds_an_invitation_token_a_query_or_a_referrer():
    import datetime
    from types import SimpleNamespace

    from gunicorn.config import Config

    from apcommission.request_log import AccessLogger

    token = "Zq3kVh1xWm9rTt2LpQ8sNn4yBb6cCc0D"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/invitations/{token}/?key={token}",
        "PATH_INFO": f"/invitations/{token}/",
        "QUERY_STRING": f"key={token}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://ap.example/invitations/{token}/",
        "REMOTE_ADDR": "203.0.113.9",
    }
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    response = SimpleNamespace(status="403 Forbidden", sent=120, headers=[])
    logger = AccessLogger(Config())

    atoms = logger.atoms(response, request, environ, datetime.timedelta(milliseconds=3))
    line = Config().access_log_format % atoms

    assert token not in line
    assert token not in repr(atoms)
    assert '"GET /invitations/<token>/ HTTP/1.1" 403' in line
