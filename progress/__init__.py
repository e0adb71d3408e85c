"""During the placement: the provider's progress against each objective, and the incidents it records.

May depend on providers, referrals and placements.
"""
