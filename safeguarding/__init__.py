"""Safeguarding concerns: raised by the provider a pupil is placed with, seen at once by the school's
designated safeguarding leads (DSLs), who record what was done (issue 12). The strictest record in the
service: who reads what is decided by the scoping path itself (`safeguarding.visibility`).

May depend on placements (a concern is about a placement); nothing earlier depends on it.
"""
