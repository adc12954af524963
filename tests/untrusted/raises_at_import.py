"""Raises while it is imported."""

raise RuntimeError("broken at import on purpose")
