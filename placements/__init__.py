"""Placements: plans, objectives with baselines, attendance and progress, the register (journey stage 3).

May depend on providers and referrals; reviews build on it.
"""
