"""Goldens and approval: approved records, pending outputs, review, pruning."""
