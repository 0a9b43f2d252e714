"""Following a fiche or a territory, and the digests that tell what changed."""
