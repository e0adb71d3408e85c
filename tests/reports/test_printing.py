"""Printing the evidence pack through the pages: the form and its mistakes, the page waited on, the build
(claimed once, sent again when lost, given up after three tries), the download and its access event, and
expiry. The build runs here in-process; tests/reports/test_worker.py runs it on a real worker."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.scoping import acting_as, unscoped
from reports import services
from reports.models import Report, ReportState
from tests.dates import date_input
from tests.placements.plan_world import signed_in
from tests.reports.factories import ReportFactory
from tests.reports.pdf_text import text_of, words
from tests.reports.test_pack import placed

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
FORM = reverse("reports:evidence_pack")


def a_form(school, start=TODAY - 30 * DAY, end=TODAY, naming="full_name") -> dict:
    return {
        "school": school.pk,
        **date_input("period_start", start),
        **date_input("period_end", end),
        "naming": naming,
    }


def stored(report) -> Report:
    with unscoped("a test reads the row as stored"):
        return Report.objects.get(pk=report.pk)


def built(report, membership) -> Report:
    with acting_as(membership):
        return services.build_report(stored(report), membership=membership)


@pytest.fixture
def sent(monkeypatch):
    """The builds sent to Celery, by report id (the queue itself is tested with a real worker)."""
    calls = []
    monkeypatch.setattr(
        "reports.tasks.build_report.delay", lambda pk, membership_id: calls.append((pk, membership_id))
    )
    return calls


def test_the_form_offers_this_academic_year_to_today_and_the_school_s_own_pupils(world):
    page = signed_in(world, "school_leader").get(FORM)
    assert page.status_code == 200
    form = page.context["form"]
    assert form["period_end"].value() == TODAY
    assert form["period_start"].value() == datetime.date(
        TODAY.year if TODAY.month >= 9 else TODAY.year - 1, 9, 1
    )
    assert form["naming"].value() == "full_name"


def test_a_leader_asks_for_the_pack_and_is_shown_how_far_it_has_got(
    world, sent, django_capture_on_commit_callbacks
):
    client = signed_in(world, "school_leader")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, a_form(world.school, naming="initials"))
    with acting_as(world.members["school_leader"]):
        report = Report.objects.visible_to(world.members["school_leader"]).get()
    assert response.url == reverse("reports:report", args=[report.pk])
    assert sent == [(report.pk, world.members["school_leader"].pk)]
    assert (report.school, report.naming, report.state) == (world.school, "initials", ReportState.QUEUED)
    waiting = client.get(response.url)
    assert b"Being made" in waiting.content
    assert b'role="alert"' not in waiting.content
    status = client.get(response.url, {"format": "json"}).json()
    assert status == {
        "state": "queued",
        "percent": 0,
        "step": "Waiting to start",
        "ready": False,
        "finished": False,
    }


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"start": TODAY, "end": TODAY - DAY},
            "period_end",
            "The end of the period must be the same as or after its start",
        ),
        ({"end": TODAY + DAY}, "period_end", "The end of the period must be today or in the past"),
        ({"naming": "nickname"}, "naming", "Select how to name pupils"),
    ],
)
def test_a_wrong_period_or_naming_is_explained_and_nothing_is_made(world, sent, change, field, message):
    response = signed_in(world, "ap_lead").post(FORM, a_form(world.school, **change))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    with unscoped("a test counts reports"):
        assert Report.objects.count() == 0
    assert sent == []


def test_a_trust_leader_chooses_one_of_its_schools_and_never_another(world, sent):
    client = signed_in(world, "trust_leader")
    assert world.school.name in client.get(FORM).content.decode()
    refused = client.post(FORM, a_form(world.other_school))
    assert refused.context["form"].errors["school"] == ["Select the school"]
    assert client.post(FORM, a_form(world.school)).status_code == 302


def test_a_school_cannot_ask_for_another_school_s_pack(world, sent):
    response = signed_in(world, "school_leader").post(FORM, a_form(world.sibling_school))
    assert response.context["form"].errors["school"] == ["Select the school"]


def test_the_build_makes_the_pdf_and_the_download_records_every_pupil_it_names(world):
    pupils = [placed(world.school, world.provider, name).pupil_id for name in ("Anwen", "Bryn")]
    placed(world.other_school, world.other_provider, "Ceri")
    leader = world.members["school_leader"]
    report = built(ReportFactory(school=world.school, requested_as=leader), leader)
    assert report.state == ReportState.READY
    assert report.pupil_ids == sorted(pupils)
    assert report.expires_at.date() == TODAY + 7 * DAY
    client = signed_in(world, "ap_lead")
    assert b"Download the PDF" in client.get(reverse("reports:report", args=[report.pk])).content
    download = client.get(reverse("reports:download", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    text = words(text_of(b"".join(download.streaming_content)))
    assert "Anwen Testpupil" in text
    assert "Ceri" not in text
    with unscoped("a test reads the access log"):
        [event] = AccessEvent.objects.filter(action="report.download")
    assert (event.user, sorted(event.pupil_ids)) == (world.members["ap_lead"].user, sorted(pupils))


def test_a_build_sent_twice_makes_one_pdf(world):
    leader = world.members["school_leader"]
    report = built(ReportFactory(school=world.school, requested_as=leader), leader)
    first = report.file.name
    again = built(report, leader)
    assert (again.file.name, again.attempts) == (first, 1)


def test_a_report_whose_task_was_lost_is_sent_again_then_given_up(world, sent, settings):
    report = ReportFactory(school=world.school)
    later = timezone.now() + datetime.timedelta(seconds=settings.REPORT_QUEUED_SECONDS + 1)
    with unscoped("the sweep"):
        assert services.resend_stalled(timezone.now()) == []
        assert services.resend_stalled(later) == [report.pk]
        Report.objects.filter(pk=report.pk).update(
            state=ReportState.BUILDING, attempts=3, claimed_at=timezone.now() - datetime.timedelta(hours=1)
        )
        assert services.resend_stalled(later) == []
    assert stored(report).state == ReportState.FAILED
    assert sent == [(report.pk, report.requested_as_id)]


def test_a_build_that_went_quiet_is_taken_over_but_a_live_one_is_not(world):
    leader = world.members["school_leader"]
    report = ReportFactory(school=world.school, requested_as=leader)
    with unscoped("a worker is building it"):
        Report.objects.filter(pk=report.pk).update(
            state=ReportState.BUILDING, claimed_at=timezone.now(), attempts=1
        )
    assert built(report, leader).state == ReportState.BUILDING  # left to the live worker
    with unscoped("that worker died an hour ago"):
        Report.objects.filter(pk=report.pk).update(claimed_at=timezone.now() - datetime.timedelta(hours=1))
    taken_over = built(report, leader)
    assert (taken_over.state, taken_over.attempts) == (ReportState.READY, 2)


def test_someone_who_can_no_longer_print_is_not_built_a_report(world):
    leader = world.members["school_leader"]
    report = ReportFactory(school=world.school, requested_as=leader)
    with unscoped("the leader becomes staff"):
        leader.role = "school_staff"
        leader.save()
    assert built(report, leader).state == ReportState.FAILED


def test_an_old_report_expires_its_file_and_says_so(world):
    leader = world.members["school_leader"]
    report = built(ReportFactory(school=world.school, requested_as=leader), leader)
    path = report.file.path
    with unscoped("the sweep"):
        assert services.expire_reports(timezone.now()) == 0
        assert services.expire_reports(report.expires_at) == 1
    expired = stored(report)
    assert expired.state == ReportState.EXPIRED
    assert not expired.file
    import os

    assert not os.path.exists(path)
    client = signed_in(world, "school_leader")
    response = client.get(reverse("reports:download", args=[report.pk]))
    assert response.url == reverse("reports:report", args=[report.pk])
    assert b"This report has expired" in client.get(response.url).content


def test_the_list_shows_the_organisation_s_reports_newest_first(world):
    older = ReportFactory(school=world.school, requested_as=world.members["ap_lead"])
    newer = ReportFactory(school=world.school, requested_as=world.members["school_leader"])
    ReportFactory(school=world.sibling_school)
    page = signed_in(world, "dsl").get(reverse("reports:index"))
    assert [r.pk for r in page.context["page"].object_list] == [newer.pk, older.pk]


def test_the_command_writes_the_same_pack(world, tmp_path):
    from django.core.management import call_command

    placed(world.school, world.provider, "Dafydd")
    out = tmp_path / "pack.pdf"
    call_command("evidence_pack", "--school", world.school.urn, "--out", str(out))
    text = words(text_of(out))
    assert "Dafydd Testpupil" in text
    assert "(from the command line)" in text


def test_the_list_reads_in_the_same_queries_for_one_report_as_for_a_page_of_them(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(world, "school_leader")
    ReportFactory(school=world.school, requested_as=world.members["ap_lead"])
    client.get(reverse("reports:index"))  # the session and the caches warmed
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("reports:index"))
    for _ in range(25):
        ReportFactory(school=world.school, requested_as=world.members["ap_lead"])
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("reports:index"))
    assert len(page.context["page"].object_list) == 20
    assert len(many) == len(one)
