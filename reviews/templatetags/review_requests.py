"""What a placement's page (built by the placements app) shows of a parent's requests for a review of an
off-site direction: `{% parent_review_requests placement %}`, for the commissioners (`reviews.requests`).

The placement page wrote the access event for the pupil already. One query, none for a placement that is
no off-site direction."""

from django import template

from reviews import requests, rules
from reviews.schedule import OFF_SITE_REVIEW_WEEKS

register = template.Library()


@register.inclusion_tag("reviews/_parent_requests.html", takes_context=True)
def parent_review_requests(context, placement):
    membership = context["membership"]
    return {
        "placement": placement,
        "requests": requests.parent_requests(placement, membership=membership),
        "may_record": rules.can_record_parent_request(membership, placement),
        "weeks": OFF_SITE_REVIEW_WEEKS,
    }
