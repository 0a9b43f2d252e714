"""The partners' read API on published fiches (/api/v1/pratiques/)."""
