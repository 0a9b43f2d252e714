"""Pages of the pratiques app, one module per audience: contribution (authors; with
redaction, what surrounds the editor's form at each step), moderation (modérateurs),
public (the published fiche, its documents, the contact relay), erreurs (a refused
transition). Discovery pages live in the decouverte app."""
