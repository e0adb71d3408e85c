"""The register's download, read back: CSV and XLSX of the register as filtered, with the school census's
AP placements fields (one identifier of the setting: URN, else UKPRN, else setting type), formula-safe,
and an access event for each download naming every pupil in it."""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.roles import SettingType
from apcommission.tenancy.scoping import acting_as
from placements import register
from placements.exports import census_setting_type
from placements.register import RegisterFilters
from providers.models import ProviderType
from tests import factories
from tests.placements.register_pages import TODAY, csv_rows, placed, signed_in, xlsx_rows
from tests.providers.factories import ProviderProfileFactory
from tests.pupils.factories import PupilFactory


def provider(name, **identity):
    """A provider with a profile of `provider_type` (popped from `identity`), identified as given."""
    provider_type = identity.pop("provider_type", ProviderType.TRAINING_PROVIDER)
    made = factories.ProviderFactory(name=name, ukprn=identity.pop("ukprn", None), **identity)
    ProviderProfileFactory(provider=made, provider_type=provider_type)
    return made


def test_the_csv_holds_the_census_fields(world):
    placement = placed(
        world,
        hours="15",
        school_hours="10",
        sessions=["mon_am", "mon_pm", "tue_am"],
        starts_on=datetime.date(2026, 1, 5),
        planned_end_on=datetime.date(2026, 7, 17),
        reason="off_site_direction",
    )
    rows = csv_rows(signed_in(world, "ap_lead").get("/register/export.csv"))
    assert len(rows) == 1
    row = rows[0]
    assert row["Surname"] == placement.pupil.surname
    assert row["UPN"] == placement.pupil.upn
    assert row["Provider"] == world.provider.name
    assert (row["Provider URN"], row["Provider UKPRN"], row["AP setting type"]) == (
        "",
        world.provider.ukprn,
        "",
    )
    assert row["Reason for placement"] == "Off-site direction to improve behaviour"
    assert (row["Start date"], row["End date"], row["Planned end date"]) == ("2026-01-05", "", "2026-07-17")
    assert (row["Attendance pattern"], row["Sessions a week"], row["Hours a week"]) == (
        "Part-time",
        "3",
        "15.0",
    )
    assert row["Next review"] == "Not scheduled"
    assert row["Year group"] == "Year 9"


@pytest.mark.parametrize(
    ("identity", "expected"),
    [
        ({"urn": "123456", "ukprn": "10012345"}, ("123456", "", "")),
        ({"ukprn": "10012345"}, ("", "10012345", "")),
        ({"setting_type": SettingType.WBP}, ("", "", "WBP")),
    ],
)
def test_the_census_gets_one_identifier_of_the_setting(world, identity, expected):
    with_identity = provider("Setting", local_authority=world.la, **identity)
    placed(world, provider=with_identity)
    (row,) = csv_rows(signed_in(world, "ap_lead").get("/register/export.csv"))
    assert (row["Provider URN"], row["Provider UKPRN"], row["AP setting type"]) == expected


@pytest.mark.parametrize(
    ("provider_type", "expected"),
    [
        (ProviderType.TUITION, "OOT"),
        (ProviderType.TRAINING_PROVIDER, "WBP"),
        (ProviderType.FE_COLLEGE, "NFE"),
        (ProviderType.OTHER_UNREGISTERED, "OTH"),
        (None, "OTH"),
    ],
)
def test_a_setting_type_is_worked_out_from_the_kind_of_provider_where_the_record_has_none(
    provider_type, expected
):
    """The database asks every provider for a URN, a UKPRN or a setting type; this is the export's own
    guard should a record ever lack all three (one made before the rule, say)."""
    row = SimpleNamespace(
        provider_urn=None, provider_ukprn=None, provider_setting_type="", provider_type=provider_type
    )
    assert census_setting_type(row) == expected


def test_an_ended_placement_gives_its_end_date(world):
    placed(world, status="ended", ended_on=TODAY, end_reason="Back at school full time.")
    (row,) = csv_rows(signed_in(world, "ap_lead").get("/register/export.csv?status=ended"))
    assert row["End date"] == TODAY.isoformat()
    assert row["Status"] == "Ended"


