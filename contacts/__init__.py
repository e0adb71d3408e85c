"""The school's contact log: its visits to providers, welfare checks, and contacts with providers, pupils
and parents (issue 12). The school's record, read by its commissioners, never by the provider; and how
long since the school last visited each provider ("how often do you visit?", Ofsted asks).

May depend on placements (a contact may be about a placement); nothing earlier depends on it.
"""
