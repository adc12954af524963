"""Comparison: a record against its golden, or two extractors' records, field by field."""
