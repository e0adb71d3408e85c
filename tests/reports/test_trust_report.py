"""The trust report: each of the trust's schools as its own pack's cover sums it up, with the gaps each
pack lists, and never a school outside the trust."""

from django.utils import timezone

from apcommission.tenancy.scoping import acting_as
from reports import services
from reports.models import ReportKind, ReportState
from tests.factories import SchoolFactory
from tests.reports.factories import ReportFactory
from tests.reports.pdf_text import text_of, words
from tests.reports.test_pack import placed


def test_each_school_of_the_trust_is_summed_up_and_no_other(world):
    second = SchoolFactory(name="Castell Academy", local_authority=world.la, trust=world.trust)
    for name in ("Alys", "Berwyn"):
        placed(world.school, world.provider, name)
    placed(second, world.provider, "Cadi")
    placed(world.sibling_school, world.provider, "Dilys")  # in the LA, not in the trust
    leader = world.members["trust_leader"]
    report = ReportFactory(kind=ReportKind.TRUST, school=None, organisation=world.trust, requested_as=leader)
    with acting_as(leader):
        made = services.build_report(report, membership=leader)
    assert made.state == ReportState.READY
    assert made.pupil_ids == []  # it names no pupil
    text = words(text_of(made.file.read()))
    assert f"{world.school.name} URN {world.school.urn} 2 2" in text
    assert f"Castell Academy URN {second.urn} 1 1" in text
    assert "All the trust's schools 3 3" in text
    assert world.sibling_school.name not in text
    for name in ("Alys", "Cadi", "Dilys"):
        assert name not in text
    assert "Pupils short of full time" in text
    assert timezone.localdate().strftime("%B %Y") in text
