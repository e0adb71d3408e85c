"""Alerts from providers: to be filled in."""

SOURCES: dict = {}
