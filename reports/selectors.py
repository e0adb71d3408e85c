"""Reading stored reports, as the acting membership sees them."""

from django.core.paginator import Page, Paginator

from apcommission.tenancy.models import Membership
from reports.models import Report

PER_PAGE = 20


def report_for(pk: int, *, membership: Membership) -> Report:
    return Report.objects.visible_to(membership).select_related("school", "requested_by").get(pk=pk)


def reports_page(page_number, *, membership: Membership) -> Page:
    reports = Report.objects.visible_to(membership).select_related("school", "requested_by")
    return Paginator(reports, PER_PAGE).get_page(page_number)
