"""Signed notifications to partners' endpoints when fiches change or an import ends."""
