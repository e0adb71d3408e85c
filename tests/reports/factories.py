"""Printed reports, as the services store them."""

import datetime

import factory

from reports.models import Report, ReportKind, ReportState
from tests.factories import SchoolFactory, UnscopedFactory, UserFactory

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
    requested_by = factory.SubFactory(UserFactory)
    state = ReportState.QUEUED
