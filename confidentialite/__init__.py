"""Professional secrecy: what must never be published about the people accompanied.

`donnees_personnelles` finds likely personal data in free text; fiches use it today,
partners' imports, collectifs and essaimage records will (docs/domaine.md §10).
It knows no other app of the project."""
