"""Printed reports, as the services store them."""

import datetime

import factory

from apcommission.tenancy.roles import OrganisationKind, Role
from reports.models import Report, ReportKind, ReportState
from tests.factories import MembershipFactory, SchoolFactory, UnscopedFactory

PRINTER = {
    OrganisationKind.SCHOOL: Role.SCHOOL_LEADER,
    OrganisationKind.TRUST: Role.TRUST_LEADER,
    OrganisationKind.LOCAL_AUTHORITY: Role.LA_OFFICER,
}

TODAY = datetime.date.today()


class ReportFactory(UnscopedFactory):
    """A school's evidence pack, queued; pass `school=None, kind=ReportKind.AREA` for an area report."""

    class Meta:
        model = Report

    kind = ReportKind.EVIDENCE_PACK
    school = factory.SubFactory(SchoolFactory)
    organisation = factory.LazyAttribute(lambda r: r.school)
    period_start = datetime.date(TODAY.year - 1, 9, 1)
    period_end = TODAY
    # Asked for by a new leader of the printing organisation unless the test names the membership.
    requested_as = factory.LazyAttribute(
        lambda r: MembershipFactory(organisation=r.organisation, role=PRINTER[r.organisation.kind])
    )
    requested_by = factory.LazyAttribute(lambda r: r.requested_as.user)
    state = ReportState.QUEUED
