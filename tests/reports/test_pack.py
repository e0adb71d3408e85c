"""The evidence pack, read back from the PDF: every pupil and provider of the period and no one else's,
pupils named as the school chose, numbered pages, and a fixed number of queries however many pupils."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as
from placements.models import PlacementStatus
from reports.pack import document
from reports.pack.scope import Naming, PackScope, Period
from reports.pdf import render_pdf
from tests.placements.factories import ObjectiveFactory, PlacementFactory
from tests.pupils.factories import PupilFactory
from tests.reports.pdf_text import pages_of, text_of, words

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
PERIOD = Period(TODAY - 60 * DAY, TODAY)


def placed(school, provider, forename, *, status=PlacementStatus.ACTIVE, starts=-30, ended=None, **pupil):
    pupil = PupilFactory(school=school, legal_forename=forename, legal_surname="Testpupil", **pupil)
    values = {"status": status, "starts_on": TODAY + starts * DAY}
    if status == PlacementStatus.ENDED:
        values.update(ended_on=TODAY + ended * DAY, end_reason="Moved on")
    if status == PlacementStatus.CANCELLED:
        values.update(cancelled_on=TODAY + starts * DAY, cancel_reason="Changed our mind")
    return PlacementFactory(pupil=pupil, provider=provider, **values)


def pack_text(world, role="school_leader", naming=Naming.FULL_NAME, period=PERIOD) -> tuple[str, bytes]:
    membership = world.members[role]
    with acting_as(membership):
        scope = PackScope(
            membership=membership, school=world.school, period=period, today=TODAY, naming=naming
        )
        built = document.build(scope, generated_by="Helen Head", generated_at=timezone.now())
    pdf = render_pdf(built.html)
    return words(text_of(pdf.content)), pdf.content


@pytest.fixture
def placements(world):
    made = {
        "now": placed(world.school, world.provider, "Nowena"),
        "ended": placed(
            world.school, world.provider, "Endrick", status=PlacementStatus.ENDED, starts=-50, ended=-5
        ),
        "before": placed(
            world.school, world.provider, "Beforely", status=PlacementStatus.ENDED, starts=-200, ended=-100
        ),
        "cancelled": placed(
            world.school, world.provider, "Cancella", status=PlacementStatus.CANCELLED, starts=-20
        ),
        "other_provider": placed(world.school, world.other_provider, "Elsewhen"),
        "sibling": placed(world.sibling_school, world.provider, "Siblinda"),
        "other_school": placed(world.other_school, world.other_provider, "Otherina"),
    }
    ObjectiveFactory(placement=made["now"], description="Attend every morning session without being late.")
    return made


def test_every_pupil_of_the_period_appears_and_no_pupil_of_another_school(world, placements):
    text, pdf = pack_text(world)
    for forename in ("Nowena", "Endrick", "Elsewhen"):
        assert f"{forename} Testpupil" in text
    for forename in ("Beforely", "Cancella", "Siblinda", "Otherina"):
        assert forename not in text
    assert world.provider.name in text
    assert world.other_provider.name in text
    assert "Attend every morning session without being late." in text
    assert "OFFICIAL-SENSITIVE" in text
    assert world.school.name in text
    pages = pages_of(pdf)
    assert pages >= 8  # the cover, the contents and a page for each section
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text


def test_the_cover_s_numbers_match_the_database(world, placements):
    text, _pdf = pack_text(world)
    assert "Pupils in alternative provision now 2" in text  # Nowena and Elsewhen
    assert "Pupils in alternative provision during the period 3" in text
    assert "Placements now: part time 2" in text  # 15 hours a week each
    assert "Average hours a week at the provider now 15" in text


def test_a_trust_leader_prints_the_same_pack_of_its_school(world, placements):
    school_text, _ = pack_text(world)
    trust_text, _ = pack_text(world, role="trust_leader")
    assert "Nowena Testpupil" in trust_text
    assert school_text.count("Testpupil") == trust_text.count("Testpupil")


@pytest.mark.parametrize(
    ("naming", "shown"),
    [(Naming.INITIALS, lambda p: "NT"), (Naming.UPN, lambda p: p.pupil.upn)],
)
def test_pupils_are_named_as_the_school_chooses(world, placements, naming, shown):
    text, _pdf = pack_text(world, naming=naming)
    assert "Testpupil" not in text
    assert "Nowena" not in text
    assert shown(placements["now"]) in text


def test_gathering_makes_the_same_queries_for_one_pupil_as_for_many(world):
    membership = world.members["school_leader"]
    scope = PackScope(membership=membership, school=world.school, period=PERIOD, today=TODAY)

    def queries() -> int:
        with acting_as(membership), CaptureQueriesContext(connection) as captured:
            document.build(scope, generated_by="Helen Head", generated_at=timezone.now())
        return len(captured)

    placed(world.school, world.provider, "Solo")
    one = queries()
    for i in range(6):
        placement = placed(world.school, world.other_provider if i % 2 else world.provider, f"Many{i}")
        ObjectiveFactory(placement=placement)
    assert queries() == one


def test_a_school_with_no_pupils_in_ap_gets_a_pack_that_says_so(world):
    text, _pdf = pack_text(world)
    assert "No pupil of the school was in alternative provision during the period." in text
    assert "Pupils in alternative provision now 0" in text


def test_the_period_bounds_the_pack(world, placements):
    text, _pdf = pack_text(world, period=Period(TODAY - 300 * DAY, TODAY - 90 * DAY))
    assert "Beforely Testpupil" in text
    assert "Nowena" not in text


def test_hostile_text_prints_as_text_and_fetches_nothing(world, monkeypatch):
    hostile = '<img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
    placement = placed(world.school, world.provider, hostile)
    ObjectiveFactory(
        placement=placement, description='<style>@import url("file:///etc/hostname");</style>Read'
    )
    asked = []
    from reports import pdf as reports_pdf

    real_fetch = reports_pdf.Fetcher.fetch
    monkeypatch.setattr(
        reports_pdf.Fetcher,
        "fetch",
        lambda self, url, headers=None: asked.append(url) or real_fetch(self, url),
    )
    text, _pdf = pack_text(world)
    squashed = "".join(text.split())  # a narrow column breaks lines after a slash
    assert "".join(hostile.split()) in squashed
    assert '@importurl("file:///etc/hostname");' in squashed
    assert asked == []


def test_the_fetcher_refuses_every_url_outside_our_static_files():
    from reports.pdf import Fetcher, render_pdf

    fetcher = Fetcher()
    html = (
        '<img src="file:///etc/passwd"><img src="http://169.254.169.254/latest/meta-data/">'
        '<link rel="stylesheet" href="https://example.com/x.css">'
        '<p style="background: url(data:image/png;base64,AAAA)">x</p>'
    )
    rendered = render_pdf(html, fetcher=fetcher)
    assert rendered.pages == 1
    assert sorted(url.split(":")[0] for url in fetcher.refused) == ["data", "file", "http", "https"]


def test_the_fetcher_reads_our_own_static_files():
    from reports.pdf import Fetcher

    assert b"@page" in Fetcher().fetch("static:reports/print.css").read()
