"""Scoring: how close extractors come to the truth, and the gate on those scores."""
