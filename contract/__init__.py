"""The bottom layer: records passed between stages, the contract's vocabulary and statuses.

Every other package may import this one; it imports nothing of ours
(`../shared/SIGNAL_CONTRACT.md` is its source of truth).
"""
