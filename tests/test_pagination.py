"""GOV.UK pagination with page numbers, for every list page (templates/components/pagination.html)."""

import re

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from tests import factories
from tests.providers.factories import ProviderProfileFactory


def pagination(number: int, pages: int, query: str = "") -> str:
    page = Paginator(range(pages * 10), 10).get_page(number)
    return render_to_string(
        "components/pagination.html", {"page": page}, request=RequestFactory().get(f"/{query}")
    )


def links(html: str) -> list[str]:
    """Each item of the page list: its number, "current 5" for the page shown, or "…" for a gap."""
    items = re.findall(r'<li class="govuk-pagination__item([^"]*)">(.*?)</li>', html, re.S)
    return [
        "…"
        if "ellipsis" in classes
        else ("current " if "current" in classes else "") + re.sub(r"<[^>]+>", "", body).strip()
        for classes, body in items
    ]


def test_pagination_numbers_the_first_last_current_and_neighbouring_pages():
    html = pagination(5, 10)

    assert links(html) == ["1", "…", "4", "current 5", "6", "…", "10"]
    assert 'aria-label="Page 5" aria-current="page"' in html
    assert 'rel="prev"' in html
    assert 'rel="next"' in html


def test_pagination_leaves_no_gap_of_a_single_page():
    assert links(pagination(1, 4)) == ["current 1", "2", "3", "4"]
    assert links(pagination(4, 10)) == ["1", "2", "3", "current 4", "5", "…", "10"]


def test_pagination_keeps_the_search_and_filters():
    html = pagination(1, 3, "?q=forge&key_stage=ks3")

    assert 'href="?q=forge&amp;key_stage=ks3&amp;page=2" aria-label="Page 2"' in html
    assert 'rel="prev"' not in html


def test_one_page_needs_no_pagination():
    assert "govuk-pagination" not in pagination(1, 1)


def test_the_directory_numbers_its_pages(world):
    for number in range(30):
        provider = factories.ProviderFactory(name=f"Provider {number:02}", local_authority=world.la)
        ProviderProfileFactory(provider=provider, added_by=world.la)

    client = Client()
    client.force_login(world.user("ap_lead"))

    page = client.get(reverse("provider_list"), {"page": 2}).content.decode()

    assert 'aria-label="Page 2" aria-current="page"' in page
    assert 'aria-label="Page 1"' in page
