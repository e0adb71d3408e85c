"""Attendance ingest benchmark: 10,000 marks through `attendance.services.record_marks` (new, sent again
unchanged, all changed) and through a file (CSV and XLSX, read whole then recorded), validated and atomic.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python scripts/bench_attendance.py

Builds a throwaway test database next to DATABASE_URL's (dropped at the end): one LA, school and
provider, 500 active placements timetabled every session; each run is 500 placements x 2 weeks x 10
sessions = 10,000 marks. Prints marks a second for each way in.
"""

import datetime
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apcommission.settings")
os.environ.setdefault("APCOMMISSION_TEST", "1")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402

PLACEMENTS = 500
ALL_WEEK = [f"{day}_{half}" for day in ("mon", "tue", "wed", "thu", "fri") for half in ("am", "pm")]
FIRST_MONDAY = datetime.date(2026, 1, 5)
TODAY = datetime.date(2026, 6, 1)


def world():
    from apcommission.tenancy.roles import Role
    from tests import factories
    from tests.placements.factories import PlacementFactory

    la = factories.LocalAuthorityFactory()
    school = factories.SchoolFactory(local_authority=la)
    provider = factories.ProviderFactory(local_authority=la)
    manager = factories.member(provider, Role.PROVIDER_MANAGER, with_totp=False)
    creator = manager.user
    from tests.pupils.factories import PupilFactory

    placements = [
        PlacementFactory(
            pupil=PupilFactory(school=school),
            provider=provider,
            created_by=creator,
            starts_on=datetime.date(2026, 1, 5),
            planned_end_on=datetime.date(2026, 7, 17),
            sessions=ALL_WEEK,
        )
        for _ in range(PLACEMENTS)
    ]
    return manager, placements


def rows(placements, first_monday, mark="present"):
    from attendance.services import MarkRow

    made = []
    for week in range(2):
        for day in range(5):
            on = first_monday + datetime.timedelta(weeks=week, days=day)
            for placement in placements:
                for half in ("am", "pm"):
                    made.append(MarkRow(len(made) + 2, placement.pk, on, half, mark))
    return made


def csv_file(batch) -> SimpleUploadedFile:
    lines = ["Placement reference,Pupil,Date,Session,Mark,Comment"]
    lines += [f"{r.placement},,{r.on:%d/%m/%Y},{r.session.upper()},P," for r in batch]
    return SimpleUploadedFile("marks.csv", ("\r\n".join(lines) + "\r\n").encode())


def xlsx_file(batch) -> SimpleUploadedFile:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Placement reference", "Pupil", "Date", "Session", "Mark", "Comment"])
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for n, r in enumerate(batch, start=1):
        sheet.write_number(n, 0, r.placement)
        sheet.write_datetime(n, 2, datetime.datetime.combine(r.on, datetime.time()), date_format)
        sheet.write_string(n, 3, r.session.upper())
        sheet.write_string(n, 4, "P")
    book.close()
    return SimpleUploadedFile("marks.xlsx", buffer.getvalue())


def timed(label, count, function):
    started = time.perf_counter()
    outcome = function()
    seconds = time.perf_counter() - started
    print(f"{label:<46} {count:>6} marks in {seconds:6.2f} s: {count / seconds:>8,.0f} marks/s  {outcome}")
    return outcome


def main():
    from apcommission.tenancy.scoping import acting_as
    from attendance import files, services

    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        manager, placements = world()
        with acting_as(manager):

            def record(batch, source="api"):
                return lambda: services.record_marks(batch, by=manager, source=source, today=TODAY)

            def through_file(upload):
                def run():
                    parsed = files.read_file(upload)
                    assert not parsed.problems, parsed.problems[:3]
                    return services.record_marks(parsed.rows, by=manager, source="file", today=TODAY)

                return run

            week_1 = rows(placements, FIRST_MONDAY)
            timed("service: 10,000 new marks", len(week_1), record(week_1))
            timed("service: the same 10,000 sent again", len(week_1), record(week_1))
            changed = rows(placements, FIRST_MONDAY, "late")
            timed("service: 10,000 marks, every one changed", len(changed), record(changed))
            week_3 = rows(placements, FIRST_MONDAY + datetime.timedelta(weeks=2))
            csv = through_file(csv_file(week_3))
            timed("CSV file: 10,000 new marks, read and recorded", len(week_3), csv)
            week_5 = rows(placements, FIRST_MONDAY + datetime.timedelta(weeks=4))
            xlsx = through_file(xlsx_file(week_5))
            timed("XLSX file: 10,000 new marks, read and recorded", len(week_5), xlsx)
    finally:
        connection.creation.destroy_test_db(test_name, verbosity=0)


if __name__ == "__main__":
    main()
