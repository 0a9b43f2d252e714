"""Essaimage: where a practice was taken up elsewhere (reprises)."""
