"""Providers: the register of AP providers and each LA's approved list (journey stage 1).

Knows tenancy and nothing of referrals, placements or reviews; those build on it.
"""
