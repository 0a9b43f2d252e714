"""Who calls the API: nobody in particular, for now.

The API reads public data only, so it authenticates no one: REST_FRAMEWORK
["DEFAULT_AUTHENTICATION_CLASSES"] is empty in config/settings.py and every request is
anonymous, counted by api.throttling.LimiteAnonyme. (DRF's default, session and HTTP
Basic, would let any account of the site escape the limit, and Basic would hash a
password on every request before any limit applies.)

Partner keys (next step) plug in here:
- a model of keys in this app (one per partner organisation, stored hashed, with a
  name, its creation and last use, revocable), managed in the admin;
- an authentication class in this module reading `Authorization: Token <clé>`, listed
  in DEFAULT_AUTHENTICATION_CLASSES; an unknown or revoked key answers 401 in French;
- a throttle per key next to LimiteAnonyme in api.throttling (a higher rate, counted
  per key), added to DEFAULT_THROTTLE_CLASSES;
- the /api/ page and the changelog say how to ask for a key.
"""
