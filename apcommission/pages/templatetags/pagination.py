from django import template
from django.core.paginator import Page, Paginator

register = template.Library()


@register.simple_tag
def page_numbers(page: Page) -> list[int | None]:
    """The page numbers GOV.UK pagination links to: the first and last pages, the current page and its
    neighbours, and None for each run of pages left out (shown as an ellipsis). Every list page's
    paginator already gives this, so no view has to."""
    return [
        None if number == Paginator.ELLIPSIS else number
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
