"""The review schedule: its rules, pages and demo data."""