def test_a_cancelled_placement_is_no_placement_for_the_census(world):
    """It never took place: the download leaves it out, whichever status the register is filtered by, and
    does not name its pupil in the access event."""
    ended = placed(world, status="ended", ended_on=TODAY, end_reason="Back at school full time.")
    cancelled = placed(
        world,
        pupil=PupilFactory(school=world.school, legal_surname="Never"),
        status="cancelled",
        cancelled_on=TODAY,
        cancel_reason="The family moved away.",
    )
    client = signed_in(world, "ap_lead")
    for query in ("", "?status=all", "?status=cancelled"):
        for rows in (
            csv_rows(client.get(f"/register/export.csv{query}")),
            xlsx_rows(client.get(f"/register/export.xlsx{query}")),
        ):
            assert "Never" not in {row["Surname"] for row in rows}, query
            assert "Cancelled" not in {row["Status"] for row in rows}, query
    (row,) = csv_rows(client.get("/register/export.csv?status=all"))
    assert row["Surname"] == ended.pupil.surname
    events = AccessEvent.objects.filter(action="placement.register_export")
    assert not any(cancelled.pupil_id in event.pupil_ids for event in events)


def test_the_xlsx_holds_dates_and_numbers_as_such(world):
    placed(world, hours="22.5", starts_on=datetime.date(2026, 1, 5), baseline=False)
    (row,) = xlsx_rows(signed_in(world, "ap_lead").get("/register/export.xlsx"))
    assert row["Start date"] == datetime.datetime(2026, 1, 5)
    assert row["Hours a week"] == 22.5
    assert row["Sessions a week"] == 6
    assert "No baseline" in row["Flags"]


def test_cells_a_spreadsheet_would_run_are_neutralised(world):
    pupil = PupilFactory(school=world.school, legal_forename="=HYPERLINK(1)", legal_surname="@SUM(A1)")
    placed(world, pupil=pupil)
    client = signed_in(world, "ap_lead")
    (row,) = csv_rows(client.get("/register/export.csv"))
    assert (row["Forename"], row["Surname"]) == ("'=HYPERLINK(1)", "'@SUM(A1)")


def test_xlsx_cells_a_spreadsheet_would_run_are_text_as_written_with_no_apostrophe(world):
    pupil = PupilFactory(school=world.school, legal_forename="=HYPERLINK(1)", legal_surname="-Smith")
    placed(world, pupil=pupil)
    response = signed_in(world, "ap_lead").get("/register/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    heading = [cell.value for cell in sheet[1]]
    forename = sheet.cell(row=2, column=heading.index("Forename") + 1)
    surname = sheet.cell(row=2, column=heading.index("Surname") + 1)
    assert (forename.value, surname.value) == ("=HYPERLINK(1)", "-Smith")
    for cell in (forename, surname):
        assert cell.data_type == "s"  # text, not a formula ("f")
        assert cell.quotePrefix  # shown and kept as text in a spreadsheet
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_the_download_is_the_register_as_filtered(world):
    khan = placed(world, baseline=False, pupil=PupilFactory(school=world.school, legal_surname="Khan"))
    placed(world, pupil=PupilFactory(school=world.school, legal_surname="Reed"))
    client = signed_in(world, "ap_lead")
    assert [r["Surname"] for r in csv_rows(client.get("/register/export.csv?q=khan"))] == ["Khan"]
    assert [r["Surname"] for r in csv_rows(client.get("/register/export.csv?flag=no_baseline"))] == ["Khan"]
    assert [r["Surname"] for r in csv_rows(client.get("/register/export.csv?sort=pupil&page=2"))] == [
        "Khan",
        "Reed",
    ]
    event = AccessEvent.objects.filter(action="placement.register_export").order_by("-pk").first()
    assert event is not None
    assert (
        AccessEvent.objects.filter(action="placement.register_export", pupil_ids=[khan.pupil_id]).count() == 2
    )


def test_each_download_writes_an_access_event_naming_every_pupil_in_it(world):
    shown = [placed(world).pupil_id for _ in range(3)]
    placed(world, school=world.sibling_school)
    client = signed_in(world, "la_officer")
    rows = csv_rows(client.get("/register/export.csv"))
    assert len(rows) == 4
    assert {r["School"] for r in rows} == {"Demoshire Academy", "Hillside Primary"}
    event = AccessEvent.objects.get(action="placement.register_export")
    assert set(shown) <= set(event.pupil_ids)
    assert len(event.pupil_ids) == 4
    client.get("/register/export.xlsx")
    assert AccessEvent.objects.filter(action="placement.register_export").count() == 2


def test_an_unknown_format_is_not_found(world):
    assert signed_in(world, "ap_lead").get("/register/export.pdf").status_code == 404


def test_a_long_register_is_read_in_chunks(world):
    made = [placed(world, hours=str(10 + number)) for number in range(7)]
    membership = world.members["ap_lead"]
    with acting_as(membership):
        placements = register.register_placements(
            RegisterFilters(sort="hours"), membership=membership, today=TODAY
        )
    rows = list(register.export_rows(placements, membership=membership, today=TODAY, chunk_size=3))
    assert [row.placement_id for row in rows] == [placement.pk for placement in made]
    assert [row.hours for row in rows] == [Decimal(10 + number) for number in range(7)]
