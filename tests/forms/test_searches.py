"""Every search and filter goes through a form: input that cannot be used is shown with its error, never
silently ignored, and never a server error."""

import pytest
from django.urls import reverse

LONG = "x" * 5000

PAGES = [
    ("schools", "la_officer", "q", "Search must"),
    ("provider_list", "ap_lead", "q", "Name, URN or UKPRN must"),
    ("approved_list", "la_officer", "q", "Provider name must"),
]


@pytest.mark.parametrize(("url_name", "role", "field", "subject"), PAGES)
def test_a_search_too_long_is_shown_with_its_error(world, client, url_name, role, field, subject):
    client.force_login(world.user(role))

    response = client.get(reverse(url_name), {field: LONG})

    assert response.status_code == 200
    page = response.content.decode()
    assert f"{subject} be 200 characters or fewer" in page
    # At the top of the page too, as the GOV.UK error summary, and in the title.
    assert page.index("There is a problem") < page.index("<h1")
    assert "<title>Error: " in page


@pytest.mark.parametrize(("url_name", "role", "field", "subject"), PAGES)
def test_a_null_character_in_a_search_is_an_error_not_a_crash(world, client, url_name, role, field, subject):
    client.force_login(world.user(role))

    response = client.get(f"{reverse(url_name)}?{field}=%00")

    assert response.status_code == 200
    assert f"{subject} not contain null characters" in response.content.decode()


def test_places_that_are_not_a_number_stay_in_the_box_with_their_error(world, client):
    client.force_login(world.user("ap_lead"))

    page = client.get(reverse("provider_list"), {"capacity": "abc"}).content.decode()

    assert "Enter the number of places as a whole number" in page
    assert 'name="capacity" type="text" value="abc"' in page


def test_an_absurd_number_of_places_is_refused_not_searched_for(world, client):
    client.force_login(world.user("ap_lead"))

    page = client.get(reverse("provider_list"), {"capacity": "99999999999999999999"}).content.decode()

    assert "Enter a number of places of 10,000 or fewer" in page


@pytest.mark.parametrize(("url_name", "role", "field", "subject"), PAGES)
def test_no_template_comment_shows_on_a_filter_page(world, client, url_name, role, field, subject):
    client.force_login(world.user(role))

    page = client.get(reverse(url_name), {field: "abc"}).content.decode()

    assert "{#" not in page
    assert "Context:" not in page
    assert "There is a problem" not in page
