"""Attendance ingest benchmark: 10,000 marks through each way in, validated and atomic (issue 12's aim:
20,000 marks a second).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python scripts/bench_attendance.py
    ... scripts/bench_attendance.py --ways csv,xlsx --repeats 7

Builds a throwaway test database next to DATABASE_URL's (dropped at the end): one LA, school and
provider, 500 active placements timetabled every session; a batch is 500 placements x 2 weeks x 10
sessions = 10,000 marks. Each way in is timed from the bytes it receives (a file already written, a
request body already made) to the marks committed, `--repeats` times on an emptied marks table, and
the best and median runs are printed: on a shared machine the best is the steadiest figure.

Ways in (`WAYS_IN`): the service itself (`attendance.services.record_marks`: new marks, the same sent
again and every one changed), a CSV file and an XLSX file (read whole by `attendance.files`, then
recorded), and the API (POST /api/v1/attendance/ with a key, through Django's whole request path). Each
is a function `(bench, batch) -> send`: it prepares what that way receives from the 10,000 `MarkRow`s,
untimed, and returns the function that is timed.
"""

import argparse
import datetime
import io
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass
class Bench:
    manager: object  # the provider manager's Membership every batch is sent as
    placements: list


Send = Callable[[], object]  # sends one batch, returning what the way in answered (an Outcome, a body)
WayIn = Callable[[Bench, list], Send]


def world() -> Bench:
    from apcommission.tenancy.roles import Role
    from tests import factories
    from tests.placements.factories import PlacementFactory
    from tests.pupils.factories import PupilFactory

    la = factories.LocalAuthorityFactory()
    school = factories.SchoolFactory(local_authority=la)
    provider = factories.ProviderFactory(local_authority=la)
    manager = factories.member(provider, Role.PROVIDER_MANAGER, with_totp=False)
    placements = [
        PlacementFactory(
            pupil=PupilFactory(school=school),
            provider=provider,
            created_by=manager.user,
            starts_on=datetime.date(2026, 1, 5),
            planned_end_on=datetime.date(2026, 7, 17),
            sessions=ALL_WEEK,
        )
        for _ in range(PLACEMENTS)
    ]
    return Bench(manager, placements)


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


# Ways in -------------------------------------------------------------------------------------------


def through_service(bench: Bench, batch) -> Send:
    from attendance import services

    return lambda: services.record_marks(batch, by=bench.manager, source="api", today=TODAY)


def _through_file(bench: Bench, upload: SimpleUploadedFile) -> Send:
    from attendance import files, services

    def send():
        parsed = files.read_file(upload)
        assert not parsed.problems, parsed.problems[:3]
        return services.record_marks(parsed.rows, by=bench.manager, source="file", today=TODAY)

    return send


def through_csv(bench: Bench, batch) -> Send:
    lines = ["Placement reference,Pupil,Date,Session,Mark,Comment"]
    lines += [f"{r.placement},,{r.on:%d/%m/%Y},{r.session.upper()},P," for r in batch]
    return _through_file(bench, SimpleUploadedFile("marks.csv", ("\r\n".join(lines) + "\r\n").encode()))


def through_xlsx(bench: Bench, batch) -> Send:
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
    return _through_file(bench, SimpleUploadedFile("marks.xlsx", buffer.getvalue()))


def api_body(batch) -> bytes:
    """The batch as POST /api/v1/attendance/ takes it."""
    marks = [
        {
            "placement": r.placement,
            "date": r.on.isoformat(),
            "session": r.session,
            "mark": r.mark,
            "comment": "",
        }
        for r in batch
    ]
    return json.dumps({"marks": marks}).encode()


def through_api(bench: Bench, batch) -> Send:
    """POST /api/v1/attendance/ with a provider staff key made (untimed) by bench.manager: the whole
    request through Django's middleware, the key's lookup, DRF's JSON parsing and the service."""
    from django.test import Client
    from django.test.utils import override_settings

    from apcommission.tenancy.roles import Role
    from api import keys

    _api_key, key = keys.create_key(
        by=bench.manager,
        name="bench",
        role=Role.PROVIDER_STAFF,
        expires_on=TODAY + datetime.timedelta(days=700),
    )
    client = Client(headers={"Authorization": f"Api-Key {key}"})
    body = api_body(batch)

    def send():
        # The batch is dated in the past, so the real date is fine; the rate limit is not what is measured.
        with override_settings(API_KEY_RATE="100000/minute"):
            response = client.post("/api/v1/attendance/", body, content_type="application/json")
        assert response.status_code == 200, response.content[:500]
        return response.json()

    return send


# What `--ways` picks from, in this order: a label and the way in. The service alone is also measured
# resending and changing marks: past its reading, every way in records a batch the same way.
WAYS_IN: dict[str, tuple[str, WayIn]] = {
    "service": ("service", through_service),
    "csv": ("CSV file", through_csv),
    "xlsx": ("XLSX file", through_xlsx),
    "api": ("API", through_api),
}


# Measuring -----------------------------------------------------------------------------------------


def empty_marks() -> None:
    # The tallies with them: TRUNCATE fires no delete trigger, and tallies left counting marks that are
    # gone would make every run after the first update rows the first run inserted.
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE attendance_markevent, attendance_mark, attendance_tally")


def timed(label: str, bench: Bench, way_in: WayIn, batches: list, repeats: int, *, fresh=True) -> None:
    """Send through `way_in` `repeats` times, the batches in turn (each on an emptied marks table when
    `fresh`), and print the best and median marks a second."""
    seconds, outcome = [], None
    for run in range(repeats):
        if fresh:
            empty_marks()
        batch = batches[run % len(batches)]
        send = way_in(bench, batch)
        started = time.perf_counter()
        outcome = send()
        seconds.append(time.perf_counter() - started)
    count = len(batches[0])
    best, median = count / min(seconds), count / statistics.median(seconds)
    print(f"{label:<44} {count:>6} marks: best {best:>8,.0f}/s  median {median:>8,.0f}/s  {outcome}")


def main():
    from apcommission.tenancy.scoping import acting_as

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ways", default=",".join(WAYS_IN), help=f"among {', '.join(WAYS_IN)}")
    parser.add_argument("--repeats", type=int, default=5)
    options = parser.parse_args()
    ways = [way.strip() for way in options.ways.split(",") if way.strip()]
    if unknown := set(ways) - set(WAYS_IN):
        parser.error(f"no way in called {', '.join(sorted(unknown))}")

    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        bench = world()
        batch = rows(bench.placements, FIRST_MONDAY)
        changed = rows(bench.placements, FIRST_MONDAY, "late")
        print(f"{os.cpu_count()} CPUs, {options.repeats} runs each; 1-minute load {os.getloadavg()[0]:.1f}")
        with acting_as(bench.manager):
            for way in ways:
                label, way_in = WAYS_IN[way]
                timed(f"{label}: 10,000 new marks", bench, way_in, [batch], options.repeats)
                if way == "service":
                    # The marks are there now: the same again changes nothing, then every one changes
                    # (and back, so that each run changes them all).
                    again, changes = (
                        f"{label}: the same 10,000 sent again",
                        f"{label}: 10,000 marks, every one changed",
                    )
                    timed(again, bench, way_in, [batch], options.repeats, fresh=False)
                    timed(changes, bench, way_in, [changed, batch], options.repeats, fresh=False)
    finally:
        connection.creation.destroy_test_db(test_name, verbosity=0)


if __name__ == "__main__":
    main()
