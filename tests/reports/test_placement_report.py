"""The placement report: one placement's plan, progress, attendance, reviews and the school's contacts
about it, built in the request and read back from the PDF."""

import datetime

from django.urls import reverse
from django.utils import timezone

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.scoping import unscoped
from placements.models import PlacementStatus
from tests.contacts.factories import ContactRecordFactory
from tests.placements.factories import ObjectiveFactory, PartTimePlanFactory
from tests.placements.plan_world import signed_in
from tests.reports.pdf_text import pages_of, text_of, words
from tests.reports.test_pack import placed

TODAY = timezone.localdate()


def report_of(world, placement, role="ap_lead"):
    return signed_in(world, role).get(reverse("reports:placement", args=[placement.pk]))


def test_the_report_holds_the_plan_progress_and_the_school_s_contacts(world):
    placement = placed(world.school, world.provider, "Hywel")
    ObjectiveFactory(placement=placement, description="Arrive on time for the morning session.")
    PartTimePlanFactory(placement=placement, reason="Building up after a long absence.")
    ContactRecordFactory(placement=placement, summary="Hywel showed me his welding project.")
    ContactRecordFactory(
        placement=placement,
        summary="Logged by mistake.",
        entered_in_error_at=timezone.now(),
        entered_in_error_by=world.members["ap_lead"].user,
        error_reason="Wrong pupil",
    )
    other = placed(world.school, world.other_provider, "Iolo")
    ContactRecordFactory(placement=other, summary="About Iolo only.")
    response = report_of(world, placement)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    pdf = b"".join(response.streaming_content)
    text = words(text_of(pdf))
    assert f"Hywel Testpupil at {world.provider.name}" in text
    assert "Arrive on time for the morning session." in text
    assert "Building up after a long absence." in text
    assert "Hywel showed me his welding project." in text
    assert "Logged by mistake." not in text
    assert "Iolo" not in text
    assert "OFFICIAL-SENSITIVE" in text
    assert f"Page 1 of {pages_of(pdf)}" in text
    with unscoped("a test reads the access log"):
        [event] = AccessEvent.objects.filter(action="report.placement")
    assert event.pupil_ids == [placement.pupil_id]


def test_a_trust_and_the_la_print_it_too_and_an_ended_placement_reports_to_its_end(world):
    placement = placed(
        world.school, world.provider, "Nia", status=PlacementStatus.ENDED, starts=-90, ended=-10
    )
    for role in ("trust_leader", "la_officer"):
        text = words(text_of(b"".join(report_of(world, placement, role).streaming_content)))
        assert "Nia Testpupil" in text
        ended = TODAY - datetime.timedelta(days=10)
        assert f"to {ended.day} {ended:%B %Y}" in text


def test_a_placement_still_to_start_reports_its_plan(world):
    placement = placed(world.school, world.provider, "Osian", status=PlacementStatus.PLANNED, starts=14)
    text = words(text_of(b"".join(report_of(world, placement).streaming_content)))
    assert "Osian Testpupil" in text


def test_the_placement_page_offers_the_report_to_those_who_may_print_it(world):
    placement = placed(world.school, world.provider, "Rhys")
    url = reverse("placements:detail", args=[placement.pk])
    link = reverse("reports:placement", args=[placement.pk]).encode()
    assert link in signed_in(world, "ap_lead").get(url).content
    assert link not in signed_in(world, "provider_manager").get(url).content
