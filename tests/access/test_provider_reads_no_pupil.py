"""A provider asked on a referral never has the pupil's record read for it, not even on the way to a
refusal: pages that take a referral id read it as `referrals.selectors.referral_for` reads it for a
provider, with no join to the pupil."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.referrals.pages import accepted, sent, signed_in


@pytest.mark.parametrize("stage", ["sent", "accepted"])
@pytest.mark.parametrize("url_name", ["placements:new_from_referral", "panels:put"])
def test_a_provider_refused_a_referrals_page_has_no_pupil_read(world, url_name, stage):
    referral = sent(world, world.provider) if stage == "sent" else accepted(world)
    client = signed_in(world, "provider_manager")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(url_name, args=[referral.pk]))
    assert response.status_code in (403, 404)
    assert not [query["sql"] for query in queries if "pupils_pupil" in query["sql"]]
