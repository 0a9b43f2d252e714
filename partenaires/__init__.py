"""The partners' side of the platform (docs/domaine.md §16.3): organisations' API keys
(models.py, services.py), how a key authenticates an API call and what it may do
(authentication.py, permissions.py), how its use is counted (utilisation.py, tasks.py),
and the pages where partners and national administrators manage them (views.py)."""
