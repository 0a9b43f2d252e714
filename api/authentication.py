"""Who calls the API: anonymous callers, or partners with an API key.

The key model, the authentication class and the scopes belong to the partners' app
(partenaires.authentication.AuthentificationParCle, partenaires.permissions.
PorteeRequise); config/settings.py names them by string in REST_FRAMEWORK
["DEFAULT_AUTHENTICATION_CLASSES"] and ["DEFAULT_PERMISSION_CLASSES"], as this package
imports no domain app. What the API as a whole does with them is here:

- a call without a key is anonymous, counted by api.throttling.LimiteAnonyme; the
  site's session and HTTP Basic are not read (they would let any account of the site
  escape the limit, and Basic would hash a password on every request before any limit
  applies);
- a call with `Authorization: Api-Key <clé>` is counted per key by
  api.throttling.LimiteParCle, at a higher rate;
- errors (401 for a bad key, 403 for a missing scope, 429) are JSON in French
  (api.exceptions), documented on every operation by api.schema; the key's security
  scheme in the OpenAPI schema is partenaires.schema.
"""
