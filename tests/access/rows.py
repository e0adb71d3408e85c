"""Every row of the access matrix: the project's core pages (matrix.py) and each part of the providers
app (one module each, so the table for a part sits beside the part's own words)."""

from tests.access import (
    rows_api,
    rows_approval,
    rows_attendance,
    rows_contacts,
    rows_corrections,
    rows_directory,
    rows_evidence,
    rows_outcomes,
    rows_panels,
    rows_placement_area,
    rows_placements,
    rows_progress,
    rows_pupil_import,
    rows_pupils,
    rows_quality,
    rows_referrals,
    rows_register,
    rows_reviews,
    rows_safeguarding,
)
from tests.access.matrix import CORE_ROWS

ROWS = [
    *CORE_ROWS,
    *rows_directory.ROWS,
    *rows_evidence.ROWS,
    *rows_approval.ROWS,
    *rows_quality.ROWS,
    *rows_corrections.ROWS,
    *rows_panels.ROWS,
    *rows_placement_area.ROWS,
    *rows_pupil_import.ROWS,
    *rows_pupils.ROWS,
    *rows_referrals.ROWS,
    *rows_register.ROWS,
    *rows_placements.ROWS,
    *rows_progress.ROWS,
    *rows_reviews.ROWS,
    *rows_attendance.ROWS,
    *rows_safeguarding.ROWS,
    *rows_api.ROWS,
    *rows_contacts.ROWS,
    *rows_outcomes.ROWS,
]
