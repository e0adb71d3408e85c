"""Alerts from attendance: to be filled in."""

SOURCES: dict = {}
