"""Attendance at the provision: AM and PM marks per pupil per school day, recorded by the provider (in a
weekly grid, by file, and through the API) and read by the school, its trust and its LA (DOMAIN.md 3.5
and 4)."""
