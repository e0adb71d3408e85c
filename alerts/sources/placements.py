"""Alerts from placements: to be filled in."""

SOURCES: dict = {}
