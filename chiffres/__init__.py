"""Figures: the moderators' dashboard and the public statistics."""
