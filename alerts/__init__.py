"""Alerts (DOMAIN.md 6): what is due, overdue or waiting for each person, in the product and by email,
each sent exactly once. See `alerts.sweep` for how."""
