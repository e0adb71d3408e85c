"""Form pieces every app shares: the GOV.UK date input, and the limits and wording every field gets."""
