"""Placements as the register meets them, for the register's tests: a pupil of a school placed with a
provider, with an objective that has a baseline unless told otherwise, a browser signed in as one of
the world's roles, and the register's downloads read back."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
from django.utils import timezone

from tests.bound_client import BoundClient
from tests.placements.factories import ObjectiveFactory, PartTimePlanFactory, PlacementFactory
from tests.pupils.factories import PupilFactory

TODAY = timezone.localdate()
# Born so that the pupil is in Year 9 this academic year: a 24-hour full-time week.
YEAR_9 = datetime.date(TODAY.year - 14 if TODAY.month >= 9 else TODAY.year - 15, 10, 1)


def signed_in(world, role: str) -> BoundClient:
    client = BoundClient()
    client.force_login(world.user(role))
    return client


def placed(
    world,
    *,
    school=None,
    provider=None,
    pupil=None,
    baseline: bool = True,
    plan_ends_by: datetime.date | None = None,
    hours="24",
    school_hours="0",
    **fields,
):
    """A placement of a Year 9 pupil of `school` (the world's) with `provider` (the world's), full time
    (24 hours) unless told otherwise, with an objective that has a baseline unless `baseline` is false,
    and a part-time plan ending on `plan_ends_by` when given."""
    school = school or world.school
    pupil = pupil or PupilFactory(
        school=school, date_of_birth=YEAR_9, known_to_local_authority_since=timezone.now()
    )
    placement = PlacementFactory(
        pupil=pupil,
        provider=provider or world.provider,
        hours_per_week=Decimal(hours),
        school_hours_per_week=Decimal(school_hours),
        **fields,
    )
    if baseline:
        ObjectiveFactory(placement=placement)
    else:
        ObjectiveFactory(placement=placement, baseline_value=None, baseline_on=None)
    if plan_ends_by is not None:
        PartTimePlanFactory(placement=placement, ends_by=plan_ends_by)
    return placement


def register_rows(client, query: str = ""):
    response = client.get(f"/register/{query}")
    assert response.status_code == 200
    return response.context["page"].object_list


def row_of(client, placement, query: str = ""):
    return next(row for row in register_rows(client, query) if row.placement_id == placement.pk)


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(response) -> list[dict]:
    assert response["Content-Disposition"].startswith("attachment;")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    heading, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(heading, row, strict=True)) for row in rows]
