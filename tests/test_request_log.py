"""A refused or bad request is logged as one line (who, what, the status), never with a traceback."""

import io
import logging

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from apcommission.request_log import ClientErrorFilter

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
