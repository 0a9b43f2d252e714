"""Pages of the pratiques app, one module per audience: recherche (discovery),
contribution (authors), moderation (modérateurs), public (the published fiche)."""
